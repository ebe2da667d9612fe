"""``kubectl get namespaces``: NAME STATUS AGE."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.printers.pods import extra_cells, label_headers
from playground.sim.tabwriter import format_rows
from playground.sim.timefmt import age


def namespace_row(ns: dict[str, Any], now: float) -> list[str]:
    meta = ns.get("metadata") or {}
    phase = (ns.get("status") or {}).get("phase", "")
    return [meta.get("name", ""), phase, age(meta.get("creationTimestamp"), now)]


def namespace_table(
    namespaces: Sequence[dict[str, Any]],
    now: float,
    *,
    no_headers: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
) -> str:
    header = ["NAME", "STATUS", "AGE"] + label_headers(label_columns)
    header += ["LABELS"] if show_labels else []
    rows = [] if no_headers else [header]
    rows += [namespace_row(n, now) + extra_cells(n, label_columns, show_labels) for n in namespaces]
    return format_rows(rows)
