"""jobs.py on a real Redis: claims against cancels, the heartbeat's lease and stop flags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import pytest
import redis
import redis.asyncio as aioredis

from playground.sim.shell.io import Io
from playground.sim.shell.runner import Shell
from playground.terminal import jobs
from scripts.stack import wait_for

LEASE_MS = 300


@pytest.fixture
def client(redis_server: str) -> Iterator[redis.Redis]:
    conn = redis.Redis.from_url(redis_server.replace("/0", "/8"), decode_responses=True)
    conn.flushdb()
    yield conn
    conn.flushdb()


@pytest.fixture
async def board(client: redis.Redis) -> jobs.JobBoard:
    url = f"redis://127.0.0.1:{client.connection_pool.connection_kwargs['port']}/8"
    return jobs.JobBoard(aioredis.Redis.from_url(url, decode_responses=True))


async def test_a_cancelled_job_is_never_claimed(client: redis.Redis, board: jobs.JobBoard) -> None:
    assert await board.cancel_if_queued(owner="o", job="early") is True
    with jobs.claimed(client, "early", "o", lease_ms=LEASE_MS) as mine:
        assert mine is False
    assert client.get(jobs.job_key("early")) == jobs.CANCELLED


async def test_a_claimed_job_cannot_be_cancelled_or_claimed_twice(
    client: redis.Redis, board: jobs.JobBoard
) -> None:
    with jobs.claimed(client, "taken", "o", lease_ms=LEASE_MS) as mine:
        assert mine is True
        assert await board.cancel_if_queued(owner="o", job="taken") is False
        with jobs.claimed(client, "taken", "o", lease_ms=LEASE_MS) as again:
            assert again is False  # the same message delivered twice runs once
        assert (await board.states(["taken"]))["taken"] == jobs.RUNNING
    assert (await board.states(["taken"]))["taken"] == jobs.FINISHED


async def test_a_lapsed_lease_reads_as_lost(client: redis.Redis, board: jobs.JobBoard) -> None:
    client.set(jobs.job_key("dead"), jobs.RUNNING)  # claimed by a worker that left no lease
    assert await board.states(["dead", "never"]) == {"dead": jobs.LOST, "never": jobs.QUEUED}


def _pttl(client: redis.Redis, key: str) -> int:
    # redis-py annotates its sync and asyncio clients' replies as one type (Awaitable | Any).
    return cast(int, client.pttl(key))


def test_heartbeat_renews_the_lease_and_outlives_a_stop(client: redis.Redis) -> None:
    with jobs.claimed(client, "first", None, lease_ms=LEASE_MS):
        client.set(jobs.stop_key("first"), "1")
        wait_for(jobs.stop_requested, 10, "the heartbeat to see the stop flag")
    assert not jobs.stop_requested()
    # The next job of this process still gets its lease renewed (the heartbeat lives on).
    with jobs.claimed(client, "second", None, lease_ms=LEASE_MS):
        lease = jobs.lease_key("second")
        # Renewed every third of the lease, it swings between 2/3 and all of it, never lapsing.
        wait_for(lambda: 0 < _pttl(client, lease) < LEASE_MS * 0.85, 10, "the lease to run down")
        wait_for(lambda: _pttl(client, lease) > LEASE_MS * 0.95, 10, "the heartbeat to renew it")
        assert not jobs.stop_requested()
    assert client.exists(lease) == 0


async def test_commands_past_the_fair_share_wait_behind_other_learners(
    client: redis.Redis, board: jobs.JobBoard
) -> None:
    async def admit(owner: str, job: str) -> bool:
        return await board.admit_and_push(
            owner=owner, job=job, queue="q", message=job, limit=16, stale_seconds=120,
            low_after=2,
        )  # fmt: skip

    for n in range(4):
        assert await admit("hostile", f"h{n}")
    assert await admit("other", "o0")
    # Workers take the tail of "q" first, then of its low-priority list.
    assert client.lrange("q", 0, -1) == ["o0", "h1", "h0"]
    assert client.lrange(jobs.low_queue_key("q"), 0, -1) == ["h3", "h2"]
    assert await board.commands_ahead(queue="q", message="o0") == 2
    assert await board.commands_ahead(queue="q", message="h2") == 3
    assert await board.commands_ahead(queue="q", message="h3") == 4
    assert await board.commands_ahead(queue="q", message="gone") is None


class _Clock:
    """The job's run time, moved by the test: the stop check's throttle without waiting."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_stop_flag_is_read_from_redis_at_most_once_per_interval(client: redis.Redis) -> None:
    clock = _Clock()
    # a lease of 10 minutes: its heartbeat beats every 200 s, so only the direct read sees a stop
    with jobs.claimed(client, "asked", None, lease_ms=600_000, stop_check_seconds=0.05,
                      clock=clock):
        assert not jobs.stop_requested()  # the claim found no flag; Redis is not asked yet
        client.set(jobs.stop_key("asked"), "1")
        clock.now += 0.01
        assert not jobs.stop_requested()  # within the interval: Redis is not asked
        clock.now += 0.05
        assert jobs.stop_requested()  # the interval passed: read from Redis, and kept
        client.delete(jobs.stop_key("asked"))
        assert jobs.stop_requested()
    assert not jobs.stop_requested()  # no job: nothing to stop


def test_a_stop_set_before_the_claim_is_seen_at_once(client: redis.Redis) -> None:
    client.set(jobs.stop_key("early"), "1")
    with jobs.claimed(client, "early", None, lease_ms=600_000, stop_check_seconds=60.0,
                      clock=_Clock()):
        assert jobs.stop_requested()  # told by the claim itself, with no further question


def test_a_line_runs_no_further_command_once_its_stop_is_seen(client: redis.Redis) -> None:
    """The shell asks before every pipeline stage: the Ctrl-C pressed during the second command
    is seen before the third, the line ends with 130 and nothing after it runs."""
    clock = _Clock()
    ran: list[str] = []

    def work(argv: list[str], stdin: str | None, io: Io) -> int:
        ran.append(argv[1])
        if argv[1] == "2":  # Ctrl-C while this command runs, which takes longer than a check
            client.set(jobs.stop_key("line"), "1")
            clock.now += 0.06
        return 0

    files: dict[str, str] = {}
    shell = Shell(files, {}, {"work": work}, stop=jobs.stop_requested)
    with jobs.claimed(client, "line", None, lease_ms=600_000, stop_check_seconds=0.05,
                      clock=clock):
        status = shell.run("work 1; work 2 | work 3; work 4 && work 5", Io())
    assert (status, shell.interrupted, ran) == (130, True, ["1", "2"])
