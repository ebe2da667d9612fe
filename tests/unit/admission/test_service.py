"""Service admission: SetDefaults_Service, ValidateService's messages, ClusterIP allocation."""

from __future__ import annotations

import ipaddress
import random

import pytest

from playground.sim.admission import service


def _svc(**spec: object) -> dict[str, object]:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}], **spec}}


def test_defaults_fill_type_affinity_protocol_target_port_and_traffic_policy() -> None:
    svc = service.apply_defaults(_svc())
    spec = svc["spec"]
    assert spec["type"] == "ClusterIP" and spec["sessionAffinity"] == "None"
    assert spec["internalTrafficPolicy"] == "Cluster"
    assert spec["ports"] == [{"port": 80, "protocol": "TCP", "targetPort": 80}]
    assert svc["status"] == {"loadBalancer": {}}


def test_a_named_target_port_is_kept() -> None:
    svc = service.apply_defaults(_svc(ports=[{"port": 80, "targetPort": "http"}]))
    assert svc["spec"]["ports"][0]["targetPort"] == "http"


def test_a_valid_service_has_no_causes() -> None:
    assert service.validate(service.apply_defaults(_svc())) == []


def test_ports_are_required() -> None:
    assert service.validate(service.apply_defaults(_svc(ports=[]))) == [
        "spec.ports: Required value"]


def test_each_port_is_checked_in_validate_service_port_order() -> None:
    svc = service.apply_defaults(_svc(ports=[{"port": 80, "name": "http"},
                                             {"port": 70000, "protocol": "tcp"}]))
    assert service.validate(svc) == [
        "spec.ports[1].name: Required value",
        "spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
        'spec.ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", '
        '"UDP"',
        "spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]


def test_duplicate_port_names_are_refused() -> None:
    svc = service.apply_defaults(_svc(ports=[{"port": 80, "name": "a"},
                                             {"port": 81, "name": "a"}]))
    assert service.validate(svc) == ['spec.ports[1].name: Duplicate value: "a"']


def test_the_name_is_a_dns_1035_label() -> None:
    svc = service.apply_defaults(_svc())
    svc["metadata"] = {"name": "1web"}
    (cause,) = service.validate(svc)
    assert cause.startswith('metadata.name: Invalid value: "1web": a DNS-1035 label')


def test_selector_labels_are_checked() -> None:
    causes = service.validate(service.apply_defaults(_svc(selector={"app": "-x"})))
    assert causes and causes[0].startswith('spec.selector: Invalid value: "-x": a valid label')


def test_an_unknown_type_is_unsupported() -> None:
    causes = service.validate(service.apply_defaults(_svc(type="Bogus")))
    assert causes == ['spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", '
                      '"ExternalName", "LoadBalancer", "NodePort"']


def test_allocation_is_in_the_range_reproducible_and_skips_used_addresses() -> None:
    first = service.allocate_ip(random.Random(7), set())
    assert ipaddress.ip_address(first) in service.SERVICE_CIDR
    assert service.allocate_ip(random.Random(7), set()) == first
    assert service.allocate_ip(random.Random(7), {first}) != first


def test_a_requested_address_must_be_free_and_in_range() -> None:
    assert service.requested_ip_error("10.96.5.5", set()) is None
    assert "provided IP is already allocated" in str(
        service.requested_ip_error("10.96.5.5", {"10.96.5.5"}))
    assert "is not in the valid range" in str(service.requested_ip_error("10.0.0.1", set()))


def test_a_node_port_service_gets_free_node_ports_and_an_external_policy() -> None:
    svc = service.admit(_svc(type="NodePort"), "default", set(), random.Random(1), {30001})
    (port,) = svc["spec"]["ports"]
    assert port["nodePort"] in service.NODE_PORTS and port["nodePort"] != 30001
    assert svc["spec"]["externalTrafficPolicy"] == "Cluster"


def test_a_requested_node_port_must_be_in_range_and_free() -> None:
    with pytest.raises(service.Invalid) as caught:
        service.admit(_svc(type="NodePort", ports=[{"port": 80, "nodePort": 80}]), "default",
                      set(), random.Random(1))
    assert caught.value.causes == [
        "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. "
        "The range of valid ports is 30000-32767"]
    with pytest.raises(service.Invalid):
        service.admit(_svc(type="NodePort", ports=[{"port": 80, "nodePort": 30080}]), "default",
                      set(), random.Random(1), {30080})


def test_load_balancers_are_not_served() -> None:
    with pytest.raises(service.Unserved):
        service.admit(_svc(type="LoadBalancer"), "default", set(), random.Random(1))
