"""One open terminal socket: frame handling, busy tabs, rate limit, wake-ups and output pump.

Kept apart from the consumer so the consumer stays a thin adapter and this logic can be read on its
own. Nothing here runs simulator code; commands go to Celery and come back through the OutputHub.

Every task is queued as a job of the socket's *owner* (a user or a session, jobs.py): the owner's
sockets and unfinished jobs are bounded across Daphne processes, and a watch loop follows the
commands that have not answered: a long wait in the queue gets a notice (then gives up), a worker
that died mid-command gets a clear error, and either way the tab gets its prompt back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from redis.exceptions import OutOfMemoryError

from playground import frames as frames_
from playground.terminal import jobs, protocol, services, tasks
from playground.terminal.enqueue import default_queue
from playground.terminal.outbox import Subscription
from playground.terminal.picture import PictureFeed
from playground.terminal.ratelimit import TokenBucket

log = logging.getLogger(__name__)
Send = Callable[[dict[str, Any]], Awaitable[None]]
# (tab, id) of commands already answered, remembered so a late second `done` is dropped.
_ANSWERED_KEPT = 256
# resize frames remembered per socket (a page has a few tabs; more is a client gone wrong)
_MAX_SIZED_TABS = 64


class ClientGone(Exception):
    """``send`` found the socket's client disconnected (its disconnect event is on its way)."""


@dataclass(eq=False)
class Job:
    """A queued command whose answer a tab waits for (run, resume or interrupt)."""

    id: str
    tab: str
    cmd_id: int
    queued_at: float  # time.monotonic()
    notice_after: float = 0.0  # seconds of waiting after which the next "queued" notice goes
    queue: str = ""  # the Celery queue and the message as pushed ("": not known)
    message: str = ""


