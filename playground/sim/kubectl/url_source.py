"""``-f URL``: kubectl's resource builder reads a manifest over HTTP(S) (cli-runtime's URL
visitor), from the playground's outside web (``outside_web``).

Go's client follows redirects (k8s.io → kubernetes.io) and the visitor names the URL as typed.
A status other than 200 is the visitor's ``unable to read URL …`` error; a host that does not
resolve is the client's ``*url.Error``, which kubectl prints as ``Unable to connect to the
server: …`` without the ``error:`` prefix (cmdutil's standardErrorMessage). The URL is parsed
first, as Go's ``url.Parse`` does (``go_url``): a fault there is the builder's ``the URL passed to
filename … is not valid``; no host or a port above 65535 is the HTTP client's refusal.
"""

from __future__ import annotations

from playground.sim import go_url, outside_web
from playground.sim.kubectl.errors import KubectlError


def read(url: str) -> str:
    """The body ``url`` answers with, or kubectl's error for it."""
    try:
        parts = go_url.parse(url)
    except go_url.GoUrlError as exc:
        raise KubectlError(f"the URL passed to filename {go_url.quote(url)} is not valid: "
                           f"{exc}") from None
    refusal = _refusal(parts)
    if refusal:
        raise KubectlError(refusal, prefix="Unable to connect to the server: ")
    if _is_address(parts.hostname):
        # nothing on the outside web has an address of its own: the dial is refused, which
        # kubectl words as for its API server, naming host[:port] as typed
        raise KubectlError(f"The connection to the server {parts.host} was refused - did you "
                           "specify the right host or port?", prefix="")
    last, answer = outside_web.follow(url)
    if answer is None:
        host = go_url.parse(last).hostname
        raise KubectlError(f"dial tcp: lookup {host} on {outside_web.RESOLVER}: no such host",
                           prefix="Unable to connect to the server: ")
    if answer.status != 200:
        raise KubectlError(f'unable to read URL "{url}", server reported {answer.status_line}, '
                           f"status code={answer.status}")
    return answer.body


def _refusal(parts: go_url.GoUrl) -> str:
    """What Go's HTTP client says of a URL Parse accepted but it cannot dial."""
    if not parts.hostname:
        return "http: no Host in request URL"
    if parts.port and int(parts.port) > 65535:
        return f"dial tcp: address {parts.port}: invalid port"
    return ""


def _is_address(host: str) -> bool:
    parts = host.split(".")
    return ":" in host or (len(parts) == 4 and all(p.isdigit() for p in parts))
