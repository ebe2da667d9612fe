"""ClusterStoreContract: every sandbox store keeps the same promises (STYLE.md habit 10)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import redis

from playground.sim import state as sandbox_state
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox
from playground.sim.store import MemoryStore, RedisStore, SandboxStore, state_key

IDLE = 3600
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "state_v1"
State = dict[str, Any]


def _write_file(name: str) -> Callable[[State], int]:
    def change(state: State) -> int:
        state["files"][name] = f"{name}\n"
        return len(state["files"])

    return change


def _type(line: str) -> Callable[[State], None]:
    """What the terminal records for a line that changes nothing else (history only)."""

    def change(state: State) -> None:
        state["history"].append(line)

    return change


def _fresh() -> State:
    return sandbox_state.new_state("contract", TRANSCRIPT_EPOCH)


def _run(line: str) -> Callable[[State], str]:
    def change(state: State) -> str:
        return str(Sandbox(state, FixedClock(TRANSCRIPT_EPOCH + 60)).execute(line).text)

    return change


class ClusterStoreContract:
    """Mixin of tests; subclasses provide the ``store`` fixture."""

    threads_share_store: ClassVar[bool] = True

    def test_load_missing_sandbox_returns_none(self, store: SandboxStore) -> None:
        assert store.load("nobody") is None
        assert store.ttl("nobody") is None

    def test_update_creates_then_changes_state(self, store: SandboxStore) -> None:
        assert store.update("s1", _write_file("a"), create=_fresh) == 1
        assert store.update("s1", _write_file("b"), create=_fresh) == 2
        state = store.load("s1")
        assert state is not None
        assert state["files"] == {"a": "a\n", "b": "b\n"}

    def test_loaded_state_is_the_materialised_state(self, store: SandboxStore) -> None:
        store.update("s1", _run("kubectl run web --image=nginx"), create=_fresh)
        state = store.load("s1")
        assert state is not None
        assert "default/web" in state["cluster"]["pods"]
        assert "kube-system/etcd-node1" in state["cluster"]["pods"]  # the base, materialised
        assert [e["line"] for e in state["log"]] == ["kubectl run web --image=nginx"]
        assert state["shell"]["history"] == ["kubectl run web --image=nginx"]

    def test_unchanged_state_is_not_written(self, store: SandboxStore) -> None:
        store.update("s1", _write_file("a"), create=_fresh)
        _, revision = store.load_revision("s1")
        store.update("s1", lambda state: state["files"].get("a"), create=_fresh)
        assert store.load_revision("s1")[1] == revision

    def test_journal_appends_keep_the_revision(self, store: SandboxStore) -> None:
        store.update("s1", _write_file("a"), create=_fresh)
        _, revision = store.load_revision("s1")
        store.update("s1", _type("ls"), create=_fresh)
        store.update("s1", _type("pwd"), create=_fresh)
        state, after = store.load_revision("s1")
        assert after == revision  # no compare-and-set, the document was not rewritten
        assert state is not None and state["history"] == ["ls", "pwd"]

    def test_read_only_command_appends_only_its_log_line(self, store: SandboxStore) -> None:
        store.update("s1", _run("kubectl run web --image=nginx"), create=_fresh)
        _, revision = store.load_revision("s1")
        out = store.update("s1", _run("kubectl get pods"), create=_fresh)
        assert out.startswith("NAME   READY   STATUS")
        state, after = store.load_revision("s1")
        assert after == revision
        assert state is not None
        assert [e["line"] for e in state["log"]][-1] == "kubectl get pods"

    def test_trimmed_journal_keeps_only_its_newest_entries(self, store: SandboxStore) -> None:
        def type_and_cap(line: str) -> Callable[[State], None]:
            def change(state: State) -> None:
                state["history"].append(line)
                del state["history"][:-3]

            return change

        for n in range(5):
            store.update("s1", type_and_cap(f"l{n}"), create=_fresh)
        state = store.load("s1")
        assert state is not None and state["history"] == ["l2", "l3", "l4"]

    def test_append_only_journal_is_not_read_and_keeps_what_it_had(
        self, store: SandboxStore
    ) -> None:
        store.update("s1", _type("ls"), create=_fresh)
        seen: list[list[str]] = []

        def type_unread(state: State) -> None:
            seen.append(list(state["history"]))
            state["history"].append("pwd")

        store.update("s1", type_unread, create=_fresh, append_only=frozenset({"history"}))
        assert seen == [[]]
        state = store.load("s1")
        assert state is not None and state["history"] == ["ls", "pwd"]

    def test_append_only_journal_refuses_a_rewrite(self, store: SandboxStore) -> None:
        store.update("s1", _type("ls"), create=_fresh)

        def rewrite(state: State) -> None:
            state["history"].clear()

        with pytest.raises(RuntimeError, match="journal 'history' was not read"):
            store.update("s1", rewrite, create=_fresh, append_only=frozenset({"history"}))
        state = store.load("s1")
        assert state is not None and state["history"] == ["ls"]

    def test_append_only_journal_is_capped_by_the_store(self, store: SandboxStore) -> None:
        cap = sandbox_state.JOURNAL_CAPS["log"]
        store.update("s1", lambda state: state["log"].extend(range(cap)), create=_fresh)
        store.update("s1", lambda state: state["log"].append(cap), create=_fresh,
                     append_only=frozenset({"log"}))
        state = store.load("s1")
        assert state is not None and state["log"] == list(range(1, cap + 1))

    def test_replaced_state_is_written_whole(self, store: SandboxStore) -> None:
        store.update("s1", _type("ls"), create=_fresh)

        def reset(state: State) -> None:
            fresh = _fresh()
            fresh["history"] = ["kept"]
            state.clear()
            state.update(fresh)

        store.update("s1", reset, create=_fresh)
        state = store.load("s1")
        assert state is not None and state["history"] == ["kept"]

    def test_save_with_stale_revision_is_refused(self, store: SandboxStore) -> None:
        store.update("s1", _write_file("a"), create=_fresh)
        state, revision = store.load_revision("s1")
        assert state is not None
        store.update("s1", _write_file("b"), create=_fresh)
        state["files"] = {"lost": ""}
        assert store.save_if("s1", state, revision=revision) is False
        again = store.load("s1")
        assert again is not None and again["files"] == {"a": "a\n", "b": "b\n"}

    def test_save_sets_idle_expiry(self, store: SandboxStore) -> None:
        store.update("s1", _write_file("a"), create=_fresh)
        ttl = store.ttl("s1")
        assert ttl is not None and IDLE - 5 <= ttl <= IDLE

    def test_delete_removes_sandbox(self, store: SandboxStore) -> None:
        store.update("s1", _type("ls"), create=_fresh)
        store.delete("s1")
        assert store.load("s1") is None
        store.update("s1", lambda state: None, create=_fresh)
        again = store.load("s1")
        assert again is not None and again["history"] == []  # no journal outlived it

    def test_fresh_sandbox_stores_only_a_reference_to_its_base(
        self, store: SandboxStore
    ) -> None:
        store.update("s1", lambda state: None, create=_fresh)
        assert store.stored_bytes("s1") <= 8 * 1024  # type: ignore[attr-defined]

    def test_update_racing_writers_lose_nothing(self, store: SandboxStore) -> None:
        writers, rounds = 8, 25

        def write(n: int) -> None:
            for r in range(rounds):
                store.update("shared", _write_file(f"{n}-{r}"), create=_fresh)
                store.update("shared", _type(f"{n}-{r}"), create=_fresh)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        state = store.load("shared")
        assert state is not None
        expected = sorted(f"{n}-{r}" for n in range(writers) for r in range(rounds))
        assert sorted(state["files"]) == expected
        assert sorted(state["history"]) == expected


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
        store.update("s1", _write_file("a"), create=_fresh)
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
        store.update("s1", _type("ls"), create=_fresh)
        store.client.expire("sandbox:s1:state", 10)
        store.client.expire("sandbox:s1:history", 10)
        store.load("s1")
        for key in ("sandbox:s1:state", "sandbox:s1:history"):
            assert store.client.ttl(key) > IDLE - 5

    @pytest.mark.parametrize("name", ["fresh", "busy"])
    def test_state_written_by_schema_1_loads_and_is_rewritten_small(
        self, store: RedisStore, name: str
    ) -> None:
        # What the previous version's RedisStore left in Redis: the whole state as one JSON.
        text = (FIXTURES / f"{name}.json").read_text()
        store.client.hset(state_key("old"), mapping={"rev": 7, "data": text.strip()})
        old = json.loads(text)
        state = store.load("old")
        assert state is not None
        assert sandbox_state.snapshot(state) == _with_empty_journals(old)
        line = {"t": 1.0, "tab": "1", "line": "ls", "exit": 0}
        # the worker's way: the log is appended to without being read
        store.update("old", lambda state: state["log"].append(line), create=_fresh,
                     append_only=frozenset({"log", "history"}))
        store.update("old", _write_file("after.txt"), create=_fresh)
        again = store.load("old")
        assert again is not None
        assert again["log"] == [*old.get("log", []), line]
        assert again["files"] == {**old["files"], "after.txt": "after.txt\n"}
        assert again["cluster"] == old["cluster"]
        assert store.stored_bytes("old") < len(text)


def _with_empty_journals(state: State) -> State:
    """A schema-1 state as it materialises now: absent journals become empty lists."""
    out = json.loads(json.dumps(state))
    out.setdefault("log", [])
    out.setdefault("history", [])
    out.setdefault("timeline", [])
    out.setdefault("shell", {}).setdefault("history", [])
    return out
