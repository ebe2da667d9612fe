"""The output stream's budgets on a real Redis: bytes and entries per sandbox, small frames kept
past the byte budget, a shorter life than the sandbox, and the gap a reader is told about."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from playground.output_stream import (
    BROADCAST,
    OutputPublisher,
    bytes_key,
    file_change_frames,
    files_frames,
    seq_key,
    stream_key,
)
from playground.terminal import protocol
from playground.terminal.outbox import Subscription


@pytest.fixture
def client(redis_server: str) -> Iterator[Any]:  # redis-py's sync/async union types
    conn = redis.Redis.from_url(redis_server.replace("/0", "/4"), decode_responses=True)
    conn.flushdb()
    yield conn
    conn.flushdb()


def _big(n: int, size: int = 10_000) -> dict[str, Any]:
    return {"type": "output", "tab": "1", "id": n, "stream": "out", "data": "x" * size}


def _done(n: int) -> dict[str, Any]:
    return {"type": "done", "tab": "1", "id": n, "exit": 0, "prompt": None}


def test_stream_keeps_at_most_its_byte_budget_of_large_frames(client: Any) -> None:
    publisher = OutputPublisher(client, maxlen=1000, max_bytes=50_000, ttl_seconds=60)
    for n in range(1, 41):  # 40 commands of 10 KB each: 400 KB written, 50 KB kept
        publisher.publish("sb", "c", [_big(n), _done(n)])
    kept = client.xrange(stream_key("sb"))
    large = [fields for _, fields in kept if '"output"' in fields["f"]]
    assert len(large) == 4  # the newest ones that fit the budget
    assert int(client.get(bytes_key("sb")) or 0) <= 50_000
    # Every small `done` is still there: no command loses its answer to a flood of output.
    dones = [fields for _, fields in kept if '"done"' in fields["f"]]
    assert len(dones) == 40
    assert client.get(seq_key("sb")) == "80"


def test_a_batch_larger_than_the_budget_is_kept_whole(client: Any) -> None:
    publisher = OutputPublisher(client, maxlen=1000, max_bytes=5_000, ttl_seconds=60)
    publisher.publish("sb", "c", [_big(1), _done(1)])
    publisher.publish("sb", "c", [_big(2), _big(3), _done(3)])
    ids = [entry_id for entry_id, _ in client.xrange(stream_key("sb"))]
    assert ids == ["2-0", "3-0", "4-0", "5-0"]  # the older large frame went, this batch stayed


def test_stream_keeps_at_most_maxlen_entries(client: Any) -> None:
    publisher = OutputPublisher(client, maxlen=10, max_bytes=1 << 20, ttl_seconds=60)
    for n in range(1, 26):
        publisher.publish("sb", BROADCAST, [_done(n)])
    assert client.xlen(stream_key("sb")) == 10


def test_stream_expires_before_the_sequence_it_numbers(client: Any) -> None:
    publisher = OutputPublisher(
        client, maxlen=10, max_bytes=1 << 20, ttl_seconds=60, seq_ttl_seconds=86_400
    )
    publisher.publish("sb", "c", [_big(1)])
    assert 0 < client.ttl(stream_key("sb")) <= 60
    assert 0 < client.ttl(bytes_key("sb")) <= 60
    assert 60 < client.ttl(seq_key("sb")) <= 86_400


async def test_reader_of_a_trimmed_stream_is_told_and_gets_every_answer(
    client: Any,
) -> None:
    publisher = OutputPublisher(client, maxlen=1000, max_bytes=25_000, ttl_seconds=60)
    for n in range(1, 11):
        publisher.publish("sb", "c", [_big(n), _done(n)])
    sub = Subscription("sb", "c", 0)
    entries = [(int(i.split("-")[0]), f) for i, f in client.xrange(stream_key("sb"))]
    sub.finish_catch_up(entries)
    frames = []
    while not sub.queue.empty():
        frames.append(await asyncio.wait_for(sub.queue.get(), 1))
    assert frames[0] == {"type": "error", "code": "output_cut", "message": protocol.OUTPUT_CUT}
    assert [f["id"] for f in frames if f["type"] == "done"] == list(range(1, 11))


def test_file_frames_say_only_what_changed() -> None:
    before = {"a.yaml": "a", "b.yaml": "b", "c.yaml": "c"}
    after = {"a.yaml": "a", "b.yaml": "B", "d.yaml": "d"}
    assert file_change_frames(before, after) == [
        {"type": "file", "name": "b.yaml", "content": "B"},
        {"type": "file", "name": "d.yaml", "content": "d"},
        {"type": "file.deleted", "name": "c.yaml"},
    ]
    assert files_frames({"b": "2", "a": "1"}) == [
        {"type": "files", "names": ["a", "b"]},
        {"type": "file", "name": "a", "content": "1"},
        {"type": "file", "name": "b", "content": "2"},
    ]
