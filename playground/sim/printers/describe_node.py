"""``kubectl describe node``: the layout of kubectl v1.32's NodeDescriber (describe.go).

Lines are tab-separated and aligned in one tabwriter flush, so blocks without a tab in their
first column (``Conditions:``, ``System Info:``, ``Allocated resources:``) end an alignment
block exactly as they do in kubectl's PrefixWriter output.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from playground.sim.admission.quantity import parse_quantity
from playground.sim.printers.describe_lines import annotations_lines, labels_lines
from playground.sim.printers.events import describe_events_lines
from playground.sim.printers.nodes import node_roles
from playground.sim.tabwriter import format_lines
from playground.sim.timefmt import age, parse_rfc3339, rfc1123z

# The kubelet renews its lease in kube-node-lease every 10 s.
LEASE_RENEW_SECONDS = 10.0
_SYSTEM_INFO = (
    ("Machine ID", "machineID"),
    ("System UUID", "systemUUID"),
    ("Boot ID", "bootID"),
    ("Kernel Version", "kernelVersion"),
    ("OS Image", "osImage"),
    ("Operating System", "operatingSystem"),
    ("Architecture", "architecture"),
    ("Container Runtime Version", "containerRuntimeVersion"),
    ("Kubelet Version", "kubeletVersion"),
    ("Kube-Proxy Version", "kubeProxyVersion"),
)


def _time(value: str | None) -> str:
    return rfc1123z(parse_rfc3339(value)) if value else "<unset>"


def _taints(taints: list[dict[str, Any]] | None) -> list[str]:
    if not taints:
        return ["Taints:\t<none>"]
    texts = []
    for taint in taints:
        key = taint.get("key", "")
        value = taint.get("value")
        texts.append(f"{key}={value}:{taint.get('effect', '')}" if value
                     else f"{key}:{taint.get('effect', '')}")
    return [f"Taints:\t{texts[0]}"] + [f"\t{t}" for t in texts[1:]]


def pod_requests_limits(pod: dict[str, Any]) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """What a pod asks for, as the scheduler counts it: the sum over containers, or the
    largest init container when that is more."""
    reqs: dict[str, Fraction] = {}
    limits: dict[str, Fraction] = {}
    spec = pod.get("spec") or {}
    for container in spec.get("containers") or []:
        res = container.get("resources") or {}
        for name, value in (res.get("requests") or {}).items():
            reqs[name] = reqs.get(name, Fraction(0)) + parse_quantity(value)
        for name, value in (res.get("limits") or {}).items():
            limits[name] = limits.get(name, Fraction(0)) + parse_quantity(value)
    for container in spec.get("initContainers") or []:
        res = container.get("resources") or {}
        for name, value in (res.get("requests") or {}).items():
            reqs[name] = max(reqs.get(name, Fraction(0)), parse_quantity(value))
        for name, value in (res.get("limits") or {}).items():
            limits[name] = max(limits.get(name, Fraction(0)), parse_quantity(value))
    return reqs, limits


def format_quantity(value: Fraction, binary: bool) -> str:
    """apimachinery's canonical form: ``250m``, ``1``, ``240Mi``, ``128M``."""
    if value == 0:
        return "0"
    if value.denominator != 1 or (value < 1000 and not binary):
        millis = value * 1000
        if millis.denominator == 1 and millis % 1000 != 0:
            return f"{int(millis)}m"
    whole = int(value)
    if binary:
        for power, suffix in ((5, "Pi"), (4, "Ti"), (3, "Gi"), (2, "Mi"), (1, "Ki")):
            if whole % 1024**power == 0:
                return f"{whole // 1024**power}{suffix}"
        return str(whole)
    for power, suffix in ((15, "P"), (12, "T"), (9, "G"), (6, "M"), (3, "k")):
        if whole % 10**power == 0:
            return f"{whole // 10**power}{suffix}"
    return str(whole)


def _percent(value: Fraction, allocatable: Fraction) -> int:
    if allocatable == 0:
        return 0
    return int(float(value * 1000) / float(allocatable * 1000) * 100)


def _is_binary(pods: Sequence[dict[str, Any]], resource: str) -> bool:
    for pod in pods:
        for container in (pod.get("spec") or {}).get("containers") or []:
            res = container.get("resources") or {}
            for group in ("requests", "limits"):
                value = (res.get(group) or {}).get(resource)
                if value is not None:
                    return str(value).endswith("i")
    return resource == "memory"


