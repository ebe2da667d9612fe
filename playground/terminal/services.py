"""Terminal services: run lines in a learner's sandbox (worker side), and the socket's helpers.

Worker-side services load the sandbox from Redis, call the simulator, save atomically and publish
the frames to the sandbox's output stream. Socket-side helpers never run simulator code: they
enqueue tasks off the event loop and read state for ``sync``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import redis.asyncio as aioredis
from django.conf import settings
from redis.connection import HIREDIS_AVAILABLE, HiredisRespSerializer

from playground import frames as frames_
from playground.output_stream import file_change_frames, files_frames
from playground.redis_scripts import ScriptCall, call_scripts
from playground.sandboxes import (  # the two id lookups are re-exported for the consumer/views
    output_publisher,
    redis_client,
    reset_frames,
    sandbox_ensure_id,  # noqa: F401
    sandbox_id_for_token,  # noqa: F401
    sandbox_new_state,
    sandbox_read_async,
    sandbox_store,
)
from playground.sim import state as sandbox_state
from playground.sim.clock import SystemClock
from playground.sim.shell.fs import FsError, NoSpace
from playground.sim.state import State
from playground.sim.store import Preread, ReadCall
from playground.terminal import protocol
from playground.terminal.budgets import SaveBudget, SaveLimits
from playground.terminal.enqueue import default_queue, task_envelope, task_push
from playground.terminal.jobs import Claim, JobBoard, stop_requested
from playground.terminal.outbox import BROADCAST, OutputHub
from playground.terminal.picture import picture_frame
from playground.terminal.protocol import INTERNAL

if TYPE_CHECKING:
    from playground.sim.sandbox import Result, Sandbox

log = logging.getLogger(__name__)
Frame = dict[str, Any]


def _sandbox_class() -> type[Sandbox]:
    # Imported on first use: only workers run the simulator, Daphne never loads it.
    from playground.sim.sandbox import Sandbox

    return Sandbox


# ----- process-wide clients (which sandbox, stored where: playground/sandboxes.py) -----

_redis = redis_client


# ----- worker side -----


def _new_state(sandbox_id: str) -> Callable[[], State]:
    return lambda: sandbox_new_state(sandbox_id)


def _result_frames(result: Result, tab: str, cmd_id: int, offset: float = 0.0) -> list[Frame]:
    runs: list[tuple[str, str]] = []  # one output frame per run of the same stream
    for stream, text in result.chunks:
        if runs and runs[-1][0] == stream:
            runs[-1] = (stream, runs[-1][1] + text)
        elif text:
            runs.append((stream, text))
    frames: list[Frame] = [frames_.Output(tab, cmd_id, stream, text).wire()
                           for stream, text in runs]
    if result.unknown_images:
        frames.append(frames_.ImageUnknown(tab, cmd_id, result.unknown_images).wire())
    if result.editor is not None:
        frames.append(frames_.Editor(tab, cmd_id, result.editor["name"],
                                     result.editor["content"]).wire())
    if result.running:
        # Internal: tells the socket when to ask for the next slice; never sent to the browser.
        # The sandbox's clock runs ``offset`` ahead of the wall clock (skip): the socket's timer
        # needs wall-clock time.
        at = None if result.wake_at is None else result.wake_at - offset
        frames.append(frames_.Wake(tab, cmd_id, at).wire())
    else:
        exit_code = 0 if result.exit_code is None else result.exit_code
        frames.append(frames_.Done(tab, cmd_id, exit_code, result.prompt).wire())
    return frames


def _record_history(state: State, line: str, before: int) -> None:
    # The simulator may keep history itself; only append when it did not.
    history = sandbox_state.terminal_history(state)
    if line.strip() and len(history) == before:
        history.append(line)
    limit = settings.SIM_CONFIG.max_history
    if len(history) > limit:
        del history[: len(history) - limit]


# A command only appends to these journals: the worker never reads their hundreds of entries.
# The timeline (50 restorable clusters) is read only by a line that names the command.
_APPEND_ONLY = frozenset({"log", "history", "timeline"})


def unread_journals(line: str | None) -> frozenset[str]:
    """The journals a command line's run leaves unread (it only appends to them)."""
    return _APPEND_ONLY - {"timeline"} if line and "timeline" in line else _APPEND_ONLY


