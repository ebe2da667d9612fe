"""The sandbox state's stored shape: base cluster, delta, journals, migration from schema 1."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from playground.sim import state as sandbox_state
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.replay import main as replay_main
from playground.sim.sandbox import Result, Sandbox
from playground.sim.state import Journal, StateError
from playground.sim.store import MemoryStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "state_v1"
TRANSCRIPTS = Path(__file__).resolve().parents[1] / "transcripts"
# sha256 of the base cluster for seed "pin" created at TRANSCRIPT_EPOCH. If cluster_defaults now
# builds something else, stored deltas no longer fit it: bump BASE_VERSION, keep the old builder
# in state._BASES (or migrate), then update this pin.
BASE_PIN = "e878766dbb0b1ea5574e780495531b83ef6a6adab42e18b85dd9aa0f5a3c123c"
# base 1 (before metrics-server): sandboxes stored against it must still find it unchanged
BASE_V1_PIN = "066129dcb88895896a4557cf1c58db800377c658b426cfa47e636fa515add46d"


def _v1(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return loaded


def _stored(state: dict[str, Any]) -> dict[str, Any]:
    """Through the stored shape and back, as a store does."""
    doc = sandbox_state.document(state)
    again, inline = sandbox_state.decode(sandbox_state.encode(doc))
    assert inline is None
    return sandbox_state.materialise(again, sandbox_state.journals(state))


class StateTests:
    def test_fresh_state_stores_no_base_object(self) -> None:
        state = sandbox_state.new_state("fresh", TRANSCRIPT_EPOCH)
        doc = sandbox_state.document(state)
        assert doc.cluster.own == {} and doc.cluster.removed == {}
        assert len(sandbox_state.encode(doc)) < 512
        assert len(state["cluster"]["pods"]) == 14  # the base is all there when materialised

    def test_base_is_built_once_per_sandbox_and_process(self) -> None:
        first = sandbox_state.base_cluster("once", TRANSCRIPT_EPOCH)
        assert sandbox_state.base_cluster("once", TRANSCRIPT_EPOCH) is first

    def test_base_follows_seed_and_creation(self) -> None:
        a = sandbox_state.new_state("a", TRANSCRIPT_EPOCH)["cluster"]["nodes"]["node1"]
        b = sandbox_state.new_state("b", TRANSCRIPT_EPOCH)["cluster"]["nodes"]["node1"]
        assert a["metadata"]["uid"] != b["metadata"]["uid"]

    def test_base_is_pinned(self) -> None:
        blob = sandbox_state.base_cluster("pin", TRANSCRIPT_EPOCH).blob
        assert hashlib.sha256(blob).hexdigest() == BASE_PIN

    def test_the_old_base_is_kept(self) -> None:
        blob = sandbox_state.base_cluster("pin", TRANSCRIPT_EPOCH, 1).blob
        assert hashlib.sha256(blob).hexdigest() == BASE_V1_PIN

    def test_materialised_objects_are_not_the_base(self) -> None:
        state = sandbox_state.new_state("own", TRANSCRIPT_EPOCH)
        state["cluster"]["nodes"]["node2"]["metadata"]["labels"]["disk"] = "ssd"
        fresh = sandbox_state.new_state("own", TRANSCRIPT_EPOCH)
        assert "disk" not in fresh["cluster"]["nodes"]["node2"]["metadata"]["labels"]

    def test_changed_base_object_is_stored_and_others_are_not(self) -> None:
        state = sandbox_state.new_state("label", TRANSCRIPT_EPOCH)
        state["cluster"]["nodes"]["node2"]["metadata"]["labels"]["disk"] = "ssd"
        doc = sandbox_state.document(state)
        assert doc.cluster.own == {}
        assert doc.cluster.patched == {
            "nodes": {"node2": {"metadata": ["~", {"labels": ["~", {"disk": ["=", "ssd"]}]}]}}}
        assert _stored(state) == state

    def test_base_object_with_moved_fields_is_stored_whole(self) -> None:
        state = sandbox_state.new_state("moved", TRANSCRIPT_EPOCH)
        meta = state["cluster"]["nodes"]["node1"]["metadata"]
        meta["name"] = meta.pop("name")  # same content, another field order
        doc = sandbox_state.document(state)
        assert list(doc.cluster.own["nodes"]) == ["node1"] and doc.cluster.patched == {}
        assert json.dumps(_stored(state)["cluster"]) == json.dumps(state["cluster"])

    def test_deleted_base_object_is_stored_as_removed(self) -> None:
        state = sandbox_state.new_state("rm", TRANSCRIPT_EPOCH)
        del state["cluster"]["services"]["kube-system/kube-dns"]
        doc = sandbox_state.document(state)
        assert doc.cluster.removed == {"services": ["kube-system/kube-dns"]}
        assert "kube-system/kube-dns" not in _stored(state)["cluster"]["services"]

    def test_sandbox_state_round_trips_exactly(self) -> None:
        clock = FixedClock(TRANSCRIPT_EPOCH)
        sandbox = Sandbox(sandbox_state.new_state("trip", TRANSCRIPT_EPOCH), clock)
        for line in ("kubectl run web --image=nginx", "kubectl label node node3 x=y",
                     "kubectl delete pod coredns-7db6d8ff4d-x2x9v -n kube-system --wait=false",
                     "echo hi > notes.txt", "alias k=kubectl"):
            sandbox.execute(line)
            clock.advance(10)
        assert _stored(sandbox.state) == sandbox.state
        # objects keep their field order (printers may follow it)
        assert json.dumps(_stored(sandbox.state)["cluster"]) == json.dumps(sandbox.state["cluster"])

    def test_unknown_schema_is_refused_with_a_message(self) -> None:
        with pytest.raises(StateError, match="schema 9; this version reads 1 and 2"):
            sandbox_state.decode(b'{"schema": 9}')

    def test_malformed_document_is_refused_with_a_message(self) -> None:
        with pytest.raises(StateError, match="schema 2 is malformed: .*'bogus'"):
            sandbox_state.decode(b'{"schema": 2, "seed": "s", "created": 1, "bogus": 1,'
                                 b' "cluster": {}}')

    def test_unknown_base_is_refused_with_a_message(self) -> None:
        doc = sandbox_state.document(sandbox_state.new_state("b", TRANSCRIPT_EPOCH))
        doc.base = 99
        again, _ = sandbox_state.decode(sandbox_state.encode(doc))
        with pytest.raises(StateError, match="base cluster 99"):
            sandbox_state.materialise(again, {})

    def test_snapshot_is_plain_and_complete(self) -> None:
        state = sandbox_state.new_state("snap", TRANSCRIPT_EPOCH)
        snap = sandbox_state.snapshot(state)
        assert type(snap["log"]) is list
        assert snap == state and snap["cluster"] is not state["cluster"]


class MigrationTests:
    @pytest.mark.parametrize("name", ["fresh", "busy"])
    def test_schema_1_state_loads_as_it_was(self, name: str) -> None:
        old = _v1(name)
        doc, inline = sandbox_state.migrate(json.loads(json.dumps(old)))
        assert inline is not None
        state = sandbox_state.snapshot(sandbox_state.materialise(doc, inline))
        for key in ("log", "history", "timeline"):  # journals default to empty
            old.setdefault(key, [])
        old["shell"].setdefault("history", [])
        assert state == old

    def test_busy_schema_1_state_keeps_only_its_own_changes(self) -> None:
        doc, _ = sandbox_state.migrate(_v1("busy"))
        assert sorted(doc.cluster.own) == ["namespaces", "pods"]
        assert list(doc.cluster.patched["nodes"]) == ["node2"]  # the labelled node, only
        assert doc.cluster.removed == {"pods": ["kube-system/coredns-7db6d8ff4d-x2x9v"]}

    def test_schema_1_sandbox_keeps_working(self) -> None:
        doc, inline = sandbox_state.migrate(_v1("busy"))
        assert inline is not None
        state = sandbox_state.materialise(doc, inline)
        clock = FixedClock(float(state["created"]) + 3600)
        out = Sandbox(state, clock).execute("kubectl get pods -n team").text
        assert out.startswith("NAME   READY   STATUS    RESTARTS   AGE\napi    1/1     Running")


class JournalTests:
    def test_appends_and_trims_are_counted(self) -> None:
        journal = Journal(["a", "b", "c"])
        journal.append("d")
        del journal[:-3]
        assert journal == ["b", "c", "d"]
        assert journal.new_entries() == ["d"] and journal.trimmed and not journal.rewritten

    @pytest.mark.parametrize("change", [
        lambda j: j.pop(), lambda j: j.clear(), lambda j: j.insert(0, "x"),
        lambda j: j.__setitem__(0, "x"), lambda j: j.__delitem__(1),
    ])
    def test_any_other_change_is_a_rewrite(self, change: Any) -> None:
        journal = Journal(["a", "b"])
        change(journal)
        assert journal.rewritten


class _StoredSandbox:
    """A transcript's sandbox as the worker runs it: every call loads, runs and saves."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.store = MemoryStore(idle_seconds=10**9, clock=clock)

    def _call(self, action: Any) -> Result:
        def change(state: dict[str, Any]) -> Result:
            result: Result = action(Sandbox(state, self.clock))
            return result

        def create() -> dict[str, Any]:
            return Sandbox.new_state(seed="replay", now=TRANSCRIPT_EPOCH)

        return self.store.update("replay", change, create=create)

    def execute(self, line: str, tab: str = "1", size: tuple[int, int] | None = None) -> Result:
        return self._call(lambda sandbox: sandbox.execute(line, tab, size))

    def resume(self, tab: str = "1") -> Result:
        return self._call(lambda sandbox: sandbox.resume(tab))

    def interrupt(self, tab: str = "1") -> Result:
        return self._call(lambda sandbox: sandbox.interrupt(tab))

    def save_edit(self, tab: str, content: str) -> Result:
        return self._call(lambda sandbox: sandbox.save_edit(tab, content))

    def editing(self, tab: str = "1") -> dict[str, str] | None:
        state = self.store.load("replay")
        return None if state is None else Sandbox(state, self.clock).editing(tab)


def test_every_transcript_passes_through_the_store() -> None:
    out = io.StringIO()
    code = replay_main([str(TRANSCRIPTS)], out=out, factory=_StoredSandbox)
    assert code == 0, out.getvalue()
    assert out.getvalue().endswith(" 0 failed\n") and not out.getvalue().startswith("0 passed")
