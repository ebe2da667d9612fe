"""One open terminal socket: frame handling, busy tabs, rate limit, wake-ups and output pump.

Kept apart from the consumer so the consumer stays a thin adapter and this logic can be read on its
own. Nothing here runs simulator code; commands go to Celery and come back through the OutputHub.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings

from playground.terminal import protocol, services, tasks
from playground.terminal.outbox import Subscription
from playground.terminal.ratelimit import TokenBucket

log = logging.getLogger(__name__)
Send = Callable[[dict[str, Any]], Awaitable[None]]


class TerminalConnection:
    def __init__(self, *, sandbox_id: str, client: str, send: Send) -> None:
        self.sandbox_id = sandbox_id
        self.client = client
        self.send = send
        self.busy: dict[str, int] = {}  # tab -> id of the command running there
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.bucket = TokenBucket(
            settings.TERMINAL_RATE_PER_SECOND, settings.TERMINAL_RATE_BURST, time.monotonic()
        )
        self.subscription: Subscription | None = None
        self.pump: asyncio.Task[None] | None = None

    async def open(self, since: int | None) -> None:
        self.subscription = await services.output_hub().subscribe(
            self.sandbox_id, self.client, since
        )
        self.pump = asyncio.get_running_loop().create_task(self._pump(self.subscription))

    async def close(self) -> None:
        for timer in self.timers.values():
            timer.cancel()
        if self.subscription is not None:
            services.output_hub().unsubscribe(self.subscription)
        if self.pump is not None:
            self.pump.cancel()

    async def receive(self, text: str | None, data: bytes | None) -> None:
        try:
            frame = protocol.parse_frame(
                text,
                data,
                max_frame_bytes=settings.TERMINAL_MAX_FRAME_BYTES,
                max_line_bytes=settings.SIM_CONFIG.max_line_bytes,
            )
            if not isinstance(frame, protocol.Sync) and not self.bucket.take(time.monotonic()):
                tab, cmd_id = (
                    (frame.tab, frame.cmd_id) if isinstance(frame, protocol.Run) else (None, None)
                )
                raise protocol.ProtocolError(protocol.RATE_LIMITED, tab, cmd_id)
            await self._handle(frame)
        except protocol.ProtocolError as error:
            await self.send(error.frame())
        except Exception:  # e.g. Redis away: log the traceback here, tell the page plainly
            log.exception("sandbox %s: could not handle a frame", self.sandbox_id)
            await self.send({"type": "error", "message": protocol.INTERNAL})

    async def _handle(self, frame: protocol.ClientFrame) -> None:
        ids = {"sandbox_id": self.sandbox_id, "client": self.client}
        match frame:
            case protocol.Run(tab, cmd_id, line):
                if tab in self.busy:
                    raise protocol.ProtocolError(protocol.BUSY, tab, cmd_id)
                self.busy[tab] = cmd_id
                await services.task_enqueue(
                    tasks.sandbox_run_command, **ids, tab=tab, cmd_id=cmd_id, line=line
                )
            case protocol.Interrupt(tab):
                self._cancel_timer(tab)
                cmd_id = self.busy.get(tab, 0)
                await services.task_enqueue(
                    tasks.sandbox_interrupt_command, **ids, tab=tab, cmd_id=cmd_id
                )
            case protocol.FileSave(name, content):
                await services.task_enqueue(
                    tasks.sandbox_save_file, **ids, name=name, content=content
                )
            case protocol.FileDelete(name):
                await services.task_enqueue(tasks.sandbox_delete_file, **ids, name=name)
            case protocol.Complete(tab, cmd_id, line, cursor):
                await self.send(
                    await services.sandbox_complete_frame(
                        sandbox_id=self.sandbox_id, tab=tab, cmd_id=cmd_id, line=line, cursor=cursor
                    )
                )
            case protocol.Reset():
                for tab in list(self.busy):
                    self._cancel_timer(tab)
                self.busy.clear()
                await services.task_enqueue(tasks.sandbox_reset, **ids)
            case protocol.Sync():
                for reply in await services.sandbox_sync_frames(sandbox_id=self.sandbox_id):
                    await self.send(reply)

    async def _pump(self, subscription: Subscription) -> None:
        while True:
            frame = await subscription.queue.get()
            try:
                await self._forward(frame)
            except Exception:  # one bad frame must not stop the output of the socket
                log.exception("sandbox %s: could not forward a frame", self.sandbox_id)

    async def _forward(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        tab = frame.get("tab")
        if kind == "_wake" and frame.get("id") is None:
            # Another tab's command woke this one (a curl through its port-forward).
            if tab in self.busy:
                self._schedule_resume(tab, self.busy[tab], frame.get("at") or time.time())
            return
        if kind == "_wake":
            self.busy[tab] = frame["id"]
            if frame.get("at") is not None:
                self._schedule_resume(tab, frame["id"], frame["at"])
            return
        if kind == "done" and self.busy.get(tab) == frame.get("id"):
            del self.busy[tab]
            self._cancel_timer(tab)
        await self.send(frame)

    def _schedule_resume(self, tab: str, cmd_id: int, wake_at: float) -> None:
        self._cancel_timer(tab)
        loop = asyncio.get_running_loop()
        # wake_at is wall-clock time from the worker; the timer needs a delay.
        delay = max(0.0, wake_at - time.time())

        def fire() -> None:
            self.timers.pop(tab, None)
            ids = {"sandbox_id": self.sandbox_id, "client": self.client}
            loop.create_task(
                services.task_enqueue(tasks.sandbox_resume_command, **ids, tab=tab, cmd_id=cmd_id)
            )

        self.timers[tab] = loop.call_later(delay, fire)

    def _cancel_timer(self, tab: str) -> None:
        timer = self.timers.pop(tab, None)
        if timer is not None:
            timer.cancel()
