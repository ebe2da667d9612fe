"""The terminal consumer hands frames straight to its connection: a frame never touches the
database, so it skips Channels' per-message clean-up of database connections (a hop to the sync
thread); connect and disconnect keep it."""

from __future__ import annotations

from typing import Any

import pytest
from channels import consumer as channels_consumer
from channels.exceptions import StopConsumer

from playground.terminal.consumers import TerminalConsumer


class _Recorder:
    def __init__(self) -> None:
        self.frames: list[Any] = []
        self.closed = False

    async def receive(self, text: str | None, data: bytes | None) -> None:
        self.frames.append(text if text is not None else data)

    async def close(self) -> None:
        self.closed = True


@pytest.fixture
def cleanups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    async def counted() -> None:
        calls.append(1)

    monkeypatch.setattr(channels_consumer, "aclose_old_connections", counted)
    return calls


async def test_frames_reach_the_connection_without_a_database_clean_up(
    cleanups: list[int],
) -> None:
    consumer = TerminalConsumer()
    consumer.connection = recorder = _Recorder()  # type: ignore[assignment]
    await consumer.dispatch({"type": "websocket.receive", "text": '{"type": "sync"}'})
    await consumer.dispatch({"type": "websocket.receive", "bytes": b"\x00"})
    assert recorder.frames == ['{"type": "sync"}', b"\x00"]
    assert cleanups == []


async def test_disconnect_still_gets_channels_clean_up(cleanups: list[int]) -> None:
    consumer = TerminalConsumer()
    consumer.connection = recorder = _Recorder()  # type: ignore[assignment]
    with pytest.raises(StopConsumer):  # how Channels ends a consumer after disconnect
        await consumer.dispatch({"type": "websocket.disconnect", "code": 1000})
    assert recorder.closed and cleanups == [1]
