"""``kubectl describe`` of Deployments, ReplicaSets and DaemonSets, in the layout of v1.32's
describers (DeploymentDescriber, ReplicaSetDescriber, DaemonSetDescriber, DescribePodTemplate)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.printers.describe_lines import (
    annotations_lines,
    labels_lines,
    tolerations_lines,
    volumes_lines,
)
from playground.sim.printers.describe_pod import template_containers_lines
from playground.sim.printers.events import describe_events_lines
from playground.sim.printers.pods import format_labels
from playground.sim.printers.workloads import label_selector
from playground.sim.tabwriter import format_lines
from playground.sim.timefmt import parse_rfc3339, rfc1123z

Obj = dict[str, Any]
Events = Sequence[Obj] | None


def _volume_lines(volumes: list[Obj] | None) -> list[str]:
    # describeVolumes with space "  ": the title indented, each volume name one more space.
    lines = volumes_lines(volumes)
    return ["  " + lines[0]] + [
        " " + line if line.startswith("  ") and not line.startswith("    ") else line
        for line in lines[1:]
    ]


def pod_template_lines(template: Obj) -> list[str]:
    """``DescribePodTemplate``."""
    meta = template.get("metadata") or {}
    spec = template.get("spec") or {}
    lines = ["Pod Template:", *labels_lines("  Labels", meta.get("labels"))]
    if meta.get("annotations"):
        lines += annotations_lines("  Annotations", meta["annotations"])
    if spec.get("serviceAccountName"):
        lines.append(f"  Service Account:\t{spec['serviceAccountName']}")
    if spec.get("initContainers"):
        lines += template_containers_lines(template, "Init Containers", spec["initContainers"])
    lines += template_containers_lines(template, "Containers", spec.get("containers") or [])
    lines += _volume_lines(spec.get("volumes"))
    if spec.get("priorityClassName"):
        lines.append(f"  Priority Class Name:\t{spec['priorityClassName']}")
    lines += labels_lines("  Node-Selectors", spec.get("nodeSelector"))
    lines += tolerations_lines("  Tolerations", spec.get("tolerations"))
    return lines


def _head(obj: Obj) -> list[str]:
    meta = obj["metadata"]
    return [f"Name:\t{meta['name']}", f"Namespace:\t{meta.get('namespace', '')}"]


def _pods_status(pods: Sequence[Obj]) -> str:
    phases = [(p.get("status") or {}).get("phase") for p in pods]
    counts = [phases.count(p) for p in ("Running", "Pending", "Succeeded", "Failed")]
    return "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed".format(*counts)


def _controlled_by(obj: Obj) -> list[str]:
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return [f"Controlled By:\t{ref.get('kind', '')}/{ref.get('name', '')}"]
    return []


def _conditions(status: Obj) -> list[str]:
    conditions = status.get("conditions") or []
    if not conditions:
        return []
    return ["Conditions:", "  Type\tStatus\tReason", "  ----\t------\t------"] + [
        f"  {c.get('type', '')} \t{c.get('status', '')}\t{c.get('reason', '')}"
        for c in conditions
    ]


def describe_deployment(deploy: Obj, sets: Sequence[Obj], events: Events, now: float) -> str:
    """``sets``: the ReplicaSets the Deployment owns (all of the current template)."""
    meta, spec, status = deploy["metadata"], deploy["spec"], deploy.get("status") or {}
    strategy = spec.get("strategy") or {}
    lines = _head(deploy) + [
        f"CreationTimestamp:\t{rfc1123z(parse_rfc3339(meta['creationTimestamp']))}",
        *labels_lines("Labels", meta.get("labels")),
        *annotations_lines("Annotations", meta.get("annotations")),
        f"Selector:\t{label_selector(spec.get('selector'))}",
        f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('updatedReplicas', 0)} "
        f"updated | {status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} "
        f"available | {status.get('unavailableReplicas', 0)} unavailable",
        f"StrategyType:\t{strategy.get('type', '')}",
        f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}",
    ]
    rolling = strategy.get("rollingUpdate")
    if rolling is not None:
        lines.append(f"RollingUpdateStrategy:\t{rolling.get('maxUnavailable')} max unavailable, "
                     f"{rolling.get('maxSurge')} max surge")
    lines += pod_template_lines(spec.get("template") or {})
    lines += _conditions(status)
    if sets:
        created = ", ".join(f"{rs['metadata']['name']} ({rs['status'].get('replicas', 0)}/"
                            f"{rs['spec'].get('replicas', 1)} replicas created)" for rs in sets)
        lines += ["OldReplicaSets:\t<none>", f"NewReplicaSet:\t{created}"]
    lines += describe_events_lines(events, now)
    return format_lines(lines, minwidth=0, padding=2)


def describe_replica_set(rs: Obj, pods: Sequence[Obj], events: Events, now: float) -> str:
    """``pods``: the pods the ReplicaSet controls."""
    meta, spec, status = rs["metadata"], rs["spec"], rs.get("status") or {}
    lines = _head(rs) + [
        f"Selector:\t{label_selector(spec.get('selector'))}",
        *labels_lines("Labels", meta.get("labels")),
        *annotations_lines("Annotations", meta.get("annotations")),
        *_controlled_by(rs),
        f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired",
        _pods_status(pods),
        *pod_template_lines(spec.get("template") or {}),
        *_conditions(status),
        *describe_events_lines(events, now),
    ]
    return format_lines(lines, minwidth=0, padding=2)


def describe_daemon_set(ds: Obj, pods: Sequence[Obj], events: Events, now: float) -> str:
    """``pods``: the pods the DaemonSet controls."""
    meta, spec, status = ds["metadata"], ds["spec"], ds.get("status") or {}
    node_selector = ((spec.get("template") or {}).get("spec") or {}).get("nodeSelector")
    # The counters are written without a tab: they stay out of the aligned columns.
    lines = _head(ds) + [
        f"Selector:\t{label_selector(spec.get('selector'))}",
        f"Node-Selector:\t{format_labels(node_selector)}",
        *labels_lines("Labels", meta.get("labels")),
        *annotations_lines("Annotations", meta.get("annotations")),
        f"Desired Number of Nodes Scheduled: {status.get('desiredNumberScheduled', 0)}",
        f"Current Number of Nodes Scheduled: {status.get('currentNumberScheduled', 0)}",
        "Number of Nodes Scheduled with Up-to-date Pods: "
        f"{status.get('updatedNumberScheduled', 0)}",
        f"Number of Nodes Scheduled with Available Pods: {status.get('numberAvailable', 0)}",
        f"Number of Nodes Misscheduled: {status.get('numberMisscheduled', 0)}",
        _pods_status(pods),
        *pod_template_lines(spec.get("template") or {}),
        *describe_events_lines(events, now),
    ]
    return format_lines(lines, minwidth=0, padding=2)
