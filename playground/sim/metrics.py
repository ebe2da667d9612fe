"""The cluster's resource Metrics API (metrics.k8s.io) as metrics-server v0.7 serves it, which
`kubectl top` reads.

The base cluster runs metrics-server in kube-system (Deployment ``metrics-server``, as
kubespray's addon and the project's components.yaml install it) and registers the APIService
``v1beta1.metrics.k8s.io``. What the API answers follows from its pod:

* **Availability.** The aggregator serves the group only while the Service has a ready
  endpoint; before that, discovery marks the group version stale, kubectl's discovery check
  fails (``Metrics API not available``) and ``api-resources`` reports the stale version. The
  pod's readiness probe (``/readyz``, 20 s initial delay) passes once its storage holds two
  scrapes, so a new metrics-server pod serves about 20 s after it starts.
* **Scrapes.** It scrapes every kubelet at its start and then every ``--metric-resolution``
  (15 s). A node's or a container's CPU is a rate between two scrapes, so a node or pod has
  metrics once two scrapes saw it, or one scrape 10-15 s after the container started (the
  storage's fresh-container rule). A pod is listed only when every container of its last
  scrape has a rate; a pod with no running container has none. Usage figures are
  ``sim/usage.py``'s.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playground.sim import usage
from playground.sim.lifecycle.process import quantity_bytes
from playground.sim.lifecycle.schedule import cpu_millis
from playground.sim.timefmt import parse_rfc3339

if TYPE_CHECKING:
    from playground.sim.cluster import Cluster

# The API group metrics-server registers through an APIService.
GROUP = "metrics.k8s.io"
VERSION = "v1beta1"
NAMESPACE = "kube-system"
NAME = "metrics-server"  # the Deployment, its Service and the k8s-app label of its pods
RESOLUTION = 15.0  # --metric-resolution=15s
FRESH_CONTAINER = 10.0  # storage.freshContainerMinMetricsResolution


@dataclass(frozen=True)
class Server:
    """The metrics-server behind the APIService at one instant."""

    registered: bool  # the APIService exists (the addon is installed)
    started: float | None  # start of the ready metrics-server container, None: not available

    @property
    def available(self) -> bool:
        return self.started is not None

    def windows(self, now: float) -> tuple[float, float, int]:
        """(previous scrape, last scrape, the last one's number) at ``now``."""
        assert self.started is not None
        n = math.floor((now - self.started) / RESOLUTION)
        last = self.started + n * RESOLUTION
        return last - RESOLUTION, last, n


@dataclass(frozen=True)
class PodMetrics:
    namespace: str
    name: str
    labels: dict[str, str]
    containers: tuple[usage.Reading, ...]


@dataclass(frozen=True)
class NodeMetrics:
    name: str
    cpu_nanos: int
    memory: int


def _running_since(status: dict[str, Any]) -> float | None:
    running = (status.get("state") or {}).get("running")
    if not running or not running.get("startedAt"):
        return None
    return parse_rfc3339(str(running["startedAt"]))


def server(cluster: Cluster) -> Server:
    """Whether the API is registered and which metrics-server container serves it now."""
    registered = any(c["metadata"]["name"] == NAME
                     for c in cluster.controllers("Deployment", NAMESPACE))
    started: float | None = None
    for pod in cluster.pods(NAMESPACE, lambda labels: labels.get("k8s-app") == NAME):
        status = pod.get("status") or {}
        ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                    for c in status.get("conditions") or [])
        if not ready or pod["metadata"].get("deletionTimestamp"):
            continue
        for cs in status.get("containerStatuses") or []:
            since = _running_since(cs)
            if since is not None and (started is None or since < started):
                started = since
    return Server(registered, started if registered else None)


def api_available(cluster: Cluster) -> bool:
    """Whether discovery lists the metrics API group with a served version."""
    return server(cluster).available


def api_stale(cluster: Cluster) -> bool:
    """The APIService is registered but has no ready endpoint: discovery marks it stale."""
    ms = server(cluster)
    return ms.registered and not ms.available


def _node_capacity(node: dict[str, Any]) -> tuple[int, int]:
    alloc = (node.get("status") or {}).get("allocatable") or {}
    return cpu_millis(alloc.get("cpu")), quantity_bytes(alloc.get("memory"))


def _pod_readings(cluster: Cluster, record: dict[str, Any], pod: dict[str, Any], ms: Server,
                  capacity: dict[str, tuple[int, int]]) -> tuple[usage.Reading, ...] | None:
    """The pod's containers as the last scrape stored them, or None when it has no metrics."""
    previous, last, window = ms.windows(cluster.now)
    node_cpu, node_memory = capacity.get(str((record.get("_sim") or {}).get("node")), (0, 0))
    spec = pod.get("spec") or {}
    by_name = {c["name"]: c for c in (spec.get("initContainers") or []) +
               (spec.get("containers") or [])}
    status = pod.get("status") or {}
    readings: list[usage.Reading] = []
    for cs in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses")
                                                              or []):
        since = _running_since(cs)
        if since is None or since > last or cs.get("name") not in by_name:
            continue  # not running at the last scrape: not in its batch
        fresh = FRESH_CONTAINER <= last - since < RESOLUTION
        if not fresh and (since > previous or previous < (ms.started or 0)):
            return None  # in the last batch without an earlier point: no rate yet
        found = usage.reading(record, by_name[cs["name"]], window, node_cpu, node_memory)
        if found is not None:
            readings.append(found)
    return tuple(readings) or None


def pod_metrics(cluster: Cluster, namespace: str | None,
                labels: Callable[[dict[str, str]], bool] | None = None) -> list[PodMetrics]:
    """PodMetrics of one namespace (all with None), sorted by namespace and name as
    metrics-server returns them; ``labels`` filters on the pods' labels."""
    ms = server(cluster)
    if not ms.available:
        return []
    capacity = {n["metadata"]["name"]: _node_capacity(n) for n in cluster.nodes()}
    out: list[PodMetrics] = []
    for record in cluster.pod_records(namespace, labels):
        pod = cluster.pod(record["metadata"]["namespace"], record["metadata"]["name"])
        readings = _pod_readings(cluster, record, pod, ms, capacity)
        if readings is not None:
            meta = pod["metadata"]
            out.append(PodMetrics(meta["namespace"], meta["name"], dict(meta.get("labels") or {}),
                                  readings))
    return out


def node_metrics(cluster: Cluster) -> list[NodeMetrics]:
    """NodeMetrics of every node that two scrapes saw: its own use plus its pods'."""
    ms = server(cluster)
    if not ms.available:
        return []
    previous, _last, window = ms.windows(cluster.now)
    if previous < (ms.started or 0):
        return []
    totals: dict[str, list[int]] = {}
    for node in cluster.nodes():
        totals[node["metadata"]["name"]] = list(usage.node_overhead(node, window))
    for pm in pod_metrics(cluster, None):
        node_name = (cluster.pod_record(pm.namespace, pm.name) or {}).get("_sim", {}).get("node")
        if node_name in totals:
            for reading in pm.containers:
                totals[node_name][0] += reading.cpu_nanos
                totals[node_name][1] += reading.memory
    return [NodeMetrics(name, cpu, memory) for name, (cpu, memory) in sorted(totals.items())]
