"""Websocket URL routes; the echo route exists only for the benchmark."""

from __future__ import annotations

from django.conf import settings
from django.urls import path

from playground.terminal.consumers import EchoConsumer, TerminalConsumer

# django-stubs types path() for HTTP views only; routing consumers through it is Channels'
# documented use, which its stubs cannot express (hence the arg-type ignores).
websocket_urlpatterns = [path("ws/terminal/", TerminalConsumer.as_asgi())]  # type: ignore[arg-type]
if settings.TERMINAL_ECHO_ROUTE:
    websocket_urlpatterns.append(
        path("ws/echo/", EchoConsumer.as_asgi()))  # type: ignore[arg-type]
