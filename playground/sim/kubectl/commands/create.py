"""kubectl create: objects from -f files (or stdin), and `create namespace NAME`; `create configmap`
and `create secret` are modules of their own (SUBCOMMANDS)."""

from __future__ import annotations

from dataclasses import dataclass

from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, output, resources, writes
from playground.sim.kubectl.commands import create_configmap, create_secret
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, UsageError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.visit_errors import VisitErrors

HELP_PAGE = "create"
EXAMPLES = """  # Create a pod using the data in pod.json
  kubectl create -f ./pod.json"""

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.OUTPUT,
    common.DRY_RUN,
    common.VALIDATE,
    Flag("save-config", kind="bool", default=False),
    Flag("edit", kind="bool", default=False),
    Flag("windows-line-endings", kind="bool", default=False),
    Flag("raw", default=""),
    Flag("selector", "l", default=""),
    Flag("field-manager", default="kubectl-create"),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    Flag("kustomize", "k", default=""),
    # flags of `create deployment|job|cronjob`, parsed so the answer can say why it can't run
    Flag("image", kind="list"),
    Flag("replicas", "r", kind="int", default=1),
    Flag("port", kind="int", default=-1),
    Flag("schedule", default=""),
]

OUTPUTS = common.OBJECT_OUTPUTS
# Subcommand words (aliases included) and the name cobra gives each in help and flag hints.
SUBCOMMAND_NAMES = {"namespace": "namespace", "ns": "namespace"}
# Subcommands with flags of their own: main.py runs their modules.
SUBCOMMANDS = {"configmap": create_configmap, "cm": create_configmap, "secret": create_secret}
SUBCOMMAND_PATHS = {"cm": "configmap"}


@dataclass(frozen=True)
class CreateOptions:
    args: tuple[str, ...]
    files: common.FilenameOptions
    namespaces: common.NamespaceOptions
    output: str
    dry_run_flag: str  # read after the -o check, where kubectl warns about or rejects it
    validation: str
    save_config: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> CreateOptions:
        return cls(
            args=tuple(parsed.args),
            files=common.FilenameOptions.complete(parsed),
            namespaces=common.NamespaceOptions.complete(parsed, ctx),
            output=str(parsed["output"]),
            dry_run_flag=str(parsed.get("dry-run", "none")),
            validation=str(parsed["validate"]),
            save_config=bool(parsed["save-config"]),
        )


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = CreateOptions.complete(parsed, ctx)
    args = list(opts.args)
    if args and args[0] in ("namespace", "ns"):
        return _create_namespace(opts, ctx, args[1:])
    if args and args[0] in ("deployment", "deploy", "job", "cronjob", "cj"):
        # kubectl's generators for controllers: the playground's cluster runs Pods only.
        resources.ensure_writable(resources.lookup(args[0]))
    if args:
        raise UsageError(f"Unexpected args: [{' '.join(args)}]", "create")
    if not opts.files.filenames and not opts.files.kustomize:
        raise KubectlError("must specify one of -f and -k")
    out_format = opts.output
    common.check_output(out_format, OUTPUTS)
    dry_run = common.dry_run_from(opts.dry_run_flag, ctx)
    errors = VisitErrors()
    for source in opts.files.read(ctx):
        for obj in source.objects:
            resource = common.mapping(obj, source.name)
            obj = writes.field_validation(obj, opts.validation, ctx)
            ns = opts.namespaces.of_object(obj)
            if opts.save_config:
                annotations = obj.setdefault("metadata", {}).setdefault("annotations", {})
                annotations[writes.LAST_APPLIED] = writes.last_applied(obj, ns, resource)
            try:
                if dry_run == "client":
                    created = writes.client_dry_run_object(obj, ns, resource)
                else:
                    created = writes.create(ctx, resource, obj, ns, dry_run=dry_run)
            except ApiError as exc:
                errors.server(exc, f'error when creating "{source.name}": ')
                continue
            except KubectlError as exc:  # the playground's answer for kinds it only shows
                errors.kubectl(exc)
                continue
            suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
            output.print_new_object(ctx, created, out_format, suffix=suffix, server=True)
    return errors.flush(ctx)


def _create_namespace(opts: CreateOptions, ctx: Ctx, names: list[str]) -> int:
    if len(names) != 1:
        raise UsageError(f"exactly one NAME is required, got {len(names)}", "create namespace")
    obj = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": names[0]}}
    dry_run = common.dry_run_from(opts.dry_run_flag, ctx)
    out_format = opts.output
    if dry_run == "client":
        shown = {"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"creationTimestamp": None, "name": names[0]},
                 "spec": {}, "status": {}}
        output.print_new_object(ctx, shown, out_format, suffix=" (dry run)")
        return 0
    created = writes.create(ctx, resources.NAMESPACE, obj, "", dry_run=dry_run)
    suffix = " (server dry run)" if dry_run == "server" else ""
    output.print_new_object(ctx, created, out_format, suffix=suffix, server=True)
    return 0
