"""Tasks in flight, seen from both ends: fair admission, a worker's lease, and what became of a job.

Every task a socket queues is a *job* with a random id. The socket admits it against its owner's
budget (a user or a session, across all their sockets and Daphne processes) and pushes the Celery
message in the same Redis script, so a full budget never leaves a message behind. A worker
*claims* the job before running it and holds a short *lease* that a heartbeat thread keeps
renewing while the command runs; when it is done it marks the job finished. So the socket can
tell, for a command that has not answered yet:

- no state: still queued behind others (the learner is told when that lasts);
- ``running`` with a live lease: a worker is on it;
- ``running`` with the lease gone: the worker died mid-command (the store's compare-and-set
  means the sandbox holds the state from before or after that command, never half of it);
- ``finished``: its frames are on their way;
- ``cancelled``: the socket gave up on it (Ctrl-C, or queued too long) before any worker claimed
  it; a worker that takes the message later skips it, so it can never answer twice.

Claiming and cancelling are both ``SET NX`` on one key, so exactly one of them wins. Ctrl-C on
a job a worker already runs sets its *stop* flag instead. The simulator asks ``stop_requested``
between the stages of every pipeline; that asks Redis itself, at most once per
``stop_check_seconds`` of the job's run (one EXISTS, ~0.1 ms), so a stop is seen within that
time plus one stage, and the line ends there. The heartbeat sees the flag too, a third of the
lease at the latest, for a job whose stages are so long that nothing asks in between.

The claim and the end are Lua scripts the worker sends with calls it makes anyway (``claim``'s
``along``: the sandbox's read; ``Claim.finish``: sent with the command's frames), so the job
costs no round trip of its own (playground/redis_scripts.py).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from playground.redis_scripts import ScriptCall, call_scripts

log = logging.getLogger(__name__)

QUEUED = "queued"
RUNNING = "running"
LOST = "lost"
FINISHED = "finished"
CANCELLED = "cancelled"

# How long a job's final state is kept: long enough for any socket to read it.
STATE_TTL_SECONDS = 600


def new_job_id() -> str:
    return uuid.uuid4().hex


def job_key(job: str) -> str:
    return f"job:{job}"


def lease_key(job: str) -> str:
    return f"job:{job}:lease"


def stop_key(job: str) -> str:
    return f"job:{job}:stop"


def owner_queue_key(owner: str) -> str:
    """Jobs of one owner not finished yet (scored by admission time)."""
    return f"owner:{owner}:jobs"


def owner_sockets_key(owner: str) -> str:
    """Open sockets of one owner (scored by when their registration expires)."""
    return f"owner:{owner}:sockets"


def low_queue_key(queue: str) -> str:
    """The list kombu's Redis transport polls after ``queue`` (its priority-9 list: workers BRPOP
    ``celery``, then ``celery\x06\x163``, ``…6``, ``…9``): where an owner's commands past their
    fair share wait, behind every other learner's."""
    return f"{queue}\x06\x169"


# ----- socket side (redis.asyncio client) -----

# KEYS: owner jobs zset, celery queue list, its low-priority list. ARGV: job, limit (0: no
# limit), stale seconds, message ('' pushes nothing: the caller sends the message itself,
# TERMINAL_ENQUEUE=thread), low_after (0: never; else with this many of the owner's jobs
# unfinished the message goes to the low-priority list). Returns 0 (refused), 1 or 2 (low).
# Redis' own clock scores the entries, so Daphne hosts with skewed clocks agree.
_ADMIT_AND_PUSH = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
local limit = tonumber(ARGV[2])
local unfinished = redis.call('ZCARD', KEYS[1])
if limit > 0 and unfinished >= limit then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
if ARGV[4] == '' then return 1 end
local low_after = tonumber(ARGV[5])
if low_after > 0 and unfinished >= low_after then
  redis.call('LPUSH', KEYS[3], ARGV[4])
  return 2
