"""GNU wget 1.21 and curl 7.88 on the learner's machine (a Debian 12 workstation), for URLs on
the playground's outside web (``outside_web``): what they print and the files they write.

``wget URL [-O FILE]`` prints wget's log (resolving, connecting, the status, ``Length:``, the
progress bar of an 80-column terminal, ``saved [n/n]``) to stderr; a name that does not
resolve is ``unable to resolve host address`` (exit 4), an HTTP error ``ERROR 404: Not Found.``
(exit 8, after ``-O`` made the file empty, as wget truncates it first). ``curl -o FILE`` /
``-O`` write the body and show curl's progress meter on stderr; ``-L`` follows redirects;
a name that does not resolve is ``curl: (6)``. The transfer figures (speed, time) are
plausible, not measured: nothing goes over a network.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from playground.sim import outside_web
from playground.sim.shell import Io
from playground.sim.shell.fs import FileSystem, FsError

_BAR = "=" * 19 + ">"


def is_outside(url: str) -> bool:
    """A URL the outside web answers (not localhost, not an address of this machine's own)."""
    text = url if "://" in url else "http://" + url
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return False
    return bool(host) and host not in ("localhost", "::1") and not _is_ip(host)


_VALUED = {"curl": frozenset({"-o", "--output", "-H", "--header", "-X", "--request", "-d",
                              "--data", "-m", "--max-time", "-u", "--user", "-A"}),
           "wget": frozenset({"-O", "--output-document", "-o", "--output-file", "-P",
                              "--directory-prefix", "-T", "--timeout", "-t", "--tries"})}


def url_arg(argv: list[str]) -> str:
    """The URL among ``argv`` (curl's or wget's), skipping the options' own values
    (``-o out.txt``, bundled ``-sSLo FILE``): the last word that is no option."""
    valued = _VALUED.get(argv[0].rsplit("/", 1)[-1], frozenset())
    url, args = "", iter(argv[1:])
    for arg in args:
        if arg in valued or (argv[0].endswith("curl") and arg.startswith("-")
                             and not arg.startswith("--") and arg.endswith("o")):
            next(args, "")
        elif not arg.startswith("-"):
            url = arg
    return url


def _is_ip(host: str) -> bool:
    parts = host.split(".")
    return len(parts) == 4 and all(p.isdigit() for p in parts)


def _port(url: str) -> int:
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def _stamp(now: float) -> str:
    return f"{datetime.fromtimestamp(now, tz=UTC):%Y-%m-%d %H:%M:%S}"


def wget(argv: list[str], io: Io, fs: FileSystem, now: float) -> int:
    out_name = ""
    quiet = False
    url = ""
    args = iter(argv[1:])
    for arg in args:
        if arg in ("-O", "--output-document"):
            out_name = next(args, "")
        elif arg.startswith("--output-document="):
            out_name = arg.split("=", 1)[1]
        elif arg in ("-q", "--quiet"):
            quiet = True
        elif arg in ("-qO-", "-qO", "-O-"):
            quiet = quiet or arg.startswith("-q")
            out_name = "-" if arg.endswith("-") else next(args, "")
        elif arg.startswith("-O"):
            out_name = arg[2:]
        elif arg.startswith("-"):
            continue
        else:
            url = arg
    if not url:
        io.write_err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\n"
                     "Try `wget --help' for more options.\n")
        return 1
    if "://" not in url:
        url = "http://" + url
    log: Callable[[str], None] = (lambda _t: None) if quiet else io.write_err
    stamp = _stamp(now)
    while True:
        log(f"--{stamp}--  {url}\n")
        host = urlsplit(url).hostname or ""
        address = outside_web.address(host)
        if address is None:
            log(f"Resolving {host} ({host})... failed: Name or service not known.\n")
            io.write_err(f"wget: unable to resolve host address ‘{host}’\n")
            return 4
        log(f"Resolving {host} ({host})... {address}\n"
            f"Connecting to {host} ({host})|{address}|:{_port(url)}... connected.\n")
        answer = outside_web.get(url)
        assert answer is not None  # the name resolved
        log(f"HTTP request sent, awaiting response... {answer.status_line}\n")
        if not answer.location:
            break
        log(f"Location: {answer.location} [following]\n")
        url = answer.location
    name = out_name or posixpath.basename(urlsplit(url).path) or "index.html"
    if answer.status != 200:
        if out_name and out_name != "-":
            _write(fs, name, "", io)
        log(f"{stamp} ERROR {answer.status}: {answer.reason}.\n\n")
        return 8
    if name == "-":
        io.write_out(answer.body)
        return 0
    size = len(answer.body.encode())
    if not out_name:
        name = _free_name(fs, name)
    if not _write(fs, name, answer.body, io):
        return 3
    shown = name if len(name) <= 19 else name[:19]
    log(f"Length: {size} [{answer.content_type}]\nSaving to: ‘{name}’\n\n"
        f"{shown:<19} 100%[{_BAR}] {size:>7}  --.-KB/s    in 0s      \n\n"
        f"{stamp} (4.52 MB/s) - ‘{name}’ saved [{size}/{size}]\n\n")
    return 0


