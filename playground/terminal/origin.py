"""Websocket Origin check: scheme, host and port exactly, as Django's CSRF origin check decides.

Channels' AllowedHostsOriginValidator compares host names only, so a page on the same host at
another port (or over http when the site is https) could open a learner's terminal with their
cookies. Here the Origin must equal ``<scheme>://<host>`` of the socket itself (the Host header
validated against ALLOWED_HOSTS, the scheme secure when the socket is wss or the proxy header of
SECURE_PROXY_SSL_HEADER says https), or be listed in CSRF_TRUSTED_ORIGINS (``https://*.example.org``
wildcards too). A missing or ``null`` Origin is refused: every browser sends one on a websocket.
"""

from __future__ import annotations

import io
from typing import Any, cast
from urllib.parse import urlsplit

from asgiref.typing import WebSocketScope
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest
from django.utils.http import is_same_domain

Scope = dict[str, Any]
ASGIApp = Any

# The websocket scheme of the socket names the HTTP scheme its page would have.
_HTTP_SCHEME = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def request_origin(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"origin":
            return bytes(value).decode("latin-1")
    return None


def own_origin(scope: Scope) -> str | None:
    """``<scheme>://<host>`` of this socket as Django would see its request, or None if the Host
    is not one of ALLOWED_HOSTS. Django's own request object reads Host, X-Forwarded-Host
    (USE_X_FORWARDED_HOST) and SECURE_PROXY_SSL_HEADER, so the rule lives in one place.

    A site that redirects every http request to https (SECURE_SSL_REDIRECT) serves no page over
    http, so its sockets belong to https pages even where the server cannot say so: Daphne
    terminating TLS itself leaves ``scheme`` out of a websocket's scope."""
    http_scope = {
        **scope,
        "type": "http",
        "method": "GET",
        "scheme": _HTTP_SCHEME.get(scope.get("scheme", "ws"), "http"),
    }
    request = ASGIRequest(http_scope, io.BytesIO())
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    secure = request.is_secure() or settings.SECURE_SSL_REDIRECT
    return f"{'https' if secure else 'http'}://{host}"


def origin_allowed(scope: Scope) -> bool:
    origin = request_origin(scope)
    if not origin or origin == "null":
        return False
    if origin == own_origin(scope):
        return True
    trusted = settings.CSRF_TRUSTED_ORIGINS
    if origin in trusted:
        return True
    try:
        parsed = urlsplit(origin)
    except ValueError:
        return False
    # Wildcard entries (https://*.example.org) match the same scheme and any subdomain.
    return any(
        is_same_domain(parsed.netloc, entry_netloc.lstrip("*"))
        for entry in trusted
        if "*" in entry
        for entry_scheme, entry_netloc in [urlsplit(entry)[:2]]
        if entry_scheme == parsed.scheme
    )


class ExactOriginValidator:
    """ASGI middleware for the websocket router: refuses (HTTP 403) a foreign Origin."""

    def __init__(self, application: ASGIApp) -> None:
        self.application = application

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> Any:
        if scope["type"] != "websocket":
            raise ValueError("ExactOriginValidator guards websocket connections only")
        if origin_allowed(scope):
            return await self.application(scope, receive, send)
        # Checked above: a websocket scope (this validator's scopes are plain dicts).
        return await WebsocketDenier.as_asgi()(cast(WebSocketScope, scope), receive, send)
