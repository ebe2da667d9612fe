"""The Downward API: pod and container fields a container reads from its environment or from
files of a ``downwardAPI`` volume, resolved as the kubelet resolves them.

Read from the stored pod record (its metadata, its spec, the IPs decided at admission), so the
values are what the API server holds: a label changed with ``kubectl label`` shows up in the
volume's ``labels`` file (the kubelet rewrites it), while environment variables keep the values
of the container's start.
"""

from __future__ import annotations

import math
import posixpath
import re
from fractions import Fraction
from typing import Any

from playground.sim.admission.quantity import QuantityError, parse_quantity
from playground.sim.printers.gosyntax import go_quote
from playground.sim.runtime import atomic_writer

_SUBSCRIPT = re.compile(r"^metadata\.(labels|annotations)\['(.*)'\]$")


class FieldError(ValueError):
    """A field path or resource the kubelet does not support (its message)."""


def field_value(record: dict[str, Any], path: str) -> str:
    """The value of a ``fieldRef.fieldPath`` (``metadata.name``, ``status.podIP``, …)."""
    meta, spec, sim = record["metadata"], record["spec"], record.get("_sim") or {}
    sub = _SUBSCRIPT.match(path)
    if sub:
        return str((meta.get(sub.group(1)) or {}).get(sub.group(2), ""))
    simple: dict[str, Any] = {
        "metadata.name": meta.get("name"),
        "metadata.namespace": meta.get("namespace"),
        "metadata.uid": meta.get("uid"),
        "spec.nodeName": spec.get("nodeName") or sim.get("node"),
        "spec.serviceAccountName": spec.get("serviceAccountName"),
        "status.hostIP": sim.get("hostIP"),
        "status.hostIPs": sim.get("hostIP"),
        "status.podIP": sim.get("podIP"),
        "status.podIPs": sim.get("podIP"),
    }
    if path in ("metadata.labels", "metadata.annotations"):
        return format_map(meta.get(path.split(".")[1]) or {})
    if path not in simple:
        raise FieldError(f'unsupported fieldPath: "{path}"')
    return str(simple[path] or "")


def format_map(values: dict[str, str]) -> str:
    """A labels/annotations file: ``key="value"`` lines in key order, Go-quoted, no final
    newline (the kubelet trims it)."""
    return "\n".join(f"{key}={go_quote(str(values[key]))}" for key in sorted(values))


def resource_value(record: dict[str, Any], container_name: str, resource: str,
                   divisor: str | int | None = None) -> str:
    """A ``resourceFieldRef``: the container's request or limit divided by ``divisor`` and
    rounded up; a missing limit is the node's allocatable amount, a missing request the
    limit (as the API server defaults it), else 0."""
    container = next((c for c in [*record["spec"].get("initContainers", []),
                                  *record["spec"]["containers"]]
                      if c["name"] == container_name), None)
    if container is None:
        raise FieldError(f"container {container_name} not found")
    # imported here: the default cluster's module imports the lifecycle, which imports us
    from playground.sim.cluster_defaults import node_allocatable

    kind, _, name = resource.partition(".")
    if kind not in ("limits", "requests") or not name:
        raise FieldError(f"unsupported container resource : {resource}")
    res = container.get("resources") or {}
    limits, requests = res.get("limits") or {}, res.get("requests") or {}
    node = record["spec"].get("nodeName") or (record.get("_sim") or {}).get("node") or ""
    if kind == "limits":
        raw = limits.get(name)
        if raw is None and name in ("cpu", "memory", "ephemeral-storage"):
            raw = node_allocatable(node)[name]
    else:
        raw = requests.get(name, limits.get(name))
    amount = _quantity(raw if raw is not None else 0)
    per = _quantity(divisor if divisor not in (None, "", "0", 0) else 1)
    # the kubelet divides milli-values of cpu and whole values of the others (rounded up), so a
    # divisor below one unit counts as one
    scale = 1000 if name == "cpu" else 1
    whole, unit = math.ceil(amount * scale), max(math.ceil(per * scale), 1)
    return str(math.ceil(Fraction(whole, unit)))


def _quantity(text: str | int | float) -> Fraction:
    try:
        return parse_quantity(text)
    except QuantityError:
        return Fraction(0)


def env_source_value(record: dict[str, Any], container: dict[str, Any],
                     source: dict[str, Any]) -> str | None:
    """The value of an env ``valueFrom`` (None: a source this playground has no objects for,
    such as a ConfigMap or a Secret)."""
    if "fieldRef" in source:
        return field_value(record, str(source["fieldRef"].get("fieldPath", "")))
    if "resourceFieldRef" in source:
        ref = source["resourceFieldRef"]
        return resource_value(record, ref.get("containerName") or container["name"],
                              str(ref.get("resource", "")), ref.get("divisor"))
    return None


def volume_files(record: dict[str, Any], volume: dict[str, Any]) -> dict[str, str]:
    """The files of a ``downwardAPI`` (or ``projected`` downwardAPI) volume, relative to its
    mount path, in the kubelet's atomic-writer layout (links followed: each item is readable
    under the timestamped directory, under ``..data/`` and at its own path)."""
    items: list[dict[str, Any]] = []
    if "downwardAPI" in volume:
        items = list((volume["downwardAPI"] or {}).get("items") or [])
    for source in (volume.get("projected") or {}).get("sources") or []:
        items.extend((source.get("downwardAPI") or {}).get("items") or [])
    payload: dict[str, str] = {}
    for item in items:
        path = posixpath.normpath(str(item.get("path", "")))
        try:
            payload[path] = _item_value(record, item)
        except FieldError:
            continue  # the API server's validation keeps such items out of real pods
    return atomic_writer.for_pod(record, volume, payload)


def _item_value(record: dict[str, Any], item: dict[str, Any]) -> str:
    if "fieldRef" in item:
        return field_value(record, str(item["fieldRef"].get("fieldPath", "")))
    if "resourceFieldRef" in item:
        ref = item["resourceFieldRef"]
        return resource_value(record, str(ref.get("containerName", "")),
                              str(ref.get("resource", "")), ref.get("divisor"))
    raise FieldError("an item needs a fieldRef or a resourceFieldRef")


def is_downward(volume: dict[str, Any]) -> bool:
    sources = (volume.get("projected") or {}).get("sources") or []
    return "downwardAPI" in volume or any("downwardAPI" in s for s in sources)
