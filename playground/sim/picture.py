"""The cluster as a picture: nodes, the pods on each, the containers in each pod.

``cluster_picture(cluster)`` is what the page's live panel draws (and its table for screen
readers). Every cell is what kubectl shows: STATUS, READY and RESTARTS come from the same
printer as ``kubectl get pods`` (``printers.pods.pod_columns``), IPs and container states from
the observed status. ``tone`` is the one judgement added: which colour a STATUS is drawn in.
"""

from __future__ import annotations

import math
from typing import Any

from playground.sim.cluster import Cluster
from playground.sim.config import SimConfig
from playground.sim.lifecycle import memo
from playground.sim.printers.pods import pod_columns

# STATUS texts by the colour the panel gives them; anything else (an unknown reason, an exit
# signal) is "bad", since kubectl prints a reason there only when something went wrong.
_OK = frozenset({"Running"})
_PENDING = frozenset({"Pending", "ContainerCreating", "PodInitializing", "Terminating"})
_DONE = frozenset({"Completed", "Succeeded"})


def tone(status: str, ready: str) -> str:
    """``ok`` | ``warn`` (running, not ready) | ``pending`` | ``done`` | ``bad``."""
    if status in _OK:
        have, _, want = ready.partition("/")
        return "ok" if have == want else "warn"
    if status in _PENDING or status.startswith("Init:") and "Error" not in status \
            and "CrashLoop" not in status:
        return "pending"
    if status in _DONE:
        return "done"
    return "bad"


def _container(spec: dict[str, Any], status: dict[str, Any] | None, kind: str) -> dict[str, Any]:
    state = (status or {}).get("state") or {}
    name = next(iter(state), "waiting")
    detail = state.get(name) or {}
    return {
        "name": spec["name"],
        "kind": kind,
        "image": spec.get("image", ""),
        "state": name,
        "reason": detail.get("reason", ""),
        "ready": bool((status or {}).get("ready")),
        "restarts": int((status or {}).get("restartCount", 0)),
    }


def _pod(obj: dict[str, Any], now: float) -> dict[str, Any]:
    meta, spec, status = obj["metadata"], obj.get("spec") or {}, obj.get("status") or {}
    ready, shown, restarts = pod_columns(obj, now)
    by_name = {s["name"]: s for s in status.get("initContainerStatuses") or []}
    containers = [
        _container(c, by_name.get(c["name"]),
                   "sidecar" if c.get("restartPolicy") == "Always" else "init")
        for c in spec.get("initContainers") or []
    ]
    by_name = {s["name"]: s for s in status.get("containerStatuses") or []}
    containers += [_container(c, by_name.get(c["name"]), "app")
                   for c in spec.get("containers") or []]
    return {
        "namespace": meta["namespace"],
        "name": meta["name"],
        "status": shown,
        "tone": tone(shown, ready),
        "ready": ready,
        "restarts": restarts,
        "ip": status.get("podIP") or "",
        "labels": dict(meta.get("labels") or {}),
        "containers": containers,
    }


def next_object_change(cluster: Cluster, namespace: str | None) -> float | None:
    """The next instant a pod object of ``namespace`` changes by itself, skipping instants at
    which only its events do: the picture draws no events, and a crash loop's BackOff count
    moves every resync (each a worker's load and a redraw the socket drops as unchanged)."""
    times = [memo.object_until(r, cluster.now) for r in cluster.pod_records(namespace)]
    future = [t for t in times if cluster.now < t < math.inf]
    return min(future) if future else None


def cluster_picture(cluster: Cluster, namespace: str | None = None) -> dict[str, Any]:
    """Nodes (in name order) with their pods (namespace, name order; one namespace's, or all
    with None), pods no node took, the namespaces, and when the picture next changes by itself
    (``next``, the sandbox's time)."""
    now = cluster.now
    nodes: dict[str, dict[str, Any]] = {}
    for node in cluster.nodes():
        labels = node["metadata"].get("labels") or {}
        roles = sorted(k.split("/", 1)[1] for k in labels
                       if k.startswith("node-role.kubernetes.io/"))
        conditions = {c["type"]: c["status"] for c in node.get("status", {}).get("conditions", [])}
        nodes[node["metadata"]["name"]] = {
            "name": node["metadata"]["name"], "roles": roles,
            "ready": conditions.get("Ready") == "True", "pods": [],
        }
    unscheduled: list[dict[str, Any]] = []
    for obj in cluster.pods(namespace):
        place = nodes.get((obj.get("spec") or {}).get("nodeName") or "")
        (place["pods"] if place is not None else unscheduled).append(_pod(obj, now))
    return {
        "nodes": [nodes[name] for name in sorted(nodes)],
        "unscheduled": unscheduled,
        "namespaces": sorted(ns["metadata"]["name"] for ns in cluster.namespaces()),
        "next": next_object_change(cluster, namespace),
    }


ALL_NAMESPACES = "*"


def sandbox_picture(state: dict[str, Any], now: float, namespace: str,
                    config: SimConfig | None = None) -> dict[str, Any]:
    """The picture of a sandbox's cluster at ``now`` (the sandbox's time), its pods limited to
    ``namespace`` (``ALL_NAMESPACES``: every one), so a closed filter costs nothing to draw."""
    cluster = Cluster(state["cluster"], now, config or SimConfig())
    return cluster_picture(cluster, None if namespace == ALL_NAMESPACES else namespace)
