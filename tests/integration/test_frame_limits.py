"""Every frame gets an answer or a clear close, whatever its size or encoding (PROTOCOL.md), and
no frame the server sends is bigger than one file, however many files the sandbox holds."""

from __future__ import annotations

import json

import pytest
from websockets.exceptions import ConnectionClosed

from playground.terminal.protocol import INVALID_UTF8
from scripts.stack import WS_MAX_BYTES
from tests.integration.wsclient import frames_until, new_session, next_frame, open_socket, run_line

MIB = 1 << 20


async def test_frame_over_one_mib_gets_an_error_and_the_socket_stays_usable(
    live_stack: str,
) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    content = "x" * (2 * MIB)
    await ws.send(json.dumps({"type": "file.save", "name": "big.yaml", "content": content}))
    error = await next_frame(ws)
    assert error["type"] == "error"
    assert error["message"].startswith("frame too large: the limit is ")
    assert (await run_line(ws, "1", 1, "echo still here"))[-1]["exit"] == 0
    await ws.close()


async def test_frame_over_the_server_ceiling_closes_with_message_too_big(
    live_stack: str,
) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    await ws.send("x" * (WS_MAX_BYTES + 1))
    with pytest.raises(ConnectionClosed):
        await next_frame(ws)
    assert ws.close_code == 1009  # RFC 6455 "message too big"
    assert ws.close_reason


async def test_invalid_utf8_closes_with_invalid_data(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    # A text frame whose bytes are not UTF-8: what no browser sends, only a hand-made client.
    await ws.send(b'{"type": "sync", "x": "\xff\xfe"}', text=True)
    told = await next_frame(ws)
    assert told == {"type": "error", "code": "invalid_utf8", "message": INVALID_UTF8}
    with pytest.raises(ConnectionClosed):
        await next_frame(ws)
    assert ws.close_code == 1007  # RFC 6455 "invalid frame payload data"
    assert ws.close_reason == "text frame is not valid UTF-8"


async def test_files_over_one_mib_load_one_file_per_frame(live_stack: str) -> None:
    cookie = new_session(live_stack)
    writer = await open_socket(live_stack, cookie)
    names = [f"f{n}.yaml" for n in range(6)]
    for name in names:  # 6 × 250 KiB: 1.5 MiB in all, each file under the 256 KiB limit
        content = f"# {name}\n" + "a" * (250 * 1024)
        await writer.send(json.dumps({"type": "file.save", "name": name, "content": content}))
        await frames_until(writer, lambda f, name=name: f.get("name") == name)
    await writer.close()

    reader = await open_socket(live_stack, cookie)
    await reader.send(json.dumps({"type": "sync"}))
    sizes: dict[str, int] = {}
    listing = None
    while len(sizes) < len(names):
        raw = await reader.recv()
        assert len(raw) < MIB
        frame = json.loads(raw)
        if frame["type"] == "files":
            listing = frame["names"]
        elif frame["type"] == "file":
            sizes[frame["name"]] = len(frame["content"])
    assert listing == names
    assert sizes == {name: len(f"# {name}\n") + 250 * 1024 for name in names}
    await reader.close()
