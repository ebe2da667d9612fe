"""Describers keyed by kind, as kubectl's describerMap: one function per kind of object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playground.sim import workloads
from playground.sim.kubectl import common, resources, tables
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.resources import Resource
from playground.sim.printers.describe_namespace import describe_namespace
from playground.sim.printers.describe_node import describe_node
from playground.sim.printers.describe_pod import describe_pod
from playground.sim.printers.describe_workloads import (
    describe_daemon_set,
    describe_deployment,
    describe_replica_set,
)

Describer = Callable[[Ctx, dict[str, Any], bool], str]


def _pod(ctx: Ctx, pod: dict[str, Any], show_events: bool) -> str:
    events = ctx.cluster.pod_events(pod) if show_events else None
    return describe_pod(pod, events, ctx.now)


def _node(ctx: Ctx, node: dict[str, Any], show_events: bool) -> str:
    name = node["metadata"]["name"]
    pods = [p for p in ctx.cluster.pods(None)
            if (p.get("spec") or {}).get("nodeName") == name
            and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
    return describe_node(node, pods, [] if show_events else None, ctx.now)


def _namespace(ctx: Ctx, ns: dict[str, Any], show_events: bool) -> str:
    del ctx, show_events
    return describe_namespace(ns)


def _owned_pods(ctx: Ctx, obj: dict[str, Any]) -> list[dict[str, Any]]:
    pods = ctx.cluster.pods(obj["metadata"]["namespace"])
    return workloads.owned_by(obj["metadata"]["uid"], pods)


def _deployment(ctx: Ctx, deploy: dict[str, Any], show_events: bool) -> str:
    sets = ctx.cluster.controllers("ReplicaSet", deploy["metadata"]["namespace"])
    mine = workloads.owned_by(deploy["metadata"]["uid"], sets)
    return describe_deployment(deploy, mine, [] if show_events else None, ctx.now)


def _replica_set(ctx: Ctx, rs: dict[str, Any], show_events: bool) -> str:
    return describe_replica_set(rs, _owned_pods(ctx, rs), [] if show_events else None, ctx.now)


def _daemon_set(ctx: Ctx, ds: dict[str, Any], show_events: bool) -> str:
    return describe_daemon_set(ds, _owned_pods(ctx, ds), [] if show_events else None, ctx.now)


DESCRIBERS: dict[str, Describer] = {
    "Pod": _pod, "Node": _node, "Namespace": _namespace,
    "Deployment": _deployment, "ReplicaSet": _replica_set, "DaemonSet": _daemon_set,
}


class NoDescriberError(KubectlError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"no description has been implemented for {kind}")


def describe(ctx: Ctx, resource: Resource, obj: dict[str, Any], show_events: bool) -> str:
    describer = DESCRIBERS.get(resource.kind)
    if describer is None:
        raise NoDescriberError(resource.kind)
    return describer(ctx, obj, show_events)


def list_for_describe(
    ctx: Ctx, resource: Resource, ns: str | None, selector: str
) -> list[dict[str, Any]]:
    objs = tables.list_objects(ctx.cluster, resource, ns if resource.namespaced else None)
    return common.with_labels(objs, selector, resource)


__all__ = ["DESCRIBERS", "describe", "list_for_describe", "resources"]
