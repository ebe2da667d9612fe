"""The output return path: workers append frames to a per-sandbox Redis stream; sockets read it.

Why a stream and not the channel layer: a stream keeps output until it is read (a reconnecting tab
resumes from the last ``seq`` it saw), costs one Redis call per command on the worker, and one
blocking XREAD per Daphne process serves every socket (``OutputHub``). Entry ids are ``<seq>-0``
where ``seq`` counts frames per sandbox, so a gap in ``seq`` proves output was trimmed, and the
learner is told instead of silently missing it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

import orjson

from playground.output_stream import BROADCAST, OutputPublisher, seq_key, stream_key  # noqa: F401
from playground.terminal.protocol import OUTPUT_CUT, ProtocolError

log = logging.getLogger(__name__)

def _loads(text: str) -> dict[str, Any]:
    """A frame's JSON: orjson (every frame of every socket passes here), json for what orjson
    refuses and json reads (NaN, an int past 64 bits)."""
    try:
        frame: dict[str, Any] = orjson.loads(text)
    except orjson.JSONDecodeError:
        frame = json.loads(text)
    return frame


@dataclass(eq=False)
class Subscription:
    """One socket's view of its sandbox's stream: frames for it, in order, each with ``seq``."""

    sandbox_id: str
    client: str
    last_seq: int
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    _buffer: list[tuple[int, dict[str, str]]] | None = None  # live entries held during catch-up

    def offer(self, seq: int, fields: dict[str, str]) -> None:
        if self._buffer is not None:
            self._buffer.append((seq, fields))
        else:
            self._deliver(seq, fields)

    def _deliver(self, seq: int, fields: dict[str, str]) -> None:
        if seq <= self.last_seq:
            return
        if seq > self.last_seq + 1:
            self.queue.put_nowait(ProtocolError(OUTPUT_CUT).frame())
        self.last_seq = seq
        if fields.get("to") in (self.client, BROADCAST):
            frame = _loads(fields["f"])
            frame["seq"] = seq
            self.queue.put_nowait(frame)

    def finish_catch_up(self, entries: list[tuple[int, dict[str, str]]]) -> None:
        held, self._buffer = self._buffer or [], None
        for seq, fields in [*entries, *held]:
            self._deliver(seq, fields)


def _entries(raw: Any) -> list[tuple[int, dict[str, str]]]:
    return [(int(entry_id.split("-", 1)[0]), fields) for entry_id, fields in raw]


def _by_stream(response: Any) -> list[tuple[str, Any]]:
    # RESP2 answers a list of [key, entries]; RESP3 a dict.
    if isinstance(response, dict):
        return list(response.items())
    return [(key, entries) for key, entries in response or []]


class OutputHub:
    """Daphne side: one blocking XREAD over every subscribed sandbox stream of this process.

    ``reader`` is a dedicated redis.asyncio client (it sits in XREAD BLOCK); ``client`` serves the
    short calls. Subscribing wakes the reader through a private stream so it picks up new keys at
    once instead of after its block timeout.
    """

    BLOCK_MS = 10_000

    def __init__(self, reader: Any, client: Any) -> None:
        self.reader = reader
        self.client = client
        self.wake_key = f"hub:{uuid.uuid4().hex}:wake"
        self._wake_pos = "0-0"
        self._subs: dict[str, set[Subscription]] = {}
        self._pos: dict[str, int] = {}
        self._task: asyncio.Task[None] | None = None

    async def subscribe(self, sandbox_id: str, client: str, since: int | None) -> Subscription:
        current = int(await self.client.get(seq_key(sandbox_id)) or 0)
        start = current if since is None else max(0, min(since, current))
        key = stream_key(sandbox_id)
        sub = Subscription(sandbox_id, client, start)
        position = self._pos.get(key)
        catch_up_to = position if position is not None and start < position else None
        if catch_up_to is not None:
            sub._buffer = []
        self._subs.setdefault(key, set()).add(sub)
        if position is None:
            self._pos[key] = start
            await self._wake()
        self._ensure_running()
        if catch_up_to is not None:
            raw = await self.client.xrange(key, f"{start + 1}-0", f"{catch_up_to}-0")
            sub.finish_catch_up(_entries(raw))
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        key = stream_key(sub.sandbox_id)
        subs = self._subs.get(key)
        if subs is None:
            return
        subs.discard(sub)
        if not subs:
            del self._subs[key]
            self._pos.pop(key, None)

    async def _wake(self) -> None:
        pipe = self.client.pipeline(transaction=False)
        pipe.xadd(self.wake_key, {"w": "1"}, maxlen=10, approximate=True)
        pipe.expire(self.wake_key, 3600)
        await pipe.execute()

    def _ensure_running(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="output-hub")

    async def _run(self) -> None:
        while True:
            try:
                await self._read_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis restarts or timeouts must not kill every socket's output.
                log.exception("output hub read failed; retrying")
                await asyncio.sleep(0.5)

    async def _read_once(self) -> None:
        streams: dict[str, str] = {self.wake_key: self._wake_pos}
        streams.update({key: f"{pos}-0" for key, pos in self._pos.items()})
        response = await self.reader.xread(streams, count=1000, block=self.BLOCK_MS)
        for key, raw in _by_stream(response):
            if key == self.wake_key:
                self._wake_pos = raw[-1][0]
                continue
            if key not in self._pos:
                continue  # unsubscribed while we were blocked
            entries = _entries(raw)
            self._pos[key] = entries[-1][0]
            for sub in list(self._subs.get(key, ())):
                for seq, fields in entries:
                    sub.offer(seq, fields)
