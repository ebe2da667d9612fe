"""Scheduler filter: taints, selectors, requests; FailedScheduling wording (spec §3)."""

from __future__ import annotations

import copy
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


def _labelled(nodes: list[dict[str, object]], name: str, **labels: str) -> list[dict[str, object]]:
    out = copy.deepcopy(nodes)
    for node in out:
        meta = node["metadata"]
        assert isinstance(meta, dict)
        if meta["name"] == name:
            meta["labels"] = {**meta["labels"], **labels}
    return out


def _required(*exprs: dict[str, object]) -> dict[str, object]:
    return {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": list(exprs)}]}}}


def test_required_node_affinity_operators() -> None:
    nodes = _labelled(default_cluster("seed", T0)["nodes"], "node3", disktype="ssd", gen="5")
    exprs: list[dict[str, object]] = [
        {"key": "disktype", "operator": "In", "values": ["ssd"]},
        {"key": "disktype", "operator": "Exists"},
        {"key": "gen", "operator": "Gt", "values": ["4"]},
    ]
    for expr in exprs:
        got = place(_pod(affinity=_required(expr)), nodes, [], random.Random(1))
        assert got.node == "node3", expr
    got = place(_pod(affinity=_required({"key": "disktype", "operator": "DoesNotExist"})),
                nodes, [], random.Random(1))
    assert got.node == "node2"
    got = place(_pod(affinity=_required({"key": "gen", "operator": "Lt", "values": ["5"]})),
                nodes, [], random.Random(1))
    assert got.node is None and "2 node(s) didn't match Pod's node affinity/selector" in str(
        got.message)


def test_required_node_affinity_match_fields_and_empty_terms() -> None:
    nodes = default_cluster("seed", T0)["nodes"]
    terms = [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node2"]}]}]
    by_name: dict[str, object] = {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}}
    assert place(_pod(affinity=by_name), nodes, [], random.Random(1)).node == "node2"
    empty: dict[str, object] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{}]}}}
    assert place(_pod(affinity=empty), nodes, [], random.Random(1)).node is None


def test_preferred_node_affinity_wins_over_spreading() -> None:
    nodes = _labelled(default_cluster("seed", T0)["nodes"], "node2", disktype="ssd")
    preferred = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 1, "preference": {"matchExpressions": [
            {"key": "disktype", "operator": "In", "values": ["ssd"]}]}}]}}
    for seed in range(8):
        assert place(_pod(affinity=preferred), nodes, [], random.Random(seed)).node == "node2"


def _host_port_pod(name: str, node: str | None, port: int, ip: str = "") -> dict[str, object]:
    pod: dict[str, object] = {"metadata": {"name": name}, "spec": {"containers": [
        {"name": "c", "image": "nginx", "ports": [
            {"containerPort": 80, "hostPort": port, "protocol": "TCP", "hostIP": ip}]}]},
        "_sim": {"node": node}}
    return pod


def test_host_port_taken_on_every_worker_leaves_the_pod_pending() -> None:
    nodes = default_cluster("seed", T0)["nodes"]
    placed = [_host_port_pod("a", "node2", 8080), _host_port_pod("b", "node3", 8080)]
    got = place(_host_port_pod("c", None, 8080), nodes, placed, random.Random(1))
    assert got.node is None
    assert got.message == (
        "0/3 nodes are available: 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 2 node(s) didn't have free ports for the "
        "requested pod ports. preemption: 0/3 nodes are available: 1 Preemption is not helpful "
        "for scheduling, 2 No preemption victims found for incoming pod.")


def test_host_port_on_other_address_or_port_still_fits() -> None:
    nodes = default_cluster("seed", T0)["nodes"]
    placed = [_host_port_pod("a", "node2", 8080, "10.0.0.1"), _host_port_pod("b", "node3", 8080)]
    other_ip = place(_host_port_pod("c", None, 8080, "10.0.0.2"), nodes, placed, random.Random(1))
    assert other_ip.node == "node2"
    other_port = place(_host_port_pod("d", None, 9090), nodes, placed, random.Random(1))
    assert other_port.node in ("node2", "node3")