end
redis.call('LPUSH', KEYS[2], ARGV[4])
return 1
"""

# KEYS: owner sockets zset. ARGV: socket id, limit, lease seconds. Registers or refreshes.
_REGISTER_SOCKET = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local known = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not known and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


class JobBoard:
    """The socket side's calls, on one redis.asyncio client (scripts registered once)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._admit = client.register_script(_ADMIT_AND_PUSH)
        self._register = client.register_script(_REGISTER_SOCKET)

    async def admit_and_push(
        self,
        *,
        owner: str,
        job: str,
        queue: str,
        message: str,
        limit: int,
        stale_seconds: int,
        low_after: int = 0,
    ) -> bool:
        """Count ``job`` against ``owner`` and push its Celery message; False if over ``limit``.
        With ``low_after`` of the owner's jobs unfinished already, the message waits in the
        low-priority list: one learner's burst of commands queues behind everyone else's."""
        keys = [owner_queue_key(owner), queue, low_queue_key(queue)]
        args = [job, limit, stale_seconds, message, low_after]
        return bool(await self._admit(keys=keys, args=args))

    async def register_socket(self, *, owner: str, socket: str, limit: int, lease: int) -> bool:
        keys = [owner_sockets_key(owner)]
        return bool(await self._register(keys=keys, args=[socket, limit, lease]))

    async def unregister_socket(self, *, owner: str, socket: str) -> None:
        await self.client.zrem(owner_sockets_key(owner), socket)

    async def states(self, jobs: list[str]) -> dict[str, str]:
        """What became of each job (module docstring), in one round trip."""
        pipe = self.client.pipeline(transaction=False)
        for job in jobs:
            pipe.get(job_key(job))
            pipe.exists(lease_key(job))
        answers = await pipe.execute()
        found: dict[str, str] = {}
        for index, job in enumerate(jobs):
            state, leased = answers[2 * index], answers[2 * index + 1]
            if state is None:
                found[job] = QUEUED
            elif state == RUNNING and not leased:
                found[job] = LOST
            else:
                found[job] = state
        return found

    async def commands_ahead(self, *, queue: str, message: str) -> int | None:
        """How many messages the workers take before ``message``; None once a worker took it.

        Workers BRPOP the list's tail and sockets LPUSH its head, so what lies to the right of
        the message goes first. O(queue length), asked only for commands waiting seconds.
        """
        pipe = self.client.pipeline(transaction=True)
        pipe.lpos(queue, message)
        pipe.llen(queue)
        pipe.lpos(low_queue_key(queue), message)
        pipe.llen(low_queue_key(queue))
        index, length, low_index, low_length = await pipe.execute()
        if index is not None:
            return int(length) - 1 - int(index)
        if low_index is not None:  # behind the whole normal list, then its own list's tail
            return int(length) + int(low_length) - 1 - int(low_index)
        return None

    async def cancel_if_queued(self, *, owner: str, job: str) -> bool:
        """Make sure no worker ever runs ``job``; False when a worker has claimed it already."""
        pipe = self.client.pipeline(transaction=True)
        pipe.set(job_key(job), CANCELLED, nx=True, ex=STATE_TTL_SECONDS)
        pipe.zrem(owner_queue_key(owner), job)
        cancelled, _ = await pipe.execute()
        return bool(cancelled)

    async def interrupt(self, *, owner: str, job: str) -> bool:
        """Ctrl-C: cancel ``job`` if still queued (True), else ask its worker to stop it."""
        pipe = self.client.pipeline(transaction=True)
        pipe.set(job_key(job), CANCELLED, nx=True, ex=STATE_TTL_SECONDS)
        pipe.set(stop_key(job), "1", ex=STATE_TTL_SECONDS)
        pipe.zrem(owner_queue_key(owner), job)
        cancelled, _, _ = await pipe.execute()
        return bool(cancelled)

    async def forget(self, *, owner: str, job: str) -> None:
        """A lost job no longer counts against its owner (its worker will never finish it)."""
        await self.client.zrem(owner_queue_key(owner), job)


# ----- worker side (redis.Redis client) -----

# KEYS: job, lease. ARGV: state ttl, lease ms, holder. Returns 'claimed', or the state that
# someone else set first (cancelled, or running/finished for a message delivered twice).
# The lease holds "<host>:<pid>" of the worker process, so an operator can see who runs what.
_CLAIM = """
if not redis.call('SET', KEYS[1], 'running', 'NX', 'EX', ARGV[1]) then
  return redis.call('GET', KEYS[1]) or 'gone'
end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
if redis.call('EXISTS', KEYS[3]) == 1 then
  return 'claimed:stopped'
end
return 'claimed'
"""


# KEYS: job, lease, and the owner's jobs zset (absent without an owner). ARGV: state ttl, job.
_FINISH = """
redis.call('SET', KEYS[1], 'finished', 'EX', ARGV[1])
redis.call('DEL', KEYS[2])
if #KEYS > 2 then redis.call('ZREM', KEYS[3], ARGV[2]) end
return 1
"""


@dataclass
class _Call:
    script: Any
    keys: list[str]
    args: list[Any]


@dataclass
class Claim:
    """What ``claim`` yields: whether this worker holds the job, the reply of the call sent
    along with the claim, and the job's end as a script call (``finish``) the body may send
    with its own last calls, so that finishing costs no round trip of its own: it then sets
    ``finished``, and the claim sends nothing more."""

    mine: bool
    reply: Any = None
    finish: _Call | None = None
    finished: bool = False


class _Heartbeat:
    """One daemon thread per worker process renewing the leases of the jobs it holds."""

    def __init__(self, client: Any, lease_ms: int) -> None:
        self.client = client
        self.lease_ms = lease_ms
        self.held: dict[str, threading.Event] = {}  # job -> set once its stop flag is seen
        self.lock = threading.Lock()
        self.pid = os.getpid()
        thread = threading.Thread(target=self._beat, name="job-heartbeat", daemon=True)
        thread.start()

    def _beat(self) -> None:
        tick = threading.Event()  # never set: only its timed wait is used
        while not tick.wait(self.lease_ms / 3000):
            with self.lock:
                held = list(self.held.items())
            if not held:
                continue
            try:
                pipe = self.client.pipeline(transaction=False)
                for job, _ in held:
                    pipe.pexpire(lease_key(job), self.lease_ms)
                    pipe.exists(stop_key(job))
                answers = pipe.execute()
            except Exception:  # Redis away: the lease may lapse; the socket then says so
                log.exception("could not renew job leases")
                continue
            for index, (_, job_stop) in enumerate(held):
                if answers[2 * index + 1]:
                    job_stop.set()


