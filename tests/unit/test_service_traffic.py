"""v1 Endpoints from the slices, the ENDPOINTS column, and kube-proxy's choice of a pod."""

from __future__ import annotations

from typing import Any

import pytest

from playground.sim import endpoints, service_traffic
from playground.sim.printers.endpoints import endpoints_table, format_endpoints
from playground.sim.timefmt import parse_rfc3339


def _pod(name: str, ip: str, *, ready: bool = True, deleting: bool = False) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": "default", "uid": f"u-{name}",
                            "labels": {"app": "web"}}
    if deleting:
        meta["deletionTimestamp"] = "2026-11-01T10:00:00Z"
    return {"metadata": meta, "spec": {"nodeName": "node1", "containers": [
                {"name": "c", "ports": [{"name": "http", "containerPort": 8080}]}]},
            "status": {"phase": "Running", "podIP": ip, "conditions": [
                {"type": "Ready", "status": "True" if ready else "False"}]}}


SERVICE: dict[str, Any] = {
    "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"},
                 "creationTimestamp": "2026-11-01T10:00:00Z"},
    "spec": {"selector": {"app": "web"}, "clusterIP": "10.96.7.7", "clusterIPs": ["10.96.7.7"],
             "ports": [{"port": 80, "protocol": "TCP", "targetPort": "http"}]},
}


def test_ready_pods_are_addresses_sorted_by_ip_and_the_others_not_ready() -> None:
    pods = [_pod("b", "10.0.0.10"), _pod("a", "10.0.0.9"), _pod("c", "10.0.0.2", ready=False),
            _pod("d", "10.0.0.3", deleting=True)]
    ep = endpoints.v1_endpoints(SERVICE, pods, None)
    assert ep is not None
    (subset,) = ep["subsets"]
    assert [a["ip"] for a in subset["addresses"]] == ["10.0.0.9", "10.0.0.10"]
    assert [a["ip"] for a in subset["notReadyAddresses"]] == ["10.0.0.2"]
    assert subset["ports"] == [{"port": 8080, "protocol": "TCP"}]
    assert format_endpoints(ep) == "10.0.0.9:8080,10.0.0.10:8080"


def test_no_pods_is_none_and_only_not_ready_is_an_empty_cell() -> None:
    ep = endpoints.v1_endpoints(SERVICE, [], None)
    assert ep is not None and format_endpoints(ep) == "<none>"
    ep = endpoints.v1_endpoints(SERVICE, [_pod("a", "10.0.0.1", ready=False)], None)
    assert ep is not None and format_endpoints(ep) == ""


def test_more_than_three_addresses_are_counted() -> None:
    pods = [_pod(f"p{i}", f"10.0.0.{i}") for i in range(1, 6)]
    ep = endpoints.v1_endpoints(SERVICE, pods, None)
    assert ep is not None
    assert format_endpoints(ep) == "10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 2 more..."


def test_a_service_without_selector_has_no_endpoints_object() -> None:
    manual = {"metadata": {"name": "m", "namespace": "default"}, "spec": {"ports": []}}
    assert endpoints.v1_endpoints(manual, [], None) is None


def test_the_table_has_name_endpoints_age() -> None:
    ep = endpoints.v1_endpoints(SERVICE, [_pod("a", "10.0.0.1")], None)
    assert ep is not None
    now = parse_rfc3339("2026-11-01T10:05:00Z")
    assert endpoints_table([ep], now) == (
        "NAME   ENDPOINTS       AGE\nweb    10.0.0.1:8080   5m\n")


def test_names_and_the_cluster_ip_name_the_service() -> None:
    for host in ("web", "web.default", "web.default.svc", "web.default.svc.cluster.local",
                 "10.96.7.7"):
        assert service_traffic.service_named([SERVICE], "default", host) is SERVICE
    assert service_traffic.service_named([SERVICE], "other", "web") is None
    assert service_traffic.service_named([SERVICE], "other", "web.default") is SERVICE


def test_connections_take_the_ready_endpoints_in_turn_on_the_target_port() -> None:
    pods = [_pod("a", "10.0.0.1"), _pod("b", "10.0.0.2"), _pod("c", "10.0.0.3", ready=False)]
    turns: dict[str, int] = {}
    chosen = [service_traffic.backend(SERVICE, pods, 80, turns) for _ in range(3)]
    assert [(b.ip, b.port) for b in chosen] == [
        ("10.0.0.1", 8080), ("10.0.0.2", 8080), ("10.0.0.1", 8080)]


def test_no_ready_endpoint_is_refused_and_an_unknown_port_is_dropped() -> None:
    with pytest.raises(service_traffic.NoEndpoints):
        service_traffic.backend(SERVICE, [_pod("a", "10.0.0.1", ready=False)], 80, {})
    with pytest.raises(service_traffic.NoSuchPort):
        service_traffic.backend(SERVICE, [_pod("a", "10.0.0.1")], 81, {})


def test_a_node_port_names_its_service_and_service_port() -> None:
    node_port = {**SERVICE, "spec": {**SERVICE["spec"], "type": "NodePort", "ports": [
        {"port": 80, "protocol": "TCP", "targetPort": "http", "nodePort": 30080}]}}
    assert service_traffic.node_port_target([SERVICE, node_port], 30080) == (node_port, 80)
    assert service_traffic.node_port_target([SERVICE, node_port], 30081) is None
