"""``kubectl get nodes``: NAME STATUS ROLES AGE VERSION (+ wide columns), like printNode."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.printers.kind_table import kind_table
from playground.sim.timefmt import age

HEADERS = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
WIDE_HEADERS = ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]
_ROLE_PREFIX = "node-role.kubernetes.io/"


def node_status(node: dict[str, Any]) -> str:
    conditions = {
        c.get("type"): c.get("status") for c in (node.get("status") or {}).get("conditions") or []
    }
    states = []
    if "Ready" in conditions:
        states.append("Ready" if conditions["Ready"] == "True" else "NotReady")
    else:
        states.append("Unknown")
    if (node.get("spec") or {}).get("unschedulable"):
        states.append("SchedulingDisabled")
    return ",".join(states)


def node_roles(node: dict[str, Any]) -> str:
    roles = set()
    for key, value in ((node.get("metadata") or {}).get("labels") or {}).items():
        if key.startswith(_ROLE_PREFIX) and key[len(_ROLE_PREFIX) :]:
            roles.add(key[len(_ROLE_PREFIX) :])
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return ",".join(sorted(roles)) or "<none>"


def _address(node: dict[str, Any], kind: str) -> str:
    for addr in (node.get("status") or {}).get("addresses") or []:
        if addr.get("type") == kind:
            return addr.get("address", "")
    return "<none>"


def node_row(node: dict[str, Any], now: float, *, wide: bool = False) -> list[str]:
    meta = node.get("metadata") or {}
    info = (node.get("status") or {}).get("nodeInfo") or {}
    row = [
        meta.get("name", ""),
        node_status(node),
        node_roles(node),
        age(meta.get("creationTimestamp"), now),
        info.get("kubeletVersion", ""),
    ]
    if wide:
        row += [
            _address(node, "InternalIP"),
            _address(node, "ExternalIP"),
            info.get("osImage") or "<unknown>",
            info.get("kernelVersion") or "<unknown>",
            info.get("containerRuntimeVersion") or "<unknown>",
        ]
    return row


def node_table(
    nodes: Sequence[dict[str, Any]],
    now: float,
    *,
    wide: bool = False,
    no_headers: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
    kind_prefix: bool = False,
) -> str:
    return kind_table(nodes, HEADERS + (WIDE_HEADERS if wide else []),
                      lambda node: node_row(node, now, wide=wide), "node/",
                      no_headers=no_headers, kind_prefix=kind_prefix, show_labels=show_labels,
                      label_columns=label_columns)
