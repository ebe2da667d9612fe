"""``-f URL``: kubectl's resource builder reads a manifest over HTTP(S) (cli-runtime's URL
visitor), from the playground's outside web (``outside_web``).

Go's client follows redirects (k8s.io → kubernetes.io) and the visitor names the URL as typed.
A status other than 200 is the visitor's ``unable to read URL …`` error; a host that does not
resolve is the client's ``*url.Error``, which kubectl prints as ``Unable to connect to the
server: …`` without the ``error:`` prefix (cmdutil's standardErrorMessage).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playground.sim import outside_web
from playground.sim.kubectl.errors import KubectlError


def read(url: str) -> str:
    """The body ``url`` answers with, or kubectl's error for it."""
    last, answer = outside_web.follow(url)
    if answer is None:
        host = urlsplit(last).hostname or ""
        raise KubectlError(f"dial tcp: lookup {host} on {outside_web.RESOLVER}: no such host",
                           prefix="Unable to connect to the server: ")
    if answer.status != 200:
        raise KubectlError(f'unable to read URL "{url}", server reported {answer.status_line}, '
                           f"status code={answer.status}")
    return answer.body
