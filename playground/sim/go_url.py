"""Go's ``net/url.Parse`` as kubectl's client uses it: the parts of a URL or Go's error text.

kubectl reads ``-f https://…`` and ``get --raw PATH`` through Go's parser, which is stricter
than Python's ``urlsplit`` (a bad port or escape is an error, not a later traceback) and names
each fault in its own words (``missing ']' in host``, ``invalid port ":abc" after host``,
``invalid URL escape "%zz"``). Those are reproduced here, so the error a learner sees is the
real client's. Only what Parse checks is checked; what the HTTP client refuses later (no host,
a port above 65535) is for the caller.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

_SCHEME_FIRST = frozenset(string.ascii_letters)
_SCHEME_REST = frozenset(string.ascii_letters + string.digits + "+-.")
_HEX = frozenset(string.hexdigits)
# characters a host may hold unescaped (Go's shouldEscape in encodeHost mode says no)
_HOST_OK = frozenset(string.ascii_letters + string.digits + "-_.~!$&'()*+,;=:[]<>\"")


class GoUrlError(ValueError):
    """Go's *url.Error: ``parse "RAW": reason``."""

    def __init__(self, raw: str, reason: str) -> None:
        super().__init__(f"parse {quote(raw)}: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class GoUrl:
    scheme: str
    host: str  # host[:port] as typed ("" for none)
    path: str  # unescaped
    opaque: str = ""

    @property
    def hostname(self) -> str:
        if self.host.startswith("["):
            return self.host[1:self.host.find("]")]
        return self.host.rpartition(":")[0] if ":" in self.host else self.host

    @property
    def port(self) -> str:
        rest = self.host[self.host.find("]") + 1:] if self.host.startswith("[") else self.host
        return rest.partition(":")[2]


def quote(text: str) -> str:
    """Go's %q of a string (strconv.Quote) for the texts a learner types."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\\ufffd")  # Go's strings hold no lone surrogate
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def parse(raw: str, via_request: bool = False) -> GoUrl:
    """``url.Parse`` (``url.ParseRequestURI`` with ``via_request``); GoUrlError on a fault."""
    try:
        return _parse(raw, via_request)
    except _Fault as fault:
        raise GoUrlError(raw, str(fault)) from None


class _Fault(Exception):
    pass


def _parse(raw: str, via_request: bool) -> GoUrl:
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise _Fault("net/url: invalid control character in URL")
    if not via_request:
        raw, _, fragment = raw.partition("#")
        _unescape(fragment, host=False)
    if via_request and raw == "":
        raise _Fault("empty url")
    scheme, rest = _scheme(raw)
    rest = rest.partition("?")[0]
    if not rest.startswith("/"):
        if scheme:
            return GoUrl(scheme, "", "", opaque=rest)
        if via_request:
            raise _Fault("invalid URI for request")
        if ":" in rest.partition("/")[0]:
            raise _Fault("first path segment in URL cannot contain colon")
    host = ""
    if (scheme or not via_request and not rest.startswith("///")) and rest.startswith("//"):
        authority, slash, path = rest[2:].partition("/")
        rest = slash + path
        host = _host(authority.rpartition("@")[2])
    return GoUrl(scheme, host, _unescape(rest, host=False))


def _scheme(raw: str) -> tuple[str, str]:
    for i, ch in enumerate(raw):
        if ch == ":":
            if i == 0:
                raise _Fault("missing protocol scheme")
            return raw[:i].lower(), raw[i + 1:]
        if ch not in (_SCHEME_FIRST if i == 0 else _SCHEME_REST):
            return "", raw
    return "", raw


def _host(host: str) -> str:
    if host.startswith("["):
        end = host.rfind("]")
        if end < 0:
            raise _Fault("missing ']' in host")
        _check_port(host[end + 1:])
        return host
    if ":" in host:
        _check_port(host[host.rfind(":"):])
    _unescape(host, host=True)
    return host


def _check_port(colon_port: str) -> None:
    if colon_port and not (colon_port[0] == ":" and colon_port[1:].isascii()
                           and (colon_port[1:].isdigit() or colon_port == ":")):
        raise _Fault(f"invalid port {quote(colon_port)} after host")


def _unescape(text: str, host: bool) -> str:
    out = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%":
            code = text[i + 1:i + 3]
            if len(code) < 2 or not set(code) <= _HEX:
                raise _Fault(f"invalid URL escape {quote(text[i:i + 3])}")
            if host and int(code[0], 16) < 8 and code != "25":
                raise _Fault(f"invalid URL escape {quote(text[i:i + 3])}")
            out.append(int(code, 16))
            i += 3
            continue
        if host and ord(ch) < 0x80 and ch not in _HOST_OK:
            raise _Fault(f"invalid character {quote(ch)} in host name")
        out += ch.encode("utf-8", "surrogatepass")
        i += 1
    return out.decode("utf-8", "replace")
