"""kubectl replace -f: PUT the whole object; ``--force`` deletes it, waits until it is gone, and
creates it again.

A pod's spec is immutable apart from images (§6.6), so replacing a running pod with a
hand-written manifest usually fails with the Forbidden block (the manifest lacks what admission
added, such as the service-account volume and ``nodeName``); a manifest saved with
``get -o yaml`` and edited works. ``--force`` returns through the ``replace-force`` stream so a
transcript's clock runs through the deletion.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from playground.sim import cluster_configdata
from playground.sim.admission import defaults, strict
from playground.sim.cluster import ApiError, InvalidError
from playground.sim.kubectl import common, output, resources, writes
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "replace"
EXAMPLES = """  # Replace a pod using the data in pod.json
  kubectl replace -f ./pod.json

  # Force replace, delete and then re-create the resource
  kubectl replace --force -f ./pod.json"""

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.OUTPUT,
    common.DRY_RUN,
    common.VALIDATE,
    Flag("force", kind="bool", default=False),
    Flag("grace-period", kind="int", default=-1),
    Flag("cascade", default="background", no_value="background"),
    Flag("timeout", default="0s"),
    Flag("wait", kind="bool", default=False),
    Flag("raw", default=""),
    Flag("subresource", default=""),
    Flag("save-config", kind="bool", default=False),
    Flag("field-manager", default="kubectl-replace"),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    Flag("kustomize", "k", default=""),
]
OUTPUTS = common.OBJECT_OUTPUTS


@dataclass(frozen=True)
class ReplaceOptions:
    files: common.FilenameOptions
    args: tuple[str, ...]
    output: str
    dry_run_flag: str  # read after the -o check, where kubectl warns about or rejects it
    namespace: str
    force: bool
    grace_period: int
    validation: str

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> ReplaceOptions:
        return cls(
            files=common.FilenameOptions.complete(parsed),
            args=tuple(parsed.args),
            output=str(parsed["output"]),
            dry_run_flag=str(parsed.get("dry-run", "none")),
            namespace=common.namespace(parsed, ctx),
            force=bool(parsed["force"]),
            grace_period=int(parsed["grace-period"]),
            validation=str(parsed["validate"]),
        )

    def validate(self) -> None:
        if not self.files.filenames:
            raise KubectlError("must specify one of -f and -k")
        if self.args:
            raise KubectlError(f"Unexpected args: [{' '.join(self.args)}]")
        common.check_output(self.output, OUTPUTS)


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = ReplaceOptions.complete(parsed, ctx)
    opts.validate()
    fmt = opts.output
    dry_run = common.dry_run_from(opts.dry_run_flag, ctx)
    ns_default = opts.namespace
    force = opts.force
    failed = False
    pending: list[dict[str, Any]] = []
    until = ctx.now
    for source in opts.files.read(ctx):
        for obj in source.objects:
            resource = common.mapping(obj, source.name)
            obj = writes.field_validation(obj, opts.validation, ctx)
            ns = (obj.get("metadata") or {}).get("namespace") or ns_default
            name = common.manifest_name(
                obj, f'error when replacing "{source.name}": {common.EMPTY_NAME}')
            try:
                resources.ensure_writable(resource)
                if resource in (resources.CONFIGMAP, resources.SECRET) and not force:
                    result = (cluster_configdata.get(ctx.cluster, resource.kind, ns, name)
                              if dry_run != "none" else
                              cluster_configdata.update(ctx.cluster, resource.kind, ns, name, obj))
                    output.print_new_object(ctx, result, fmt, verb="replaced")
                    continue
                if resource is not resources.POD:
                    raise ApiError("Forbidden", f"the playground replaces pods only, not "
                                   f"{resource.plural}", code=403)
                if force:
                    gone = _delete(ctx, ns, name, opts.grace_period, dry_run)
                    ctx.out(f'pod "{name}" deleted\n')
                    if gone is None or dry_run != "none":
                        created = writes.create(ctx, resource, obj, ns, dry_run=dry_run)
                        output.print_new_object(ctx, created, fmt, verb="replaced")
                    else:
                        pending.append({"object": obj, "namespace": ns, "output": fmt})
                        until = max(until, gone)
                    continue
                result = _replace(ctx, obj, ns, name, dry_run)
            except InvalidError as exc:
                ctx.err(exc.render() + "\n")
                failed = True
                continue
            except ApiError as exc:
                ctx.err(exc.render(f'error when replacing "{source.name}": ') + "\n")
                failed = True
                continue
            output.print_new_object(ctx, result, fmt, verb="replaced")
    if pending:
        ctx.start_stream("replace-force", objects=pending, until=until, exit=1 if failed else 0)
    return 1 if failed else 0


def _delete(ctx: Ctx, ns: str, name: str, grace: int, dry_run: str) -> float | None:
    if dry_run != "none":
        ctx.cluster.pod(ns, name)
        return None
    return ctx.cluster.delete_pod(ns, name, grace=None if grace < 0 else grace)


def _replace(ctx: Ctx, obj: dict[str, Any], ns: str, name: str, dry_run: str) -> dict[str, Any]:
    record = ctx.cluster.pod_record(ns, name)
    if record is None:
        raise ApiError("NotFound", f'pods "{name}" not found', code=404)
    live = ctx.cluster.view(record).obj
    wrong_type = strict.decode_error(obj)
    if wrong_type:
        raise ApiError("BadRequest",
                       f'Pod in version "v1" cannot be handled as a Pod: {wrong_type}')
    unknown = strict.unknown_fields(obj)
    if unknown:
        raise ApiError("BadRequest", 'Pod in version "v1" cannot be handled as a Pod: strict '
                       "decoding error: " + ", ".join(unknown))
    wanted_rv = (obj.get("metadata") or {}).get("resourceVersion")
    if wanted_rv and str(wanted_rv) != str(live["metadata"].get("resourceVersion")):
        raise ApiError("Conflict", f'Operation cannot be fulfilled on pods "{name}": the object '
                       "has been modified; please apply your changes to the latest version and "
                       "try again", code=409)
    new = defaults.default_update(copy.deepcopy(obj))
    defaults.keep_priority(new, live)
    meta = new.setdefault("metadata", {})
    for key in ("uid", "creationTimestamp", "resourceVersion", "namespace"):
        meta[key] = live["metadata"].get(key)
    new["status"] = live.get("status", {})
    if dry_run != "none":
        from playground.sim.admission import validation

        causes = validation.validate_pod_update(live, new)
        if causes:
            raise InvalidError("Pod", name, causes)
        return new
    return ctx.cluster.update_pod(ns, name, new)


def resume_force(spec: dict[str, Any], ctx: Ctx) -> bool:
    """Create the deleted pods again once they are gone; True when the command has ended."""
    if ctx.now < float(spec["until"]):
        return False
    for item in spec["objects"]:
        try:
            created = writes.create(ctx, resources.POD, item["object"], item["namespace"],
                                    dry_run="none")
        except ApiError as exc:
            ctx.err(exc.render() + "\n")
            spec["exit"] = 1
            continue
        output.print_new_object(ctx, created, item["output"], verb="replaced")
    return True
