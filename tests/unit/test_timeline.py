"""The session timeline: a point per command that changed the cluster, restorable (pure)."""

from __future__ import annotations

from typing import Any

from playground.sim import state as sandbox_state
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox
from playground.sim.store import MemoryStore


def _sandbox() -> tuple[Sandbox, FixedClock]:
    clock = FixedClock()
    return Sandbox(Sandbox.new_state("tl", TRANSCRIPT_EPOCH), clock), clock


def _points(sandbox: Sandbox) -> list[tuple[int, str, list[str]]]:
    return [(p["n"], p["line"], p["changes"]) for p in sandbox.state["timeline"]]


def test_only_commands_that_change_the_cluster_are_points_with_one_line_changes() -> None:
    sandbox, clock = _sandbox()
    for line in ("kubectl run web --image=nginx:1.27 -l tier=front", "kubectl get pods",
                 "echo hi > notes.txt", "kubectl label pod web env=prod tier-",
                 "kubectl set image pod/web web=httpd", "kubectl create namespace lab",
                 "kubectl run db -n lab --image=redis", "kubectl label node node2 disk=ssd",
                 "kubectl delete pod web --wait=false", "kubectl get pod nosuch"):
        clock.advance(5)
        sandbox.execute(line)
    assert _points(sandbox) == [
        (1, "kubectl run web --image=nginx:1.27 -l tier=front", ["+ pod/web"]),
        (2, "kubectl label pod web env=prod tier-", ["~ pod/web labels +env=prod -tier"]),
        (3, "kubectl set image pod/web web=httpd", ["~ pod/web image web=httpd"]),
        (4, "kubectl create namespace lab", ["+ namespace/lab"]),
        (5, "kubectl run db -n lab --image=redis", ["+ pod/db -n lab"]),
        (6, "kubectl label node node2 disk=ssd", ["~ node/node2 labels +disk=ssd"]),
        (7, "kubectl delete pod web --wait=false", ["~ pod/web deleting"]),
    ]


def test_restore_brings_the_cluster_back_and_is_itself_a_point() -> None:
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run web --image=nginx:1.27")
    sandbox.execute("kubectl create namespace lab")
    sandbox.execute("kubectl run db -n lab --image=redis")
    sandbox.execute("kubectl delete pod web --wait=false")
    clock.advance(60)
    result = sandbox.execute("timeline restore 1")
    assert result.text == "[restored the cluster to #1: kubectl run web --image=nginx:1.27]\n"
    assert sandbox.execute("kubectl get ns lab").text == (
        'Error from server (NotFound): namespaces "lab" not found\n')
    assert "web" in sandbox.execute("kubectl get pod web --no-headers").text
    # web had gone (deleted, then reaped during the minute): the restore brings it back
    assert _points(sandbox)[-1] == (5, "timeline restore 1",
                                    ["- namespace/lab", "+ pod/web", "- pod/db -n lab"])


def test_timeline_lists_points_and_refuses_bad_requests() -> None:
    sandbox, _ = _sandbox()
    assert sandbox.execute("timeline").text == (
        "timeline: no command has changed the cluster yet\n")
    sandbox.execute("kubectl run web --image=nginx:1.27")
    assert sandbox.execute("timeline").text == (
        "timeline: the cluster's last changes (a Pod Playground command, not kubectl); "
        "restore one with: timeline restore N\n"
        "#1   14:45:33  kubectl run web --image=nginx:1.27\n"
        "       + pod/web\n")
    for line, message in {
        "timeline restore 7": "timeline: no point #7 (the timeline keeps the last 50)\n",
        "timeline restore": "timeline: usage: timeline | timeline restore N\n",
        "timeline drop 1": "timeline: usage: timeline | timeline restore N\n",
    }.items():
        result = sandbox.execute(line)
        assert (result.chunks, result.exit_code) == ([("err", message)], 1), line


def test_the_timeline_keeps_its_last_50_points_and_bounded_bytes() -> None:
    sandbox, _ = _sandbox()
    for i in range(60):
        sandbox.execute(f"kubectl run p{i % 10} --image=nginx:1.27 2>/dev/null || "
                        f"kubectl label pod p{i % 10} n={i} --overwrite")
    numbers = [p["n"] for p in sandbox.state["timeline"]]
    assert numbers == list(range(11, 61))
    sizes = [len(p["cluster"]) for p in sandbox.state["timeline"]]
    assert max(sizes) < 40_000  # ten pods' records, base cluster excluded


def test_grading_snapshots_keep_what_happened_not_the_restorable_clusters() -> None:
    sandbox, _ = _sandbox()
    sandbox.execute("kubectl run web --image=nginx:1.27")
    snap = sandbox_state.snapshot(sandbox.state)
    assert snap["timeline"] == [{"n": 1, "t": TRANSCRIPT_EPOCH, "line":
                                 "kubectl run web --image=nginx:1.27", "changes": ["+ pod/web"]}]


def test_points_are_stored_as_a_journal_and_survive_a_reset() -> None:
    store = MemoryStore(clock=FixedClock())

    def create() -> dict[str, Any]:
        return Sandbox.new_state("s", TRANSCRIPT_EPOCH)

    store.update("s", lambda st: Sandbox(st, FixedClock()).execute("kubectl run a --image=httpd"),
                 create=create)
    store.update("s", lambda st: sandbox_state.restart(st, create()), create=create)
    store.update("s", lambda st: Sandbox(st, FixedClock()).execute("kubectl run b --image=httpd"),
                 create=create, append_only=frozenset({"timeline"}))
    loaded = store.load("s")
    assert loaded is not None
    assert [(p["n"], p["changes"]) for p in loaded["timeline"]] == [
        (1, ["+ pod/a"]), (2, ["+ pod/b"])]
    restored = store.update("s", lambda st: Sandbox(st, FixedClock()).execute(
        "timeline restore 1").text, create=create)
    assert restored == "[restored the cluster to #1: kubectl run a --image=httpd]\n"
