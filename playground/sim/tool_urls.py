"""What GNU wget 1.21 and curl 7.88 refuse in a URL before they resolve anything, in their
words (checked against both tools on Debian 12; none of it needs a network).

GNU wget (url.c's url_parse) prints ``URL: reason.`` and exits 1, naming the URL with the
``http://`` it adds to a bare host: ``Bad port number`` (not digits, or above 65535),
``Unterminated IPv6 numeric address``, ``Invalid IPv6 numeric address``, ``Invalid host
name`` (empty), ``Unsupported scheme ‘foo’``. curl first expands ``[…]`` globs (unless
``-g``): a bracket that is neither an IPv6 address nor a range is ``(3) bad range …`` (a
``]`` that closes nothing ``unmatched close brace/bracket``) with a caret under the place;
then its URL parser's faults are all ``(3) URL using bad/illegal format or missing URL``, and
a scheme it lacks ``(1) Protocol "foo" not supported or disabled in libcurl``. Valid glob
ranges (``[1-3]``) are not expanded here: the URL is taken as one.
"""

from __future__ import annotations

import re
import string

_IPV6 = re.compile(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%25[\w.~-]+|%[\w.~-]+)?")
_RANGE = re.compile(r"([a-zA-Z]-[a-zA-Z]|\d+-\d+)(:\d+)?")
_WGET_SCHEMES = ("http", "https", "ftp", "ftps")
_CURL_SCHEMES = ("http", "https", "ftp", "ftps", "file", "dict", "gopher", "gophers", "imap",
                 "imaps", "ldap", "ldaps", "mqtt", "pop3", "pop3s", "rtmp", "rtsp", "scp",
                 "sftp", "smb", "smbs", "smtp", "smtps", "telnet", "tftp", "ws", "wss")
_CURL_BAD_URL = "curl: (3) URL using bad/illegal format or missing URL\n"


def _split(url: str) -> tuple[str, str]:
    """(scheme, authority) of ``scheme://authority/…`` ("" scheme: none typed)."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme or not all(c in string.ascii_letters + string.digits + "+-."
                                        for c in scheme):
        scheme, rest = "", url
    return scheme.lower(), re.split(r"[/?#]", rest, maxsplit=1)[0]


def _port_ok(port: str) -> bool:
    return port == "" or (port.isascii() and port.isdigit() and int(port) <= 65535)


def wget_fault(url: str) -> str | None:
    """GNU wget's complaint about ``url`` (a whole stderr line), or None."""
    scheme, authority = _split(url)
    shown = url if scheme else "http://" + url
    if scheme and scheme not in _WGET_SCHEMES:
        return f"{shown}: Unsupported scheme ‘{scheme}’.\n"
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            return f"{shown}: Unterminated IPv6 numeric address.\n"
        if not _IPV6.fullmatch(host[1:end]):
            return f"{shown}: Invalid IPv6 numeric address.\n"
        name, port = host[1:end], host[end + 1:].removeprefix(":")
    else:
        name, _, port = host.partition(":")
    if not name:
        return f"{shown}: Invalid host name.\n"
    if not _port_ok(port):
        return f"{shown}: Bad port number.\n"
    return None


def curl_fault(url: str, globoff: bool) -> tuple[int, str] | None:
    """curl's exit code and message for ``url``, or None."""
    if not globoff:
        glob = _glob_fault(url)
        if glob:
            return 3, glob
    scheme, authority = _split(url)
    if scheme and scheme not in _CURL_SCHEMES:
        return 1, f'curl: (1) Protocol "{scheme}" not supported or disabled in libcurl\n'
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        end = host.find("]")
        if end < 0 or not _IPV6.fullmatch(host[1:end]):
            return 3, _CURL_BAD_URL
        name, port = host[1:end], host[end + 1:]
        if port and not port.startswith(":"):
            return 3, _CURL_BAD_URL
        port = port[1:]
    else:
        name, _, port = host.partition(":")
    if not name or not _port_ok(port) or any(c in name for c in " \t<>\\^`{|}\""):
        return 3, _CURL_BAD_URL
    return None


def _glob_fault(url: str) -> str:
    close = url.find("]")
    if close >= 0 and "[" not in url[:close]:
        return (f"curl: (3) unmatched close brace/bracket in URL position {close + 1}:\n{url}\n"
                f"{' ' * close}^\n")
    start = url.find("[")
    while start >= 0:
        end = url.find("]", start)
        inner = url[start + 1:end] if end > 0 else url[start + 1:]
        if end < 0 or not (_IPV6.fullmatch(inner) or _RANGE.fullmatch(inner)):
            what = "bad range" if inner[:1].isalnum() else "bad range specification"
            pos = start + 2  # curl counts from 1 and points past the bracket
            return f"curl: (3) {what} in URL position {pos}:\n{url}\n{' ' * (pos - 1)}^\n"
        start = url.find("[", end)
    return ""
