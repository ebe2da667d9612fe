"""`kubectl describe` of any served kind: the kind's describer from the registry (kinds.py),
as kubectl's describerMap picks one, or kubectl's error for a kind it has none for."""

from __future__ import annotations

from typing import Any

from playground.sim.kubectl import common, tables
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.kinds import kind_of
from playground.sim.kubectl.resources import Resource


class NoDescriberError(KubectlError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"no description has been implemented for {kind}")


def describe(ctx: Ctx, resource: Resource, obj: dict[str, Any], show_events: bool) -> str:
    describer = kind_of(resource).describe
    if describer is None:
        raise NoDescriberError(resource.kind)
    return describer(ctx, obj, show_events)


def list_for_describe(
    ctx: Ctx, resource: Resource, ns: str | None, selector: str
) -> list[dict[str, Any]]:
    objs = tables.list_objects(ctx.cluster, resource, ns if resource.namespaced else None)
    return common.with_labels(objs, selector, resource)


__all__ = ["describe", "list_for_describe"]