class TerminalConnection:
    def __init__(
        self,
        *,
        sandbox_id: str,
        client: str,
        send: Send,
        owner: str | None = None,
        lang: str = "en",
    ) -> None:
        self.sandbox_id = sandbox_id
        # The page's language (?lang=): the playground's own commands (why, skip) answer in it.
        self.lang = lang
        self.picture = PictureFeed()  # the page's cluster panel: closed until it says
        self.picture_timer: asyncio.TimerHandle | None = None
        self.client = client
        self.send = send
        # Whose budget this socket spends: a user or a session across all their sockets.
        self.owner = owner or f"sandbox:{sandbox_id}"
        self.socket_id = jobs.new_job_id()
        self.busy: dict[str, int] = {}  # tab -> id of the command running there
        # tab -> its terminal's [cols, rows] as the page last said (resize frames); each run
        # carries it to the sandbox, which keeps it for the tab
        self.sizes: dict[str, list[int]] = {}
        self.jobs: dict[str, Job] = {}  # tab -> the job whose answer that tab waits for
        self.answered: OrderedDict[tuple[str, int], None] = OrderedDict()
        self.watch: asyncio.Task[None] | None = None
        self.registered = False
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.bucket = TokenBucket(
            settings.TERMINAL_RATE_PER_SECOND, settings.TERMINAL_RATE_BURST, time.monotonic()
        )
        # A sync answers every file of the sandbox: its own, slower bucket.
        self.sync_bucket = TokenBucket(
            settings.TERMINAL_SYNCS_PER_MINUTE / 60, settings.TERMINAL_SYNC_BURST, time.monotonic()
        )
        self.subscription: Subscription | None = None
        self.pump: asyncio.Task[None] | None = None

    async def open(self, since: int | None) -> bool:
        """Start the socket's output; False (after an error frame) when its owner has too many."""
        limit = settings.TERMINAL_MAX_SOCKETS_PER_OWNER
        self.registered = await services.job_board().register_socket(
            owner=self.owner,
            socket=self.socket_id,
            limit=limit,
            lease=settings.TERMINAL_SOCKET_LEASE_SECONDS,
        )
        if not self.registered:
            await self.send(protocol.ProtocolError(protocol.TOO_MANY_SOCKETS, limit=limit).frame())
            return False
        self.subscription = await services.output_hub().subscribe(
            self.sandbox_id, self.client, since
        )
        loop = asyncio.get_running_loop()
        self.pump = loop.create_task(self._pump(self.subscription))
        self.watch = loop.create_task(self._watch())
        return True

    async def close(self) -> None:
        for timer in self.timers.values():
            timer.cancel()
        self._cancel_picture_timer()
        if self.subscription is not None:
            services.output_hub().unsubscribe(self.subscription)
        for task in (self.pump, self.watch):
            if task is not None:
                task.cancel()
        try:
            # Nobody is left to read these commands' output (the page interrupts them anyway
            # when it reconnects): queued ones never run, running ones stop between commands.
            for tab in list(self.jobs):
                await self._stop_job(tab)
        except Exception:
            log.exception("sandbox %s: could not stop a closed socket's jobs", self.sandbox_id)
        if self.registered:
            self.registered = False
            await services.job_board().unregister_socket(owner=self.owner, socket=self.socket_id)

    async def receive(self, text: str | None, data: bytes | None) -> None:
        try:
            frame = protocol.parse_frame(
                text,
                data,
                max_frame_bytes=settings.TERMINAL_MAX_FRAME_BYTES,
                max_line_bytes=settings.SIM_CONFIG.max_line_bytes,
            )
            bucket = self.sync_bucket if isinstance(frame, protocol.Sync) else self.bucket
            # a resize only updates this socket's memory (no job, no Redis): a dragged window
            # sends many, and none of them may cost the learner a command
            if not isinstance(frame, protocol.Resize) and not bucket.take(time.monotonic()):
                tab, cmd_id = (
                    (frame.tab, frame.cmd_id) if isinstance(frame, protocol.Run) else (None, None)
                )
                raise protocol.ProtocolError(protocol.RATE_LIMITED, tab, cmd_id)
            await self._handle(frame)
        except ClientGone:  # the client went away while we answered: nobody to tell
            log.info("sandbox %s: client gone before its answer", self.sandbox_id)
        except protocol.ProtocolError as error:
            await self._tell(error.frame())
        except OutOfMemoryError:  # Redis at its maxmemory (noeviction): refused, not dropped
            log.warning("sandbox %s: Redis is full; a frame was refused", self.sandbox_id)
            await self._tell(protocol.ProtocolError(protocol.SERVER_FULL).frame())
        except Exception:  # e.g. Redis away: log the traceback here, tell the page plainly
            log.exception("sandbox %s: could not handle a frame", self.sandbox_id)
            await self._tell(frames_.Error(protocol.INTERNAL).wire())

    async def _tell(self, frame: dict[str, Any]) -> None:
        """Send a refusal; a client already gone is nobody to tell (no traceback for it)."""
        try:
            await self.send(frame)
        except ClientGone:
            log.info("sandbox %s: client gone before its answer", self.sandbox_id)

    async def _enqueue(
        self,
        task: Any,
        *,
        limited: bool,
        tab: str | None = None,
        cmd_id: int | None = None,
        watched: bool = True,
        low_after: int = 0,
        **kwargs: Any,
    ) -> None:
        """Queue ``task`` as a job of this socket's owner; a tab's command is then watched.

        ``limited``: counted against the owner's budget and refused past it. Ctrl-C, resumes
        and reset are never refused: they end work rather than add it.
        """
        job = jobs.new_job_id()
        limit = settings.TERMINAL_MAX_QUEUED_PER_OWNER
        ids = {"sandbox_id": self.sandbox_id, "client": self.client}
        if tab is not None:
            kwargs.update(tab=tab, cmd_id=cmd_id)
        message = await services.task_enqueue_admitted(
            task, owner=self.owner, job=job, limit=limit if limited else 0, low_after=low_after,
            **ids, **kwargs,
        )
        if message is None:
            raise protocol.ProtocolError(protocol.QUEUE_FULL, tab, cmd_id, limit=limit)
        if tab is not None and cmd_id is not None and watched:
            notice_after = float(settings.TERMINAL_QUEUE_NOTICE_SECONDS)
            queue = default_queue(task.app)
            started = time.monotonic()
            self.jobs[tab] = Job(job, tab, cmd_id, started, notice_after, queue, message)

    async def _stop_job(self, tab: str) -> None:
        """Ctrl-C on the tab's job: if no worker has claimed it yet it never runs; if one has,
        the worker is asked to stop it between the commands of the line."""
        job = self.jobs.pop(tab, None)
        if job is not None:
            await services.job_board().interrupt(owner=self.owner, job=job.id)

    async def _handle(self, frame: protocol.ClientFrame) -> None:
        match frame:
            case protocol.Run(tab, cmd_id, line):
                if tab in self.busy:
                    raise protocol.ProtocolError(protocol.BUSY, tab, cmd_id)
                self.busy[tab] = cmd_id
                try:
                    # Past the owner's fair share a command waits behind other learners' (only
                    # commands: a tab runs one at a time, so none overtakes its own tab's).
                    await self._enqueue(
                        tasks.sandbox_run_command, limited=True, tab=tab, cmd_id=cmd_id,
                        low_after=settings.TERMINAL_FAIR_SHARE_PER_OWNER, line=line,
                        lang=self.lang, **self.picture.task_kwargs(), **self._size_kwargs(tab),
                    )
                except BaseException:
                    self.busy.pop(tab, None)
                    raise
            case protocol.Interrupt(tab, restore):
                self._cancel_timer(tab)
                cmd_id = self.busy.get(tab, 0)
                await self._stop_job(tab)
                extra = {"restore": True} if restore else {}
                await self._enqueue(
                    tasks.sandbox_interrupt_command, limited=False, tab=tab, cmd_id=cmd_id,
                    **extra,
                )
            case protocol.EditSave(tab, content):
                # answered like the command it continues: output, then `done` or `editor` again
                await self._pay_for_save(tab, len(content.encode("utf-8", "surrogatepass")))
                await self._enqueue(tasks.sandbox_save_edit, limited=True, tab=tab,
                                    cmd_id=self.busy.get(tab, 0), content=content)
            case protocol.FileSave(name, content):
                await self._pay_for_save(name, len(content.encode("utf-8", "surrogatepass")))
                await self._enqueue(
                    tasks.sandbox_save_file, limited=True, name=name, content=content
                )
            case protocol.FileDelete(name):
                await self._pay_for_save(name, 1)
                await self._enqueue(tasks.sandbox_delete_file, limited=True, name=name)
            case protocol.Complete(tab, cmd_id, line, cursor):
                await self.send(
                    await services.sandbox_complete_frame(
                        sandbox_id=self.sandbox_id, tab=tab, cmd_id=cmd_id, line=line, cursor=cursor
                    )
                )
            case protocol.Reset():
                for tab in list(self.busy):
                    self._cancel_timer(tab)
                for tab in list(self.jobs):
                    await self._stop_job(tab)
                self.busy.clear()
                await self._enqueue(tasks.sandbox_reset, limited=False)
            case protocol.Sync():
                for reply in await services.sandbox_sync_frames(sandbox_id=self.sandbox_id):
                    await self.send(reply)
            case protocol.Resize(tab, cols, rows):
                self.sizes.pop(tab, None)
                self.sizes[tab] = [cols, rows]
                while len(self.sizes) > _MAX_SIZED_TABS:  # the oldest said goes first
                    del self.sizes[next(iter(self.sizes))]
            case protocol.Picture(namespace):
                self.picture.show(namespace)
                self._cancel_picture_timer()
                if namespace is not None:
                    await self._request_picture()

    def _size_kwargs(self, tab: str) -> dict[str, Any]:
        """The tab's terminal size for its run task, when the page said it."""
        size = self.sizes.get(tab)
        return {} if size is None else {"size": size}

    async def _pay_for_save(self, name: str, size: int) -> None:
        """The owner's save budget (budgets.py); refused saves name their file and the wait."""
        wait = await services.save_budget().take(owner=self.owner, size=size)
        if wait:
            raise protocol.ProtocolError(protocol.SAVE_LIMITED, seconds=wait, name=name)

    async def _pump(self, subscription: Subscription) -> None:
        while True:
            frame = await subscription.queue.get()
            try:
                await self._forward(frame)
            except ClientGone:
                # The client is gone: its disconnect, on its way,
                # closes this connection; the frames left have nobody to reach.
                log.info("sandbox %s: client gone, output pump stopped", self.sandbox_id)
                return
            except Exception:  # one bad frame must not stop the output of the socket
                log.exception("sandbox %s: could not forward a frame", self.sandbox_id)

    async def _forward(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        # A command's frames name its tab; sandbox-wide ones ("files") have none and reach no
        # branch below that reads it.
        tab: str = frame.get("tab", "")
        if kind == "_wake" and frame.get("id") is None:
            # Another tab's command woke this one (a curl through its port-forward).
            if tab in self.busy:
                self._schedule_resume(tab, self.busy[tab], frame.get("at") or time.time())
            return
        if kind == "_wake":
            self._job_answered(tab, frame["id"])
            self.busy[tab] = frame["id"]
            if frame.get("at") is not None:
                self._schedule_resume(tab, frame["id"], frame["at"])
            return
        if kind == "cluster":
            await self._forward_picture(frame)
            return
        if kind == "output" and (tab, frame.get("id")) in self.answered:
            return  # printed by a command after its tab was answered (it ran on past Ctrl-C)
        if kind == "done":
            cmd_id = frame.get("id")
            self._job_answered(tab, cmd_id)
            if (tab, cmd_id) in self.answered:
                return  # a second answer (a command that ran on after Ctrl-C or was given up)
            if cmd_id:
                self._remember_answered(tab, cmd_id)
            if self.busy.get(tab) == cmd_id:
                del self.busy[tab]
                self._cancel_timer(tab)
        await self.send(frame)

    def _job_answered(self, tab: str, cmd_id: int | None) -> None:
        job = self.jobs.get(tab)
        if job is not None and job.cmd_id == cmd_id:
            del self.jobs[tab]

    def _remember_answered(self, tab: str, cmd_id: int) -> None:
        self.answered[(tab, cmd_id)] = None
        while len(self.answered) > _ANSWERED_KEPT:
            self.answered.popitem(last=False)

    # ----- the watch loop: queued too long, lost workers, the socket's registration -----

    async def _watch(self) -> None:
        interval = settings.TERMINAL_JOB_CHECK_SECONDS
        refresh_every = settings.TERMINAL_SOCKET_LEASE_SECONDS / 3
        refreshed = time.monotonic()
        while True:
            await asyncio.sleep(interval)
            try:
                now = time.monotonic()
                if now - refreshed >= refresh_every:
                    refreshed = now
                    await services.job_board().register_socket(
                        owner=self.owner,
                        socket=self.socket_id,
                        limit=settings.TERMINAL_MAX_SOCKETS_PER_OWNER,
                        lease=settings.TERMINAL_SOCKET_LEASE_SECONDS,
                    )
                await self._check_jobs(now, interval)
            except asyncio.CancelledError:
                raise
            except ClientGone:  # its disconnect, on its way, closes this connection
                return
            except Exception:  # Redis away for a moment: try again at the next tick
                log.exception("sandbox %s: could not check its commands", self.sandbox_id)

    async def _check_jobs(self, now: float, min_age: float) -> None:
        # Most commands answer within milliseconds: only older ones cost a Redis call.
        due = [job for job in self.jobs.values() if now - job.queued_at >= min_age]
        if not due:
            return
        board = services.job_board()
        states = await board.states([job.id for job in due])
        for job in due:
            if self.jobs.get(job.tab) is not job:
                continue  # answered while we asked
            state = states[job.id]
            waited = int(now - job.queued_at)
            if state == jobs.LOST:
                await board.forget(owner=self.owner, job=job.id)
                log.warning("sandbox %s: a worker died running job %s", self.sandbox_id, job.id)
                await self._give_up(job, protocol.ProtocolError(protocol.WORKER_LOST))
                # The lost command may have saved a stream (a watch) before its worker died.
                await self._enqueue(
                    tasks.sandbox_interrupt_command,
                    limited=False,
                    tab=job.tab,
                    cmd_id=job.cmd_id,
                    watched=False,
                )
            elif state != jobs.QUEUED:
                continue
            elif waited >= settings.TERMINAL_QUEUE_TIMEOUT_SECONDS:
                if await board.cancel_if_queued(owner=self.owner, job=job.id):
                    seconds = settings.TERMINAL_QUEUE_TIMEOUT_SECONDS
                    error = protocol.ProtocolError(protocol.QUEUE_TIMEOUT, seconds=seconds)
                    await self._give_up(job, error)
            elif waited >= job.notice_after:
                # Told at once past the threshold, then again every 5 thresholds while it waits.
                job.notice_after = waited + 5 * settings.TERMINAL_QUEUE_NOTICE_SECONDS
                ahead = None
                if job.message:
                    ahead = await board.commands_ahead(queue=job.queue, message=job.message)
                if ahead is None:  # a worker has it already (it starts when that one is free)
                    notice = protocol.ProtocolError(protocol.QUEUED, seconds=waited)
                else:
                    notice = protocol.ProtocolError(protocol.QUEUED_BEHIND, seconds=waited,
                                                    ahead=ahead)
                await self.send(frames_.Notice(job.tab, job.cmd_id, str(notice.code),
                                               notice.message, dict(notice.values)).wire())

    async def _give_up(self, job: Job, error: protocol.ProtocolError) -> None:
        """Answer the tab for a job that will never answer itself: an error ends the command."""
        self.jobs.pop(job.tab, None)
        self._remember_answered(job.tab, job.cmd_id)
        if self.busy.get(job.tab) == job.cmd_id:
            del self.busy[job.tab]
            self._cancel_timer(job.tab)
        error.tab, error.cmd_id = job.tab, job.cmd_id
        await self.send(error.frame())

    def _schedule_resume(self, tab: str, cmd_id: int, wake_at: float) -> None:
        self._cancel_timer(tab)
        loop = asyncio.get_running_loop()
        # wake_at is wall-clock time from the worker; the timer needs a delay.
        delay = max(0.0, wake_at - time.time())

        def fire() -> None:
            self.timers.pop(tab, None)
            loop.create_task(self._resume(tab, cmd_id))

        self.timers[tab] = loop.call_later(delay, fire)

    async def _resume(self, tab: str, cmd_id: int) -> None:
        try:
            await self._enqueue(
                tasks.sandbox_resume_command, limited=False, tab=tab, cmd_id=cmd_id, lang=self.lang,
                **self.picture.task_kwargs(),
            )
        except Exception:
            log.exception("sandbox %s: could not resume tab %s", self.sandbox_id, tab)

    # ----- the cluster panel (picture.py): pictures only while it is open -----

    async def _request_picture(self) -> None:
        if self.picture.namespace is None:
            return
        await self._enqueue(
            tasks.sandbox_picture, limited=False, namespace=self.picture.namespace
        )

    async def _forward_picture(self, frame: dict[str, Any]) -> None:
        if frame.get("namespace") != self.picture.namespace:
            return  # another socket's filter, or this panel is closed
        self._cancel_picture_timer()
        upcoming = frame.get("next")
        if upcoming is not None:
            # The cluster changes by itself then (a pull ends, a back-off expires): ask for the
            # picture at that moment; nothing runs in between.
            loop = asyncio.get_running_loop()
            delay = max(0.0, float(upcoming) - time.time())

            def fire() -> None:
                self.picture_timer = None
                loop.create_task(self._request_picture())

            self.picture_timer = loop.call_later(delay, fire)
        if self.picture.accept(frame):
            await self.send(frame)

    def _cancel_picture_timer(self) -> None:
        if self.picture_timer is not None:
            self.picture_timer.cancel()
            self.picture_timer = None

    def _cancel_timer(self, tab: str) -> None:
        timer = self.timers.pop(tab, None)
        if timer is not None:
            timer.cancel()
