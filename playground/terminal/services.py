"""Terminal services: run lines in a learner's sandbox (worker side), and the socket's helpers.

Worker-side services load the sandbox from Redis, call the simulator, save atomically and publish
the frames to the sandbox's output stream. Socket-side helpers never run simulator code: they
enqueue tasks off the event loop and read state for ``sync``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import redis
import redis.asyncio as aioredis
from django.conf import settings

from playground.sim.clock import SystemClock
from playground.sim.store import RedisStore, State, state_key
from playground.terminal.enqueue import task_envelope, task_push
from playground.terminal.jobs import JobBoard, stop_requested
from playground.terminal.outbox import BROADCAST, OutputHub, OutputPublisher
from playground.terminal.protocol import INTERNAL

if TYPE_CHECKING:
    from playground.sim.sandbox import Result, Sandbox

log = logging.getLogger(__name__)
Frame = dict[str, Any]


def _sandbox_class() -> type[Sandbox]:
    # Imported on first use: only workers run the simulator, Daphne never loads it.
    from playground.sim.sandbox import Sandbox

    return Sandbox


# ----- process-wide clients (one per worker process; redis-py pools are fork-aware) -----


@cache
def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, decode_responses=True, socket_timeout=30)


@cache
def sandbox_store() -> RedisStore:
    return RedisStore(_redis(), idle_seconds=settings.SANDBOX_IDLE_SECONDS)


@cache
def output_publisher() -> OutputPublisher:
    return OutputPublisher(
        _redis(), maxlen=settings.TERMINAL_OUTPUT_MAXLEN, ttl_seconds=settings.SANDBOX_IDLE_SECONDS
    )


# ----- sessions -----


def sandbox_ensure_id(session: Any) -> str:
    """The session's sandbox id, creating a random one (and the session) on first visit."""
    sandbox_id = session.get("sandbox_id")
    if not sandbox_id:
        sandbox_id = secrets.token_urlsafe(18)
        session["sandbox_id"] = sandbox_id
    if session.session_key is None:
        session.save()
    return str(sandbox_id)


async def sandbox_id_for_token(*, user: Any, token: str) -> str | None:
    """An exercise page's sandbox (``?sandbox=<token>``), only for the user who owns it."""
    from channels.db import database_sync_to_async

    from grading.selectors import sandbox_id_for_token as lookup

    user_id = user.pk if user is not None and user.is_authenticated else None
    return await database_sync_to_async(lookup)(user_id=user_id, token=token[:64])


# ----- worker side -----


def _new_state(sandbox_id: str) -> Callable[[], State]:
    return lambda: _sandbox_class().new_state(seed=sandbox_id, now=SystemClock().now())


def _result_frames(result: Result, tab: str, cmd_id: int) -> list[Frame]:
    frames: list[Frame] = []
    for stream, text in result.chunks:
        if frames and frames[-1]["stream"] == stream:
            frames[-1]["data"] += text  # one frame per run of the same stream
        elif text:
            frame = {"type": "output", "tab": tab, "id": cmd_id, "stream": stream, "data": text}
            frames.append(frame)
    if result.running:
        # Internal: tells the socket when to ask for the next slice; never sent to the browser.
        frames.append({"type": "_wake", "tab": tab, "id": cmd_id, "at": result.wake_at})
    else:
        exit_code = 0 if result.exit_code is None else result.exit_code
        frames.append(
            {"type": "done", "tab": tab, "id": cmd_id, "exit": exit_code, "prompt": result.prompt}
        )
    return frames


def _files_frame(state: State) -> Frame:
    return {"type": "files", "files": dict(state.get("files", {}))}


def _record_history(state: State, line: str, before: int) -> None:
    # The simulator may keep history itself; only append when it did not.
    history: list[str] = state.setdefault("history", [])
    if line.strip() and len(history) == before:
        history.append(line)
    limit = settings.SIM_CONFIG.max_history
    if len(history) > limit:
        del history[: len(history) - limit]


