"""Default cluster contents and admission planning of a new pod's _sim facts."""

from __future__ import annotations

from playground.sim.clock import TRANSCRIPT_EPOCH as T0
from playground.sim.cluster_defaults import default_cluster, plan_pod
from playground.sim.lifecycle import observe
from playground.sim.printers.pods import pod_columns
from tests.unit.lifecycle.helpers import container


def test_default_cluster_has_three_nodes_with_control_plane_taint() -> None:
    cluster = default_cluster("seed", T0)
    names = [n["metadata"]["name"] for n in cluster["nodes"]]
    assert names == ["node1", "node2", "node3"]
    assert cluster["nodes"][0]["spec"]["taints"] == [
        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]
    info = cluster["nodes"][1]["status"]["nodeInfo"]
    assert info["kubeletVersion"] == "v1.32.4" and info["osImage"] == "Ubuntu 22.04.5 LTS"
    assert [ns["metadata"]["name"] for ns in cluster["namespaces"]] == [
        "default", "kube-node-lease", "kube-public", "kube-system"]
    assert cluster["services"][0]["spec"]["clusterIP"] == "10.96.0.1"


def test_default_cluster_system_pods_run_cheaply_for_thirty_days() -> None:
    cluster = default_cluster("seed", T0)
    names = {p["metadata"]["name"] for p in cluster["pods"]}
    assert "coredns-7db6d8ff4d-x2x9v" in names and "etcd-node1" in names
    for record in cluster["pods"]:
        view = observe(record, T0)
        assert pod_columns(view.obj, T0)[:2] == ("1/1", "Running")
        assert view.next_change is None


def test_plan_pod_places_first_pod_with_first_ip_of_the_node_block() -> None:
    cluster = default_cluster("seed", T0)
    pod = {"metadata": {"name": "myweb"}, "spec": {"containers": [container("myweb", "httpd")]}}
    sim = plan_pod(pod, cluster["pods"], cluster["nodes"], "seed/uid-1", T0)
    block = {"node2": "10.233.96.1", "node3": "10.233.92.1"}
    assert sim["podIP"] == block[sim["node"]]
    assert sim["pulls"]["myweb"]["present"] is False
    assert sim["pulls"]["myweb"]["size"] == 58123456


def test_plan_pod_finds_image_cached_by_earlier_pod_on_same_node() -> None:
    cluster = default_cluster("seed", T0)
    first = {"metadata": {"name": "a"}, "spec": {"containers": [container("a", "nginx:1.27")],
                                                 "nodeName": "node2"}}
    first["_sim"] = plan_pod(first, cluster["pods"], cluster["nodes"], "seed/a", T0)
    second = {"metadata": {"name": "b"}, "spec": {"containers": [container("b", "nginx:1.27")],
                                                  "nodeName": "node2"}}
    sim = plan_pod(second, cluster["pods"] + [first], cluster["nodes"], "seed/b", T0 + 120)
    assert sim["pulls"]["b"]["present"] is True
    assert sim["podIP"] == "10.233.96.2"


def test_plan_pod_finds_image_the_node_kept_from_a_pod_that_is_gone() -> None:
    cluster = default_cluster("seed", T0)
    pod = {"metadata": {"name": "b"}, "spec": {"containers": [container("b", "nginx:1.27")],
                                               "nodeName": "node2"}}
    kept = {"node2": ["docker.io/library/nginx:1.27"]}
    assert plan_pod(pod, cluster["pods"], cluster["nodes"], "seed/b", T0, kept)[
        "pulls"]["b"]["present"] is True
    elsewhere = {"node3": ["docker.io/library/nginx:1.27"]}
    assert plan_pod(pod, cluster["pods"], cluster["nodes"], "seed/b", T0, elsewhere)[
        "pulls"]["b"]["present"] is False
