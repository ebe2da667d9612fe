"""A small websocket client for integration tests: sessions, connecting, and waiting for frames."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

TIMEOUT = 30.0  # seconds a test waits for the frames it expects before failing


def new_session(base_url: str, lang: str = "en") -> str:
    """Load a lesson page like a browser does; returns the Cookie header of the new session."""
    with urllib.request.urlopen(f"{base_url}/?lang={lang}", timeout=10) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    pairs = [c.split(";", 1)[0] for c in cookies if c.startswith("sessionid=")]
    assert pairs, f"no session cookie in {cookies}"
    return pairs[0]


async def open_socket(
    base_url: str, cookie: str | None, *, origin: str | None = None, query: str = ""
) -> ClientConnection:
    url = base_url.replace("http://", "ws://") + "/ws/terminal/" + (f"?{query}" if query else "")
    headers = {"Cookie": cookie} if cookie else {}
    return await connect(
        url,
        additional_headers=headers,
        origin=Origin(origin or base_url),
        max_size=None,
        open_timeout=TIMEOUT,
    )


async def next_frame(ws: ClientConnection, timeout: float = TIMEOUT) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def frames_until(
    ws: ClientConnection, done: Any, timeout: float = TIMEOUT
) -> list[dict[str, Any]]:
    """Collect frames until ``done(frame)`` is true for one (included); fail at the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    frames = []
    while True:
        frame = await next_frame(ws, max(0.01, deadline - loop.time()))
        frames.append(frame)
        if done(frame):
            return frames


async def run_line(ws: ClientConnection, tab: str, cmd_id: int, line: str) -> list[dict[str, Any]]:
    await ws.send(json.dumps({"type": "run", "tab": tab, "id": cmd_id, "line": line}))
    return await frames_until(
        ws, lambda f: f["type"] == "done" and f["tab"] == tab and f["id"] == cmd_id
    )


def text_of(frames: list[dict[str, Any]]) -> str:
    return "".join(f["data"] for f in frames if f["type"] == "output")
