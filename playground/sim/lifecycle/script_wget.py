"""busybox ``wget`` as a container's PID 1 command, for the outside web (``outside_web``): the
Configure Pod Initialization page's init container runs ``wget -O /work-dir/index.html
http://info.cern.ch`` and nginx then serves that file from the shared emptyDir.

Its log is busybox wget's (``http_tools.wget``: ``Connecting to …``, ``saving to …``, the
progress line, ``… saved``); a name the outside web does not know is ``wget: bad address``.
Cluster names (Services, pod IPs) are not answered here.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from playground.sim import download_args, http_tools, outside_web
from playground.sim.shell import Io


@dataclass(frozen=True)
class Download:
    log: tuple[str, ...]  # stderr lines, the container's log
    status: int
    path: str = ""  # the file written ("" for none)
    body: str = ""


def outside_download(argv: list[str]) -> Download | None:
    """What ``wget … URL`` does when the URL's host is on the outside web or a public name it
    does not know (``bad address``); None: not for this module (cluster names)."""
    args = download_args.busybox_wget(argv)
    url, out = args.url, args.value("O")
    try:
        host = urlsplit(url if "://" in url else "http://" + url).hostname or ""
    except ValueError:  # `http://[::1`: not an outside URL; http_tools.wget answers it
        return None
    if outside_web.address(host) is None and not _external(host):
        return None
    got: dict[str, str] = {}

    def fetch(name: str, port: int, path: str) -> tuple[int, str]:
        del port
        if outside_web.address(name) is None:
            raise http_tools.NoSuchHost()
        answer = outside_web.get(f"http://{name}{path}")
        assert answer is not None  # the name resolved
        got["body"] = answer.body
        return answer.status, answer.body

    io = Io()
    status = http_tools.wget(argv, None, io, fetch, lambda name: outside_web.address(name) or "")
    log = tuple(io.stderr.removesuffix("\n").split("\n")) if io.stderr else ()
    out = out or posixpath.basename(urlsplit(url).path) or "index.html"  # parsed above
    if status != 0 or out == "-":
        return Download(log, status)
    return Download(log, 0, out, got.get("body", ""))


def _external(host: str) -> bool:
    """A name on the internet: under a public top-level domain no namespace is likely to be
    called (``web.dev`` may be Service ``web`` of namespace ``dev``, which cluster DNS answers)."""
    return host.rpartition(".")[2] in _PUBLIC_TLDS and not host.endswith(".svc.cluster.local")


_PUBLIC_TLDS = frozenset({"com", "org", "net", "io", "ch", "invalid"})
