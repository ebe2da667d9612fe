"""``-o custom-columns=HEADER:.path,...``: spec parsing, kubectl's error messages and the table."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from playground.sim.printers.jsonpath import JSONPathError, Node, _Runner, parse
from playground.sim.tabwriter import format_rows

_RELAXED = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")


class CustomColumnsError(Exception):
    """A bad column spec; ``str()`` is kubectl's message (printed after ``error: ``)."""


def relaxed_jsonpath(expression: str) -> str:
    """``RelaxedJSONPathExpression``: ``.a.b``, ``a.b``, ``{a.b}`` all become ``{.a.b}``."""
    if not expression:
        return expression
    m = _RELAXED.match(expression)
    if not m:
        raise CustomColumnsError(
            "unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
            "'{name1.name2}' or '{.name1.name2}'"
        )
    return "{." + (m.group(1) or m.group(2)) + "}"


def parse_spec(spec: str) -> list[tuple[str, Node]]:
    """Split ``H1:path1,H2:path2`` into (header, parsed template) pairs."""
    if not spec:
        raise CustomColumnsError("custom-columns format specified but no custom columns given")
    columns = []
    for part in spec.split(","):
        header, sep, path = part.partition(":")
        if not sep:
            raise CustomColumnsError(
                f"unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )
        template = relaxed_jsonpath(path)
        try:
            columns.append((header, parse(template)))
        except JSONPathError as err:
            raise CustomColumnsError(str(err)) from None
    return columns


def go_v(value: Any) -> str:
    """Go's ``%v`` of decoded JSON (``map[k:v]``, ``[a b]``, ``<nil>``)."""
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_v(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_v(v) for v in value) + "]"
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _cell(template: Node, obj: dict[str, Any]) -> str:
    groups = _Runner().find(template.nodes, obj)
    if not groups or not groups[0]:
        return "<none>"
    return ",".join(go_v(v) for group in groups for v in group)


def custom_columns_table(
    objs: Sequence[dict[str, Any]], spec: str, *, no_headers: bool = False
) -> str:
    """The table for ``objs``; raises :class:`CustomColumnsError` or ``JSONPathError``."""
    columns = parse_spec(spec)
    rows = [] if no_headers else [[h for h, _ in columns]]
    rows += [[_cell(t, obj) for _, t in columns] for obj in objs]
    return format_rows(rows)
