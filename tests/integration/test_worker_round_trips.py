"""How many round trips to Redis a worker makes per command (a real Redis, the real simulator).

Every round trip is worker CPU and a wait for the reply (docs/ARCHITECTURE.md, "Measured
here"): the claim carries the sandbox's read, and the save, the frames and the job's end go in
one script. These tests count what the worker's thread sends, so a change that adds a trip back
shows up here rather than as a slower benchmark.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from redis.connection import Connection

from playground.terminal import jobs, services, tasks
from playground.terminal.outbox import stream_key


class CountingConnection(Connection):
    """Counts the packets the test's own thread sends (the heartbeat thread's are not ours)."""

    sent: dict[int, int] = {}

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        me = threading.get_ident()
        CountingConnection.sent[me] = CountingConnection.sent.get(me, 0) + 1
        super().send_packed_command(command, check_health)


def _caches() -> tuple[Any, ...]:
    return (services._redis, services.sandbox_store, services.output_publisher)


# Typed Any: redis-py annotates its sync client's replies as Awaitable too.
@pytest.fixture
def conn(redis_server: str, settings: Any) -> Iterator[Any]:
    settings.REDIS_URL = redis_server.replace("/0", "/5")
    # A slow machine must not make the stop flag's own question (jobs._Stop) count here.
    settings.TERMINAL_STOP_CHECK_SECONDS = 3600.0
    for cached in _caches():
        cached.cache_clear()
    # Every connection the worker's client opens from now on counts what it sends.
    services._redis().connection_pool.connection_class = CountingConnection
    plain = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    plain.flushdb()
    # The process's lease heartbeat is made by the first claim, on that claim's client: ours
    # must neither be an earlier test's nor outlive this one (the thread idles once dropped).
    jobs._heartbeats.pop(os.getpid(), None)
    yield plain
    jobs._heartbeats.pop(os.getpid(), None)
    plain.flushdb()
    for cached in _caches():
        cached.cache_clear()


def run(line: str, cmd_id: int, job: str) -> int:
    """Run ``line`` as the Celery task does; the round trips it cost."""
    me = threading.get_ident()
    before = CountingConnection.sent.get(me, 0)
    tasks.sandbox_run_command.run(sandbox_id="sb", client="c1", tab="1", cmd_id=cmd_id,
                                  line=line, job=job, owner="o")
    return CountingConnection.sent.get(me, 0) - before


def last_frame(conn: Any) -> dict[str, Any]:
    entries = conn.xrange(stream_key("sb"))
    return dict(json.loads(entries[-1][1]["f"]))


def test_a_read_only_command_costs_two_round_trips(conn: Any) -> None:
    run("kubectl get pods", 1, "warm")  # the first one creates the sandbox
    assert run("kubectl get pods", 2, "j2") == 2  # claim + read; save + frames + finish
    assert last_frame(conn) == {"type": "done", "tab": "1", "id": 2, "exit": 0, "prompt": None}
    assert conn.get(jobs.job_key("j2")) == jobs.FINISHED
    assert not conn.exists(jobs.lease_key("j2"))
    assert conn.zscore(jobs.owner_queue_key("o"), "j2") is None
    assert conn.lrange("sandbox:sb:history", 0, -1) == ['"kubectl get pods"'] * 2


def test_a_command_that_changes_the_sandbox_costs_two_round_trips(conn: Any) -> None:
    run("kubectl get pods", 1, "warm")
    rev = int(conn.hget("sandbox:sb:state", "rev") or 0)
    assert run("kubectl run web --image=nginx", 2, "j2") == 2
    assert int(conn.hget("sandbox:sb:state", "rev") or 0) == rev + 1
    assert last_frame(conn)["type"] == "done"
    assert conn.get(jobs.job_key("j2")) == jobs.FINISHED


def test_a_cancelled_job_reads_nothing_more_and_publishes_nothing(conn: Any) -> None:
    run("kubectl get pods", 1, "warm")
    seen = len(conn.xrange(stream_key("sb")))
    conn.set(jobs.job_key("gone"), jobs.CANCELLED)
    conn.zadd(jobs.owner_queue_key("o"), {"gone": 1})
    assert run("kubectl run web --image=nginx", 2, "gone") == 2  # claim + read, then the zrem
    assert len(conn.xrange(stream_key("sb"))) == seen
    assert conn.zscore(jobs.owner_queue_key("o"), "gone") is None
    assert conn.get(jobs.job_key("gone")) == jobs.CANCELLED


def test_a_save_that_loses_the_race_sends_its_frames_once_after_the_retry(
    conn: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("kubectl get pods", 1, "warm")
    store = services.sandbox_store()
    commit = store.commit
    raced: list[bool] = []

    def racing_commit(*args: Any, **kwargs: Any) -> bool:
        if not raced:  # another tab saves between our read and our save
            raced.append(True)
            conn.hincrby("sandbox:sb:state", "rev", 1)
        return commit(*args, **kwargs)

    monkeypatch.setattr(store, "commit", racing_commit)
    seen = len(conn.xrange(stream_key("sb")))
    run("kubectl run web --image=nginx", 2, "j2")
    frames = [json.loads(fields["f"]) for _, fields in conn.xrange(stream_key("sb"))][seen:]
    assert [frame["type"] for frame in frames] == ["output", "done"]  # once, from the retry
    assert conn.get(jobs.job_key("j2")) == jobs.FINISHED
    state = store.load("sb")
    assert state is not None and any(key.endswith("/web") for key in state["cluster"]["pods"])
