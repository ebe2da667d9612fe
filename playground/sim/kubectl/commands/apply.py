"""kubectl apply -f: create what is missing, patch what changed, report what is unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, output, writes
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.resources import Resource
from playground.sim.kubectl.visit_errors import VisitErrors

HELP_PAGE = "apply"
EXAMPLES = """  # Apply the configuration in pod.json to a pod
  kubectl apply -f ./pod.json"""

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.OUTPUT,
    common.DRY_RUN,
    common.VALIDATE,
    common.SELECTOR,
    Flag("force", kind="bool", default=False),
    Flag("grace-period", kind="int", default=-1),
    Flag("overwrite", kind="bool", default=True),
    Flag("prune", kind="bool", default=False),
    Flag("server-side", kind="bool", default=False),
    Flag("force-conflicts", kind="bool", default=False),
    Flag("wait", kind="bool", default=False),
    Flag("timeout", default="0s"),
    Flag("cascade", default="background", no_value="background"),
    Flag("field-manager", default="kubectl-client-side-apply"),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    Flag("openapi-patch", kind="bool", default=True),
    Flag("all", kind="bool", default=False),
    Flag("kustomize", "k", default=""),
]

OUTPUTS = common.OBJECT_OUTPUTS


@dataclass(frozen=True)
class ApplyOptions:
    args: tuple[str, ...]
    files: common.FilenameOptions
    namespaces: common.NamespaceOptions
    output: str
    dry_run_flag: str  # read after the -o check, where kubectl warns about or rejects it
    validation: str

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> ApplyOptions:
        return cls(
            args=tuple(parsed.args),
            files=common.FilenameOptions.complete(parsed),
            namespaces=common.NamespaceOptions.complete(parsed, ctx),
            output=str(parsed["output"]),
            dry_run_flag=str(parsed.get("dry-run", "none")),
            validation=str(parsed["validate"]),
        )

    def validate(self) -> None:
        if self.args:
            raise KubectlError(f"Unexpected args: [{' '.join(self.args)}]")
        if not self.files.filenames and not self.files.kustomize:
            raise KubectlError("must specify one of -f and -k")
        common.check_output(self.output, OUTPUTS)


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = ApplyOptions.complete(parsed, ctx)
    opts.validate()
    out_format = opts.output
    dry_run = common.dry_run_from(opts.dry_run_flag, ctx)
    errors = VisitErrors()
    for source in opts.files.read(ctx):
        for obj in source.objects:
            resource = common.mapping(obj, source.name)
            obj = writes.field_validation(obj, opts.validation, ctx)
            ns = opts.namespaces.of_object(obj)
            refusal = _unnamed(obj, ns, resource, source.name)
            if refusal:
                errors.client(refusal)
                continue
            name = str(obj["metadata"]["name"])
            existed = writes.live_object(ctx, resource, ns, name) is not None
            try:
                result, verb = writes.apply(ctx, resource, obj, ns, dry_run=dry_run)
            except ApiError as exc:
                action = "patching" if existed else "creating"
                errors.server(exc, f'error when {action} "{source.name}": ')
                continue
            except KubectlError as exc:  # the playground's answer for kinds it only shows
                errors.kubectl(exc)
                continue
            suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
            output.print_new_object(ctx, result, out_format, suffix=suffix, server=True, verb=verb)
    return errors.flush(ctx)


def _unnamed(obj: dict[str, Any], ns: str, resource: Resource, source: str) -> str:
    """apply looks the object up by name before anything else: without one it can't (and a
    generateName would make a new object on every apply, so kubectl refuses it by name)."""
    raw = obj.get("metadata")
    meta: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if meta.get("name"):
        return ""
    generate = meta.get("generateName")
    if generate:
        return f"from {generate}: cannot use generate name with apply"
    kind = str(obj.get("kind", ""))
    group_version = str(obj.get("apiVersion", ""))
    group, _, version = group_version.rpartition("/")
    return (
        "error when retrieving current configuration of:\n"
        f'Resource: "{group}/{version}, Resource={resource.plural}", '
        f'GroupVersionKind: "{group}/{version}, Kind={kind}"\n'
        f'Name: "", Namespace: "{ns if resource.namespaced else ""}"\n'
        f'from server for: "{source}": resource name may not be empty'
    )
