"""ClusterStoreContract: every sandbox store keeps the same promises (STYLE.md habit 10)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import pytest
import redis

from playground.sim.clock import FixedClock
from playground.sim.store import MemoryStore, RedisStore, SandboxStore

IDLE = 3600


def _append(item: str) -> Callable[[dict[str, Any]], int]:
    def change(state: dict[str, Any]) -> int:
        state.setdefault("items", []).append(item)
        return len(state["items"])

    return change


def _fresh() -> dict[str, Any]:
    return {"version": 1, "items": []}


class ClusterStoreContract:
    """Mixin of tests; subclasses provide the ``store`` fixture."""

    threads_share_store: ClassVar[bool] = True

    def test_load_missing_sandbox_returns_none(self, store: SandboxStore) -> None:
        assert store.load("nobody") is None
        assert store.ttl("nobody") is None

    def test_update_creates_then_changes_state(self, store: SandboxStore) -> None:
        assert store.update("s1", _append("a"), create=_fresh) == 1
        assert store.update("s1", _append("b"), create=_fresh) == 2
        assert store.load("s1") == {"version": 1, "items": ["a", "b"]}

    def test_save_with_stale_revision_is_refused(self, store: SandboxStore) -> None:
        store.update("s1", _append("a"), create=_fresh)
        state, revision = store.load_revision("s1")
        assert state is not None
        store.update("s1", _append("b"), create=_fresh)
        assert store.save_if("s1", {"items": ["lost"]}, revision=revision) is False
        assert store.load("s1") == {"version": 1, "items": ["a", "b"]}

    def test_save_sets_idle_expiry(self, store: SandboxStore) -> None:
        store.update("s1", _append("a"), create=_fresh)
        ttl = store.ttl("s1")
        assert ttl is not None and IDLE - 5 <= ttl <= IDLE

    def test_delete_removes_sandbox(self, store: SandboxStore) -> None:
        store.update("s1", _append("a"), create=_fresh)
        store.delete("s1")
        assert store.load("s1") is None

    def test_update_racing_writers_lose_nothing(self, store: SandboxStore) -> None:
        writers, rounds = 8, 25

        def write(n: int) -> None:
            for r in range(rounds):
                store.update("shared", _append(f"{n}-{r}"), create=_fresh)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        state = store.load("shared")
        assert state is not None
        assert sorted(state["items"]) == sorted(
            f"{n}-{r}" for n in range(writers) for r in range(rounds)
        )


class MemoryStoreTests(ClusterStoreContract):
    @pytest.fixture
    def clock(self) -> FixedClock:
        return FixedClock()

    @pytest.fixture
    def store(self, clock: FixedClock) -> SandboxStore:
        return MemoryStore(idle_seconds=IDLE, clock=clock)

    def test_load_after_idle_time_finds_nothing(
        self, store: SandboxStore, clock: FixedClock
    ) -> None:
        store.update("s1", _append("a"), create=_fresh)
        clock.advance(IDLE - 1)
        assert store.load("s1") is not None  # use refreshes the expiry...
        clock.advance(IDLE - 1)
        assert store.load("s1") is not None
        clock.advance(IDLE)  # ...and idleness ends it
        assert store.load("s1") is None


class RedisStoreTests(ClusterStoreContract):
    @pytest.fixture
    def store(self, redis_server: str) -> Iterator[SandboxStore]:
        # Each racing thread shares one client: redis-py's pool is thread-safe.
        client = redis.Redis.from_url(redis_server.replace("/0", "/1"), decode_responses=True)
        client.flushdb()
        yield RedisStore(client, idle_seconds=IDLE)
        client.flushdb()
        client.close()

    def test_load_refreshes_idle_expiry(self, store: RedisStore) -> None:
        store.update("s1", _append("a"), create=_fresh)
        store.client.expire("sandbox:s1:state", 10)
        store.load("s1")
        ttl = store.ttl("s1")
        assert ttl is not None and ttl > IDLE - 5
