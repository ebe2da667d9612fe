"""The cluster's APIServices (apiregistration.k8s.io/v1), derived on every read.

kube-apiserver registers one "Local" APIService per group version it serves (the aggregator's
autoregister controller, labelled ``automanaged: onstart``, with the priorities of
pkg/controlplane/apiserver's table); the aggregator's own group has none. metrics-server's
``v1beta1.metrics.k8s.io`` points at its Service and is Available only while that Service has a
ready endpoint (sim/metrics.py), else ``False (MissingEndpoints)``, as the remote availability
controller reports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from playground.sim import metrics

if TYPE_CHECKING:
    from playground.sim.cluster import Cluster

API_VERSION = "apiregistration.k8s.io/v1"
# (group priority minimum, version priority) per group version the API server serves.
PRIORITIES: dict[str, tuple[int, int]] = {
    "v1": (18000, 1), "apps/v1": (17800, 15), "events.k8s.io/v1": (17750, 15),
    "authentication.k8s.io/v1": (17700, 15), "authorization.k8s.io/v1": (17600, 15),
    "autoscaling/v1": (17500, 15), "autoscaling/v2": (17500, 30), "batch/v1": (17400, 15),
    "certificates.k8s.io/v1": (17300, 15), "networking.k8s.io/v1": (17200, 15),
    "policy/v1": (17100, 15), "rbac.authorization.k8s.io/v1": (17000, 15),
    "storage.k8s.io/v1": (16800, 15), "apiextensions.k8s.io/v1": (16700, 15),
    "admissionregistration.k8s.io/v1": (16700, 15), "scheduling.k8s.io/v1": (16600, 15),
    "coordination.k8s.io/v1": (16500, 15), "node.k8s.io/v1": (16300, 15),
    "discovery.k8s.io/v1": (16200, 15), "flowcontrol.apiserver.k8s.io/v1": (16100, 21),
    "flowcontrol.apiserver.k8s.io/v1beta3": (16100, 18),
}
AGGREGATOR_GROUP = "apiregistration.k8s.io"


def name_of(group_version: str) -> str:
    """``apps/v1`` → ``v1.apps``; the core ``v1`` → ``v1.``."""
    group, _, version = group_version.rpartition("/")
    return f"{version}.{group}"


def _condition(status: str, reason: str, message: str, since: str) -> dict[str, Any]:
    return {"lastTransitionTime": since, "message": message, "reason": reason,
            "status": status, "type": "Available"}


def listed(cluster: Cluster, group_versions: list[str]) -> list[dict[str, Any]]:
    """Every APIService, sorted by name as the API server lists them."""
    nodes = cluster.nodes()
    born = str(nodes[0]["metadata"]["creationTimestamp"]) if nodes else ""
    out: list[dict[str, Any]] = []
    for gv in group_versions:
        if gv.rpartition("/")[0] in (AGGREGATOR_GROUP, metrics.GROUP) or gv not in PRIORITIES:
            continue
        group, _, version = gv.rpartition("/")
        group_priority, version_priority = PRIORITIES[gv]
        spec: dict[str, Any] = {"groupPriorityMinimum": group_priority, "version": version,
                                "versionPriority": version_priority}
        if group:
            spec["group"] = group
        out.append(_apiservice(cluster, name_of(gv), born, spec,
                               {"kube-aggregator.kubernetes.io/automanaged": "onstart"},
                               _condition("True", "Local", "Local APIServices are always available",
                                          born)))
    ms = metrics.server(cluster)
    if ms.registered:
        spec = {"group": metrics.GROUP, "groupPriorityMinimum": 100,
                "insecureSkipTLSVerify": True,
                "service": {"name": metrics.NAME, "namespace": metrics.NAMESPACE, "port": 443},
                "version": metrics.VERSION, "versionPriority": 100}
        if ms.available:
            condition = _condition("True", "Passed", "all checks passed", born)
        else:
            condition = _condition(
                "False", "MissingEndpoints", f'endpoints for service/{metrics.NAME} in '
                f'"{metrics.NAMESPACE}" have no addresses with port name "https"', born)
        out.append(_apiservice(cluster, name_of(f"{metrics.GROUP}/{metrics.VERSION}"), born,
                               spec, {"k8s-app": metrics.NAME}, condition))
    return sorted(out, key=lambda a: str(a["metadata"]["name"]))


def _apiservice(cluster: Cluster, name: str, born: str, spec: dict[str, Any],
                labels: dict[str, str], condition: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": API_VERSION, "kind": "APIService",
            "metadata": {"creationTimestamp": born, "labels": labels, "name": name,
                         "resourceVersion": "30", "uid": cluster.new_uid("apiservice", name)},
            "spec": spec, "status": {"conditions": [condition]}}


def table_row(obj: dict[str, Any]) -> tuple[str, str]:
    """(SERVICE, AVAILABLE) cells of kube-aggregator's table."""
    service = obj["spec"].get("service")
    where = f"{service['namespace']}/{service['name']}" if service else "Local"
    available = "Unknown"
    for condition in (obj.get("status") or {}).get("conditions") or []:
        if condition.get("type") == "Available":
            status, reason = str(condition.get("status")), str(condition.get("reason") or "")
            available = status if status == "True" or not reason else f"{status} ({reason})"
    return where, available
