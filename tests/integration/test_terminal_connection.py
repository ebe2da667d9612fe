"""TerminalConnection on its own: busy tabs, wake-ups and rate limits, with Celery stubbed out."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from playground.terminal import connection as connection_module
from playground.terminal import protocol, tasks
from playground.terminal.connection import TerminalConnection


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    calls: list[tuple[str, dict[str, Any]]] = []

    async def fake_enqueue(
        task: Any, *, owner: str, job: str, limit: int, low_after: int = 0, **kwargs: Any
    ) -> str:
        calls.append((task.name, kwargs))
        return "message"

    monkeypatch.setattr(connection_module.services, "task_enqueue_admitted", fake_enqueue)
    return calls


def make_connection() -> tuple[TerminalConnection, list[dict[str, Any]]]:
    sent: list[dict[str, Any]] = []

    async def send(frame: dict[str, Any]) -> None:
        sent.append(frame)

    return TerminalConnection(sandbox_id="sb", client="c1", send=send), sent


RUN = '{"type": "run", "tab": "1", "id": %d, "line": "kubectl get pods -w"}'


async def test_run_in_busy_tab_answers_busy_error(enqueued: list) -> None:
    conn, sent = make_connection()
    await conn.receive(RUN % 1, None)
    await conn.receive(RUN % 2, None)
    assert [name for name, _ in enqueued] == [tasks.sandbox_run_command.name]
    assert sent == [
        {"type": "error", "message": protocol.BUSY, "code": "busy", "tab": "1", "id": 2}
    ]


async def test_done_frees_the_tab(enqueued: list) -> None:
    conn, sent = make_connection()
    await conn.receive(RUN % 1, None)
    await conn._forward({"type": "done", "tab": "1", "id": 1, "exit": 0, "prompt": None})
    await conn.receive(RUN % 2, None)
    assert len(enqueued) == 2
    assert sent[0]["type"] == "done"


async def test_wake_frame_schedules_resume_and_is_not_forwarded(enqueued: list) -> None:
    conn, sent = make_connection()
    await conn.receive(RUN % 1, None)
    await conn._forward({"type": "_wake", "tab": "1", "id": 1, "at": 0.0})  # due at once
    deadline = asyncio.get_running_loop().time() + 5
    while len(enqueued) < 2 and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.01)
    assert enqueued[1] == (
        tasks.sandbox_resume_command.name,
        {"sandbox_id": "sb", "client": "c1", "lang": "en", "tab": "1", "cmd_id": 1},
    )
    assert sent == []
    await conn.receive(RUN % 2, None)
    assert sent[-1]["message"] == protocol.BUSY  # still running until its done frame


async def test_interrupt_cancels_pending_resume(enqueued: list) -> None:
    conn, _ = make_connection()
    await conn.receive(RUN % 1, None)
    await conn._forward({"type": "_wake", "tab": "1", "id": 1, "at": 4e9})
    await conn.receive('{"type": "interrupt", "tab": "1"}', None)
    assert conn.timers == {}
    assert enqueued[-1][0] == tasks.sandbox_interrupt_command.name
    assert enqueued[-1][1]["cmd_id"] == 1


async def test_flood_beyond_burst_is_rate_limited(enqueued: list, settings: Any) -> None:
    settings.TERMINAL_RATE_BURST = 3
    settings.TERMINAL_RATE_PER_SECOND = 0.001
    conn, sent = make_connection()
    for n in range(5):
        await conn.receive(f'{{"type": "run", "tab": "t{n}", "id": {n}, "line": "x"}}', None)
    assert len(enqueued) == 3
    assert sent == [
        {"type": "error", "message": protocol.RATE_LIMITED, "code": "rate_limited", "tab": "t3",
         "id": 3},
        {"type": "error", "message": protocol.RATE_LIMITED, "code": "rate_limited", "tab": "t4",
         "id": 4},
    ]


async def test_resize_travels_with_the_tabs_next_run(enqueued: list) -> None:
    conn, sent = make_connection()
    await conn.receive('{"type": "resize", "tab": "1", "cols": 120, "rows": 40}', None)
    await conn.receive('{"type": "resize", "tab": "2", "cols": 60, "rows": 20}', None)
    await conn.receive(RUN % 1, None)
    assert enqueued[0][1]["size"] == [120, 40]
    assert sent == []  # a resize is not answered and queues nothing


async def test_run_before_any_resize_carries_no_size(enqueued: list) -> None:
    conn, _ = make_connection()
    await conn.receive(RUN % 1, None)
    assert "size" not in enqueued[0][1]


@pytest.mark.parametrize("frame", [
    '{"type": "resize", "tab": "1", "cols": 0, "rows": 24}',
    '{"type": "resize", "tab": "1", "cols": 80, "rows": 100000}',
    '{"type": "resize", "tab": "1", "cols": "80", "rows": 24}',
    '{"type": "resize", "tab": "1", "cols": true, "rows": 24}',
])
async def test_bad_resize_is_refused_clearly(enqueued: list, frame: str) -> None:
    conn, sent = make_connection()
    await conn.receive(frame, None)
    assert sent[0]["type"] == "error" and "resize" in sent[0]["message"]
    assert conn.sizes == {}
