"""The default scheduler's filter step: which node a pod fits, or FailedScheduling's message."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from playground.sim.lifecycle.node_affinity import preference_score, required_matches
from playground.sim.lifecycle.process import quantity_bytes

# The pod field each filter reason comes from (what `why` names for a FailedScheduling).
REASON_FIELDS: dict[str, str] = {
    "untolerated taint": "spec.tolerations",
    "didn't match Pod's node affinity/selector": "spec.nodeSelector",
    "didn't have free ports": "spec.containers[*].ports[*].hostPort",
    "Insufficient cpu": "spec.containers[*].resources.requests.cpu",
    "Insufficient memory": "spec.containers[*].resources.requests.memory",
}
# Reasons the scheduler cannot fix by preempting lower-priority pods.
_UNRESOLVABLE = ("untolerated taint", "didn't match Pod's node affinity/selector")


@dataclass(frozen=True)
class Placement:
    node: str | None
    message: str | None  # FailedScheduling message when node is None


def cpu_millis(value: Any) -> int:
    if value is None:
        return 0
    text = str(value)
    if text.endswith("m"):
        return int(float(text[:-1]))
    return int(float(text) * 1000)


def pod_requests(pod: dict[str, Any]) -> tuple[int, int]:
    """(cpu millicores, memory bytes): max(sum of app containers, largest init container)."""
    spec = pod.get("spec", {})

    def req(c: dict[str, Any]) -> tuple[int, int]:
        res = c.get("resources") or {}
        requests = res.get("requests") or res.get("limits") or {}
        return cpu_millis(requests.get("cpu")), quantity_bytes(requests.get("memory"))

    apps = [req(c) for c in spec.get("containers") or []]
    inits = [req(c) for c in spec.get("initContainers") or []]
    cpu = max([sum(a[0] for a in apps)] + [i[0] for i in inits])
    mem = max([sum(a[1] for a in apps)] + [i[1] for i in inits])
    return cpu, mem


def _tolerates(pod: dict[str, Any], taint: dict[str, Any]) -> bool:
    for tol in pod.get("spec", {}).get("tolerations") or []:
        effect_ok = not tol.get("effect") or tol.get("effect") == taint.get("effect")
        if tol.get("operator") == "Exists":
            key_ok = not tol.get("key") or tol.get("key") == taint.get("key")
        else:
            key_ok = tol.get("key") == taint.get("key") and (
                tol.get("value", "") == taint.get("value", ""))
        if effect_ok and key_ok:
            return True
    return False


def _on(pod: dict[str, Any], node: str) -> bool:
    return (pod.get("_sim") or {}).get("node") == node or (
        pod.get("spec", {}).get("nodeName") == node)


def _host_ports(pod: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(hostIP, protocol, hostPort) of every container port that asks for a host port."""
    spec = pod.get("spec", {})
    return [(str(port.get("hostIP") or "0.0.0.0"), str(port.get("protocol") or "TCP"),
             int(port["hostPort"]))
            for c in list(spec.get("initContainers") or []) + list(spec.get("containers") or [])
            for port in c.get("ports") or [] if port.get("hostPort")]


def _host_port_clash(pod: dict[str, Any], on_node: list[dict[str, Any]]) -> bool:
    """The NodePorts filter: a host port (with its protocol) is taken on the node when some pod
    there uses it on the same host IP, or either side listens on every address (0.0.0.0)."""
    wanted = _host_ports(pod)
    if not wanted:
        return False
    used = [entry for other in on_node for entry in _host_ports(other)]
    return any(proto == uproto and port == uport and (
        ip == uip or "0.0.0.0" in (ip, uip))
        for ip, proto, port in wanted for uip, uproto, uport in used)


def _reasons(pod: dict[str, Any], node: dict[str, Any], pods: list[dict[str, Any]]) -> list[str]:
    name = node["metadata"]["name"]
    for taint in node.get("spec", {}).get("taints") or []:
        if taint.get("effect") in ("NoSchedule", "NoExecute") and not _tolerates(pod, taint):
            return [f"node(s) had untolerated taint {{{taint['key']}: {taint.get('value', '')}}}"]
    selector = pod.get("spec", {}).get("nodeSelector") or {}
    labels = node["metadata"].get("labels") or {}
    if any(labels.get(k) != v for k, v in selector.items()) or not required_matches(pod, node):
        return ["node(s) didn't match Pod's node affinity/selector"]
    if _host_port_clash(pod, [p for p in pods if _on(p, name)]):
        return ["node(s) didn't have free ports for the requested pod ports"]
    wanted_cpu, wanted_mem = pod_requests(pod)
    used_cpu = used_mem = 0
    for other in pods:
        if _on(other, name):
            cpu, mem = pod_requests(other)
            used_cpu, used_mem = used_cpu + cpu, used_mem + mem
    alloc = node.get("status", {}).get("allocatable", {})
    reasons = []
    if wanted_cpu and used_cpu + wanted_cpu > cpu_millis(alloc.get("cpu")):
        reasons.append("Insufficient cpu")
    if wanted_mem and used_mem + wanted_mem > quantity_bytes(alloc.get("memory")):
        reasons.append("Insufficient memory")
    return reasons


def _summary(total: int, counts: Counter[str]) -> str:
    parts = sorted(f"{n} {reason}" for reason, n in counts.items())
    return f"0/{total} nodes are available: {', '.join(parts)}."


def place(pod: dict[str, Any], nodes: list[dict[str, Any]], pods: list[dict[str, Any]],
          rng: random.Random) -> Placement:
    """Pick a node for ``pod`` among ``nodes`` given the ``pods`` already placed."""
    fits: list[dict[str, Any]] = []
    reasons: Counter[str] = Counter()
    preemption: Counter[str] = Counter()
    for node in nodes:
        failed = _reasons(pod, node, pods)
        if not failed:
            fits.append(node)
            continue
        for reason in failed:
            reasons[reason] += 1
        if any(marker in failed[0] for marker in _UNRESOLVABLE):
            preemption["Preemption is not helpful for scheduling"] += 1
        else:
            preemption["No preemption victims found for incoming pod"] += 1
    if fits:
        # Preferred node affinity first (NodeAffinity's score, weighted 2 by the default
        # profile, outweighs the spreading scores' small differences between nodes of a few
        # pods); then spread: fewest pods first (what LeastAllocated/BalancedAllocation amount
        # to for request-less pods), ties broken by the seeded rng.
        best = max(preference_score(pod, n) for n in fits)
        fits = [n for n in fits if preference_score(pod, n) == best]

        def load(node: dict[str, Any]) -> int:
            name = node["metadata"]["name"]
            return sum(1 for p in pods if (p.get("_sim") or {}).get("node") == name)

        least = min(load(n) for n in fits)
        chosen = rng.choice([n for n in fits if load(n) == least])
        return Placement(chosen["metadata"]["name"], None)
    total = len(nodes)
    message = f"{_summary(total, reasons)} preemption: {_summary(total, preemption)}"
    return Placement(None, message)


def reason_fields(message: str) -> list[str]:
    """The pod fields behind a FailedScheduling message's reasons, in REASON_FIELDS' order."""
    head = message.split(" preemption:")[0]
    return [where for reason, where in REASON_FIELDS.items() if reason in head]
