"""Reading objects of any served type and printing them as `kubectl get` tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.cluster import Cluster, not_found
from playground.sim.kubectl import resources
from playground.sim.kubectl.resources import Resource
from playground.sim.printers import events as event_printer
from playground.sim.printers import namespaces, nodes, pods, services, workloads


def list_objects(cluster: Cluster, resource: Resource, ns: str | None) -> list[dict[str, Any]]:
    """Every object of ``resource`` in ``ns`` (all namespaces: None), in the server's order."""
    if resource is resources.POD:
        return cluster.pods(ns)
    if resource is resources.SERVICE:
        return cluster.services(ns)
    if resource is resources.NAMESPACE:
        return cluster.namespaces()
    if resource is resources.NODE:
        return cluster.nodes()
    if resource is resources.EVENT:
        return sorted(cluster.events(ns), key=_event_order)
    if resource.read_only:
        return cluster.controllers(resource.kind, ns)
    return []


def get_one(cluster: Cluster, resource: Resource, ns: str, name: str) -> dict[str, Any]:
    if resource is resources.POD:
        return cluster.pod(ns, name)
    if resource is resources.NAMESPACE:
        return cluster.namespace(name)
    if resource is resources.NODE:
        return cluster.node(name)
    for obj in list_objects(cluster, resource, ns):
        if obj["metadata"]["name"] == name:
            return obj
    raise not_found(resource.qualified_plural, name)


def render(
    resource: Resource,
    objs: Sequence[dict[str, Any]],
    now: float,
    *,
    wide: bool,
    show_labels: bool,
    label_columns: Sequence[str],
    no_headers: bool,
    with_namespace: bool,
    kind_prefix: bool,
) -> str:
    """One `kubectl get` table block for objects of one type."""
    if resource is resources.POD:
        return pods.pod_table(
            objs, now, wide=wide, show_labels=show_labels, label_columns=label_columns,
            no_headers=no_headers, with_namespace=with_namespace, kind_prefix=kind_prefix,
        )
    if resource is resources.SERVICE:
        return services.service_table(
            objs, now, wide=wide, no_headers=no_headers, with_namespace=with_namespace,
            kind_prefix=kind_prefix, show_labels=show_labels, label_columns=label_columns,
        )
    if resource is resources.NODE:
        return nodes.node_table(
            objs, now, wide=wide, no_headers=no_headers, show_labels=show_labels,
            label_columns=label_columns, kind_prefix=kind_prefix,
        )
    if resource.kind in workloads.COLUMNS:
        return workloads.workload_table(
            resource.kind, objs, now, wide=wide, no_headers=no_headers,
            with_namespace=with_namespace, prefix=resource.singular + "/" if kind_prefix else "",
            show_labels=show_labels, label_columns=label_columns,
        )
    if resource is resources.NAMESPACE:
        return namespaces.namespace_table(
            objs, now, no_headers=no_headers, show_labels=show_labels, label_columns=label_columns,
        )
    return event_printer.event_table(
        objs, now, wide=wide, no_headers=no_headers, with_namespace=with_namespace
    )


def _event_order(event: dict[str, Any]) -> tuple[str, str]:
    # The API server lists events by name; kubectl get events shows them in that order.
    meta = event.get("metadata") or {}
    return (meta.get("namespace", ""), meta.get("name", ""))