def sandbox_read_call(sandbox_id: str, line: str | None) -> ReadCall:
    """The read a command's run starts with, as a script call: the worker sends it with the
    job's claim (tasks.py), one round trip for both."""
    return sandbox_store().read_call(sandbox_id, unread=unread_journals(line))


def _calls(
    sandbox_id: str, batches: list[tuple[str, list[Frame]]], claim: Claim | None
) -> list[ScriptCall]:
    """Publish each (socket, frames) batch in order, then end the job (``claim``)."""
    publisher = output_publisher()
    calls: list[ScriptCall] = [call for to, frames in batches
                               if (call := publisher.publish_call(sandbox_id, to, frames))]
    if claim is not None and claim.finish is not None and not claim.finished:
        calls.append(claim.finish)
    return calls


def _sent(claim: Claim | None) -> None:
    if claim is not None:
        claim.finished = True  # its end went out with the frames: claimed() sends nothing more


def _run_in_sandbox(
    *,
    sandbox_id: str,
    client: str,
    tab: str,
    cmd_id: int,
    action: Callable[[Sandbox], Result],
    line: str | None = None,
    lang: str = "en",
    picture: str | None = None,
    claim: Claim | None = None,
) -> None:
    """Run ``action`` on the sandbox, save, publish. ``claim`` (tasks.py): the job held, whose
    reply is the sandbox's read and whose end goes out with the frames."""
    offset = 0.0
    drawn: Frame | None = None

    def change(state: State) -> tuple[Result, list[Frame]]:
        nonlocal offset, drawn
        files_before = dict(sandbox_state.files(state))
        history_before = len(sandbox_state.terminal_history(state))
        # stop: Ctrl-C on this job (jobs.py) ends the line between two of its commands.
        sandbox = _sandbox_class()(state, SystemClock(), settings.SIM_CONFIG, stop=stop_requested,
                                   lang=lang)
        result = action(sandbox)
        offset = sandbox_state.clock_offset(state)
        if picture is not None:  # the panel is open: draw the cluster as the command left it
            drawn = picture_frame(state, sandbox.clock.now(), offset, picture, settings.SIM_CONFIG)
        if line is not None:
            _record_history(state, line, history_before)
        # Only what changed travels (one frame per file), never every file of the sandbox.
        return result, file_change_frames(files_before, sandbox_state.files(state))

    def frames_of(outcome: tuple[Result, list[Frame]]) -> list[tuple[str, list[Frame]]]:
        result, files = outcome
        batches = [(client, _result_frames(result, tab, cmd_id, offset))]
        if result.wakes:
            # Tabs that now have output (e.g. `Handling connection for 8080` in the
            # port-forward's tab): every socket of the sandbox hears it; the one running that
            # tab resumes it.
            wakes = [
                frames_.Wake(other, None, at - offset).wire()
                for other, at in result.wakes.items() if other != tab
            ]
            batches.append((BROADCAST, wakes))
        batches.append((BROADCAST, files))
        if drawn is not None:
            # every socket of the sandbox hears it; those whose panel shows this filter send it
            batches.append((BROADCAST, [drawn]))
        return batches

    store = sandbox_store()
    preread = None
    if claim is not None and claim.reply is not None:
        preread = Preread(store.stored_from(sandbox_read_call(sandbox_id, line), claim.reply))
    try:
        # The frames (and the job's end) go out in the save's own round trip, only once it
        # stored: a conflict runs the change again and sends the frames of that run.
        store.update(sandbox_id, change, create=_new_state(sandbox_id),
                     append_only=unread_journals(line), preread=preread,
                     then=lambda outcome: _calls(sandbox_id, frames_of(outcome), claim))
    except Exception:
        log.exception("sandbox %s: command failed in tab %s", sandbox_id, tab)
        failed = [
            frames_.Error(INTERNAL, tab=tab, id=cmd_id).wire(),
            frames_.Done(tab, cmd_id, 1).wire(),
        ]
        call_scripts(_redis(), _calls(sandbox_id, [(client, failed)], claim))
    _sent(claim)


def sandbox_run_command(
    *, sandbox_id: str, client: str, tab: str, cmd_id: int, line: str, lang: str = "en",
    picture: str | None = None, claim: Claim | None = None, size: list[int] | None = None,
) -> None:
    _run_in_sandbox(
        sandbox_id=sandbox_id,
        client=client,
        tab=tab,
        cmd_id=cmd_id,
        line=line,
        lang=lang,
        picture=picture,
        claim=claim,
        action=lambda sandbox: sandbox.execute(line, tab) if size is None else
        sandbox.execute(line, tab, (int(size[0]), int(size[1]))),
    )


