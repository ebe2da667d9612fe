"""EndpointSlices derived from pods, as the endpointslice controller keeps them."""

from __future__ import annotations

from typing import Any

from playground.sim import endpoints


def _pod(name: str, *, ready: bool = True, phase: str = "Running", ip: str | None = "10.0.0.1",
         ns: str = "default", labels: dict[str, str] | None = None, port_name: str = "http",
         deleting: bool = False) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": ns, "uid": f"u-{name}",
                            "labels": {"app": "web"} if labels is None else labels}
    if deleting:
        meta["deletionTimestamp"] = "2026-11-01T10:00:00Z"
    status: dict[str, Any] = {"phase": phase, "conditions": [
        {"type": "Ready", "status": "True" if ready else "False"}]}
    if ip:
        status["podIP"] = ip
    return {"metadata": meta, "status": status, "spec": {"nodeName": "node2", "containers": [
        {"name": "main", "ports": [{"name": port_name, "containerPort": 8080}]}]}}


def _service(**spec: Any) -> dict[str, Any]:
    return {"metadata": {"name": "web", "namespace": "default"},
            "spec": {"selector": {"app": "web"},
                     "ports": [{"name": "http", "port": 80, "targetPort": "http"}], **spec}}


def _conditions(slices: list[dict[str, Any]]) -> dict[str, dict[str, bool]]:
    return {e["targetRef"]["name"]: e["conditions"] for s in slices for e in s["endpoints"]}


def test_only_pods_with_an_ip_that_have_not_finished_are_endpoints() -> None:
    pods = [_pod("a"), _pod("pending", ip=None), _pod("done", phase="Succeeded"),
            _pod("other-ns", ns="team"), _pod("other-app", labels={"app": "db"})]
    assert list(_conditions(endpoints.endpoint_slices(_service(), pods, None))) == ["a"]


def test_ready_serving_and_terminating_follow_the_pod() -> None:
    pods = [_pod("up"), _pod("down", ready=False), _pod("going", deleting=True)]
    assert _conditions(endpoints.endpoint_slices(_service(), pods, None)) == {
        "up": {"ready": True, "serving": True, "terminating": False},
        "down": {"ready": False, "serving": False, "terminating": False},
        "going": {"ready": False, "serving": True, "terminating": True},
    }


def test_publish_not_ready_addresses_makes_every_endpoint_ready() -> None:
    slices = endpoints.endpoint_slices(_service(publishNotReadyAddresses=True),
                                       [_pod("down", ready=False)], None)
    assert _conditions(slices)["down"]["ready"] is True


def test_a_named_target_port_resolves_per_pod_and_groups_the_slices() -> None:
    slices = endpoints.endpoint_slices(_service(), [_pod("a"), _pod("b", port_name="web")], None)
    assert [(s["ports"], [e["targetRef"]["name"] for e in s["endpoints"]]) for s in slices] == [
        ([{"name": "http", "port": 8080, "protocol": "TCP"}], ["a"]),
        ([], ["b"]),  # b has no port called http: it stands behind no port of this service
    ]


def test_no_matching_pod_leaves_a_placeholder_slice() -> None:
    [placeholder] = endpoints.endpoint_slices(_service(), [], None)
    assert placeholder["ports"] == [] and placeholder["endpoints"] == []


def test_the_kubernetes_service_is_the_api_server_and_others_without_selector_have_none() -> None:
    kubernetes = {"metadata": {"name": "kubernetes", "namespace": "default"},
                  "spec": {"ports": [{"name": "https", "port": 443, "targetPort": 6443}]}}
    [own] = endpoints.endpoint_slices(kubernetes, [], "192.168.100.100")
    assert own["endpoints"][0]["addresses"] == ["192.168.100.100"]
    assert own["ports"] == [{"name": "https", "port": 6443, "protocol": "TCP"}]
    manual = {"metadata": {"name": "manual", "namespace": "default"}, "spec": {"ports": []}}
    assert endpoints.endpoint_slices(manual, [], "192.168.100.100") == []


def test_an_endpoint_is_named_after_the_pods_hostname_only_for_the_service_its_subdomain_names(
) -> None:
    # the controllers' ShouldSetHostname: spec.hostname, and spec.subdomain == the Service
    named, other = _pod("a", ip="10.0.0.1"), _pod("b", ip="10.0.0.2")
    bare = _pod("c", ip="10.0.0.3")
    named["spec"].update(hostname="web-0", subdomain="web")
    other["spec"].update(hostname="web-1", subdomain="elsewhere")
    [piece] = endpoints.endpoint_slices(_service(), [named, other, bare], None)
    assert [e.get("hostname") for e in piece["endpoints"]] == ["web-0", None, None]
    v1 = endpoints.v1_endpoints(_service(), [named, other, bare], None)
    assert v1 is not None
    assert [a.get("hostname") for a in v1["subsets"][0]["addresses"]] == ["web-0", None, None]
