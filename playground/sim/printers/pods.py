"""The ``kubectl get pods`` table: READY / STATUS / RESTARTS derived from the pod (spec §1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.tabwriter import format_rows
from playground.sim.timefmt import age, human_duration, parse_rfc3339

Pod = dict[str, Any]

HEADERS = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
WIDE_HEADERS = ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]


def _condition_true(status: dict[str, Any], ctype: str) -> bool:
    return any(
        c.get("type") == ctype and c.get("status") == "True" for c in status.get("conditions") or []
    )


def _terminated_text(prefix: str, term: dict[str, Any]) -> str:
    if term.get("reason"):
        return prefix + term["reason"]
    if term.get("signal"):
        return f"{prefix}Signal:{term['signal']}"
    return f"{prefix}ExitCode:{term.get('exitCode', 0)}"


def _later(current: float | None, candidate: dict[str, Any] | None) -> float | None:
    if not candidate or not candidate.get("finishedAt"):
        return current
    t = parse_rfc3339(candidate["finishedAt"])
    return t if current is None or t > current else current


def pod_columns(pod: Pod, now: float) -> tuple[str, str, str]:
    """(READY, STATUS, RESTARTS) cells exactly as the v1.32 server-side printer computes them."""
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    init_specs = spec.get("initContainers") or ()
    sidecars = ({c["name"] for c in init_specs if c.get("restartPolicy") == "Always"}
                if init_specs else _NO_SIDECARS)
    total = len(spec.get("containers") or ()) + len(sidecars)
    ready = 0
    restarts = 0
    sidecar_restarts = 0
    last: float | None = None
    sidecar_last: float | None = None
    phase = status.get("phase") or ""
    reason = status.get("reason") or phase
    for cond in status.get("conditions") or ():
        if cond.get("type") == "PodScheduled" and cond.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    initializing = False
    for i, cs in enumerate(status.get("initContainerStatuses") or ()):
        restarts += cs.get("restartCount", 0)
        last_term = (cs.get("lastState") or {}).get("terminated")
        last = _later(last, last_term)
        is_sidecar = cs.get("name") in sidecars
        if is_sidecar:
            sidecar_restarts += cs.get("restartCount", 0)
            sidecar_last = _later(sidecar_last, last_term)
        state = cs.get("state") or {}
        term = state.get("terminated")
        waiting = state.get("waiting")
        if term is not None and term.get("exitCode", 0) == 0:
            continue
        if is_sidecar and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        initializing = True
        if term is not None:
            reason = _terminated_text("Init:", term)
        elif waiting and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{len(init_specs)}"
        break

    if not initializing or _condition_true(status, "Initialized"):
        restarts = sidecar_restarts
        last = sidecar_last
        has_running = False
        # Walking backwards makes the first waiting/terminated container decide the STATUS.
        for cs in reversed(status.get("containerStatuses") or ()):
            restarts += cs.get("restartCount", 0)
            last_state = cs.get("lastState")
            if last_state:
                last = _later(last, last_state.get("terminated"))
            state = cs.get("state") or {}
            waiting = state.get("waiting")
            if waiting and waiting.get("reason"):
                reason = waiting["reason"]
                continue
            term = state.get("terminated")
            if term is not None:
                reason = _terminated_text("", term)
            elif cs.get("ready") and "running" in state:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _condition_true(status, "Ready") else "NotReady"

    if pod.get("metadata", {}).get("deletionTimestamp"):
        if status.get("reason") == "NodeLost":
            reason = "Unknown"
        elif phase not in ("Succeeded", "Failed"):
            reason = "Terminating"

    if restarts and last is not None:
        return f"{ready}/{total}", reason, f"{restarts} ({human_duration(now - last)} ago)"
    return f"{ready}/{total}", reason, str(restarts)


_NO_SIDECARS: frozenset[str] = frozenset()


def _readiness_gates(pod: Pod) -> str:
    gates = (pod.get("spec") or {}).get("readinessGates") or []
    if not gates:
        return "<none>"
    conditions = (pod.get("status") or {}).get("conditions") or []
    true_count = 0
    for gate in gates:
        for cond in conditions:
            if cond.get("type") == gate.get("conditionType"):
                true_count += cond.get("status") == "True"
                break
    return f"{true_count}/{len(gates)}"


def format_labels(labels: dict[str, str] | None) -> str:
    """``labels.FormatLabels``: sorted ``k=v`` joined by commas, ``<none>`` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def label_headers(label_columns: Sequence[str]) -> list[str]:
    """``-L`` headers: the part after the last ``/``, upper-cased."""
    return [key.split("/")[-1].upper() for key in label_columns]


def extra_cells(obj: dict[str, Any], label_columns: Sequence[str], show_labels: bool) -> list[str]:
    """The ``-L`` cells then the ``--show-labels`` cell that kubectl appends to any table."""
    if not label_columns and not show_labels:
        return []
    labels = (obj.get("metadata") or {}).get("labels") or {}
    cells = [labels.get(key, "") for key in label_columns]
    if show_labels:
        cells.append(format_labels(labels))
    return cells


def pod_headers(
    *,
    wide: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
    with_namespace: bool = False,
) -> list[str]:
    headers = (["NAMESPACE"] if with_namespace else []) + HEADERS
    if wide:
        headers += WIDE_HEADERS
    headers += label_headers(label_columns)
    if show_labels:
        headers.append("LABELS")
    return headers


def pod_row(
    pod: Pod,
    now: float,
    *,
    wide: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
    with_namespace: bool = False,
    kind_prefix: bool = False,
) -> list[str]:
    """One table row as a list of cells (used by tables and by watch mode)."""
    meta = pod.get("metadata") or {}
    ready, status, restarts = pod_columns(pod, now)
    name = ("pod/" if kind_prefix else "") + meta.get("name", "")
    row = ([meta.get("namespace", "")] if with_namespace else []) + [
        name,
        ready,
        status,
        restarts,
        age(meta.get("creationTimestamp"), now),
    ]
    if wide:
        st = pod.get("status") or {}
        ips = st.get("podIPs") or []
        row += [
            ips[0].get("ip", "<none>") if ips else "<none>",
            (pod.get("spec") or {}).get("nodeName") or "<none>",
            st.get("nominatedNodeName") or "<none>",
            _readiness_gates(pod),
        ]
    return row + extra_cells(pod, label_columns, show_labels)


def pod_table(
    pods: Sequence[Pod],
    now: float,
    *,
    wide: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
    no_headers: bool = False,
    with_namespace: bool = False,
    kind_prefix: bool = False,
) -> str:
    """The whole ``kubectl get pods`` output for ``pods`` (already in display order)."""
    rows = [] if no_headers else [pod_headers(wide=wide, show_labels=show_labels,
                                              label_columns=label_columns,
                                              with_namespace=with_namespace)]
    rows += [pod_row(p, now, wide=wide, show_labels=show_labels, label_columns=label_columns,
                     with_namespace=with_namespace, kind_prefix=kind_prefix) for p in pods]
    return format_rows(rows)
