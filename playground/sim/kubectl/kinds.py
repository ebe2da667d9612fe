"""What kubectl knows per served kind, in one table: how the API server lists and fetches its
objects, which `kubectl get` table prints them, and which describer (kubectl's describerMap)
describes them. A new kind is one entry here; `get`, `describe`, `delete`, `edit`, `patch` and
the watches find it through ``kind_of``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from playground.sim import apiservices, cluster_configdata, endpoints, workloads
from playground.sim.cluster import Cluster, not_found
from playground.sim.kubectl import resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.resources import Resource
from playground.sim.printers import configdata, namespaces, nodes, pods, services
from playground.sim.printers import endpoints as endpoints_printer
from playground.sim.printers import events as event_printer
from playground.sim.printers import workloads as workload_printer
from playground.sim.printers.describe_endpoints import describe_endpoints
from playground.sim.printers.describe_namespace import describe_namespace
from playground.sim.printers.describe_node import describe_node
from playground.sim.printers.describe_pod import describe_pod
from playground.sim.printers.describe_service import describe_service
from playground.sim.printers.describe_workloads import (
    describe_daemon_set,
    describe_deployment,
    describe_replica_set,
)
from playground.sim.printers.pods import extra_cells, label_headers
from playground.sim.tabwriter import format_rows
from playground.sim.timefmt import age

Obj = dict[str, Any]


@dataclass(frozen=True)
class TableOptions:
    """How `kubectl get` asked for its table (each kind's printer uses what it supports)."""

    wide: bool = False
    show_labels: bool = False
    label_columns: Sequence[str] = ()
    no_headers: bool = False
    with_namespace: bool = False
    kind_prefix: bool = False  # `pod/web` names: several types in one `get`


Lister = Callable[[Cluster, str | None], list[Obj]]
Getter = Callable[[Cluster, str, str], Obj]
Table = Callable[[Sequence[Obj], float, TableOptions], str]
Describer = Callable[[Ctx, Obj, bool], str]


@dataclass(frozen=True)
class Kind:
    resource: Resource
    list: Lister  # every object in a namespace (None: all), in the server's order
    table: Table
    get: Getter | None = None  # a direct lookup, where the cluster keeps one
    describe: Describer | None = None  # None: "no description has been implemented for …"

    def get_one(self, cluster: Cluster, ns: str, name: str) -> Obj:
        if self.get is not None:
            return self.get(cluster, ns, name)
        for obj in self.list(cluster, ns):
            if obj["metadata"]["name"] == name:
                return obj
        raise not_found(self.resource.qualified_plural, name)


# ------------------------------------------------------------------ tables
def _pod_table(objs: Sequence[Obj], now: float, o: TableOptions) -> str:
    return pods.pod_table(
        objs, now, wide=o.wide, show_labels=o.show_labels, label_columns=o.label_columns,
        no_headers=o.no_headers, with_namespace=o.with_namespace, kind_prefix=o.kind_prefix,
    )


def _service_table(objs: Sequence[Obj], now: float, o: TableOptions) -> str:
    return services.service_table(
        objs, now, wide=o.wide, no_headers=o.no_headers, with_namespace=o.with_namespace,
        kind_prefix=o.kind_prefix, show_labels=o.show_labels, label_columns=o.label_columns,
    )


def _endpoints_table(objs: Sequence[Obj], now: float, o: TableOptions) -> str:
    return endpoints_printer.endpoints_table(
        objs, now, no_headers=o.no_headers, with_namespace=o.with_namespace,
        kind_prefix=o.kind_prefix, show_labels=o.show_labels, label_columns=o.label_columns,
    )


def _list_endpoints(cluster: Cluster, ns: str | None) -> list[Obj]:
    """Every service's Endpoints, by namespace and name as the API server lists them."""
    api_ip = endpoints.api_server_address(cluster.nodes())
    out = []
    for service in cluster.services(ns):
        pods_here = cluster.pods(service["metadata"]["namespace"])
        obj = endpoints.v1_endpoints(service, pods_here, api_ip)
        if obj is not None:
            out.append(obj)
    return out


def _data_table(printer: Callable[..., str]) -> Table:
    def table(objs: Sequence[Obj], now: float, o: TableOptions) -> str:
        return printer(objs, now, no_headers=o.no_headers, with_namespace=o.with_namespace,
                       kind_prefix=o.kind_prefix, show_labels=o.show_labels,
                       label_columns=o.label_columns)

    return table


def _data_kind(resource: Resource, printer: Callable[..., str], describe: Describer) -> Kind:
    """ConfigMaps and Secrets: stored by cluster_configdata."""
    kind = resource.kind
    return Kind(resource, lambda cluster, ns: cluster_configdata.objects(cluster, kind, ns),
                _data_table(printer),
                get=lambda cluster, ns, name: cluster_configdata.get(cluster, kind, ns, name),
                describe=describe)


def _node_table(objs: Sequence[Obj], now: float, o: TableOptions) -> str:
    return nodes.node_table(
        objs, now, wide=o.wide, no_headers=o.no_headers, show_labels=o.show_labels,
        label_columns=o.label_columns, kind_prefix=o.kind_prefix,
    )


def _namespace_table(objs: Sequence[Obj], now: float, o: TableOptions) -> str:
    return namespaces.namespace_table(
        objs, now, no_headers=o.no_headers, show_labels=o.show_labels,
        label_columns=o.label_columns,
    )


def _event_table(objs: Sequence[Obj], now: float, o: TableOptions) -> str:
    return event_printer.event_table(
        objs, now, wide=o.wide, no_headers=o.no_headers, with_namespace=o.with_namespace,
    )


def _workload_table(resource: Resource) -> Table:
    def table(objs: Sequence[Obj], now: float, o: TableOptions) -> str:
        return workload_printer.workload_table(
            resource.kind, objs, now, wide=o.wide, no_headers=o.no_headers,
            with_namespace=o.with_namespace,
            prefix=resource.singular + "/" if o.kind_prefix else "",
            show_labels=o.show_labels, label_columns=o.label_columns,
        )

    return table


# ------------------------------------------------------------------ describers
def _describe_pod(ctx: Ctx, pod: Obj, show_events: bool) -> str:
    events = ctx.cluster.pod_events(pod) if show_events else None
    return describe_pod(pod, events, ctx.now)


def _describe_node(ctx: Ctx, node: Obj, show_events: bool) -> str:
    name = node["metadata"]["name"]
    running = [p for p in ctx.cluster.pods(None)
               if (p.get("spec") or {}).get("nodeName") == name
               and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
    return describe_node(node, running, [] if show_events else None, ctx.now)


def _describe_namespace(ctx: Ctx, ns: Obj, show_events: bool) -> str:
    del ctx, show_events
    return describe_namespace(ns)


def _describe_service(ctx: Ctx, service: Obj, show_events: bool) -> str:
    pods_here = ctx.cluster.pods(service["metadata"]["namespace"])
    slices = endpoints.endpoint_slices(service, pods_here,
                                       endpoints.api_server_address(ctx.cluster.nodes()))
    # the simulated control plane records no events about services
    return describe_service(service, slices, [] if show_events else None, ctx.now)


def _describe_endpoints(ctx: Ctx, obj: Obj, show_events: bool) -> str:
    del ctx  # the endpoints controller's events are not simulated
    return describe_endpoints(obj, [] if show_events else None, 0.0)


def _describe_configmap(ctx: Ctx, cm: Obj, show_events: bool) -> str:
    # the simulated control plane records no events about ConfigMaps
    return configdata.describe_configmap(cm, [] if show_events else None, ctx.now)


def _describe_secret(ctx: Ctx, secret: Obj, show_events: bool) -> str:
    del ctx, show_events  # kubectl's Secret describer lists no events
    return configdata.describe_secret(secret)


def _owned_pods(ctx: Ctx, obj: Obj) -> list[Obj]:
    siblings = ctx.cluster.pods(obj["metadata"]["namespace"])
    return workloads.owned_by(obj["metadata"]["uid"], siblings)


def _describe_deployment(ctx: Ctx, deploy: Obj, show_events: bool) -> str:
    sets = ctx.cluster.controllers("ReplicaSet", deploy["metadata"]["namespace"])
    mine = workloads.owned_by(deploy["metadata"]["uid"], sets)
    return describe_deployment(deploy, mine, [] if show_events else None, ctx.now)


def _describe_replica_set(ctx: Ctx, rs: Obj, show_events: bool) -> str:
    return describe_replica_set(rs, _owned_pods(ctx, rs), [] if show_events else None, ctx.now)


def _describe_daemon_set(ctx: Ctx, ds: Obj, show_events: bool) -> str:
    return describe_daemon_set(ds, _owned_pods(ctx, ds), [] if show_events else None, ctx.now)


def _list_apiservices(cluster: Cluster, namespace: str | None) -> list[Obj]:
    from playground.sim.kubectl.commands.api_versions import served_versions

    del namespace
    return apiservices.listed(cluster, served_versions(cluster))


def _apiservice_table(objs: Sequence[Obj], now: float, o: TableOptions) -> str:
    header = ["NAME", "SERVICE", "AVAILABLE", "AGE"] + label_headers(o.label_columns)
    header += ["LABELS"] if o.show_labels else []
    rows = [] if o.no_headers else [header]
    for obj in objs:
        meta = obj["metadata"]
        prefix = f"{resources.APISERVICE.singular}/" if o.kind_prefix else ""
        rows.append([prefix + meta["name"], *apiservices.table_row(obj),
                     age(meta.get("creationTimestamp"), now),
                     *extra_cells(obj, o.label_columns, o.show_labels)])
    return format_rows(rows)


# ------------------------------------------------------------------ the table of kinds
def _event_order(event: Obj) -> tuple[str, str]:
    # The API server lists events by name; kubectl get events shows them in that order.
    meta = event.get("metadata") or {}
    return (meta.get("namespace", ""), meta.get("name", ""))


def _controllers(resource: Resource) -> Lister:
    return lambda cluster, ns: cluster.controllers(resource.kind, ns)


_DESCRIBE_CONTROLLER: dict[str, Describer] = {
    "Deployment": _describe_deployment,
    "ReplicaSet": _describe_replica_set,
    "DaemonSet": _describe_daemon_set,
}

_KINDS: tuple[Kind, ...] = (
    Kind(resources.POD, lambda cluster, ns: cluster.pods(ns), _pod_table,
         get=lambda cluster, ns, name: cluster.pod(ns, name), describe=_describe_pod),
    Kind(resources.SERVICE, lambda cluster, ns: cluster.services(ns), _service_table,
         describe=_describe_service),
    Kind(resources.ENDPOINTS, _list_endpoints, _endpoints_table, describe=_describe_endpoints),
    Kind(resources.NAMESPACE, lambda cluster, ns: cluster.namespaces(), _namespace_table,
         get=lambda cluster, ns, name: cluster.namespace(name), describe=_describe_namespace),
    Kind(resources.NODE, lambda cluster, ns: cluster.nodes(), _node_table,
         get=lambda cluster, ns, name: cluster.node(name), describe=_describe_node),
    Kind(resources.EVENT, lambda cluster, ns: sorted(cluster.events(ns), key=_event_order),
         _event_table),
    _data_kind(resources.CONFIGMAP, configdata.configmap_table, _describe_configmap),
    _data_kind(resources.SECRET, configdata.secret_table, _describe_secret),
    *(
        Kind(r, _controllers(r), _workload_table(r), describe=_DESCRIBE_CONTROLLER.get(r.kind))
        for r in resources.ALL_RESOURCES if r.read_only and r is not resources.APISERVICE
    ),
    Kind(resources.APISERVICE, _list_apiservices, _apiservice_table),
)
KINDS: dict[str, Kind] = {k.resource.kind: k for k in _KINDS}


def kind_of(resource: Resource) -> Kind:
    return KINDS[resource.kind]
