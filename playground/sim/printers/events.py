"""Events as kubectl shows them: the describe ``Events:`` block and the ``get events`` table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.printers.gosort import sort_sort
from playground.sim.tabwriter import format_rows
from playground.sim.timefmt import age, parse_rfc3339

Event = dict[str, Any]

HEADERS = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
WIDE_HEADERS = [
    "LAST SEEN",
    "TYPE",
    "REASON",
    "OBJECT",
    "SUBOBJECT",
    "SOURCE",
    "MESSAGE",
    "FIRST SEEN",
    "COUNT",
    "NAME",
]


def _ts(value: str | None) -> float:
    return parse_rfc3339(value) if value else float("-inf")


def describe_events_lines(events: Sequence[Event] | None, now: float) -> list[str]:
    """Tab-separated lines of the describe ``Events:`` block (sorted by lastTimestamp)."""
    if events is None:
        return []
    if not events:
        return ["Events:\t<none>"]
    lines = ["Events:", "  Type\tReason\tAge\tFrom\tMessage", "  ----\t------\t----\t----\t-------"]
    # kubectl sorts the listed events (in the API server's name order) with Go's sort.Sort by
    # lastTimestamp: events of the same second end up in pdqsort's order, not the listed one
    ordered = sort_sort(list(events),
                        lambda a, b: _ts(a.get("lastTimestamp")) < _ts(b.get("lastTimestamp")))
    for ev in ordered:
        first = age(ev.get("firstTimestamp") or ev.get("eventTime"), now)
        count = ev.get("count") or 0
        series = ev.get("series")
        if series:
            interval = (
                f"{age(series.get('lastObservedTime'), now)} (x{series.get('count')} over {first})"
            )
        elif count > 1:
            interval = f"{age(ev.get('lastTimestamp'), now)} (x{count} over {first})"
        else:
            interval = first
        source = (ev.get("source") or {}).get("component") or ev.get("reportingComponent", "")
        message = (ev.get("message") or "").strip()
        lines.append(
            f"  {ev.get('type', '')}\t{ev.get('reason', '')}\t{interval}\t{source}\t{message}"
        )
    return lines


def _source(ev: Event) -> str:
    src = ev.get("source") or {}
    component = src.get("component") or ev.get("reportingComponent", "")
    instance = src.get("host") or ev.get("reportingInstance", "")
    return f"{component}, {instance}" if instance else component


def event_row(ev: Event, now: float, *, wide: bool = False) -> list[str]:
    """One ``kubectl get events`` row, as the server-side printer fills it."""
    first = (
        age(ev.get("firstTimestamp"), now)
        if ev.get("firstTimestamp")
        else age(ev.get("eventTime"), now)
    )
    last = age(ev.get("lastTimestamp"), now) if ev.get("lastTimestamp") else first
    count = ev.get("count") or 1
    if ev.get("series"):
        last = age(ev["series"].get("lastObservedTime"), now)
        count = ev["series"].get("count", count)
    inv = ev.get("involvedObject") or {}
    kind = (inv.get("kind") or "").lower()
    target = f"{kind}/{inv['name']}" if inv.get("name") else kind
    message = (ev.get("message") or "").strip()
    if not wide:
        return [last, ev.get("type", ""), ev.get("reason", ""), target, message]
    return [
        last,
        ev.get("type", ""),
        ev.get("reason", ""),
        target,
        inv.get("fieldPath", ""),
        _source(ev),
        message,
        first,
        str(count),
        (ev.get("metadata") or {}).get("name", ""),
    ]


def event_table(
    events: Sequence[Event],
    now: float,
    *,
    wide: bool = False,
    no_headers: bool = False,
    with_namespace: bool = False,
) -> str:
    """``kubectl get events`` for ``events`` in the order given."""
    header = (["NAMESPACE"] if with_namespace else []) + (WIDE_HEADERS if wide else HEADERS)
    rows = [] if no_headers else [header]
    for ev in events:
        ns = [(ev.get("metadata") or {}).get("namespace", "")] if with_namespace else []
        rows.append(ns + event_row(ev, now, wide=wide))
    return format_rows(rows)