def describe_node_lines(
    node: dict[str, Any], pods: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]] | None, now: float,
) -> list[str]:
    meta = node.get("metadata") or {}
    spec = node.get("spec") or {}
    status = node.get("status") or {}
    name = meta.get("name", "")
    lines = [f"Name:\t{name}", f"Roles:\t{node_roles(node)}"]
    lines += labels_lines("Labels", meta.get("labels"))
    lines += annotations_lines("Annotations", meta.get("annotations"))
    lines.append(f"CreationTimestamp:\t{_time(meta.get('creationTimestamp'))}")
    lines += _taints(spec.get("taints"))
    lines.append(f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}")
    created = parse_rfc3339(meta["creationTimestamp"]) if meta.get("creationTimestamp") else now
    renew = now - ((now - created) % LEASE_RENEW_SECONDS)
    lines += ["Lease:", f"  HolderIdentity:\t{name}", "  AcquireTime:\t<unset>",
              f"  RenewTime:\t{rfc1123z(renew)}"]
    conditions = status.get("conditions") or []
    if conditions:
        lines += ["Conditions:",
                  "  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage",
                  "  ----\t------\t-----------------\t------------------\t------\t-------"]
        for c in conditions:
            lines.append(
                f"  {c.get('type', '')} \t{c.get('status', '')} \t"
                f"{_time(c.get('lastHeartbeatTime'))} \t{_time(c.get('lastTransitionTime'))} \t"
                f"{c.get('reason', '')} \t{c.get('message', '')}"
            )
    addresses = status.get("addresses") or []
    if addresses:
        lines.append("Addresses:")
        lines += [f"  {a.get('type', '')}:\t{a.get('address', '')}" for a in addresses]
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        values = status.get(key) or {}
        if values:
            lines.append(f"{title}:")
            lines += [f"  {k}:\t{values[k]}" for k in sorted(values)]
    info = status.get("nodeInfo") or {}
    lines.append("System Info:")
    lines += [f"  {label}:\t{info.get(key, '')}" for label, key in _SYSTEM_INFO]
    if spec.get("podCIDR"):
        lines.append(f"PodCIDR:\t{spec['podCIDR']}")
    if spec.get("podCIDRs"):
        lines.append(f"PodCIDRs:\t{','.join(spec['podCIDRs'])}")
    if spec.get("providerID"):
        lines.append(f"ProviderID:\t{spec['providerID']}")
    lines += _pods_lines(node, pods, now)
    if events is not None:
        lines += describe_events_lines(events, now)
    return lines


def _pods_lines(node: dict[str, Any], pods: Sequence[dict[str, Any]], now: float) -> list[str]:
    allocatable = (node.get("status") or {}).get("allocatable") or {}

    def alloc(resource: str) -> Fraction:
        value = allocatable.get(resource)
        return parse_quantity(value) if value is not None else Fraction(0)

    mem_binary = _is_binary(pods, "memory")
    lines = [
        f"Non-terminated Pods:\t({len(pods)} in total)",
        "  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge",
        "  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---",
    ]
    totals_req: dict[str, Fraction] = {}
    totals_lim: dict[str, Fraction] = {}
    for pod in pods:
        reqs, limits = pod_requests_limits(pod)
        for name, value in reqs.items():
            totals_req[name] = totals_req.get(name, Fraction(0)) + value
        for name, value in limits.items():
            totals_lim[name] = totals_lim.get(name, Fraction(0)) + value
        cells = []
        for resource, binary in (("cpu", False), ("memory", mem_binary)):
            for source in (reqs, limits):
                value = source.get(resource, Fraction(0))
                percent = _percent(value, alloc(resource))
                cells.append(f"{format_quantity(value, binary)} ({percent}%)")
        meta = pod["metadata"]
        lines.append(f"  {meta.get('namespace', '')}\t{meta['name']}\t\t" + "\t".join(cells)
                     + f"\t{age(meta.get('creationTimestamp'), now)}")
    lines += ["Allocated resources:",
              "  (Total limits may be over 100 percent, i.e., overcommitted.)",
              "  Resource\tRequests\tLimits",
              "  --------\t--------\t------"]
    extended = sorted(k for k in allocatable if k.startswith("hugepages-"))
    for resource in ["cpu", "memory", "ephemeral-storage", *extended]:
        binary = mem_binary if resource == "memory" else resource != "cpu"
        req = totals_req.get(resource, Fraction(0))
        lim = totals_lim.get(resource, Fraction(0))
        lines.append(
            f"  {resource}\t{format_quantity(req, binary)} ({_percent(req, alloc(resource))}%)\t"
            f"{format_quantity(lim, binary)} ({_percent(lim, alloc(resource))}%)"
        )
    return lines


def describe_node(
    node: dict[str, Any], pods: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]] | None, now: float,
) -> str:
    """``pods``: the node's pods that are not Succeeded or Failed; ``events=None`` omits them."""
    return format_lines(describe_node_lines(node, pods, events, now), minwidth=0, padding=2)
