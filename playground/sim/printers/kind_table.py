"""What kubectl's table printer adds to the rows of any kind (printers.HumanReadablePrinter, not
the kind's handler): the NAMESPACE column of ``-A``, the ``kind/`` prefix on the name when
several kinds are listed, the ``-L`` columns and ``--show-labels``. Each kind's module says only
its own headers and cells."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from playground.sim.printers.pods import extra_cells, label_headers
from playground.sim.tabwriter import format_rows

Obj = dict[str, Any]


def kind_table(
    objs: Sequence[Obj],
    headers: Sequence[str],
    row: Callable[[Obj], list[str]],
    prefix: str,
    *,
    no_headers: bool = False,
    with_namespace: bool = False,
    kind_prefix: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
) -> str:
    """The table of ``objs``: ``row(obj)`` gives the kind's cells, the name first; ``prefix``
    (``service/``, …) goes before the name with ``kind_prefix``."""
    header = (["NAMESPACE"] if with_namespace else []) + list(headers)
    header += label_headers(label_columns) + (["LABELS"] if show_labels else [])
    rows = [] if no_headers else [header]
    for obj in objs:
        cells = row(obj)
        if kind_prefix:
            cells = [prefix + cells[0], *cells[1:]]
        ns = [str((obj.get("metadata") or {}).get("namespace", ""))] if with_namespace else []
        rows.append(ns + cells + extra_cells(obj, label_columns, show_labels))
    return format_rows(rows)
