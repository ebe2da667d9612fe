"""Where sandbox state lives: RedisStore (product) and MemoryStore (tests), one contract.

A sandbox's state is one JSON document stored with a revision number. Every write is a
compare-and-set on that revision, so two tabs (or two workers) racing on the same sandbox never
lose an update: the loser reloads and runs its change again on the fresh state. Idle sandboxes
expire: every load or save pushes the expiry ``idle_seconds`` into the future.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from playground.sim.clock import Clock, SystemClock

T = TypeVar("T")
State = dict[str, Any]

# A conflict means another writer saved in between; past this many rounds something is wrong.
MAX_UPDATE_ATTEMPTS = 50


class StoreConflictError(RuntimeError):
    """The sandbox kept changing under us for MAX_UPDATE_ATTEMPTS rounds."""


def state_key(sandbox_id: str) -> str:
    return f"sandbox:{sandbox_id}:state"


class SandboxStore:
    """Load/save a sandbox's JSON state with a revision; subclasses provide the four primitives."""

    idle_seconds: int

    # Primitives every store must provide.
    def load_revision(self, sandbox_id: str) -> tuple[State | None, int]:
        """The state (None if absent or expired) and its revision (0 if absent); refreshes TTL."""
        raise NotImplementedError("subclasses of SandboxStore must provide load_revision()")

    def save_if(self, sandbox_id: str, state: State, *, revision: int) -> bool:
        """Store ``state`` if the stored revision is still ``revision``; False on a conflict."""
        raise NotImplementedError("subclasses of SandboxStore must provide save_if()")

    def ttl(self, sandbox_id: str) -> float | None:
        """Seconds until the sandbox expires, None if it does not exist."""
        raise NotImplementedError("subclasses of SandboxStore must provide ttl()")

    def delete(self, sandbox_id: str) -> None:
        raise NotImplementedError("subclasses of SandboxStore must provide delete()")

    # Built on the primitives.
    def load(self, sandbox_id: str) -> State | None:
        return self.load_revision(sandbox_id)[0]

    def update(
        self,
        sandbox_id: str,
        change: Callable[[State], T],
        *,
        create: Callable[[], State],
    ) -> T:
        """Apply ``change`` to the current state (or a new one) and save it atomically.

        ``change`` mutates the state in place and may run more than once (on conflicts), each time
        on a freshly loaded state; only the run that was saved counts, so return its result.
        """
        for _ in range(MAX_UPDATE_ATTEMPTS):
            state, revision = self.load_revision(sandbox_id)
            if state is None:
                state, revision = create(), 0
            result = change(state)
            if self.save_if(sandbox_id, state, revision=revision):
                return result
        raise StoreConflictError(f"sandbox {sandbox_id} changed {MAX_UPDATE_ATTEMPTS} times")


class MemoryStore(SandboxStore):
    """In-process store for tests and transcripts; expiry follows the injected clock."""

    def __init__(self, idle_seconds: int = 86400, clock: Clock | None = None) -> None:
        self.idle_seconds = idle_seconds
        self.clock = clock or SystemClock()
        # sandbox id -> (revision, JSON text, expires at); JSON so callers never share dicts.
        self._items: dict[str, tuple[int, str, float]] = {}

    def _live(self, sandbox_id: str) -> tuple[int, str, float] | None:
        item = self._items.get(sandbox_id)
        if item is not None and item[2] <= self.clock.now():
            del self._items[sandbox_id]
            return None
        return item

    def load_revision(self, sandbox_id: str) -> tuple[State | None, int]:
        item = self._live(sandbox_id)
        if item is None:
            return None, 0
        revision, text, _ = item
        self._items[sandbox_id] = (revision, text, self.clock.now() + self.idle_seconds)
        return json.loads(text), revision

    def save_if(self, sandbox_id: str, state: State, *, revision: int) -> bool:
        item = self._live(sandbox_id)
        if (item[0] if item else 0) != revision:
            return False
        expires = self.clock.now() + self.idle_seconds
        self._items[sandbox_id] = (revision + 1, json.dumps(state), expires)
        return True

    def ttl(self, sandbox_id: str) -> float | None:
        item = self._live(sandbox_id)
        return None if item is None else item[2] - self.clock.now()

    def delete(self, sandbox_id: str) -> None:
        self._items.pop(sandbox_id, None)


# Compare-and-set in one round trip: Redis runs scripts atomically, so no WATCH loop is needed.
_SAVE_IF = """
local current = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'rev', current + 1, 'data', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


class RedisStore(SandboxStore):
    """The product store: one hash ``sandbox:<id>:state`` with fields ``rev`` and ``data``."""

    def __init__(self, client: Any, idle_seconds: int = 86400) -> None:
        # ``client`` is a redis.Redis; typed loosely so the simulator does not import redis.
        self.client = client
        self.idle_seconds = idle_seconds
        self._save_if = client.register_script(_SAVE_IF)

    def load_revision(self, sandbox_id: str) -> tuple[State | None, int]:
        key = state_key(sandbox_id)
        pipe = self.client.pipeline(transaction=True)
        pipe.hmget(key, "rev", "data")
        pipe.expire(key, self.idle_seconds)
        (rev, data), _ = pipe.execute()
        if data is None:
            return None, 0
        return json.loads(data), int(rev)

    def save_if(self, sandbox_id: str, state: State, *, revision: int) -> bool:
        text = json.dumps(state, separators=(",", ":"))
        key = state_key(sandbox_id)
        return bool(self._save_if(keys=[key], args=[revision, text, self.idle_seconds]))

    def ttl(self, sandbox_id: str) -> float | None:
        seconds = self.client.ttl(state_key(sandbox_id))
        return None if seconds < 0 else float(seconds)

    def delete(self, sandbox_id: str) -> None:
        self.client.delete(state_key(sandbox_id))
