"""The page's terminal size reaches a tty session's programs: a ``run`` task carrying the
tab's size (as the socket sends it after a ``resize`` frame) through the worker, the store and
the simulator (a real Redis)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from playground.terminal import services, tasks
from playground.terminal.outbox import stream_key


@pytest.fixture
def conn(redis_server: str, settings: Any) -> Iterator[Any]:
    settings.REDIS_URL = redis_server.replace("/0", "/6")
    for cached in (services._redis, services.sandbox_store, services.output_publisher):
        cached.cache_clear()
    plain = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    plain.flushdb()
    yield plain
    plain.flushdb()
    for cached in (services._redis, services.sandbox_store, services.output_publisher):
        cached.cache_clear()


def output_of(conn: Any, cmd_id: int) -> str:
    frames = [json.loads(entry[1]["f"]) for entry in conn.xrange(stream_key("sb"))]
    return "".join(f["data"] for f in frames if f["type"] == "output" and f["id"] == cmd_id)


def run(line: str, cmd_id: int, size: list[int] | None = None) -> None:
    tasks.sandbox_run_command.run(sandbox_id="sb", client="c1", tab="1", cmd_id=cmd_id,
                                  line=line, job=f"j{cmd_id}", owner="o", size=size)


def test_ls_in_an_exec_tty_session_fills_the_pages_width(conn: Any) -> None:
    run("kubectl run web --image=nginx", 1, [100, 30])
    run("skip 1m", 2)
    run("kubectl exec -it web -- bash", 3, [40, 30])
    run("ls /", 4)  # no size with this run: the tab's last one holds
    narrow = output_of(conn, 4).splitlines()
    assert len(narrow) > 3 and max(map(len, narrow)) < 40
    run("ls /", 5, [200, 30])  # the window grew
    assert output_of(conn, 5).count("\n") == 1
