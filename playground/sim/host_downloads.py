"""GNU wget 1.21 and curl 7.88 on the learner's machine (a Debian 12 workstation), for URLs on
the playground's outside web (``outside_web``): what they print and the files they write.

``wget URL [-O FILE]`` prints wget's log (resolving, connecting, the status, ``Length:``, the
progress bar of an 80-column terminal, ``saved [n/n]``) to stderr; a name that does not
resolve is ``unable to resolve host address`` (exit 4), an HTTP error ``ERROR 404: Not Found.``
(exit 8, after ``-O`` made the file empty, as wget truncates it first). ``curl -o FILE`` /
``-O`` write the body and show curl's progress meter on stderr (``host_curl``); ``-L`` follows
redirects; a name that does not resolve is ``curl: (6)``. The transfer figures (speed, time)
are plausible, not measured: nothing goes over a network. Both tools read their command lines
with their own option tables (``download_args``) and refuse a malformed URL as they do
(``tool_urls``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from playground.sim import download_args, outside_web, tool_urls
from playground.sim.shell import Io
from playground.sim.shell.fs import FileSystem, FsError

_BAR = "=" * 19 + ">"


def is_outside(url: str) -> bool:
    """A URL the outside web answers (not localhost, not an address of this machine's own)."""
    host = _host(url)
    return bool(host) and host not in ("localhost", "::1") and not _is_ip(host)


def url_arg(argv: list[str]) -> str:
    """The (first) URL among ``argv``, read with the tool's own option table
    (``download_args``): ``curl URL --connect-timeout 2`` names URL, not ``2``."""
    return _args(argv).url


def _args(argv: list[str]) -> download_args.Args:
    tool = argv[0].rsplit("/", 1)[-1]
    return download_args.curl(argv) if tool == "curl" else download_args.gnu_wget(argv)


def for_here(argv: list[str]) -> bool:
    """Whether this module answers ``argv`` (curl's or wget's): a URL on the outside web, or
    none, or one the tool refuses before it resolves anything (their own words for those)."""
    args = _args(argv)
    if args.missing:
        return True  # the tool's own complaint about its command line
    if not args.url:
        return argv[0].endswith("wget")
    if argv[0].endswith("curl"):
        return is_outside(args.url) or tool_urls.curl_fault(args.url, args.has("g")) is not None
    return is_outside(args.url) or tool_urls.wget_fault(args.url) is not None


def _is_ip(host: str) -> bool:
    parts = host.split(".")
    return len(parts) == 4 and all(p.isdigit() for p in parts)


def _host(url: str) -> str:
    """The name wget resolves (urlsplit refuses some wget accepts, such as ``a]b``)."""
    authority = re.split(r"[/?#]", url.split("://", 1)[-1], maxsplit=1)[0].rpartition("@")[2]
    if authority.startswith("["):
        return authority[1:authority.find("]")]
    return authority.partition(":")[0].lower()


def _port(url: str) -> int:
    """The port wget dials (wget_fault has refused any it could not)."""
    port = re.split(r"[/?#]", url.split("://", 1)[-1], maxsplit=1)[0].rpartition("]")[2]
    digits = port.rpartition(":")[2] if ":" in port else ""
    return int(digits) if digits else (443 if url.startswith("https") else 80)


def _stamp(now: float) -> str:
    return f"{datetime.fromtimestamp(now, tz=UTC):%Y-%m-%d %H:%M:%S}"


def wget(argv: list[str], io: Io, fs: FileSystem, now: float) -> int:
    args = download_args.gnu_wget(argv)
    out_name = args.value("O")
    quiet = args.has("q")
    url = args.url
    if args.missing:
        # getopt's complaint; wget then finds no URL (getopt stopped) and says so too
        name = args.missing[1]
        io.write_err(f"wget: option '--{name}' requires an argument\n" if len(name) > 1 else
                     f"wget: option requires an argument -- '{name}'\n")
        url = ""
    if not url:
        io.write_err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\n"
                     "Try `wget --help' for more options.\n")
        return 1
    fault = tool_urls.wget_fault(url)
    if fault:
        io.write_err(fault)
        return 1
    if "://" not in url:
        url = "http://" + url
    log: Callable[[str], None] = (lambda _t: None) if quiet else io.write_err
    stamp = _stamp(now)
    while True:
        log(f"--{stamp}--  {url}\n")
        host = _host(url)
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


def _write(fs: FileSystem, name: str, text: str, io: Io) -> bool:
    try:
        fs.write(name, text)
    except FsError as exc:
        io.write_err(f"{name}: {exc}\n")
        return False
    return True
