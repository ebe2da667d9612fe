"""Scheduler filter: taints, selectors, requests; FailedScheduling wording (spec §3)."""

from __future__ import annotations

import random

from playground.sim.clock import TRANSCRIPT_EPOCH as T0
from playground.sim.cluster_defaults import default_cluster
from playground.sim.lifecycle.schedule import place


def _pod(**spec: object) -> dict[str, object]:
    return {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "nginx"}],
                                                 **spec}}


def test_place_big_cpu_request_reports_taint_and_insufficient_cpu() -> None:
    cluster = default_cluster("seed", T0)
    pod = _pod(containers=[{"name": "c", "image": "nginx",
                            "resources": {"requests": {"cpu": "64"}}}])
    got = place(pod, cluster["nodes"], cluster["pods"], random.Random(1))
    assert got.node is None
    assert got.message == (
        "0/3 nodes are available: 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes "
        "are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims "
        "found for incoming pod.")


def test_place_single_node_selector_mismatch_message() -> None:
    cluster = default_cluster("seed", T0)
    got = place(_pod(nodeSelector={"disktype": "ssd"}), cluster["nodes"][1:2], [],
                random.Random(1))
    assert got.message == (
        "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. "
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")


def test_place_plain_pod_lands_on_a_worker_deterministically() -> None:
    cluster = default_cluster("seed", T0)
    first = place(_pod(), cluster["nodes"], cluster["pods"], random.Random(7))
    again = place(_pod(), cluster["nodes"], cluster["pods"], random.Random(7))
    assert first.node in ("node2", "node3") and first == again