def _run_in_sandbox(
    *,
    sandbox_id: str,
    client: str,
    tab: str,
    cmd_id: int,
    action: Callable[[Sandbox], Result],
    line: str | None = None,
) -> None:
    def change(state: State) -> tuple[Result, State | None]:
        files_before = dict(state.get("files", {}))
        history_before = len(state.get("history", []))
        # stop: Ctrl-C on this job (jobs.py) ends the line between two of its commands.
        sandbox = _sandbox_class()(state, SystemClock(), settings.SIM_CONFIG, stop=stop_requested)
        result = action(sandbox)
        if line is not None:
            _record_history(state, line, history_before)
        changed = state.get("files", {}) != files_before
        return result, (_files_frame(state) if changed else None)

    publisher = output_publisher()
    try:
        result, files = sandbox_store().update(sandbox_id, change, create=_new_state(sandbox_id))
    except Exception:
        log.exception("sandbox %s: command failed in tab %s", sandbox_id, tab)
        failed = [
            {"type": "error", "message": INTERNAL, "tab": tab, "id": cmd_id},
            {"type": "done", "tab": tab, "id": cmd_id, "exit": 1, "prompt": None},
        ]
        publisher.publish(sandbox_id, client, failed)
        return
    publisher.publish(sandbox_id, client, _result_frames(result, tab, cmd_id))
    if result.wakes:
        # Tabs that now have output (e.g. `Handling connection for 8080` in the port-forward's
        # tab): every socket of the sandbox hears it; the one running that tab resumes it.
        wakes = [
            {"type": "_wake", "tab": other, "id": None, "at": at}
            for other, at in result.wakes.items() if other != tab
        ]
        if wakes:
            publisher.publish(sandbox_id, BROADCAST, wakes)
    if files is not None:
        publisher.publish(sandbox_id, BROADCAST, [files])


def sandbox_run_command(*, sandbox_id: str, client: str, tab: str, cmd_id: int, line: str) -> None:
    _run_in_sandbox(
        sandbox_id=sandbox_id,
        client=client,
        tab=tab,
        cmd_id=cmd_id,
        line=line,
        action=lambda sandbox: sandbox.execute(line, tab),
    )


def sandbox_resume_command(*, sandbox_id: str, client: str, tab: str, cmd_id: int) -> None:
    _run_in_sandbox(
        sandbox_id=sandbox_id,
        client=client,
        tab=tab,
        cmd_id=cmd_id,
        action=lambda sandbox: sandbox.resume(tab),
    )


def sandbox_interrupt_command(*, sandbox_id: str, client: str, tab: str, cmd_id: int) -> None:
    _run_in_sandbox(
        sandbox_id=sandbox_id,
        client=client,
        tab=tab,
        cmd_id=cmd_id,
        action=lambda sandbox: sandbox.interrupt(tab),
    )


def _change_files(sandbox_id: str, client: str, change: Callable[[State], str | None]) -> None:
    def apply(state: State) -> tuple[str | None, Frame]:
        return change(state), _files_frame(state)

    error, files = sandbox_store().update(sandbox_id, apply, create=_new_state(sandbox_id))
    if error:
        output_publisher().publish(sandbox_id, client, [{"type": "error", "message": error}])
    else:
        output_publisher().publish(sandbox_id, BROADCAST, [files])


def sandbox_save_file(*, sandbox_id: str, client: str, name: str, content: str) -> None:
    def save(state: State) -> str | None:
        return _sandbox_class()(state, SystemClock(), settings.SIM_CONFIG).write_file(name, content)

    _change_files(sandbox_id, client, save)


def sandbox_delete_file(*, sandbox_id: str, client: str, name: str) -> None:
    def delete(state: State) -> str | None:
        state.setdefault("files", {}).pop(name, None)
        return None

    _change_files(sandbox_id, client, delete)


def sandbox_reset(*, sandbox_id: str, client: str) -> None:
    """Reset cluster: a fresh starting state (cluster, files, running commands); the learner's
    command history and shell settings (aliases, variables) are kept."""

    def reset(state: State) -> Frame:
        fresh = _new_state(sandbox_id)()
        fresh["history"] = list(state.get("history", []))
        shell = dict(state.get("shell", {}))
        for key in ("cwd", "oldpwd", "dirs", "status"):
            shell.pop(key, None)
        fresh["shell"] = shell
        state.clear()  # the store saves the dict it handed out, so replace its contents
        state.update(fresh)
        return {"type": "reset"}

    frame = sandbox_store().update(sandbox_id, reset, create=_new_state(sandbox_id))
    output_publisher().publish(sandbox_id, BROADCAST, [frame, {"type": "files", "files": {}}])


# ----- socket side (async, inside Daphne's event loop) -----

_hubs: dict[asyncio.AbstractEventLoop, OutputHub] = {}
_aclients: dict[asyncio.AbstractEventLoop, aioredis.Redis] = {}