def _free_name(fs: FileSystem, name: str) -> str:
    """wget does not overwrite without -O: ``name.1``, ``name.2``, …"""
    if not fs.exists(name):
        return name
    n = 1
    while fs.exists(f"{name}.{n}"):
        n += 1
    return f"{name}.{n}"


def _write(fs: FileSystem, name: str, text: str, io: Io, tool: str = "wget") -> bool:
    try:
        fs.write(name, text)
    except FsError as exc:
        io.write_err(f"{name}: {exc}\n" if tool == "wget" else
                     f"curl: (23) Failure writing output to destination: {exc}\n")
        return False
    return True


def curl(argv: list[str], io: Io, fs: FileSystem) -> int:
    url = ""
    output = ""
    remote_name = follow = silent = fail = include = False
    args = iter(argv[1:])
    for arg in args:
        if arg in ("-o", "--output"):
            output = next(args, "")
        elif arg in ("-O", "--remote-name"):
            remote_name = True
        elif arg in ("-L", "--location"):
            follow = True
        elif arg in ("-s", "--silent"):
            silent = True
        elif arg in ("-f", "--fail"):
            fail = True
        elif arg in ("-i", "--include"):
            include = True
        elif arg in ("-m", "--max-time", "-H", "--header", "-X", "--request", "-d", "--data"):
            next(args, "")
        elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 2:
            # bundled short flags: -LO, -sSL, -fsSLo FILE
            letters = arg[1:]
            follow = follow or "L" in letters
            remote_name = remote_name or "O" in letters
            silent = silent or "s" in letters
            fail = fail or "f" in letters
            if letters.endswith("o"):
                output = next(args, "")
        elif arg.startswith("-"):
            continue
        else:
            url = arg
    if "://" not in url:
        url = "http://" + url
    hops = 0  # redirects followed: curl's meter shows a line for each transfer
    last, answer = url, outside_web.get(url)
    while follow and answer is not None and answer.location and hops < 10:
        hops += 1
        last = answer.location
        answer = outside_web.get(last)
    if answer is None:
        io.write_err(f"curl: (6) Could not resolve host: {urlsplit(last).hostname}\n")
        return 6
    if fail and answer.status >= 400:
        io.write_err(f"curl: (22) The requested URL returned error: {answer.status}\n")
        return 22
    body = answer.body
    if include:
        body = (f"HTTP/1.1 {answer.status_line}\r\ncontent-type: {answer.content_type}\r\n"
                f"content-length: {len(body.encode())}\r\n\r\n{body}")
    if remote_name and not output:
        output = posixpath.basename(urlsplit(url).path)
        if not output:
            io.write_err("curl: Remote file name has no length!\ncurl: (23) Failed writing "
                         "received data to disk/application\n")
            return 23
    if not output or output == "-":
        io.write_out(body)
        return 0
    if not silent:
        size = len(body.encode())
        io.write_err("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  "
                     "Current\n                                 Dload  Upload   Total   Spent"
                     "    Left  Speed\n"
                     + "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- "
                     "--:--:--     0\n" * hops
                     + f"100 {_curl_size(size)}  100 {_curl_size(size)}    0     0   4521      0 "
                     "--:--:-- --:--:-- --:--:--  4528\n")
    return 0 if _write(fs, output, body, io, tool="curl") else 23


def _curl_size(size: int) -> str:
    """curl's 5-column size field (bytes, then k, M with one decimal below 100)."""
    if size < 100000:
        return f"{size:>5}"
    kib = size / 1024
    return f"{kib:>4.0f}k" if kib < 10000 else f"{kib / 1024:>4.0f}M"
