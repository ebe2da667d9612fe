"""kubectl patch: strategic merge (default), JSON merge or JSON patch of one named object.

Client-side (``--dry-run=client``, ``--local``) errors use the client libraries' words
(``invalid JSON document``, ``Invalid JSON Patch``); server-side ones are the API server's
``Error from server (BadRequest): ...`` answers [approximate: checked against apiserver source,
not a live v1.32 server]. A forbidden spec change gives the same 422 block as apply.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from playground.sim import cluster_configdata
from playground.sim.admission import strict
from playground.sim.cluster import ApiError, InvalidError
from playground.sim.kubectl import common, output, patching, resources, tables
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.resources import Resource

HELP_PAGE = "patch"
EXAMPLES = """  # Partially update a node using a strategic merge patch (JSON)
  kubectl patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'

  # Update a container's image using a JSON patch with positional arrays
  kubectl patch pod valid-pod --type='json' \\
    -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'"""

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.OUTPUT,
    common.DRY_RUN,
    Flag("patch", "p", default=""),
    Flag("patch-file", default=""),
    Flag("type", default="strategic"),
    Flag("local", kind="bool", default=False),
    Flag("subresource", default=""),
    Flag("field-manager", default="kubectl-patch"),
    Flag("record", kind="bool", default=False),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    Flag("kustomize", "k", default=""),
]

TYPES = ("json", "merge", "strategic")
OUTPUTS = common.OBJECT_OUTPUTS
_NOTHING = common.NO_RESOURCES_GIVEN


@dataclass(frozen=True)
class PatchOptions:
    namespace: str
    patch: str
    patch_file: str
    patch_type: str
    local: bool
    dry_run: str
    output: str
    type_flag: str  # as typed, for the --type message
    files: common.FilenameOptions
    args: tuple[str, ...]

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> PatchOptions:
        return cls(
            namespace=common.namespace(parsed, ctx),
            patch=str(parsed["patch"]),
            patch_file=str(parsed["patch-file"]),
            patch_type=str(parsed["type"]).lower(),
            local=bool(parsed["local"]),
            dry_run=common.dry_run_mode(parsed, ctx),
            output=str(parsed["output"]),
            type_flag=str(parsed["type"]),
            files=common.FilenameOptions.complete(parsed),
            args=tuple(parsed.args),
        )

    def validate(self) -> None:
        if self.patch and self.patch_file:
            raise KubectlError("--patch and --patch-file are mutually exclusive")
        if not self.patch and not self.patch_file:
            raise KubectlError(
                "must specify --patch or --patch-file containing the contents of the patch")
        if self.local and self.args:
            raise KubectlError("cannot specify --local and server resources")
        if self.local and self.dry_run == "server":
            raise KubectlError("cannot specify --local and --dry-run=server - did you mean "
                               "--dry-run=client?")
        if self.patch_type not in TYPES:
            raise KubectlError(
                f"--type must be one of [{' '.join(TYPES)}], not \"{self.type_flag}\"")
        common.check_output(self.output, OUTPUTS)


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = PatchOptions.complete(parsed, ctx)
    opts.validate()
    text = opts.patch
    if opts.patch_file:
        content = ctx.files.read(opts.patch_file)
        if content is None:
            raise KubectlError(
                f"unable to read patch file: open {opts.patch_file}: no such file or directory")
        text = content
    try:
        patch_json = patching.to_json_text(text)
    except patching.PatchError as exc:
        raise KubectlError(exc.message) from None
    targets = _targets(ctx, opts)
    failed = False
    for resource, ns, name, local_obj in targets:
        try:
            _patch_one(ctx, opts, resource, ns, name, local_obj, patch_json)
        except (ApiError, KubectlError) as exc:
            ctx.err(exc.render().rstrip("\n") + "\n")
            failed = True
    return 1 if failed else 0


