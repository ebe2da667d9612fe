"""Creating and applying manifest objects: the server calls behind create -f and apply -f."""

from __future__ import annotations

import copy
import json
from typing import Any

from playground.sim import cluster_configdata
from playground.sim.admission import defaults, strict
from playground.sim.cluster import ApiError, drop_nulls
from playground.sim.kubectl import resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.resources import Resource

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def field_validation(obj: dict[str, Any], mode: str, ctx: Ctx) -> dict[str, Any]:
    """--validate: ``strict`` lets the server refuse unknown fields, ``warn`` warns, else prune."""
    if mode in ("strict", "true"):
        return obj
    unknown = strict.unknown_fields(obj)
    if mode == "warn":
        for problem in unknown:
            ctx.err(f"Warning: {problem}\n")
    return strict.prune_unknown(obj) if unknown else obj


def create(
    ctx: Ctx, resource: Resource, obj: dict[str, Any], ns: str, *, dry_run: str
) -> dict[str, Any]:
    resources.ensure_writable(resource)
    if resource is resources.POD:
        return ctx.cluster.create_pod(obj, ns, dry_run=dry_run == "server")
    if resource is resources.NAMESPACE:
        if dry_run == "server":
            return obj
        return ctx.cluster.create_namespace(obj)
    if resource is resources.SERVICE:
        return ctx.cluster.create_service(obj, ns, dry_run=dry_run == "server")
    if resource in (resources.CONFIGMAP, resources.SECRET):
        return cluster_configdata.create(ctx.cluster, resource.kind, obj, ns,
                                         dry_run=dry_run == "server")
    raise ApiError(
        "Forbidden",
        f"the playground's cluster only runs pods, services and namespaces; {resource.plural} "
        "cannot be "
        "created here",
        code=403,
    )


def client_dry_run_object(obj: dict[str, Any], ns: str, resource: Resource) -> dict[str, Any]:
    """What --dry-run=client prints for a new object: the manifest as kubectl would send it,
    namespace filled in for namespaced kinds; nothing reaches the cluster."""
    out = copy.deepcopy(obj)
    if resource.namespaced:
        out.setdefault("metadata", {}).setdefault("namespace", ns)
    return out


