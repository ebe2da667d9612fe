"""Per-owner budgets that no single socket can see: file saves, counted and in bytes.

A socket's token bucket (ratelimit.py) bounds frames per socket, and the job board (jobs.py)
bounds what an owner has queued at once; neither knows that a save carries up to 256 KiB which
the worker writes to Redis and then broadcasts to every socket of the sandbox. So each owner (a
user or a session, across all their sockets and web processes) also holds two buckets in Redis:
saves per minute and bytes saved per minute. A save over either is refused before anything is
queued, with the seconds until it would fit, so the editor can say so and save again then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


def save_budget_key(owner: str) -> str:
    return f"owner:{owner}:saves"


# Two token buckets in one hash, refilled from Redis' own clock (hosts with skewed clocks agree).
# KEYS: the owner's hash. ARGV: cost in bytes, saves/s, saves burst, bytes/s, bytes burst.
# Returns -1 when the save was admitted (both buckets paid), else the seconds until it fits.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local cost = tonumber(ARGV[1])
local save_rate, save_burst = tonumber(ARGV[2]), tonumber(ARGV[3])
local byte_rate, byte_burst = tonumber(ARGV[4]), tonumber(ARGV[5])
local held = redis.call('HMGET', KEYS[1], 's', 'b', 't')
local saves = tonumber(held[1]) or save_burst
local bytes = tonumber(held[2]) or byte_burst
local last = tonumber(held[3]) or now
local elapsed = math.max(0, now - last)
saves = math.min(save_burst, saves + elapsed * save_rate)
bytes = math.min(byte_burst, bytes + elapsed * byte_rate)
local answer = -1
if saves < 1 or bytes < cost then
  answer = math.max((1 - saves) / save_rate, (cost - bytes) / byte_rate)
else
  saves = saves - 1
  bytes = bytes - cost
end
redis.call('HSET', KEYS[1], 's', tostring(saves), 'b', tostring(bytes), 't', tostring(now))
local full = math.max(save_burst / save_rate, byte_burst / byte_rate)
redis.call('EXPIRE', KEYS[1], math.ceil(full) + 1)
return tostring(answer)
"""


@dataclass(frozen=True)
class SaveLimits:
    """Saves and bytes an owner may save per minute, and how many of each at once (burst)."""

    saves_per_minute: int
    save_burst: int
    bytes_per_minute: int
    byte_burst: int


class SaveBudget:
    """The socket side's check, on one redis.asyncio client (script registered once)."""

    def __init__(self, client: Any, limits: SaveLimits) -> None:
        self.limits = limits
        self._take = client.register_script(_TAKE)

    async def take(self, *, owner: str, size: int) -> int:
        """Pay for one save of ``size`` bytes; 0 when admitted, else the whole seconds to wait
        before the same save fits (the buckets are left untouched then)."""
        limits = self.limits
        args = [
            max(1, min(size, limits.byte_burst)),  # a save larger than the burst pays the burst
            limits.saves_per_minute / 60,
            limits.save_burst,
            limits.bytes_per_minute / 60,
            limits.byte_burst,
        ]
        answer = float(await self._take(keys=[save_budget_key(owner)], args=args))
        return 0 if answer < 0 else max(1, math.ceil(answer))
