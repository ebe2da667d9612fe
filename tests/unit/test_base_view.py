"""The base cluster shared by the sandboxes of one process: frozen, copied only for the sandbox
that reads an object, isolated between sandboxes, and free for a command that leaves it alone."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest

from playground.sim import base_view
from playground.sim import state as sandbox_state
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox
from playground.sim.store import MemoryStore

SEED = "shared"  # both sandboxes of a test: the same seed and instant, so the same base
APPEND_ONLY = frozenset({"log", "history"})  # as the terminal's worker runs a command


class Pair:
    """Two sandboxes in one store and one process, on one shared base."""

    def __init__(self) -> None:
        self.clock = FixedClock(TRANSCRIPT_EPOCH)
        self.store = MemoryStore(clock=self.clock)

    def run(self, sandbox_id: str, line: str) -> str:
        def change(state: dict[str, Any]) -> str:
            result = Sandbox(state, self.clock).execute(line)
            return "".join(text for _, text in result.chunks)

        out: str = self.store.update(
            sandbox_id, change, append_only=APPEND_ONLY,
            create=lambda: Sandbox.new_state(SEED, TRANSCRIPT_EPOCH))
        return out

    def cluster(self, sandbox_id: str) -> dict[str, Any]:
        state = self.store.load(sandbox_id)
        assert state is not None
        found: dict[str, Any] = state["cluster"]
        return found


def _pristine(name: str, key: str) -> Any:
    return orjson.loads(sandbox_state.base_cluster(SEED, TRANSCRIPT_EPOCH).objects[name][key])


def _system_pod(cluster: dict[str, Any], prefix: str) -> str:
    return next(k for k in cluster["pods"] if k.startswith(f"kube-system/{prefix}"))


def test_deleting_a_kube_system_pod_leaves_the_other_sandbox_alone() -> None:
    pair = Pair()
    pair.run("a", "kubectl get pods")
    pair.run("b", "kubectl get pods -n kube-system")
    before_b = pair.run("b", "kubectl get pods -n kube-system -o wide")
    key = _system_pod(pair.cluster("a"), "coredns")
    name = key.split("/")[1]
    assert "deleted" in pair.run("a", f"kubectl delete pod -n kube-system {name} --force "
                                      "--grace-period=0")
    assert key not in pair.cluster("a")["pods"]
    assert key in pair.cluster("b")["pods"]
    assert pair.run("b", "kubectl get pods -n kube-system -o wide") == before_b
    assert name in before_b
    assert sandbox_state.new_state(SEED, TRANSCRIPT_EPOCH)["cluster"]["pods"][key] == _pristine(
        "pods", key)


def test_labelling_a_node_leaves_the_other_sandbox_alone() -> None:
    pair = Pair()
    pair.run("b", "kubectl get nodes")
    pair.run("a", "kubectl label node node2 disk=ssd")
    assert "disk=ssd" in pair.run("a", "kubectl get node node2 --show-labels")
    assert "disk=ssd" not in pair.run("b", "kubectl get node node2 --show-labels")
    assert pair.cluster("b")["nodes"]["node2"] == _pristine("nodes", "node2")
    assert sandbox_state.base_cluster(SEED, TRANSCRIPT_EPOCH).frozen["nodes"]["node2"] == \
        _pristine("nodes", "node2")


def test_changing_a_private_copy_in_place_changes_no_other_state() -> None:
    one = sandbox_state.new_state(SEED, TRANSCRIPT_EPOCH)
    two = sandbox_state.new_state(SEED, TRANSCRIPT_EPOCH)
    one["cluster"]["nodes"]["node1"]["metadata"]["labels"]["mine"] = "yes"
    for record in one["cluster"]["pods"].values():
        record["spec"]["containers"].append({"name": "extra"})
    assert "mine" not in two["cluster"]["nodes"]["node1"]["metadata"]["labels"]
    assert all(len(p["spec"]["containers"]) == len(_pristine("pods", k)["spec"]["containers"])
               for k, p in two["cluster"]["pods"].items())


def test_shared_objects_refuse_every_change() -> None:
    shared = sandbox_state.base_cluster(SEED, TRANSCRIPT_EPOCH).frozen["nodes"]["node1"]
    with pytest.raises(TypeError, match="read-only"):
        shared["metadata"]["labels"]["x"] = "y"
    with pytest.raises(TypeError, match="read-only"):
        shared["status"]["conditions"].append({})
    with pytest.raises(TypeError, match="read-only"):
        shared.pop("spec")
    state = sandbox_state.new_state(SEED, TRANSCRIPT_EPOCH)
    leaked = dict(state["cluster"]["nodes"])["node1"]  # a copy of the slots, as they are
    with pytest.raises(TypeError, match="read-only"):
        leaked["metadata"]["name"] = "other"
    thawed = copy.deepcopy(shared)
    thawed["metadata"]["name"] = "other"
    assert shared["metadata"]["name"] == "node1" and type(thawed) is dict


def test_a_read_only_command_reads_no_base_object_for_itself() -> None:
    pair = Pair()
    pair.run("a", "kubectl get pods")
    stored = pair.store.read("a")
    assert stored is not None
    data = stored.data
    state = pair.store.load("a")
    assert state is not None
    Sandbox(state, pair.clock).execute("kubectl get pods")
    cluster = state["cluster"]
    assert all(base_view.untouched(obj) for name in sandbox_state.COLLECTIONS
               if name in cluster for _, obj in base_view.peek_items(cluster[name]))
    pair.run("a", "kubectl get pods")
    again = pair.store.read("a")
    assert again is not None and again.data == data  # the document was not rewritten


def test_a_write_copies_only_what_it_changed() -> None:
    pair = Pair()
    pair.run("a", "kubectl get pods")
    state = pair.store.load("a")
    assert state is not None
    Sandbox(state, pair.clock).execute("kubectl label node node2 disk=ssd")
    cluster = state["cluster"]
    copied = {(name, key) for name in sandbox_state.COLLECTIONS if name in cluster
              for key, obj in base_view.peek_items(cluster[name])
              if not base_view.untouched(obj)}
    assert copied == {("nodes", "node2")}
    doc = sandbox_state.document(state)
    assert set(doc.cluster.patched) == {"nodes"} and set(doc.cluster.patched["nodes"]) == {"node2"}


def test_copies_of_a_collection_stay_apart() -> None:
    state = sandbox_state.new_state(SEED, TRANSCRIPT_EPOCH)
    nodes = state["cluster"]["nodes"]
    for other in (nodes.copy(), copy.copy(nodes), copy.deepcopy(nodes)):
        other["node3"]["metadata"]["labels"]["x"] = "y"
        assert "x" not in nodes["node3"]["metadata"]["labels"]
    assert orjson.loads(orjson.dumps(nodes)) == {k: _pristine("nodes", k) for k in nodes}
    assert list(nodes) == list(sandbox_state.base_cluster(SEED, TRANSCRIPT_EPOCH).objects["nodes"])