def _aclient() -> aioredis.Redis:
    loop = asyncio.get_running_loop()
    if loop not in _aclients:
        # Blocking pool: waits for a free connection instead of raising past the limit.
        pool = aioredis.BlockingConnectionPool.from_url(
            settings.REDIS_URL,
            decode_responses=True,
            max_connections=64,
            timeout=20,
            socket_timeout=30,
        )
        _aclients[loop] = aioredis.Redis(connection_pool=pool)
    return _aclients[loop]


def output_hub() -> OutputHub:
    """The event loop's hub; its reader connection blocks, so it gets its own client."""
    loop = asyncio.get_running_loop()
    if loop not in _hubs:
        reader = aioredis.Redis.from_url(
            settings.REDIS_URL,
            decode_responses=True,
            socket_timeout=OutputHub.BLOCK_MS / 1000 + 20,
        )
        _hubs[loop] = OutputHub(reader, _aclient())
    return _hubs[loop]


async def task_enqueue(task: Any, **kwargs: Any) -> None:
    """Queue a Celery task without blocking the event loop.

    The default pushes the message with one async LPUSH (enqueue.py); TERMINAL_ENQUEUE=thread runs
    Celery's own apply_async in a thread instead (kept for the benchmark's comparison).
    """
    if settings.TERMINAL_ENQUEUE == "thread":
        await asyncio.to_thread(task.apply_async, kwargs=kwargs)
    else:
        await task_push(task.app, _aclient(), task.name, kwargs)


def _completion_frame(state: State, tab: str, cmd_id: int, line: str, cursor: int) -> Frame:
    from playground.sim.completion import complete  # workers and this thread only

    answer = complete(state, line, cursor, now=SystemClock().now(), tab=tab)
    return {
        "type": "completion", "tab": tab, "id": cmd_id, "replace_from": answer.replace_from,
        "candidates": answer.candidates, "common_prefix": answer.common_prefix,
    }  # fmt: skip


async def sandbox_complete_frame(
    *, sandbox_id: str, tab: str, cmd_id: int, line: str, cursor: int
) -> Frame:
    """Tab completion answered without the Celery hop (it must feel instant): a read-only Redis
    read here, the simulator's completion in a thread so the event loop never runs it."""
    data = await _aclient().hget(state_key(sandbox_id), "data")
    state: State = json.loads(data) if data else _new_state(sandbox_id)()
    return await asyncio.to_thread(_completion_frame, state, tab, cmd_id, line, cursor)


async def sandbox_sync_frames(*, sandbox_id: str) -> list[Frame]:
    """``files`` and ``history`` for a (re)connecting tab, read straight from Redis."""
    data = await _aclient().hget(state_key(sandbox_id), "data")
    state: State = json.loads(data) if data else {}
    return [
        {"type": "files", "files": dict(state.get("files", {}))},
        {"type": "history", "lines": list(state.get("history", []))},
    ]


# ----- jobs: fair admission and worker-loss detection (jobs.py) -----


def redis_client() -> redis.Redis:
    """The worker process's Redis client (tasks claim their jobs with it)."""
    return _redis()


_boards: dict[asyncio.AbstractEventLoop, JobBoard] = {}


def job_board() -> JobBoard:
    loop = asyncio.get_running_loop()
    if loop not in _boards:
        _boards[loop] = JobBoard(_aclient())
    return _boards[loop]


async def task_enqueue_admitted(
    task: Any, *, owner: str, job: str, limit: int, **kwargs: Any
) -> str | None:
    """Queue ``task`` as ``job`` of ``owner`` unless the owner has ``limit`` jobs unfinished
    (0: no limit); admission and the push are one Redis script. None: refused, nothing queued;
    else the message as pushed ("" when TERMINAL_ENQUEUE=thread, which admits first and then
    sends with Celery's apply_async in a thread)."""
    kwargs = {**kwargs, "job": job, "owner": owner}
    threaded = settings.TERMINAL_ENQUEUE == "thread"
    message = "" if threaded else task_envelope(task.app, task.name, kwargs)
    admitted = await job_board().admit_and_push(
        owner=owner,
        job=job,
        queue=task.app.conf.task_default_queue,
        message=message,
        limit=limit,
        stale_seconds=settings.TERMINAL_QUEUE_TIMEOUT_SECONDS * 2,
    )
    if not admitted:
        return None
    if threaded:
        await asyncio.to_thread(task.apply_async, kwargs=kwargs)
    return message
