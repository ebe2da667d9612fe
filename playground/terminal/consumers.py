"""Websocket consumers: the terminal (thin adapter over TerminalConnection) and a bench echo."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import parse_qs

from asgiref.typing import WebSocketReceiveEvent
from channels.generic.websocket import AsyncWebsocketConsumer

from playground.terminal.connection import ClientGone, TerminalConnection
from playground.terminal.services import sandbox_id_for_token
from playground.terminal.wire import dumps

log = logging.getLogger(__name__)

CLOSE_NO_SESSION = 4401  # no session or no sandbox (or not yours): load a lesson page first
CLOSE_TOO_MANY = 4429  # the owner has TERMINAL_MAX_SOCKETS_PER_OWNER sockets open (told first)


def owner_of(scope: Mapping[str, Any], sandbox_id: str) -> str:
    """Whose budget a socket spends: the logged-in user, else the browser session."""
    user = scope.get("user")
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    session = scope.get("session")
    key = session.session_key if session is not None else None
    return f"session:{key}" if key else f"sandbox:{sandbox_id}"


class TerminalConsumer(AsyncWebsocketConsumer):
    """``/ws/terminal/?client=<id>&since=<seq>``: both optional; they let a reconnect resume.
    ``?sandbox=<token>`` picks a page's own sandbox (an exercise's, a lesson's) of its owner."""

    connection: TerminalConnection | None = None

    async def connect(self) -> None:
        session = self.scope.get("session")
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("sandbox") or [""])[0]
        if token:
            # A page's own sandbox (an exercise's, a lesson's): accepted only from its owner.
            sandbox_id = await sandbox_id_for_token(
                user=self.scope.get("user"), token=token, session=session
            )
        else:
            # aget: the session loads lazily from the database; it must not block the loop.
            sandbox_id = await session.aget("sandbox_id") if session is not None else None
        if not sandbox_id:
            await self.close(code=CLOSE_NO_SESSION)
            return
        client = (query.get("client") or [""])[0][:64] or secrets.token_hex(8)
        since_text = (query.get("since") or [""])[0]
        since = int(since_text) if since_text.isdigit() else None
        owner = owner_of(self.scope, sandbox_id)
        self.connection = TerminalConnection(
            sandbox_id=sandbox_id, client=client, send=self._send, owner=owner
        )
        await self.accept()
        if not await self.connection.open(since):
            await self.close(code=CLOSE_TOO_MANY)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every message it dispatches, which
        # costs a hop to the sync thread per frame (a quarter of the web process's CPU under a
        # class's load). A terminal frame never touches the database (Redis only), so frames go
        # straight to their handler; connect and disconnect keep Channels' clean-up.
        if message["type"] == "websocket.receive":
            await self.websocket_receive(cast(WebSocketReceiveEvent, message))
            return
        await super().dispatch(message)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.connection is not None:
            await self.connection.receive(text_data, bytes_data)

    async def disconnect(self, code: int) -> None:
        if self.connection is not None:
            await self.connection.close()

    async def _send(self, frame: dict[str, Any]) -> None:
        try:
            await self.send(text_data=dumps(frame))
        except OSError as gone:  # uvicorn's ClientDisconnected: the client closed meanwhile
            raise ClientGone from gone


class EchoConsumer(AsyncWebsocketConsumer):
    """Plain Channels echo, routed only when TERMINAL_ECHO_ROUTE is on (the benchmark's floor)."""

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.send(text_data=text_data, bytes_data=bytes_data)