def sandbox_resume_command(
    *, sandbox_id: str, client: str, tab: str, cmd_id: int, lang: str = "en",
    picture: str | None = None, claim: Claim | None = None,
) -> None:
    _run_in_sandbox(
        sandbox_id=sandbox_id,
        client=client,
        tab=tab,
        cmd_id=cmd_id,
        lang=lang,
        picture=picture,
        claim=claim,
        action=lambda sandbox: sandbox.resume(tab),
    )


def sandbox_picture(*, sandbox_id: str, client: str, namespace: str) -> None:
    """The panel opened, or the cluster changes by itself now: a picture, read-only."""
    state = sandbox_store().load(sandbox_id) or sandbox_new_state(sandbox_id)
    offset = sandbox_state.clock_offset(state)
    now = SystemClock().now() + offset
    frame = picture_frame(state, now, offset, namespace, settings.SIM_CONFIG)
    output_publisher().publish(sandbox_id, client, [frame])


def sandbox_interrupt_command(
    *, sandbox_id: str, client: str, tab: str, cmd_id: int, claim: Claim | None = None,
    restore: bool = False,
) -> None:
    _run_in_sandbox(
        sandbox_id=sandbox_id,
        client=client,
        tab=tab,
        cmd_id=cmd_id,
        claim=claim,
        action=lambda sandbox: sandbox.restore(tab) if restore else sandbox.interrupt(tab),
    )


def sandbox_save_edit(
    *, sandbox_id: str, client: str, tab: str, cmd_id: int, content: str,
    claim: Claim | None = None,
) -> None:
    """The editor pane saved the buffer of the tab's ``kubectl edit``."""
    _run_in_sandbox(
        sandbox_id=sandbox_id,
        client=client,
        tab=tab,
        cmd_id=cmd_id,
        claim=claim,
        action=lambda sandbox: sandbox.save_edit(tab, content),
    )


def _refusal(name: str, error: FsError) -> Frame:
    """The error frame of an editor's save the files refused; past the files' total budget it
    has a code, so the page says it in its language."""
    if isinstance(error, NoSpace):
        limit = error.limit // 1024
        return frames_.Error(protocol.FILES_FULL.format(limit=limit), name=name,
                             code=protocol.CODES[protocol.FILES_FULL],
                             values={"limit": limit}).wire()
    return frames_.Error(str(error), name=name).wire()


def _change_files(
    sandbox_id: str, client: str, name: str, change: Callable[[State], FsError | None]
) -> None:
    """Apply an editor's change to file ``name``; every socket hears that one file's news
    (the saving page takes it as the acknowledgement of its save, even if nothing changed)."""

    def apply(state: State) -> tuple[FsError | None, Frame]:
        error = change(state)
        content = sandbox_state.files(state).get(name)
        if content is None:
            return error, frames_.FileDeleted(name).wire()
        return error, frames_.File(name, content).wire()

    error, frame = sandbox_store().update(sandbox_id, apply, create=_new_state(sandbox_id))
    if error is not None:
        output_publisher().publish(sandbox_id, client, [_refusal(name, error)])
    else:
        output_publisher().publish(sandbox_id, BROADCAST, [frame])


def sandbox_save_file(*, sandbox_id: str, client: str, name: str, content: str) -> None:
    def save(state: State) -> FsError | None:
        return _sandbox_class()(state, SystemClock(), settings.SIM_CONFIG).write_file(name, content)

    _change_files(sandbox_id, client, name, save)


def sandbox_delete_file(*, sandbox_id: str, client: str, name: str) -> None:
    def delete(state: State) -> FsError | None:
        sandbox_state.files(state).pop(name, None)
        return None

    _change_files(sandbox_id, client, name, delete)


def sandbox_reset(*, sandbox_id: str, client: str) -> None:
    """Reset cluster: a fresh starting state (cluster, files, running commands); the learner's
    command history and shell settings (aliases, variables) are kept."""

    def reset(state: State) -> list[Frame]:
        sandbox_state.restart(state, sandbox_new_state(sandbox_id))
        return reset_frames(dict(sandbox_state.files(state)))

    frames = sandbox_store().update(sandbox_id, reset, create=_new_state(sandbox_id))
    output_publisher().publish(sandbox_id, BROADCAST, frames)


