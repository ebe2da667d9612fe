"""Pod QoS class from cpu/memory requests and limits (spec §5.4), for describe and admission."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_SUFFIXES = {
    "": Decimal(1),
    "m": Decimal("0.001"),
    "k": Decimal(10) ** 3,
    "M": Decimal(10) ** 6,
    "G": Decimal(10) ** 9,
    "T": Decimal(10) ** 12,
    "P": Decimal(10) ** 15,
    "E": Decimal(10) ** 18,
    "Ki": Decimal(2) ** 10,
    "Mi": Decimal(2) ** 20,
    "Gi": Decimal(2) ** 30,
    "Ti": Decimal(2) ** 40,
    "Pi": Decimal(2) ** 50,
    "Ei": Decimal(2) ** 60,
}
_QUANTITY = re.compile(r"^([+-]?[0-9.]+)(e[+-]?[0-9]+|E[+-]?[0-9]+)?([a-zA-Z]*)$")
_QOS_RESOURCES = ("cpu", "memory")


def parse_quantity(text: str | int | float) -> Decimal:
    """The numeric value of a resource quantity (``500m`` → 0.5, ``1Gi`` → 1073741824)."""
    if isinstance(text, int | float):
        return Decimal(str(text))
    m = _QUANTITY.match(text.strip())
    if not m or m.group(3) not in _SUFFIXES:
        raise ValueError(f"quantities must match the regular expression: {text!r}")
    value = Decimal(m.group(1))
    if m.group(2):
        value *= Decimal(10) ** int(m.group(2)[1:])
    return value * _SUFFIXES[m.group(3)]


def qos_class(pod: dict[str, Any]) -> str:
    """``Guaranteed``, ``Burstable`` or ``BestEffort`` like ``qos.GetPodQOS``.

    The pod is taken as the API server stores it: a container that sets a limit but no request
    gets the limit as its request (API defaulting), so un-defaulted pods give the same answer.
    """
    spec = pod.get("spec") or {}
    requests: dict[str, Decimal] = {}
    limits: dict[str, Decimal] = {}
    guaranteed = True
    for container in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        resources = container.get("resources") or {}
        c_limits = resources.get("limits") or {}
        c_requests = dict(c_limits)
        c_requests.update(resources.get("requests") or {})
        for name, qty in c_requests.items():
            if name in _QOS_RESOURCES and parse_quantity(qty) > 0:
                requests[name] = requests.get(name, Decimal(0)) + parse_quantity(qty)
        found = set()
        for name, qty in c_limits.items():
            if name in _QOS_RESOURCES and parse_quantity(qty) > 0:
                found.add(name)
                limits[name] = limits.get(name, Decimal(0)) + parse_quantity(qty)
        if not found.issuperset(_QOS_RESOURCES):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(limits.get(n) == v for n, v in requests.items()):
        if len(requests) == len(limits):
            return "Guaranteed"
    return "Burstable"
