"""kubectl delete: by name, -f, -l or --all; waits for the objects to go unless --wait=false."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim import cluster_configdata
from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, resources, tables
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.resources import Resource

HELP_PAGE = "delete"
EXAMPLES = """  # Delete a pod with minimal delay
  kubectl delete pod foo --now"""

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.SELECTOR,
    common.OUTPUT,
    common.DRY_RUN,
    Flag("all", kind="bool", default=False),
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("grace-period", kind="int", default=-1),
    Flag("force", kind="bool", default=False),
    Flag("now", kind="bool", default=False),
    Flag("wait", kind="bool", default=True),
    Flag("ignore-not-found", kind="bool", default=False),
    Flag("cascade", default="background", no_value="background"),
    Flag("field-selector", default=""),
    Flag("timeout", default="0s"),
    Flag("interactive", "i", kind="bool", default=False),
    Flag("raw", default=""),
    Flag("kustomize", "k", default=""),
]

_NOTHING = common.NO_RESOURCES_GIVEN
_DATA = (resources.CONFIGMAP, resources.SECRET)
_FORCE_WARNING = (
    "Warning: Immediate deletion does not wait for confirmation that the running resource has "
    "been terminated. The resource may continue to run on the cluster indefinitely.\n"
)


@dataclass(frozen=True)
class DeleteOptions:
    namespace: str
    grace: int | None
    force: bool
    wait: bool
    ignore_not_found: bool
    name_only: bool
    dry_run: str
    now: bool
    grace_period: int  # as given, for the --now check
    files: common.FilenameOptions
    namespaces: common.NamespaceOptions
    args: tuple[str, ...]
    selector: str
    every: bool
    field_selector: str
    all_namespaces: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> DeleteOptions:
        grace = int(parsed["grace-period"])
        if parsed["now"]:
            grace = 1
        force = bool(parsed["force"])
        return cls(
            namespace=common.namespace(parsed, ctx),
            grace=None if grace < 0 else grace,
            force=force,
            wait=bool(parsed["wait"]),
            ignore_not_found=bool(parsed["ignore-not-found"]),
            name_only=str(parsed["output"]) == "name",
            dry_run=common.dry_run_mode(parsed, ctx),
            now=bool(parsed["now"]),
            grace_period=int(parsed["grace-period"]),
            files=common.FilenameOptions.complete(parsed),
            namespaces=common.NamespaceOptions.complete(parsed, ctx),
            args=tuple(parsed.args),
            selector=str(parsed["selector"]),
            every=bool(parsed["all"]),
            field_selector=str(parsed["field-selector"]),
            all_namespaces=bool(parsed["all-namespaces"]),
        )

    def validate(self) -> None:
        if self.now and self.grace_period >= 0:
            raise KubectlError("--now and --grace-period cannot be specified together")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = DeleteOptions.complete(parsed, ctx)
    opts.validate()
    if opts.force:
        ctx.err(_FORCE_WARNING)
    if opts.files.filenames:
        plan: list[tuple[Resource, str, str, str]] = []  # resource, ns, name, source
        for source in opts.files.read(ctx):
            for obj in source.objects:
                resource = common.mapping(obj, source.name)
                ns = opts.namespaces.of_object(obj)
                plan.append((resource, ns, common.manifest_name(
                    obj, f'error when deleting "{source.name}": {common.EMPTY_NAME}'), source.name))
        return _delete_all(plan, opts, ctx)
    if not opts.args:
        raise KubectlError(_NOTHING)
    targets = common.parse_targets(list(opts.args), "delete")
    selector = opts.selector
    every = opts.every
    named = any(t.names for t in targets)
    if named and selector:
        raise KubectlError("name cannot be provided when a selector is specified")
    if named and every:
        raise KubectlError("name cannot be provided when --all is specified")
    if not named and not selector and not every and not opts.field_selector:
        raise KubectlError("resource(s) were provided, but no name was specified")
    all_ns = opts.all_namespaces
    plan = []
    for target in targets:
        if target.names:
            plan.extend((target.resource, opts.namespace, n, "") for n in target.names)
            continue
        for obj in _matching(ctx, target.resource, None if all_ns else opts.namespace, selector):
            meta = obj["metadata"]
            plan.append((target.resource, meta.get("namespace", ""), meta["name"], ""))
    if not plan:
        ctx.err("No resources found\n")
        return 0
    return _delete_all(plan, opts, ctx)


def _matching(ctx: Ctx, resource: Resource, ns: str | None, selector: str) -> list[dict[str, Any]]:
    if resource is resources.POD:
        objs = ctx.cluster.pods(ns)
    elif resource is resources.NAMESPACE:
        objs = ctx.cluster.namespaces()
    elif resource is resources.SERVICE:
        objs = ctx.cluster.services(ns)
    elif resource.read_only or resource in _DATA:
        objs = tables.list_objects(ctx.cluster, resource, ns)
    else:
        objs = []
    return common.with_labels(objs, selector, resource)


def _delete_all(
    plan: list[tuple[Resource, str, str, str]], opts: DeleteOptions, ctx: Ctx
) -> int:
    failed = False
    waiting: list[dict[str, str]] = []
    until = ctx.now
    for resource, ns, name, source in plan:
        try:
            gone_at = _delete_one(resource, ns, name, opts, ctx)
        except KubectlError as exc:
            ctx.err(exc.render())
            failed = True
            continue
        except ApiError as exc:
            if opts.ignore_not_found and exc.code == 404:
                continue
            context = f'error when deleting "{source}": ' if source else ""
            ctx.err(exc.render(context) + "\n")
            failed = True
            continue
        label = f"{resource.singular}/{name}" if opts.name_only else f'{resource.singular} "{name}"'
        verb = "force deleted" if opts.force else "deleted"
        suffix = " (dry run)" if opts.dry_run == "client" else (
            " (server dry run)" if opts.dry_run == "server" else "")
        ctx.out(label if opts.name_only else f"{label} {verb}{suffix}")
        ctx.out("\n")
        if gone_at is not None and opts.wait and not opts.force:
            waiting.append({"kind": resource.plural, "namespace": ns, "name": name})
            until = max(until, gone_at)
    if waiting:
        ctx.start_stream("wait-deleted", objects=waiting, until=until, exit=1 if failed else 0)
    return 1 if failed else 0


def _delete_one(
    resource: Resource, ns: str, name: str, opts: DeleteOptions, ctx: Ctx
) -> float | None:
    cluster = ctx.cluster
    if resource.read_only:
        tables.get_one(cluster, resource, ns, name)  # NotFound first, as the server answers
        raise resources.read_only_error(resource)
    if opts.dry_run != "none":
        if resource in (resources.SERVICE, resources.ENDPOINTS, *_DATA):
            tables.get_one(cluster, resource, ns, name)
        if resource is resources.POD:
            cluster.pod(ns, name)
        elif resource is resources.NAMESPACE:
            cluster.namespace(name)
        return None
    if resource is resources.POD:
        return cluster.delete_pod(ns, name, grace=0 if opts.force else opts.grace, force=opts.force)
    if resource is resources.NAMESPACE:
        return cluster.delete_namespace(name)
    if resource is resources.SERVICE:
        return cluster.delete_service(ns, name)
    if resource in _DATA:
        cluster_configdata.delete(cluster, resource.kind, ns, name)
        return None  # gone at once: no graceful deletion
    if resource is resources.ENDPOINTS:
        # the endpoints controller writes them again at once from the service's pods
        tables.get_one(cluster, resource, ns, name)
        return None
    raise ApiError(
        "MethodNotAllowed",
        f"the server does not allow this method on the requested resource ({resource.plural})",
        code=405,
    )
