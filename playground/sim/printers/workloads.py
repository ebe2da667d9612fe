"""``kubectl get`` tables of controllers, as v1.32's server-side printers (printers.go) build them:
deployments, replicasets, daemonsets (+ statefulsets, jobs, cronjobs, which the cluster lacks)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from playground.sim.printers.pods import extra_cells, format_labels, label_headers
from playground.sim.tabwriter import format_rows
from playground.sim.timefmt import age

Obj = dict[str, Any]
_TEMPLATE_WIDE = ["CONTAINERS", "IMAGES", "SELECTOR"]


def label_selector(selector: Obj | None) -> str:
    """``LabelSelectorAsSelector(...).String()``: requirements sorted by key (``<none>``: empty)."""
    selector = selector or {}
    parts = {k: f"{k}={v}" for k, v in (selector.get("matchLabels") or {}).items()}
    for expr in selector.get("matchExpressions") or []:
        op, values = expr.get("operator", ""), ",".join(sorted(expr.get("values") or []))
        text = {"In": f"{expr['key']} in ({values})", "NotIn": f"{expr['key']} notin ({values})",
                "Exists": expr["key"], "DoesNotExist": f"!{expr['key']}"}.get(op, "")
        parts[expr["key"]] = text
    return ",".join(parts[k] for k in sorted(parts)) or "<none>"


def _template_cells(obj: Obj, *, selector: bool = True) -> list[str]:
    spec = obj.get("spec") or {}
    template = ((spec.get("jobTemplate") or {}).get("spec") or spec).get("template") or {}
    containers = (template.get("spec") or {}).get("containers") or []
    cells = [",".join(c.get("name", "") for c in containers),
             ",".join(c.get("image", "") for c in containers)]
    return cells + ([label_selector(spec.get("selector"))] if selector else [])


def _deployment(obj: Obj, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    return [f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}",
            str(status.get("updatedReplicas", 0)), str(status.get("availableReplicas", 0)),
            age(obj["metadata"].get("creationTimestamp"), now)]


def _replica_set(obj: Obj, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    return [str(spec.get("replicas", 1)), str(status.get("replicas", 0)),
            str(status.get("readyReplicas", 0)), age(obj["metadata"].get("creationTimestamp"), now)]


def _daemon_set(obj: Obj, now: float) -> list[str]:
    status = obj.get("status") or {}
    node_selector = (((obj.get("spec") or {}).get("template") or {}).get("spec") or {}).get(
        "nodeSelector")
    counts = ("desiredNumberScheduled", "currentNumberScheduled", "numberReady",
              "updatedNumberScheduled", "numberAvailable")
    return [str(status.get(k, 0)) for k in counts] + [
        format_labels(node_selector), age(obj["metadata"].get("creationTimestamp"), now)]


def _stateful_set(obj: Obj, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    return [f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}",
            age(obj["metadata"].get("creationTimestamp"), now)]


def _job(obj: Obj, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    done = any(c.get("type") == "Complete" and c.get("status") == "True"
               for c in status.get("conditions") or [])
    completions = spec.get("completions")
    text = f"{status.get('succeeded', 0)}/{completions}" if completions is not None else str(
        status.get("succeeded", 0))
    return ["Complete" if done else "Running", text, "",
            age(obj["metadata"].get("creationTimestamp"), now)]


def _cron_job(obj: Obj, now: float) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    last = status.get("lastScheduleTime")
    return [spec.get("schedule", ""), spec.get("timeZone") or "<none>",
            "True" if spec.get("suspend") else "False", str(len(status.get("active") or [])),
            age(last, now) if last else "<none>",
            age(obj["metadata"].get("creationTimestamp"), now)]


Row = Callable[[Obj, float], list[str]]
# kind -> (headers after NAME, wide headers, row cells after NAME)
COLUMNS: dict[str, tuple[list[str], list[str], Row]] = {
    "Deployment": (["READY", "UP-TO-DATE", "AVAILABLE", "AGE"], _TEMPLATE_WIDE, _deployment),
    "ReplicaSet": (["DESIRED", "CURRENT", "READY", "AGE"], _TEMPLATE_WIDE, _replica_set),
    "DaemonSet": (["DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR",
                   "AGE"], _TEMPLATE_WIDE, _daemon_set),
    "StatefulSet": (["READY", "AGE"], ["CONTAINERS", "IMAGES"], _stateful_set),
    "Job": (["STATUS", "COMPLETIONS", "DURATION", "AGE"], _TEMPLATE_WIDE, _job),
    "CronJob": (["SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
                _TEMPLATE_WIDE, _cron_job),
}


def workload_table(
    kind: str,
    objs: Sequence[Obj],
    now: float,
    *,
    wide: bool = False,
    no_headers: bool = False,
    with_namespace: bool = False,
    prefix: str = "",
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
) -> str:
    """The ``kubectl get`` block of ``objs`` (one kind); ``prefix``: ``deployment.apps/``."""
    headers, wide_headers, row = COLUMNS[kind]
    header = (["NAMESPACE"] if with_namespace else []) + ["NAME", *headers]
    header += (wide_headers if wide else []) + label_headers(label_columns)
    header += ["LABELS"] if show_labels else []
    rows = [] if no_headers else [header]
    for obj in objs:
        meta = obj["metadata"]
        cells = ([meta.get("namespace", "")] if with_namespace else []) + [
            prefix + meta["name"], *row(obj, now)]
        if wide:
            cells += _template_cells(obj, selector=len(wide_headers) == 3)
        rows.append(cells + extra_cells(obj, label_columns, show_labels))
    return format_rows(rows)
