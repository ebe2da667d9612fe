"""kubectl set image: change container images of pods (TYPE NAME, TYPE/NAME, -l, --all, -f).

The kubelet then restarts each changed container (the lifecycle engine turns the stored
``imageChanges`` into Killing "definition changed", a pull and RESTARTS+1).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, output, resources, tables
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "set-image"
EXAMPLES = """  # Update image of all containers of a pod to 'nginx:1.9.1'
  kubectl set image pod/nginx *=nginx:1.9.1"""

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.SELECTOR,
    common.OUTPUT,
    common.DRY_RUN,
    Flag("all", kind="bool", default=False),
    Flag("local", kind="bool", default=False),
    Flag("field-manager", default="kubectl-set"),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    Flag("kustomize", "k", default=""),
]

OUTPUTS = common.OBJECT_OUTPUTS
_NOTHING = common.NO_RESOURCES_GIVEN


@dataclass(frozen=True)
class SetImageOptions:
    namespace: str
    images: dict[str, str]
    resource_args: list[str]
    selector: str
    every: bool
    dry_run: str
    output: str
    files: common.FilenameOptions

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> SetImageOptions:
        args = parsed.args[1:] if parsed.args[:1] == ["image"] else list(parsed.args)
        images: dict[str, str] = {}
        resource_args: list[str] = []
        for arg in args:
            if "=" in arg:
                name, _, image = arg.partition("=")
                images[name] = image
            else:
                resource_args.append(arg)
        return cls(
            namespace=common.namespace(parsed, ctx),
            images=images,
            resource_args=resource_args,
            selector=str(parsed["selector"]),
            every=bool(parsed["all"]),
            dry_run=common.dry_run_mode(parsed, ctx),
            output=str(parsed["output"]),
            files=common.FilenameOptions.complete(parsed),
        )

    def validate(self) -> None:
        if self.every and self.selector:
            raise KubectlError("cannot set --all and --selector at the same time")
        if not self.images:
            raise KubectlError("at least one image update is required")
        if len(self.images) > 1 and "*" in self.images:
            raise KubectlError("all containers are already specified by *, but saw more than "
                               "one container_name=container_image pairs")
        common.check_output(self.output, OUTPUTS)


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = SetImageOptions.complete(parsed, ctx)
    pods = _targets(ctx, opts)
    opts.validate()
    errors: list[str] = []
    for pod in pods:
        updated, missing = _with_images(pod, opts.images)
        errors.extend(f'error: unable to find container named "{name}"' for name in missing)
        if _images(updated) == _images(pod):
            continue  # kubectl sends no patch and prints nothing
        name = pod["metadata"]["name"]
        if opts.dry_run == "client":
            _print(ctx, updated, opts.output, " (dry run)")
            continue
        try:
            result = _store(ctx, pod, updated, opts.dry_run == "server")
        except ApiError as exc:
            errors.append(f"failed to patch image update to pod template: {exc.render()}")
            continue
        _print(ctx, result, opts.output, " (server dry run)" if opts.dry_run == "server" else "")
        del name
    if not errors:
        return 0
    if len(errors) == 1:
        message = errors[0]
        raise RawError(message if message.startswith("error: ") else f"error: {message}")
    raise RawError("\n".join(errors))


def _targets(ctx: Ctx, opts: SetImageOptions) -> list[dict[str, Any]]:
    if opts.files.filenames:
        found = []
        for source in opts.files.read(ctx):
            for obj in source.objects:
                resource = common.mapping(obj, source.name)
                _require_pods(resource)
                ns = (obj.get("metadata") or {}).get("namespace") or opts.namespace
                found.append(tables.get_one(ctx.cluster, resource, ns, common.manifest_name(
                    obj, f"failed to patch image update to pod template: {common.EMPTY_NAME}")))
        return found
    if not opts.resource_args:
        raise KubectlError(_NOTHING)
    found = []
    for target in common.parse_targets(opts.resource_args, "set image"):
        _require_pods(target.resource)
        if target.names:
            found.extend(ctx.cluster.pod(opts.namespace, n) for n in target.names)
            continue
        if not opts.selector and not opts.every:
            raise KubectlError("resource(s) were provided, but no name was specified")
        pods = ctx.cluster.pods(opts.namespace)
        found.extend(common.with_labels(pods, opts.selector, resources.POD))
    return found


def _require_pods(resource: resources.Resource) -> None:
    resources.ensure_writable(resource)
    if resource is not resources.POD:
        raise KubectlError(
            f"the playground's cluster runs only pods; `kubectl set image` works on pods, "
            f"not {resource.plural}"
        )


def _with_images(pod: dict[str, Any], images: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    updated = copy.deepcopy(pod)
    spec = updated.get("spec") or {}
    missing: list[str] = []
    for name, image in images.items():
        found = False
        for key in ("containers", "initContainers"):
            for container in spec.get(key) or []:
                if name == "*" or container.get("name") == name:
                    container["image"] = image
                    found = True
        if not found:
            missing.append(name)
    return updated, missing


def _images(pod: dict[str, Any]) -> list[str]:
    spec = pod.get("spec") or {}
    return [c.get("image", "") for key in ("containers", "initContainers")
            for c in spec.get(key) or []]


def _store(ctx: Ctx, pod: dict[str, Any], updated: dict[str, Any], dry_run: bool) -> dict[str, Any]:
    meta = pod["metadata"]
    if dry_run:
        from playground.sim.admission import validation
        from playground.sim.cluster import InvalidError

        causes = validation.validate_pod_update(pod, updated)
        if causes:
            raise InvalidError("Pod", meta["name"], causes)
        return updated
    return ctx.cluster.update_pod(meta["namespace"], meta["name"], updated)


def _print(ctx: Ctx, pod: dict[str, Any], fmt: str, suffix: str) -> None:
    if fmt:
        output.print_objects(ctx, [pod], fmt, single=True)
    else:
        ctx.out(f"pod/{pod['metadata']['name']} image updated{suffix}\n")
