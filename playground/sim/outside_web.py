"""The internet as the playground knows it: kubernetes.io's example files, k8s.io's redirect to
them, and info.cern.ch's home page. Every other name does not resolve.

kubernetes.io's Pod pages tell the reader to ``kubectl apply -f https://k8s.io/examples/…`` and
to ``wget https://kubernetes.io/examples/…``; those files are bundled under
``data/kubernetes_io_examples/`` (where they come from and their licence: its README.md), so
the pages' commands work verbatim. ``k8s.io`` answers a 301 to ``https://kubernetes.io`` with
the same path, as its redirector does; a path kubernetes.io does not have is its 404.
The Configure Pod Initialization page's init container fetches ``http://info.cern.ch``: the
first website's home page, short and public, is served too.

The addresses are plausible, not looked up: the playground reaches no real network.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

RESOLVER = "127.0.0.53:53"  # a workstation's systemd-resolved stub, as Go's resolver names it

_ADDRESSES = {"kubernetes.io": "147.75.40.148", "k8s.io": "34.107.204.206",
              "info.cern.ch": "188.184.67.127"}

_CERN_HOME = (
    "<html><head></head><body><header>\n"
    "<title>http://info.cern.ch</title>\n"
    "</header>\n\n"
    "<h1>http://info.cern.ch - home of the first website</h1>\n"
    "<p>From here you can:</p>\n"
    "<ul>\n"
    '<li><a href="http://info.cern.ch/hypertext/WWW/TheProject.html">Browse the first '
    "website</a></li>\n"
    '<li><a href="http://line-mode.cern.ch/www/hypertext/WWW/TheProject.html">Browse the '
    "first website using the line-mode browser simulator</a></li>\n"
    '<li><a href="http://home.web.cern.ch/topics/birth-web">Learn about the birth of the '
    "web</a></li>\n"
    '<li><a href="http://home.web.cern.ch/about">Learn about CERN, the physics laboratory '
    "where the web was born</a></li>\n"
    "</ul>\n"
    "</body></html>\n"
)

_NOT_FOUND = "<!DOCTYPE html>\n<html><head><title>404 Page not found</title></head>\n<body>" \
    "<h1>Page not found</h1></body></html>\n"


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    body: str
    content_type: str = "text/html"
    location: str = ""  # where a redirect points

    @property
    def status_line(self) -> str:
        return f"{self.status} {self.reason}"


def address(host: str) -> str | None:
    """The address ``host`` resolves to; None: no such host."""
    return _ADDRESSES.get(host.lower().rstrip("."))


@cache
def example(path: str) -> str | None:
    """A bundled example file by its site path (``pods/simple-pod.yaml``), or None."""
    if not path or ".." in path.split("/") or path.startswith("/"):
        return None
    node = resources.files("playground.sim.data").joinpath("kubernetes_io_examples")
    for part in path.split("/"):
        node = node.joinpath(part)
    if not node.is_file() or path.endswith("README.md"):
        return None
    return node.read_text("utf-8")


def get(url: str) -> Response | None:
    """One GET of ``url`` (no redirect followed); None: the host does not resolve (or the URL
    has none Python can read: no such name is on this web)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if address(host) is None:
        return None
    path = parts.path or "/"
    if host == "k8s.io":
        return Response(301, "Moved Permanently", "", location=f"https://kubernetes.io{path}")
    if host == "info.cern.ch":
        if path == "/":
            return Response(200, "OK", _CERN_HOME)
        return Response(404, "Not Found", _NOT_FOUND)
    if path.startswith("/examples/"):
        text = example(path[len("/examples/"):])
        if text is not None:
            kind = "application/yaml" if path.endswith((".yaml", ".yml")) else \
                "application/octet-stream"
            return Response(200, "OK", text, content_type=kind)
    return Response(404, "Not Found", _NOT_FOUND)


def follow(url: str, limit: int = 10) -> tuple[str, Response | None]:
    """GET ``url``, following redirects as Go's and curl -L's clients do: the last URL and its
    answer (None: a host on the way did not resolve; that URL is returned)."""
    for _ in range(limit):
        answer = get(url)
        if answer is None or not answer.location:
            return url, answer
        url = answer.location
    return url, get(url)