def _targets(
    ctx: Ctx, opts: PatchOptions
) -> list[tuple[Resource, str, str, dict[str, Any] | None]]:
    found: list[tuple[Resource, str, str, dict[str, Any] | None]] = []
    if opts.files.filenames:
        for source in opts.files.read(ctx):
            for obj in source.objects:
                resource = common.mapping(obj, source.name)
                ns = (obj.get("metadata") or {}).get("namespace") or opts.namespace
                local = obj if opts.local else None
                found.append((resource, ns, common.manifest_name(obj), local))
        return found
    if opts.local:
        raise KubectlError("must specify a file name when using --local")
    if not opts.args:
        raise KubectlError(_NOTHING)
    for target in common.parse_targets(list(opts.args), "patch"):
        if not target.names:
            raise KubectlError("resource(s) were provided, but no name was specified")
        found.extend((target.resource, opts.namespace, n, None) for n in target.names)
    return found


def _patch_one(
    ctx: Ctx, opts: PatchOptions, resource: Resource, ns: str, name: str,
    local_obj: dict[str, Any] | None, patch_json: str,
) -> None:
    client_side = local_obj is not None or opts.dry_run == "client"
    live = local_obj if local_obj is not None else tables.get_one(ctx.cluster, resource, ns, name)
    if local_obj is None:
        resources.ensure_writable(resource)
    try:
        patched = patching.apply(live, opts.patch_type, patch_json)
    except patching.PatchError as exc:
        raise _patch_error(exc, opts.patch_type, client_side) from None
    if not isinstance(patched, dict):
        raise ApiError("BadRequest", "Object 'Kind' is missing in '" + patch_json + "'")
    changed = _comparable(patched) != _comparable(live)
    result = patched
    if changed and not client_side:
        result = store(ctx, resource, ns, name, live, patched, opts.dry_run == "server")
    verb = "patched" if changed else "patched (no change)"
    if opts.output:
        output.print_objects(ctx, [result], opts.output, single=True)
    else:
        ctx.out(f"{resource.singular}/{name} {verb}\n")


def _patch_error(exc: patching.PatchError, patch_type: str, client_side: bool) -> Exception:
    if client_side:
        if exc.decode and patch_type == "strategic":
            return KubectlError("invalid JSON document")
        if exc.decode and patch_type == "merge":
            return KubectlError("Invalid JSON Patch")
        return KubectlError(exc.message)
    if exc.decode:
        if patch_type == "merge":
            return ApiError("BadRequest", "Invalid JSON Patch")
        return ApiError("BadRequest", exc.message)
    if patch_type == "json":
        # the API server answers 422 without details; kubectl words it generically
        return RawError("The request is invalid: the server rejected our request due to an "
                        "error in our request")
    return ApiError("BadRequest", exc.message)


def _comparable(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k != "status"}


def store(
    ctx: Ctx, resource: Resource, ns: str, name: str, live: dict[str, Any],
    patched: dict[str, Any], dry_run: bool,
) -> dict[str, Any]:
    meta = patched["metadata"] if isinstance(patched.get("metadata"), dict) else {}
    if meta.get("name") != name:
        raise InvalidError(resource.kind, name, [
            f'metadata.name: Invalid value: "{meta.get("name", "")}": field is immutable'])
    if resource in (resources.CONFIGMAP, resources.SECRET):
        if dry_run:
            return patched
        return cluster_configdata.update(ctx.cluster, resource.kind, ns, name, patched)
    if resource is not resources.POD:
        for field_name in ("labels", "annotations"):
            if (meta.get(field_name) or {}) != (live["metadata"].get(field_name) or {}):
                if not dry_run:
                    ctx.cluster.set_metadata(resource.kind, ns, name, field_name,
                                             dict(meta.get(field_name) or {}))
        return patched
    wrong_type = strict.decode_error(patched)
    if wrong_type:
        raise ApiError("BadRequest",
                       f'Pod in version "v1" cannot be handled as a Pod: {wrong_type}')
    for problem in strict.unknown_fields(patched):
        ctx.err(f"Warning: {problem}\n")
    candidate = strict.prune_unknown(copy.deepcopy(patched))
    candidate["status"] = live.get("status", {})
    if dry_run:
        from playground.sim.admission import validation

        causes = validation.validate_pod_update(live, candidate)
        if causes:
            raise InvalidError("Pod", name, causes)
        return candidate
    return ctx.cluster.update_pod(ns, name, candidate)
