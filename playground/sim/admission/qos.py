"""A pod's QoS class, as the API server stores it in ``status.qosClass`` at creation.

The one place the rule lives: ``ComputePodQOS`` (pkg/apis/core/helper/qos). Only cpu and memory
count, and only quantities greater than zero: a request of ``"0"`` is as if it were not set. The
pod is taken as the API server sees it after defaulting, where a container that sets a limit but
no request for a resource gets the limit as that request; an un-defaulted pod gives the same
answer because the defaulting is applied here too.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from playground.sim.admission.quantity import parse_quantity

_QOS_RESOURCES = ("cpu", "memory")


def compute_pod_qos(pod: dict[str, Any]) -> str:
    """``Guaranteed``, ``Burstable`` or ``BestEffort``."""
    spec = pod.get("spec") or {}
    requests: dict[str, Fraction] = {}
    limits: dict[str, Fraction] = {}
    guaranteed = True
    for container in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        resources = container.get("resources") or {}
        container_limits = resources.get("limits") or {}
        container_requests = {**container_limits, **(resources.get("requests") or {})}
        _add_positive(requests, container_requests)
        limits_found = _add_positive(limits, container_limits)
        if not limits_found.issuperset(_QOS_RESOURCES):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(limits.get(name) == value for name, value in requests.items()):
        if len(requests) == len(limits):
            return "Guaranteed"
    return "Burstable"


def _add_positive(totals: dict[str, Fraction], quantities: dict[str, Any]) -> set[str]:
    """Adds each cpu/memory quantity above zero to ``totals``; returns the names added."""
    added = set()
    for name, text in quantities.items():
        if name not in _QOS_RESOURCES:
            continue
        value = parse_quantity(text)
        if value > 0:
            totals[name] = totals.get(name, Fraction(0)) + value
            added.add(name)
    return added