class _Stop:
    """The stop flag of the job one thread runs: set by the heartbeat, or read from Redis by
    ``requested`` itself when ``every`` seconds have passed since it last asked."""

    def __init__(
        self, client: Any, job: str, every: float, clock: Callable[[], float]
    ) -> None:
        self.client = client
        self.job = job
        self.every = every
        self.clock = clock
        self.seen = threading.Event()
        # A Ctrl-C pressed before the claim was read by the claim itself: the first question
        # to Redis waits an interval, so a short command costs no extra round trip.
        self.next_ask = clock() + every

    def requested(self) -> bool:
        if self.seen.is_set():
            return True
        now = self.clock()
        if now < self.next_ask:
            return False
        self.next_ask = now + self.every
        try:
            if self.client.exists(stop_key(self.job)):
                self.seen.set()
        except Exception:  # Redis away: the line goes on; the heartbeat logs and retries too
            log.exception("could not read the stop flag of job %s", self.job)
        return self.seen.is_set()


_heartbeats: dict[int, _Heartbeat] = {}
_current = threading.local()  # the _Stop of the job this thread runs
_scripts: dict[tuple[int, str], Any] = {}


def _script(client: Any, source: str) -> Any:
    key = (id(client), source)
    if key not in _scripts:
        _scripts[key] = client.register_script(source)
    return _scripts[key]


def _heartbeat(client: Any, lease_ms: int) -> _Heartbeat:
    # Per process: prefork children inherit the parent's dict but not its thread.
    pid = os.getpid()
    if pid not in _heartbeats:
        _heartbeats[pid] = _Heartbeat(client, lease_ms)
    return _heartbeats[pid]


def stop_requested() -> bool:
    """Has the learner pressed Ctrl-C on the job this thread runs? (The simulator's ``stop``.)"""
    stop: _Stop | None = getattr(_current, "stop", None)
    return stop is not None and stop.requested()


@contextmanager
def claimed(
    client: Any, job: str | None, owner: str | None, *, lease_ms: int,
    stop_check_seconds: float = 0.05, clock: Callable[[], float] = time.monotonic,
) -> Iterator[bool]:
    """``claim`` yielding only whether the job is ours."""
    with claim(client, job, owner, lease_ms=lease_ms, stop_check_seconds=stop_check_seconds,
               clock=clock) as held:
        yield held.mine


@contextmanager
def claim(
    client: Any, job: str | None, owner: str | None, *, lease_ms: int,
    stop_check_seconds: float = 0.05, clock: Callable[[], float] = time.monotonic,
    along: ScriptCall | None = None,
) -> Iterator[Claim]:
    """Hold ``job`` while the body runs; ``mine`` is False when it was cancelled before we got
    it (or, for a message delivered twice, another worker has it already). While it runs,
    ``stop_requested`` reads its stop flag from Redis at most every ``stop_check_seconds`` of
    ``clock``. ``along``, a script call the body needs anyway (the sandbox's read), is sent in
    the claim's round trip and its reply is ``reply`` (whoever holds the job).

    A task queued without a job id (an older Daphne, a test calling the task directly) runs
    unguarded: ``mine`` is True and nothing is tracked.
    """
    if not job:
        yield Claim(True, None if along is None else call_scripts(client, [along])[0])
        return
    holder = f"{socket.gethostname()}:{os.getpid()}"
    claim_call = _Call(_script(client, _CLAIM), [job_key(job), lease_key(job), stop_key(job)],
                       [STATE_TTL_SECONDS, lease_ms, holder])
    state, *rest = call_scripts(client, [claim_call] if along is None else [claim_call, along])
    reply = rest[0] if rest else None
    if state not in ("claimed", "claimed:stopped"):
        if owner:
            client.zrem(owner_queue_key(owner), job)
        yield Claim(False, reply)
        return
    beat = _heartbeat(client, lease_ms)
    stop = _Stop(client, job, stop_check_seconds, clock)
    if state == "claimed:stopped":
        stop.seen.set()
    with beat.lock:
        beat.held[job] = stop.seen
    _current.stop = stop
    keys = [job_key(job), lease_key(job), *([owner_queue_key(owner)] if owner else [])]
    held = Claim(True, reply, _Call(_script(client, _FINISH), keys, [STATE_TTL_SECONDS, job]))
    try:
        yield held
    finally:
        _current.stop = None
        with beat.lock:
            beat.held.pop(job, None)
        if not held.finished and held.finish is not None:  # the body did not send it
            call_scripts(client, [held.finish])
