"""``kubectl describe namespace``: name, labels, annotations, status, quotas and limit ranges."""

from __future__ import annotations

from typing import Any

from playground.sim.printers.describe_lines import annotations_lines, labels_lines
from playground.sim.tabwriter import format_lines


def describe_namespace(ns: dict[str, Any]) -> str:
    """The sandbox has no ResourceQuota or LimitRange objects, so both say so."""
    meta = ns.get("metadata") or {}
    lines = [f"Name:\t{meta.get('name', '')}"]
    lines += labels_lines("Labels", meta.get("labels"))
    lines += annotations_lines("Annotations", meta.get("annotations"))
    lines.append(f"Status:\t{(ns.get('status') or {}).get('phase', '')}")
    lines += ["", "No resource quota.", "", "No LimitRange resource."]
    return format_lines(lines, minwidth=0, padding=2)
