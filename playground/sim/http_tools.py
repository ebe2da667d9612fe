"""curl and wget for the learner's terminal and for container shells: HTTP GET over a fetcher.

Nothing leaves the simulator: a *fetcher* decides what answers (a port-forward on the
learner's machine, the pod's own containers on localhost, another pod's IP on the flat network).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from playground.sim import download_args, host_curl, tool_urls
from playground.sim.shell import Io


class Refused(Exception):
    """Nothing listens there (curl exit 7)."""


class EmptyReply(Exception):
    """The connection was accepted and closed without an answer (curl exit 52)."""


class Unreachable(Exception):
    """No route to that address from here (curl times out, exit 28)."""


class NoSuchHost(Exception):
    """The name resolves to nothing (curl exit 6, busybox wget "bad address")."""


Fetcher = Callable[[str, int, str], tuple[int, str]]  # host, port, path -> status, body

_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found",
            500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass
class Target:
    host: str
    port: int
    path: str
    display: str  # the host as curl names it in errors
    address: str = ""  # the address the host resolves to, where the caller knows it
    netloc: str = ""  # host[:port] as typed in the URL (busybox wget echoes it)


def parse_url(url: str) -> Target | None:
    text = url if "://" in url else "http://" + url
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http",) or not parts.hostname:
        return None
    return Target(parts.hostname, port or 80, parts.path or "/", parts.hostname,
                  netloc=parts.netloc)


def curl(argv: list[str], stdin: str | None, io: Io, fetch: Fetcher) -> int:
    del stdin
    args = download_args.curl(argv)  # -s, -S, -v, -L, -k ... change nothing simulated here
    url, output = args.url, args.value("o", "") if args.has("o") else None
    include, head, fail = args.has("i"), args.has("I"), args.has("f")
    if args.missing:
        io.write_err(f"curl: option {args.missing[0]}: requires parameter\n")
    if args.missing or not url:
        io.write_err("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    fault = tool_urls.curl_fault(url, args.has("g"))
    if fault:
        if not args.has("s") or args.has("S"):
            io.write_err(fault[1])
        return fault[0]
    target = parse_url(url)
    if target is None:
        scheme = url.split("://", 1)[0]
        io.write_err(f'curl: (1) Protocol "{scheme}" not supported\n')
        return 1
    done = host_curl.Transfer(host_curl.effective(url))
    form = args.value("w")
    try:
        code, body = fetch(target.host, target.port, target.path)
    except NoSuchHost:
        return _failed(io, form, done, 6, f"Could not resolve host: {target.host}")
    except Refused:
        return _failed(io, form, done, 7, f"Failed to connect to {target.display} port "
                       f"{target.port} after 0 ms: Couldn't connect to server")
    except EmptyReply:
        return _failed(io, form, done, 52, "Empty reply from server")
    except Unreachable:
        return _failed(io, form, done, 28, f"Failed to connect to {target.display} port "
                       f"{target.port} after 129557 ms: Couldn't connect to server")
    done.code = code
    if fail and code >= 400:
        return _failed(io, form, done, 22, f"The requested URL returned error: {code}")
    headers = (f"HTTP/1.1 {code} {_REASONS.get(code, '')}\r\nContent-Length: "
               f"{len(body.encode())}\r\n\r\n")
    text = headers if head else (headers + body if include else body)
    done.size = 0 if head else len(body.encode())
    if not output or output == "-":
        io.write_out(text)
    host_curl.write_out(io, form, done)
    return 0


def _failed(io: Io, form: str, done: host_curl.Transfer, code: int, text: str) -> int:
    """curl's error line, then its ``-w`` output (``000`` for no answer)."""
    io.write_err(f"curl: ({code}) {text}\n")
    host_curl.write_out(io, form, done)
    return code


def wget(argv: list[str], stdin: str | None, io: Io, fetch: Fetcher,
         resolve: Callable[[str], str] | None = None, gnu: bool = False) -> int:
    """busybox wget: ``wget -qO- URL`` prints the page; plain ``wget URL`` reports a download.
    ``resolve`` gives the address a name dials (a Service's ClusterIP), where it has one.
    ``gnu``: the command line is GNU wget's (the workstation's), read with its option table."""
    del stdin
    args = download_args.gnu_wget(argv) if gnu else download_args.busybox_wget(argv)
    quiet, out_name, url = args.has("q"), args.value("O"), args.url
    to_stdout = out_name == "-"
    target = parse_url(url) if url else None
    if target is not None and resolve is not None:
        target.address = resolve(target.host)
    if target is None:
        io.write_err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                     "Usage: wget [-cqS] [-O FILE] URL...\n")
        return 1
    try:
        code, body = fetch(target.host, target.port, target.path)
    except NoSuchHost:
        # busybox resolves the name before it says where it connects
        io.write_err(f"wget: bad address '{target.host}'\n")
        return 1
    except (Refused, EmptyReply):
        _connecting(io, target, quiet)
        # busybox's xconnect names the address it dialled (inet_ntoa), not the name
        io.write_err(f"wget: can't connect to remote host ({_address(target)}): "
                     "Connection refused\n")
        return 1
    except Unreachable:
        _connecting(io, target, quiet)
        io.write_err("wget: download timed out\n")
        return 1
    _connecting(io, target, quiet)
    if code >= 400:
        io.write_err(f"wget: server returned error: HTTP/1.1 {code} {_REASONS.get(code, '')}\n")
        return 1
    if to_stdout:
        io.write_out(body)
        return 0
    if not quiet:
        # wget names the file after the URL's last path part (index.html for a directory);
        # the progress bar shows the last component of the file it writes, 20 columns wide
        name = out_name or target.path.split("?", 1)[0].rpartition("/")[2] or "index.html"
        shown = name.rpartition("/")[2][:20]
        io.write_err(f"saving to '{name}'\n{shown:<20} 100% |*****************"
                     f"***************| {len(body.encode()):>5}  0:00:00 ETA\n"
                     f"'{name}' saved\n")
    return 0


def _address(target: Target) -> str:
    if target.address:
        return target.address
    return "127.0.0.1" if target.host == "localhost" else target.host


def _connecting(io: Io, target: Target, quiet: bool) -> None:
    if not quiet:
        # busybox prints the URL's host part as typed, then the address and port it dials
        io.write_err(f"Connecting to {target.netloc or target.host} "
                     f"({_address(target)}:{target.port})\n")
