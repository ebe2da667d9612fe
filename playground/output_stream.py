"""The write side of a sandbox's output stream: where frames for its terminals are appended.

Workers and web views (a practice page's "start over") both append frames here; the read side,
one blocking XREAD per Daphne process, is ``playground.terminal.outbox``. Kept apart from the
terminal so that an app which only needs to tell a sandbox's open terminals something (grading,
lessons) depends on this module, not on the terminal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

BROADCAST = "*"  # entries for every socket of the sandbox (files changed)


def stream_key(sandbox_id: str) -> str:
    return f"sandbox:{sandbox_id}:out"


def seq_key(sandbox_id: str) -> str:
    return f"sandbox:{sandbox_id}:seq"


# Numbering and appending in one atomic step keeps ids and seq in lockstep across workers.
_PUBLISH = """
local n = 0
for i = 4, #ARGV do
  n = redis.call('INCR', KEYS[2])
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], n .. '-0', 'to', ARGV[3], 'f', ARGV[i])
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return n
"""


class OutputPublisher:
    """Worker side: one long-lived instance per process, one script call per batch of frames."""

    def __init__(self, client: Any, *, maxlen: int, ttl_seconds: int) -> None:
        self.client = client
        self.maxlen = maxlen
        self.ttl_seconds = ttl_seconds
        self._script = client.register_script(_PUBLISH)

    def publish(self, sandbox_id: str, to: str, frames: Iterable[dict[str, Any]]) -> int:
        """Append frames for socket ``to`` (or BROADCAST); returns the last seq used."""
        texts = [json.dumps(frame, ensure_ascii=False, separators=(",", ":")) for frame in frames]
        if not texts:
            return 0
        keys = [stream_key(sandbox_id), seq_key(sandbox_id)]
        return int(self._script(keys=keys, args=[self.maxlen, self.ttl_seconds, to, *texts]))
