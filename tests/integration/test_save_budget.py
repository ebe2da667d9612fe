"""The per-owner save budget (playground/terminal/budgets.py) on a real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from playground.terminal.budgets import SaveBudget, SaveLimits, save_budget_key

# Slow refills (a save a minute, 100 bytes a second) keep the waits independent of how fast
# this machine runs the calls.
LIMITS = SaveLimits(saves_per_minute=1, save_burst=5, bytes_per_minute=6_000, byte_burst=10_000)


@pytest.fixture
async def client(redis_server: str) -> AsyncIterator[aioredis.Redis]:
    conn = aioredis.Redis.from_url(redis_server.replace("/0", "/5"), decode_responses=True)
    await conn.flushdb()
    yield conn
    await conn.flushdb()
    await conn.aclose()


async def test_saves_past_the_burst_are_refused_with_the_wait(client: aioredis.Redis) -> None:
    budget = SaveBudget(client, LIMITS)
    assert [await budget.take(owner="ana", size=10) for _ in range(5)] == [0] * 5
    assert 55 <= await budget.take(owner="ana", size=10) <= 60  # one save a minute refills
    assert await budget.take(owner="bob", size=10) == 0  # another owner has a budget of his own
    assert 0 < await client.ttl(save_budget_key("ana")) <= 301  # both buckets full by then


async def test_bytes_past_the_burst_are_refused(client: aioredis.Redis) -> None:
    budget = SaveBudget(client, LIMITS)
    assert await budget.take(owner="ana", size=8_000) == 0
    # 2,000 bytes left, 100 come back a second: 6,000 more bytes fit in 40 s.
    assert 35 <= await budget.take(owner="ana", size=6_000) <= 40
    assert await budget.take(owner="ana", size=2_000) == 0  # a refusal cost nothing


async def test_a_save_larger_than_the_burst_waits_for_a_full_bucket(
    client: aioredis.Redis,
) -> None:
    budget = SaveBudget(client, LIMITS)
    assert await budget.take(owner="ana", size=50_000) == 0  # pays the whole burst
    assert 95 <= await budget.take(owner="ana", size=50_000) <= 100
