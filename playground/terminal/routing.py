"""Websocket URL routes; the echo route exists only for the benchmark."""

from __future__ import annotations

from django.conf import settings
from django.urls import path

from playground.terminal.consumers import EchoConsumer, TerminalConsumer

websocket_urlpatterns = [path("ws/terminal/", TerminalConsumer.as_asgi())]
if settings.TERMINAL_ECHO_ROUTE:
    websocket_urlpatterns.append(path("ws/echo/", EchoConsumer.as_asgi()))
