"""The write side of a sandbox's output stream: where frames for its terminals are appended.

Workers and web views (a practice page's "start over") both append frames here; the read side,
one blocking XREAD per Daphne process, is ``playground.terminal.outbox``. Kept apart from the
terminal so that an app which only needs to tell a sandbox's open terminals something (grading,
lessons) depends on this module, not on the terminal.

The stream is bounded in bytes as well as in entries: a learner printing large outputs in a loop
(or saving a large file over and over) keeps at most ``max_bytes`` of large frames in Redis, the
oldest trimmed first (small ones count against ``maxlen``), and an idle stream expires after
``ttl_seconds`` (shorter than the sandbox's own idle expiry: it only serves reconnecting tabs).
The ``seq`` counter lives as long as the sandbox, so a tab that reconnects after its output was
trimmed or expired sees the gap and is told (``OUTPUT_CUT``) instead of silently missing it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from playground import frames as frames_

BROADCAST = "*"  # entries for every socket of the sandbox (files changed)


def files_frames(files: Mapping[str, str]) -> list[dict[str, Any]]:
    """A sandbox's whole set of files for its terminals: a ``files`` frame naming them all (the
    page drops any other), then one ``file`` frame per file, so no frame is bigger than one file
    however many the sandbox holds (PROTOCOL.md)."""
    names = sorted(files)
    frames: list[dict[str, Any]] = [frames_.Files(tuple(names)).wire()]
    frames.extend(frames_.File(name, files[name]).wire() for name in names)
    return frames


def file_change_frames(
    before: Mapping[str, str], after: Mapping[str, str]
) -> list[dict[str, Any]]:
    """What changed between two sets of files: a ``file`` frame per file written, a
    ``file.deleted`` frame per file removed; nothing for the files left alone."""
    frames: list[dict[str, Any]] = [
        frames_.File(name, after[name]).wire()
        for name in sorted(after)
        if before.get(name) != after[name]
    ]
    frames.extend(frames_.FileDeleted(name).wire() for name in sorted(before)
                  if name not in after)
    return frames


def stream_key(sandbox_id: str) -> str:
    return f"sandbox:{sandbox_id}:out"


def seq_key(sandbox_id: str) -> str:
    return f"sandbox:{sandbox_id}:seq"


def bytes_key(sandbox_id: str) -> str:
    """Bytes of the large frames the stream holds now (kept beside it, expiring with it)."""
    return f"sandbox:{sandbox_id}:outbytes"


def large_key(sandbox_id: str) -> str:
    """``<seq>:<bytes>`` of the stream's large entries, oldest first: what trimming removes."""
    return f"sandbox:{sandbox_id}:outlarge"


# Frames up to this many bytes (done, errors, wake-ups, a short command's output) are trimmed
# only by the entry cap; larger ones (long outputs, file contents) also by the byte budget, oldest
# first. So a flood of large frames never pushes out the small `done` that ends a command whose
# output a busy web process has not read yet: the reader sees a gap in seq (the learner is told
# output was skipped) and still gets every answer.
SMALL_FRAME_BYTES = 512

# Numbering, appending and trimming in one atomic step keeps ids and seq in lockstep across
# workers and the byte count exact. Entries of this call are never trimmed by it, so a batch
# larger than the budget still reaches the sockets reading live (one command's output is
# bounded by SimConfig.max_output_bytes).
# KEYS: stream, seq, bytes, large. ARGV: max entries, max bytes, stream ttl, seq ttl, small
# frame bytes, to, frames...
_PUBLISH = """
local total = tonumber(redis.call('GET', KEYS[3]) or '0')
if redis.call('EXISTS', KEYS[1]) == 0 then
  total = 0
  redis.call('DEL', KEYS[4])
end
local small = tonumber(ARGV[5])
local n = 0
local first = nil
for i = 7, #ARGV do
  n = redis.call('INCR', KEYS[2])
  if not first then first = n end
  redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], n .. '-0', 'to', ARGV[6], 'f', ARGV[i])
  local size = #ARGV[i]
  if size > small then
    redis.call('RPUSH', KEYS[4], n .. ':' .. size)
    total = total + size
  end
end
local max_bytes = tonumber(ARGV[2])
while total > max_bytes do
  local oldest = redis.call('LINDEX', KEYS[4], 0)
  if not oldest then total = 0 break end
  local sep = string.find(oldest, ':', 1, true)
  local seq = tonumber(string.sub(oldest, 1, sep - 1))
  if seq >= first then break end
  redis.call('LPOP', KEYS[4])
  redis.call('XDEL', KEYS[1], seq .. '-0')
  total = total - tonumber(string.sub(oldest, sep + 1))
end
redis.call('SET', KEYS[3], total, 'EX', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[4], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return n
"""


class OutputPublisher:
    """Worker side: one long-lived instance per process, one script call per batch of frames.

    ``maxlen`` entries and ``max_bytes`` bytes of frame text are kept per sandbox; the stream
    expires ``ttl_seconds`` after its last frame, the seq counter ``seq_ttl_seconds`` after.
    """

    def __init__(
        self,
        client: Any,
        *,
        maxlen: int,
        ttl_seconds: int,
        max_bytes: int = 1 << 20,
        seq_ttl_seconds: int | None = None,
    ) -> None:
        self.client = client
        self.maxlen = maxlen
        self.max_bytes = max_bytes
        self.ttl_seconds = ttl_seconds
        self.seq_ttl_seconds = max(seq_ttl_seconds or ttl_seconds, ttl_seconds)
        self._script = client.register_script(_PUBLISH)

    def publish(self, sandbox_id: str, to: str, frames: Iterable[dict[str, Any]]) -> int:
        """Append frames for socket ``to`` (or BROADCAST); returns the last seq used."""
        call = self.publish_call(sandbox_id, to, frames)
        return 0 if call is None else int(call.script(keys=call.keys, args=call.args))

    def publish_call(
        self, sandbox_id: str, to: str, frames: Iterable[dict[str, Any]]
    ) -> PublishCall | None:
        """``publish`` as a script call, to send with others in one round trip
        (``playground.redis_scripts``); None when there are no frames."""
        texts = [frame_json(frame) for frame in frames]
        if not texts:
            return None
        keys = [
            stream_key(sandbox_id), seq_key(sandbox_id), bytes_key(sandbox_id),
            large_key(sandbox_id),
        ]  # fmt: skip
        args = [
            self.maxlen, self.max_bytes, self.ttl_seconds, self.seq_ttl_seconds,
            SMALL_FRAME_BYTES, to, *texts,
        ]  # fmt: skip
        return PublishCall(self._script, keys, args)


@dataclass(frozen=True)
class PublishCall:
    script: Any
    keys: list[str]
    args: list[Any]


def frame_json(frame: dict[str, Any]) -> str:
    """A frame as compact JSON text, UTF-8 kept: ``json.dumps(ensure_ascii=False,
    separators=(",", ":"))``'s text, written by orjson (a tenth of the CPU; every command's
    frames pass here on the worker and again on the socket). What orjson refuses (a lone
    surrogate, an int past 64 bits, a non-string key) or would write differently (NaN) goes
    through json as before (tests/unit/test_terminal_wire.py)."""
    try:
        text = orjson.dumps(frame).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return _json_text(frame)
    if "null" in text and _has_nan(frame):  # orjson writes NaN/Infinity as null
        return _json_text(frame)
    return text


def _json_text(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def _has_nan(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_nan(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nan(item) for item in value)
    return False
