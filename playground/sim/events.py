"""Raw event occurrences → Kubernetes v1 Event objects, aggregated as the event recorder does.

Identical (reason, message, component, fieldPath) occurrences of one object become one Event
with ``count``, ``firstTimestamp`` and ``lastTimestamp``; events last updated more than an hour
before ``now`` have expired (the API server's default event TTL).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from playground.sim.timefmt import rfc3339

EVENT_TTL_SECONDS = 3600.0


def _key(occ: dict[str, Any]) -> tuple[str, str, str, str, str]:
    return (occ["reason"], occ["message"], occ["component"], occ.get("fieldPath", ""),
            occ["type"])


def aggregate(occurrences: list[dict[str, Any]], involved: dict[str, Any],
              now: float) -> list[dict[str, Any]]:
    """Event objects of one involved object, in creation (= name) order.

    An occurrence may stand for a series: ``count`` repeats from ``first`` to ``time``.
    """
    groups: dict[tuple[str, str, str, str, str], dict[str, Any]] = {}
    for occ in occurrences:
        if occ["time"] > now:
            continue
        key = _key(occ)
        first = float(occ.get("first", occ["time"]))
        count = int(occ.get("count", 1))
        group = groups.get(key)
        if group is None:
            groups[key] = {"first": first, "last": float(occ["time"]), "count": count}
        else:
            group["first"] = min(group["first"], first)
            group["last"] = max(group["last"], float(occ["time"]))
            group["count"] += count
    events = []
    # Creation order: by first occurrence; the API server lists events by name, and names
    # carry the creation time in nanoseconds (as the kubelet's recorder names them).
    ordered = sorted(enumerate(groups.items()), key=lambda item: (item[1][1]["first"], item[0]))
    for index, (key, group) in ordered:
        if now - group["last"] > EVENT_TTL_SECONDS:
            continue
        events.append(_event(key, group, involved, index))
    return events


def _event(key: tuple[str, str, str, str, str], group: dict[str, Any],
           involved: dict[str, Any], index: int) -> dict[str, Any]:
    reason, message, component, field_path, type_ = key
    seed = "/".join((involved.get("uid", ""), reason, message, component, field_path))
    digest = hashlib.sha256(seed.encode()).hexdigest()
    obj_ref: dict[str, Any] = {
        "apiVersion": involved.get("apiVersion", "v1"),
        "kind": involved.get("kind", "Pod"),
        "name": involved["name"],
        "namespace": involved["namespace"],
        "resourceVersion": involved.get("resourceVersion", ""),
        "uid": involved.get("uid", ""),
    }
    if field_path:
        obj_ref["fieldPath"] = field_path
    host = involved.get("host") or ""
    source: dict[str, Any] = {"component": component}
    if component == "kubelet" and host:
        source["host"] = host
    instance = host if component == "kubelet" else f"{component}-node1"
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {
            "name": f"{involved['name']}.{int(group['first'] * 1e9) + index * 1000:x}",
            "namespace": involved["namespace"],
            "uid": str(uuid.UUID(hex=digest[16:48], version=4)),
            "creationTimestamp": rfc3339(group["first"]),
        },
        "involvedObject": obj_ref,
        "reason": reason,
        "message": message,
        "type": type_,
        "source": source,
        "count": group["count"],
        "firstTimestamp": rfc3339(group["first"]),
        "lastTimestamp": rfc3339(group["last"]),
        "eventTime": None,
        "reportingComponent": component,
        "reportingInstance": instance,
    }
