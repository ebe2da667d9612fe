"""kubectl events (v1.32): LAST SEEN TYPE REASON OBJECT MESSAGE, oldest first; ``--for``,
``--types``, ``-A`` and the machine ``-o`` forms. ``-w`` is not simulated (it says so)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim.kubectl import common, output, resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.printers.events import describe_events_lines
from playground.sim.tabwriter import format_rows
from playground.sim.timefmt import parse_rfc3339

HELP_PAGE = "events"
EXAMPLES = """  # List recent events in the default namespace
  kubectl events

  # List recent events for the specified pod
  kubectl events --for pod/web-pod-13je7"""

FLAGS = [
    common.OUTPUT,
    Flag("for", default=""),
    Flag("types", kind="list", default=[]),
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("watch", "w", kind="bool", default=False),
    Flag("no-headers", kind="bool", default=False),
    Flag("chunk-size", kind="int", default=500),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("template", default=""),
]
OUTPUTS = common.OBJECT_OUTPUTS


@dataclass(frozen=True)
class EventsOptions:
    output: str
    types: tuple[str, ...]
    for_object: str  # --for, resolved to a kind in validate, where kubectl checks it
    watch: bool
    all_namespaces: bool
    namespace: str
    no_headers: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> EventsOptions:
        return cls(
            output=str(parsed["output"]),
            types=tuple(t for t in parsed["types"] if t),
            for_object=str(parsed["for"]),
            watch=bool(parsed["watch"]),
            all_namespaces=bool(parsed["all-namespaces"]),
            namespace=common.namespace(parsed, ctx),
            no_headers=bool(parsed["no-headers"]),
        )

    def validate(self) -> tuple[str, str] | None:
        """The checks in kubectl's order; the --for object as (kind, name), or None."""
        common.check_output(self.output, OUTPUTS)
        for kind in self.types:
            if kind.lower() not in ("normal", "warning"):
                raise KubectlError("valid --types are Normal or Warning")
        involved = _for(self.for_object)
        if self.watch:
            raise KubectlError("`kubectl events -w` is not available in this playground; "
                               "use `kubectl get events -w`")
        return involved


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = EventsOptions.complete(parsed, ctx)
    involved = opts.validate()
    fmt, types, all_ns, ns = opts.output, opts.types, opts.all_namespaces, opts.namespace
    events = ctx.cluster.events(None if all_ns else ns)
    if involved is not None:
        kind, name = involved
        events = [e for e in events if (e.get("involvedObject") or {}).get("kind") == kind
                  and (e.get("involvedObject") or {}).get("name") == name]
    if types:
        wanted = {t.lower() for t in types}
        events = [e for e in events if str(e.get("type", "")).lower() in wanted]
    events = sorted(events, key=_last_seen)
    if not events:
        ctx.err("No events found.\n" if all_ns else f"No events found in {ns} namespace.\n")
        return 0
    if fmt:
        output.print_objects(ctx, events, fmt, single=False)
        return 0
    ctx.out(_table(events, ctx.now, with_namespace=all_ns, no_headers=opts.no_headers))
    return 0


def _for(value: str) -> tuple[str, str] | None:
    if not value:
        return None
    kind, sep, name = value.partition("/")
    if not sep:
        raise KubectlError("--for must be in resource/name form")
    try:
        resource = resources.lookup(kind)
    except KubectlError as exc:
        raise RawError(exc.message) from None  # kubectl prints this one without "error: "
    return resource.kind, name


def _last_seen(event: dict[str, Any]) -> float:
    series = event.get("series") or {}
    stamp = (series.get("lastObservedTime") or event.get("lastTimestamp")
             or event.get("eventTime") or event.get("firstTimestamp"))
    return parse_rfc3339(stamp) if stamp else 0.0


def _table(
    events: list[dict[str, Any]], now: float, *, with_namespace: bool, no_headers: bool
) -> str:
    header = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    rows = [] if no_headers else [(["NAMESPACE"] if with_namespace else []) + header]
    for event in events:
        # the LAST SEEN cell is describe's "Age" interval: `88s (x3 over 90s)`
        interval = describe_events_lines([event], now)[-1].split("\t")[2]
        inv = event.get("involvedObject") or {}
        row = [interval, event.get("type", ""), event.get("reason", ""),
               f"{inv.get('kind', '')}/{inv.get('name', '')}",
               (event.get("message") or "").strip()]
        ns = [(event.get("metadata") or {}).get("namespace", "")] if with_namespace else []
        rows.append(ns + row)
    return format_rows(rows)
