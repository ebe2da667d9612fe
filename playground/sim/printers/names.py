"""``-o name``: ``<resource>/<name>`` per object (``pod/myweb``, ``service/kubernetes``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# kind -> the lower-case name kubectl prints before the slash (core kinds have no group suffix).
_RESOURCE = {
    "Pod": "pod",
    "Service": "service",
    "Node": "node",
    "Namespace": "namespace",
    "Event": "event",
    "ConfigMap": "configmap",
    "ServiceAccount": "serviceaccount",
}


def object_name(obj: dict[str, Any]) -> str:
    kind = obj.get("kind", "")
    prefix = _RESOURCE.get(kind, kind.lower())
    return f"{prefix}/{(obj.get('metadata') or {}).get('name', '')}"


def names(objs: Sequence[dict[str, Any]]) -> str:
    return "".join(object_name(o) + "\n" for o in objs)
