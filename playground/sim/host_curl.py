"""curl 7.88 on the learner's workstation for URLs on the outside web (``outside_web``).

Each URL is one transfer, in order; ``-o FILE`` / ``-O`` are handed to the URLs in the order
given (``curl -o a URL1 URL2`` writes URL1 to ``a`` and URL2 to stdout). A transfer to a file
shows curl's progress meter on stderr (one line per hop with ``-L``) unless ``-s``; one to the
terminal shows none. ``-w FORMAT`` writes after each transfer, to stdout, with the variables
learners use (``%{http_code}``, ``%{size_download}``, ``%{url_effective}`` …) and curl's
``\\n``/``\\t`` escapes; an unknown variable is curl's warning and expands to nothing.
The transfer figures (speed, time) are plausible, not measured.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from playground.sim import download_args, outside_web, tool_urls
from playground.sim.shell import Io
from playground.sim.shell.fs import FileSystem, FsError

_METER_HEAD = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  "
               "Current\n                                 Dload  Upload   Total   Spent"
               "    Left  Speed\n")
_HOP = "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n"


@dataclass
class Transfer:
    url: str  # the last URL asked for (url_effective)
    code: int = 0  # 0: no answer (http_code 000)
    size: int = 0
    content_type: str = ""
    redirects: int = 0


def curl(argv: list[str], io: Io, fs: FileSystem) -> int:
    args = download_args.curl(argv)
    if args.missing:
        io.write_err(f"curl: option {args.missing[0]}: requires parameter\n")
    if args.missing or not args.urls:
        io.write_err("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    slots = [(name, value) for name, value in args.opts if name in ("o", "O")]
    status = 0
    for i, url in enumerate(args.urls):
        slot = slots[i] if i < len(slots) else ("", "")
        status = _transfer(url, slot, args, io, fs)
    return status


def _transfer(url: str, slot: tuple[str, str], args: download_args.Args, io: Io,
              fs: FileSystem) -> int:
    silent = args.has("s")
    errors = not silent or args.has("S")
    fault = tool_urls.curl_fault(url, args.has("g"))
    if fault:
        if errors:
            io.write_err(fault[1])
        return fault[0]
    if "://" not in url:
        url = "http://" + url
    done = Transfer(effective(url))
    answer = outside_web.get(url)
    while args.has("L") and answer is not None and answer.location and done.redirects < 10:
        done.redirects += 1
        done.url = answer.location
        answer = outside_web.get(done.url)
    if answer is None:
        return _fail(io, args, done, 6, f"Could not resolve host: {_host(done.url)}", errors)
    done.code, done.content_type = answer.status, answer.content_type
    if args.has("f") and answer.status >= 400:
        return _fail(io, args, done, 22, f"The requested URL returned error: {answer.status}",
                     errors)
    body = answer.body
    if args.has("i"):
        body = (f"HTTP/1.1 {answer.status_line}\r\ncontent-type: {answer.content_type}\r\n"
                f"content-length: {len(answer.body.encode())}\r\n\r\n{body}")
    output = slot[1] if slot[0] == "o" else ""
    if slot[0] == "O":
        output = posixpath.basename(url.split("://", 1)[1].partition("?")[0].partition("/")[2])
        if not output:
            return _fail(io, args, done, 23, "Failed writing received data to disk/application",
                         errors, "curl: Remote file name has no length!\n")
    done.size = len(body.encode())
    if not output or output == "-":
        io.write_out(body)
        write_out(io, args.value("w"), done)
        return 0
    if not silent:
        io.write_err(_METER_HEAD + _HOP * done.redirects
                     + f"100 {_size(done.size)}  100 {_size(done.size)}    0     0   4521      0 "
                     "--:--:-- --:--:-- --:--:--  4528\n")
    try:
        fs.write(output, body)
    except FsError as exc:
        return _fail(io, args, done, 23, f"Failure writing output to destination: {exc}", errors)
    write_out(io, args.value("w"), done)
    return 0


def effective(url: str) -> str:
    """The URL as curl names it in ``%{url_effective}``: with its scheme and a path."""
    url = url if "://" in url else "http://" + url
    scheme, rest = url.split("://", 1)
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    tail = rest[len(authority):]
    return f"{scheme}://{authority}{tail if tail.startswith('/') else '/' + tail}"


def _host(url: str) -> str:
    return re.split(r"[/?#]", url.split("://", 1)[-1], maxsplit=1)[0].rpartition("@")[2] \
        .rsplit(":", 1)[0]


def _fail(io: Io, args: download_args.Args, done: Transfer, code: int, text: str, errors: bool,
          before: str = "") -> int:
    if errors:  # curl reports the failure before it writes -w's line
        io.write_err(f"{before}curl: ({code}) {text}\n")
    write_out(io, args.value("w"), done)
    return code


def write_out(io: Io, form: str, done: Transfer) -> None:
    """curl's ``-w FORMAT`` after one transfer (nothing without ``-w``)."""
    if not form:
        return
    known = {"http_code": f"{done.code:03d}", "response_code": f"{done.code:03d}",
             "size_download": str(done.size), "url_effective": done.url,
             "content_type": done.content_type, "num_redirects": str(done.redirects)}

    # written piece by piece: an unknown variable's warning lands where the variable stands
    pieces = re.split(r"(%%|%\{[^}]*\}|\\.)", form)
    for piece in pieces:
        if piece == "%%":
            io.write_out("%")
        elif piece.startswith("%{") and piece.endswith("}"):
            name = piece[2:-1]
            if name in known:
                io.write_out(known[name])
            else:
                io.write_err(f"curl: unknown --write-out variable: '{name}'\n")
        elif piece.startswith("\\") and len(piece) == 2:
            io.write_out({"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}.get(piece[1], piece))
        elif piece:
            io.write_out(piece)


def _size(size: int) -> str:
    """curl's 5-column size field (bytes, then k, M with one decimal below 100)."""
    if size < 100000:
        return f"{size:>5}"
    kib = size / 1024
    return f"{kib:>4.0f}k" if kib < 10000 else f"{kib / 1024:>4.0f}M"
