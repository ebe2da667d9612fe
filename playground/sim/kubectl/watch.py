"""kubectl get -w: the first list, then one line per change of a watched object, until Ctrl-C.

The watch lives in the tab's state between calls (``spec``): which objects it follows, the
column widths seen so far, and a fingerprint of each object's last printed version.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from playground.sim.kubectl import resources, tables
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.printers import pods as pod_printer
from playground.sim.tabwriter import WatchTable

if TYPE_CHECKING:
    from playground.sim.kubectl.commands.get import GetOptions
    from playground.sim.kubectl.common import Target


def start(targets: list[Target], opts: GetOptions, ctx: Ctx) -> int:
    if len(targets) != 1:
        raise KubectlError("you may only specify a single resource type")
    if opts.output not in ("", "wide"):
        raise KubectlError("the playground watches tables only; drop -o to use -w")
    target = targets[0]
    if target.resource is not resources.POD:
        raise KubectlError("the playground can watch pods only (kubectl get pods -w)")
    spec: dict[str, Any] = {
        "namespace": None if opts.all_namespaces else opts.namespace,
        "names": target.names,
        "selector": opts.selector,
        "wide": opts.output == "wide",
        "show_labels": opts.show_labels,
        "label_columns": list(opts.label_columns),
        "events": opts.watch_events,
        "with_namespace": opts.all_namespaces,
        "widths": [],
        "seen": {},
    }
    table = WatchTable()
    objs = _watched(spec, ctx)
    if not opts.watch_only:
        if objs:
            rows = [_header(spec)] + [_row(spec, o, ctx, "ADDED") for o in objs]
            ctx.out(table.rows(rows))
        else:
            where = "" if opts.all_namespaces else f" in {opts.namespace} namespace"
            ctx.err(f"No resources found{where}.\n" if where else "No resources found\n")
    spec["seen"] = {_key(o): _fingerprint(o) for o in objs}
    spec["last"] = {_key(o): o for o in objs}
    spec["widths"] = table.widths
    ctx.start_stream("watch", **spec)
    return 0


def resume(spec: dict[str, Any], ctx: Ctx) -> None:
    """Print one line for each object that changed, appeared or went away since last time."""
    table = WatchTable()
    table.widths = list(spec.get("widths") or [])
    seen: dict[str, str] = spec.get("seen") or {}
    last: dict[str, Any] = spec.get("last") or {}
    current = {_key(o): o for o in _watched(spec, ctx)}
    lines: list[str] = []
    for key, obj in current.items():
        fingerprint = _fingerprint(obj)
        if seen.get(key) != fingerprint:
            event = "MODIFIED" if key in seen else "ADDED"
            lines.append(table.row(_row(spec, obj, ctx, event)))
            seen[key] = fingerprint
    for key in [k for k in seen if k not in current]:
        if key in last:
            lines.append(table.row(_row(spec, last[key], ctx, "DELETED")))
        del seen[key]
    ctx.out("".join(lines))
    spec["seen"] = seen
    spec["last"] = current
    spec["widths"] = table.widths


def next_wake(spec: dict[str, Any], ctx: Ctx) -> float | None:
    return ctx.cluster.next_change(spec.get("namespace"))


def _watched(spec: dict[str, Any], ctx: Ctx) -> list[dict[str, Any]]:
    from playground.sim import selectors

    objs = tables.list_objects(ctx.cluster, resources.POD, spec.get("namespace"))
    names = spec.get("names") or []
    if names:
        objs = [o for o in objs if o["metadata"]["name"] in names]
    if spec.get("selector"):
        chosen = selectors.parse(spec["selector"])
        objs = [o for o in objs if chosen.matches(o["metadata"].get("labels") or {})]
    return objs


def _header(spec: dict[str, Any]) -> list[str]:
    headers = pod_printer.pod_headers(
        wide=spec["wide"], show_labels=spec["show_labels"],
        label_columns=spec["label_columns"], with_namespace=spec["with_namespace"],
    )
    return (["EVENT"] if spec.get("events") else []) + headers


def _row(spec: dict[str, Any], obj: dict[str, Any], ctx: Ctx, event: str) -> list[str]:
    row = pod_printer.pod_row(
        obj, ctx.now, wide=spec["wide"], show_labels=spec["show_labels"],
        label_columns=spec["label_columns"], with_namespace=spec["with_namespace"],
    )
    return ([event] if spec.get("events") else []) + row


def _key(obj: dict[str, Any]) -> str:
    meta = obj["metadata"]
    return f"{meta.get('namespace', '')}/{meta['name']}"


def _fingerprint(obj: dict[str, Any]) -> str:
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]
