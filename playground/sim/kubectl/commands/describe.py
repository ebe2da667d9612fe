"""kubectl describe: the long human form of pods (and nodes, namespaces), by name, prefix or -l."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim.cluster import ApiError, not_found
from playground.sim.kubectl import common, describers, resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.resources import Resource

HELP_PAGE = "describe"
EXAMPLES = """  # Describe a pod
  kubectl describe pods/nginx"""

FLAGS = [
    common.SELECTOR,
    common.FILENAME,
    common.RECURSIVE,
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("show-events", kind="bool", default=True, no_value=True),
    Flag("chunk-size", kind="int", default=500),
    Flag("kustomize", "k", default=""),
]

# Several descriptions are separated by two empty lines, as kubectl does.
_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class DescribeOptions:
    namespaces: common.NamespaceOptions
    all_namespaces: bool
    show_events: bool
    selector: str
    files: common.FilenameOptions
    args: tuple[str, ...]

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> DescribeOptions:
        return cls(
            namespaces=common.NamespaceOptions.complete(parsed, ctx),
            all_namespaces=bool(parsed["all-namespaces"]),
            show_events=bool(parsed["show-events"]),
            selector=str(parsed["selector"]),
            files=common.FilenameOptions.complete(parsed),
            args=tuple(parsed.args),
        )


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = DescribeOptions.complete(parsed, ctx)
    ns = opts.namespaces.namespace
    all_ns = opts.all_namespaces
    show_events = opts.show_events
    if opts.files.filenames:
        found: list[tuple[Resource, dict[str, Any]]] = []
        for source in opts.files.read(ctx):
            for obj in source.objects:
                resource = common.mapping(obj, source.name)
                obj_ns = opts.namespaces.of_object(obj)
                found.append((resource, _get(ctx, resource, obj_ns, common.manifest_name(obj))))
        ctx.out(_SEPARATOR.join(describers.describe(ctx, r, o, show_events) for r, o in found))
        return 0
    if not opts.args:
        raise KubectlError(
            'You must specify the type of resource to describe. Use "kubectl api-resources" for '
            "a complete list of supported resources."
        )
    targets = common.parse_targets(list(opts.args), "describe")
    selector = opts.selector
    texts: list[str] = []
    errors: list[str] = []
    for target in targets:
        scope = None if all_ns else ns
        if target.names:
            for name in target.names:
                try:
                    objs = _by_name_or_prefix(ctx, target.resource, ns, name)
                except ApiError as exc:
                    errors.append(exc.render())
                    continue
                texts.extend(
                    describers.describe(ctx, target.resource, o, show_events) for o in objs
                )
        else:
            objs = describers.list_for_describe(ctx, target.resource, scope, selector)
            texts.extend(describers.describe(ctx, target.resource, o, show_events) for o in objs)
    if texts:
        ctx.out(_SEPARATOR.join(texts))
    for line in errors:
        ctx.err(line + "\n")
    if not texts and not errors:
        where = "" if all_ns else f" in {ns} namespace."
        ctx.err(f"No resources found{where}\n")
    return 1 if errors else 0


def _get(ctx: Ctx, resource: Resource, ns: str, name: str) -> dict[str, Any]:
    if resource is resources.POD:
        return ctx.cluster.pod(ns, name)
    objs = describers.list_for_describe(ctx, resource, ns if resource.namespaced else None, "")
    for obj in objs:
        if obj["metadata"]["name"] == name:
            return obj
    raise not_found(resource.plural, name)


def _by_name_or_prefix(ctx: Ctx, resource: Resource, ns: str, name: str) -> list[dict[str, Any]]:
    """An exact name, else every object whose name starts with it (kubectl describe's rule)."""
    if resource is resources.POD:
        # Pods are looked up on the stored records: only the pods described are observed.
        cluster = ctx.cluster
        record = cluster.pod_record(ns, name)
        chosen = [record] if record is not None else [
            r for r in cluster.pod_records(ns) if r["metadata"]["name"].startswith(name)]
        if chosen:
            return [cluster.view(r).obj for r in chosen]
        raise not_found(resource.plural, name)
    objs = describers.list_for_describe(ctx, resource, ns if resource.namespaced else None, "")
    exact = [o for o in objs if o["metadata"]["name"] == name]
    if exact:
        return exact
    prefixed = [o for o in objs if o["metadata"]["name"].startswith(name)]
    if prefixed:
        return prefixed
    raise not_found(resource.plural, name)