# ----- socket side (async, inside Daphne's event loop) -----

# Journals the socket side's reads do not need: completion reads none, sync the history only.
_NOT_FOR_COMPLETION = frozenset(sandbox_state.JOURNALS)
_NOT_FOR_SYNC = frozenset({"log", "shell-history", "timeline"})

_hubs: dict[asyncio.AbstractEventLoop, OutputHub] = {}
_aclients: dict[asyncio.AbstractEventLoop, aioredis.Redis] = {}


class _HiredisPackedConnection(aioredis.Connection):
    """redis.asyncio packs every command in Python, argument by argument (its sync client uses
    hiredis): the hub's XREAD names every subscribed stream, and at 32 sockets packing it was
    ~8 % of the web process's CPU. hiredis writes the same protocol bytes."""

    _packer = HiredisRespSerializer()

    def pack_command(self, *args: Any) -> list[bytes]:
        return self._packer.pack(*args)


_CONNECTION = _HiredisPackedConnection if HIREDIS_AVAILABLE else aioredis.Connection


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
            connection_class=_CONNECTION,
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
            connection_class=_CONNECTION,
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

    now = SystemClock().now() + sandbox_state.clock_offset(state)  # the sandbox's own time
    answer = complete(state, line, cursor, now=now, tab=tab)
    return frames_.Completion(tab, cmd_id, answer.replace_from, tuple(answer.candidates),
                              answer.common_prefix).wire()


async def sandbox_complete_frame(
    *, sandbox_id: str, tab: str, cmd_id: int, line: str, cursor: int
) -> Frame:
    """Tab completion answered without the Celery hop (it must feel instant): a read-only Redis
    read here, the simulator's completion in a thread so the event loop never runs it."""
    state = await sandbox_read_async(_aclient(), sandbox_id, unread=_NOT_FOR_COMPLETION) \
        or sandbox_new_state(sandbox_id)
    return await asyncio.to_thread(_completion_frame, state, tab, cmd_id, line, cursor)


async def sandbox_sync_frames(*, sandbox_id: str) -> list[Frame]:
    """The files (a ``files`` frame, then one ``file`` frame each) and the ``history`` for a
    (re)connecting tab, read straight from Redis."""
    state = await sandbox_read_async(_aclient(), sandbox_id, unread=_NOT_FOR_SYNC) or {}
    return [
        *files_frames(dict(sandbox_state.files(state))),
        frames_.History(tuple(sandbox_state.terminal_history(state))).wire(),
    ]


# ----- jobs: fair admission and worker-loss detection (jobs.py) -----


_boards: dict[asyncio.AbstractEventLoop, JobBoard] = {}


def job_board() -> JobBoard:
    loop = asyncio.get_running_loop()
    if loop not in _boards:
        _boards[loop] = JobBoard(_aclient())
    return _boards[loop]


_save_budgets: dict[asyncio.AbstractEventLoop, SaveBudget] = {}


def save_budget() -> SaveBudget:
    """The owners' save budgets (budgets.py), from the TERMINAL_SAVE* settings."""
    loop = asyncio.get_running_loop()
    if loop not in _save_budgets:
        limits = SaveLimits(
            saves_per_minute=settings.TERMINAL_SAVES_PER_MINUTE,
            save_burst=settings.TERMINAL_SAVE_BURST,
            bytes_per_minute=settings.TERMINAL_SAVE_BYTES_PER_MINUTE,
            byte_burst=settings.TERMINAL_SAVE_BYTES_BURST,
        )
        _save_budgets[loop] = SaveBudget(_aclient(), limits)
    return _save_budgets[loop]


async def task_enqueue_admitted(
    task: Any, *, owner: str, job: str, limit: int, low_after: int = 0, **kwargs: Any
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
        queue=default_queue(task.app),
        message=message,
        limit=limit,
        stale_seconds=settings.TERMINAL_QUEUE_TIMEOUT_SECONDS * 2,
        low_after=low_after,
    )
    if not admitted:
        return None
    if threaded:
        await asyncio.to_thread(task.apply_async, kwargs=kwargs)
    return message
