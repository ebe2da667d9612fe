"""The cluster picture the page's panel draws: kubectl's cells, nodes, containers, filters."""

from __future__ import annotations

from typing import Any

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.cluster import Cluster
from playground.sim.config import SimConfig
from playground.sim.picture import ALL_NAMESPACES, sandbox_picture, tone
from playground.sim.sandbox import Sandbox

SIDECAR_POD = """apiVersion: v1
kind: Pod
metadata:
  name: side
  labels: {app: side}
spec:
  initContainers:
    - name: setup
      image: busybox
      command: ["sh", "-c", "true"]
    - name: logger
      image: busybox
      restartPolicy: Always
      command: ["sh", "-c", "sleep 3600"]
  containers:
    - name: web
      image: nginx:1.27
"""


def _pods(picture: dict[str, Any]) -> dict[str, Any]:
    return {p["name"]: p for n in picture["nodes"] for p in n["pods"]} | {
        p["name"]: p for p in picture["unscheduled"]}


def test_picture_cells_are_what_kubectl_get_pods_prints() -> None:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("pic", TRANSCRIPT_EPOCH), clock)
    assert sandbox.write_file("side.yaml", SIDECAR_POD) is None
    sandbox.execute("kubectl apply -f side.yaml")
    sandbox.execute("kubectl run crash --image=ubuntu:focal")
    clock.advance(60)
    rows = {line.split()[0]: line.split() for line in
            sandbox.execute("kubectl get pods -o wide --no-headers").text.splitlines()}
    picture = sandbox_picture(sandbox.state, clock.now(), "default")
    pods = _pods(picture)
    assert set(pods) == {"side", "crash"}
    for name, pod in pods.items():
        row = rows[name]
        assert [pod["ready"], pod["status"]] == row[1:3]
        # RESTARTS may be "4 (7s ago)"; AGE, IP, NODE and two <none> follow it
        assert pod["restarts"] == " ".join(row[3:-5])
        assert pod["ip"] == row[-4]
    assert [(c["name"], c["kind"]) for c in pods["side"]["containers"]] == [
        ("setup", "init"), ("logger", "sidecar"), ("web", "app")]
    assert pods["side"]["labels"] == {"app": "side"}
    assert (pods["side"]["tone"], pods["crash"]["tone"]) == ("ok", "bad")
    on_node = {n["name"]: [p["name"] for p in n["pods"]] for n in picture["nodes"]}
    for name in pods:
        assert name in on_node[rows[name][-3]]  # the NODE column


def test_picture_filter_and_unscheduled_pods() -> None:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("pic", TRANSCRIPT_EPOCH), clock)
    sandbox.execute("kubectl run big --image=nginx:1.27 --overrides="
                    "'{\"spec\":{\"nodeSelector\":{\"disk\":\"ssd\"}}}'")
    picture = sandbox_picture(sandbox.state, clock.now(), "default")
    assert [p["name"] for p in picture["unscheduled"]] == ["big"]
    assert picture["unscheduled"][0]["tone"] == "pending"
    everything = sandbox_picture(sandbox.state, clock.now(), ALL_NAMESPACES)
    assert any(p["namespace"] == "kube-system" for n in everything["nodes"] for p in n["pods"])
    assert "kube-system" in everything["namespaces"]


def test_tone_of_status_texts() -> None:
    assert [tone(s, r) for s, r in [("Running", "1/1"), ("Running", "0/1"), ("Pending", "0/1"),
                                    ("Init:0/1", "0/1"), ("Init:Error", "0/1"),
                                    ("Completed", "0/1"), ("CrashLoopBackOff", "0/1"),
                                    ("Terminating", "1/1")]] == [
        "ok", "warn", "pending", "pending", "bad", "done", "bad", "pending"]


def test_the_pictures_next_change_skips_instants_at_which_only_events_move() -> None:
    """A crash loop's BackOff event counts up between restarts; the picture draws no events,
    so its timer waits for the next restart instead of redrawing the same picture."""
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("pic", TRANSCRIPT_EPOCH), clock)
    sandbox.execute("kubectl run crash --image=ubuntu:focal")
    skipped = 0
    for _ in range(40):  # ~10 minutes of the crash loop, back-offs growing to 5 minutes
        now = clock.now()
        cluster = Cluster(sandbox.state["cluster"], now, SimConfig())
        nxt = sandbox_picture(sandbox.state, now, "default")["next"]
        any_change = cluster.next_change("default")
        assert nxt is not None and any_change is not None and any_change <= nxt
        if any_change < nxt:  # only events change in between: the same picture there
            skipped += 1
            between = Cluster(sandbox.state["cluster"], any_change, SimConfig())
            assert between.pods("default") == cluster.pods("default")
        clock.set(nxt)
    assert skipped > 0
