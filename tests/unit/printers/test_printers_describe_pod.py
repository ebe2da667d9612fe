"""``describe pod`` against the real kubectl captures in describes.txt (spec §2, G04–G13, G39)."""

from __future__ import annotations

import pytest

from playground.sim.admission.qos import compute_pod_qos as qos_class
from playground.sim.printers.describe_pod import describe_pod
from tests.unit.printers.captured import CAPTURE_NOW, describes, events, pod

CAPTURED = describes()


@pytest.mark.parametrize("name", sorted(CAPTURED))
def test_describe_pod_matches_captured_kubectl(name: str) -> None:
    # The stub server resolved relative times when serving, kubectl read its clock later, and
    # the describes were captured a few seconds apart: one combination must match exactly.
    outputs = [
        describe_pod(pod(name, CAPTURE_NOW + d), events(name, CAPTURE_NOW + d), CAPTURE_NOW + d + e)
        for d in range(0, 4)
        for e in (0, 1)
    ]
    assert CAPTURED[name] in outputs, outputs[0]


def test_describe_pod_without_events_prints_aligned_none() -> None:
    text = describe_pod(pod("guar"), [], CAPTURE_NOW)
    assert text.endswith(
        "QoS Class:                   Guaranteed\n"
        "Node-Selectors:              disktype=ssd\n"
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute "
        "op=Exists for 300s\n"
        "                             node.kubernetes.io/unreachable:NoExecute "
        "op=Exists for 300s\n"
        "Events:                      <none>\n"
    )


def test_qos_class_follows_spec_examples() -> None:
    assert qos_class(pod("guar")) == "Guaranteed"
    assert qos_class(pod("myweb")) == "BestEffort"
    assert qos_class(pod("memhog")) == "Burstable"
    limits_only = {
        "spec": {"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]}
    }
    assert qos_class(limits_only) == "Guaranteed"


def _resources(*per_container: dict) -> dict:
    return {"spec": {"containers": [{"name": f"c{i}", "resources": r}
                                    for i, r in enumerate(per_container)]}}


def test_qos_class_counts_only_quantities_above_zero() -> None:
    # ComputePodQOS (pkg/apis/core/helper/qos): a quantity joins the sums only when
    # quantity.Cmp(zero) == 1, so "0" and "0m" are as if unset
    assert qos_class(_resources({"requests": {"cpu": "0"}})) == "BestEffort"
    assert qos_class(_resources({"requests": {"cpu": "0m", "memory": "0"}})) == "BestEffort"
    assert qos_class(_resources({"limits": {"cpu": "0"}, "requests": {"cpu": "0"}})) == (
        "BestEffort"
    )
    assert qos_class(_resources({"requests": {"cpu": "0", "memory": "1Mi"}})) == "Burstable"
    # Guaranteed needs every container to limit both cpu and memory above zero...
    both = {"limits": {"cpu": "1", "memory": "1Gi"}}
    assert qos_class(_resources(both, {"requests": {"cpu": "0"}})) == "Burstable"
    assert qos_class(_resources(both, both)) == "Guaranteed"
    # ...and compares the quantities' values, not their spellings
    spelled = {"limits": {"cpu": "1000m", "memory": "1024Mi"},
               "requests": {"cpu": "1", "memory": "1Gi"}}
    assert qos_class(_resources(spelled)) == "Guaranteed"
    # resources other than cpu and memory never count
    assert qos_class(_resources({"limits": {"ephemeral-storage": "1Gi"}})) == "BestEffort"