def last_applied(obj: dict[str, Any], ns: str, resource: Resource) -> str:
    """The annotation kubectl apply stores: the manifest as compact JSON with sorted keys."""
    config = copy.deepcopy(obj)
    meta = config["metadata"] = config.get("metadata") or {}
    annotations = dict(meta.get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    meta["annotations"] = annotations
    if resource.namespaced:
        meta.setdefault("namespace", ns)
    return json.dumps(config, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def apply(
    ctx: Ctx, resource: Resource, obj: dict[str, Any], ns: str, *, dry_run: str
) -> tuple[dict[str, Any], str]:
    """Create or patch one object; returns it and kubectl's verb (created/configured/unchanged)."""
    annotation = last_applied(obj, ns, resource)
    desired = drop_nulls(obj)  # a null in the manifest patches the field away
    # Go decodes a null map as an empty one: `annotations: null` is no annotations.
    meta = desired["metadata"] = desired.get("metadata") or {}
    meta["annotations"] = {**(meta.get("annotations") or {}), LAST_APPLIED: annotation}
    name = meta.get("name", "")
    live = live_object(ctx, resource, ns, name)
    if live is None:
        if dry_run == "client":
            return client_dry_run_object(desired, ns, resource), "created"
        return create(ctx, resource, desired, ns, dry_run=dry_run), "created"
    live_annotations = live["metadata"].get("annotations") or {}
    previous = live_annotations.get(LAST_APPLIED)
    if previous is None:
        ctx.err(
            f"Warning: resource {resource.plural}/{name} is missing the {LAST_APPLIED} annotation "
            "which is required by kubectl apply. kubectl apply should only be used on resources "
            "created declaratively by either kubectl create --save-config or kubectl apply. The "
            "missing annotation will be patched automatically.\n"
        )
    elif previous == annotation:
        return live, "unchanged"
    if resource is resources.SERVICE:
        merged = merge_service(live, desired, json.loads(previous) if previous else {})
        if dry_run != "none":
            return merged, "configured"
        return ctx.cluster.update_service(ns, name, merged), "configured"
    if resource in (resources.CONFIGMAP, resources.SECRET):
        merged = merge_data(live, desired, json.loads(previous) if previous else {})
        if dry_run != "none":
            return merged, "configured"
        return cluster_configdata.update(ctx.cluster, resource.kind, ns, name, merged), "configured"
    if resource is not resources.POD:
        return live, "configured"
    merged = merge(live, desired, json.loads(previous) if previous else {})
    if dry_run != "none":
        return merged, "configured"
    return ctx.cluster.update_pod(ns, name, merged), "configured"


def merge_service(
    live: dict[str, Any], desired: dict[str, Any], previous: dict[str, Any]
) -> dict[str, Any]:
    """Three-way merge of a Service: labels and annotations as for pods, the spec's fields one
    level deep (a changed ports list replaces the old one; the allocated ClusterIP and the
    server's defaults stay unless the manifest changes them)."""
    merged = copy.deepcopy(live)
    _merge_metadata(merged["metadata"], desired, previous)
    _merge_fields(merged.setdefault("spec", {}), desired.get("spec") or {},
                  previous.get("spec") or {})
    return merged


def merge_data(
    live: dict[str, Any], desired: dict[str, Any], previous: dict[str, Any]
) -> dict[str, Any]:
    """Three-way merge of a ConfigMap or Secret: labels and annotations as for pods, the data
    maps key by key (a key dropped from the manifest since the last apply goes), other fields
    as the manifest says."""
    merged = copy.deepcopy(live)
    _merge_metadata(merged["metadata"], desired, previous)
    merged.pop("spec", None)
    for field in ("data", "binaryData", "stringData"):
        _merge_map(merged, field, previous.get(field) or {}, desired.get(field) or {})
    for field in ("type", "immutable"):
        if field in desired:
            merged[field] = desired[field]
        elif field in previous:
            merged.pop(field, None)
    return merged


def merge(
    live: dict[str, Any], desired: dict[str, Any], previous: dict[str, Any]
) -> dict[str, Any]:
    """A three-way merge of the fields a learner edits in a Pod manifest (labels,
    annotations, container fields): keys dropped from the manifest since the last apply are
    removed, keys in the manifest win, keys set by others stay."""
    merged = copy.deepcopy(live)
    _merge_metadata(merged["metadata"], desired, previous)
    wanted_spec = desired.get("spec") or {}
    before_spec = previous.get("spec") or {}
    spec = merged["spec"]
    for list_name in ("containers", "initContainers"):
        live_list = spec.get(list_name) or []
        by_name = {c.get("name"): c for c in live_list}
        before = {c.get("name"): c for c in before_spec.get(list_name) or []
                  if isinstance(c, dict)}
        for container in wanted_spec.get(list_name) or []:
            target = by_name.get(container.get("name"))
            if target is None:
                spec.setdefault(list_name, []).append(copy.deepcopy(container))
                continue
            _merge_fields(target, container, before.get(container.get("name")) or {})
        if len(wanted_spec.get(list_name) or []) < len(live_list):
            keep = {c.get("name") for c in wanted_spec.get(list_name) or []}
            spec[list_name] = [c for c in live_list if c.get("name") in keep]
    rest = {k: v for k, v in wanted_spec.items() if k not in ("containers", "initContainers")}
    _merge_fields(spec, rest, {k: v for k, v in before_spec.items()
                               if k not in ("containers", "initContainers")})
    return defaults.default_update(merged)


def _merge_metadata(
    meta: dict[str, Any], desired: dict[str, Any], previous: dict[str, Any]
) -> None:
    """Labels and annotations, the same for every kind: merged key by key."""
    for field in ("labels", "annotations"):
        before = (previous.get("metadata") or {}).get(field) or {}
        wanted = (desired.get("metadata") or {}).get(field) or {}
        _merge_map(meta, field, before, wanted)


def _merge_map(
    into: dict[str, Any], field: str, before: dict[str, Any], wanted: dict[str, Any]
) -> None:
    """Three-way merge of the string map ``into[field]``: keys dropped from the manifest since
    the last apply go, the manifest's keys win, keys set by others stay."""
    current = dict(into.get(field) or {})
    for key in before:
        if key not in wanted:
            current.pop(key, None)
    current.update(wanted)
    if current:
        into[field] = current
    else:
        into.pop(field, None)  # an empty map is no map: the object prints without it


def _merge_fields(live: dict[str, Any], desired: dict[str, Any], previous: dict[str, Any]) -> None:
    """Three-way merge of one level: only what the manifest changed since the last apply is
    patched (so server defaults such as ``protocol: TCP`` survive an unchanged list);
    fields dropped from the manifest are removed."""
    for key, value in desired.items():
        if key in previous and previous[key] == value and key in live:
            continue
        live[key] = copy.deepcopy(value)
    for key in previous:
        if key not in desired:
            live.pop(key, None)


def live_object(ctx: Ctx, resource: Resource, ns: str, name: str) -> dict[str, Any] | None:
    if resource is resources.POD:
        record = ctx.cluster.pod_record(ns, name)
        return ctx.cluster.view(record).obj if record else None
    if resource is resources.NAMESPACE:
        try:
            return ctx.cluster.namespace(name)
        except ApiError:
            return None
    if resource is resources.SERVICE:
        try:
            return ctx.cluster.service(ns, name)
        except ApiError:
            return None
    if resource in (resources.CONFIGMAP, resources.SECRET):
        try:
            return cluster_configdata.get(ctx.cluster, resource.kind, ns, name)
        except ApiError:
            return None
    return None
