"""What kubectl label and kubectl annotate share: KEY=VAL / KEY- arguments and their rules."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from playground.sim import selectors
from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, output, resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.SELECTOR,
    common.OUTPUT,
    common.DRY_RUN,
    Flag("overwrite", kind="bool", default=False),
    Flag("all", kind="bool", default=False),
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("list", kind="bool", default=False),
    Flag("local", kind="bool", default=False),
    Flag("resource-version", default=""),
    Flag("field-selector", default=""),
    Flag("field-manager", default="kubectl-label"),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    Flag("kustomize", "k", default=""),
]


@dataclass(frozen=True)
class Edit:
    field: str  # "labels" | "annotations"
    noun: str  # "label" | "annotation"
    done: str  # "labeled" | "annotated"
    undone: str  # "unlabeled" | "annotated"
    not_done: str  # "not labeled" | "annotated"


LABEL = Edit("labels", "label", "labeled", "unlabeled", "not labeled")
ANNOTATE = Edit("annotations", "annotation", "annotated", "annotated", "annotated")


def split_args(
    args: list[str], edit: Edit, *, listing: bool = False
) -> tuple[list[str], dict[str, str], list[str]]:
    """Resource arguments, KEY=VALUE pairs and KEY- removals: kubectl's GetResourcesAndPairs,
    then parseLabels (label) or ParsePairs (annotate), then the modify-and-remove check."""
    targets: list[str] = []
    pair_args: list[str] = []
    for arg in args:
        is_pair = ("=" in arg and not arg.startswith("=")) or (arg.endswith("-") and arg != "-")
        if is_pair:
            pair_args.append(arg)
        elif pair_args:
            raise KubectlError(f"all resources must be specified before {edit.noun} changes: {arg}")
        else:
            targets.append(arg)
    pairs: dict[str, str] = {}
    removals: list[str] = []
    for arg in pair_args:
        if "=" in arg:
            if edit is LABEL and arg.count("=") != 1:
                raise KubectlError(f"invalid label spec: {arg}")
            key, _, value = arg.partition("=")
            if edit is LABEL:
                problem = selectors.invalid_label_value_message(arg, value)
                if problem:
                    raise KubectlError(problem)
            pairs[key] = value
        else:
            removals.append(arg[:-1])
    both = [key for key in removals if key in pairs]
    if both and edit is LABEL:
        raise KubectlError("can not both modify and remove a label in the same command")
    if both:
        raise KubectlError("can not both modify and remove the following annotation(s) in the "
                           "same command: " + ", ".join(both))
    if not pairs and not removals and not listing:
        raise KubectlError(f"at least one {edit.noun} update is required")
    return targets, pairs, removals


@dataclass(frozen=True)
class MetadataEditOptions:
    """The flags label and annotate share; each verb's subclass names the field it edits."""

    EDIT: ClassVar[Edit]

    target_args: list[str]
    pairs: dict[str, str]
    removals: list[str]
    listing: bool
    output: str
    namespace: str
    dry_run_flag: str  # read after the --list check, where kubectl warns about or rejects it
    overwrite: bool
    selector: str
    every: bool
    all_namespaces: bool
    files: common.FilenameOptions

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> Self:
        listing = bool(parsed["list"])
        targets, pairs, removals = split_args(parsed.args, cls.EDIT, listing=listing)
        return cls(
            target_args=targets,
            pairs=pairs,
            removals=removals,
            listing=listing,
            output=str(parsed["output"]),
            namespace=common.namespace(parsed, ctx),
            dry_run_flag=str(parsed.get("dry-run", "none")),
            overwrite=bool(parsed["overwrite"]),
            selector=str(parsed["selector"]),
            every=bool(parsed["all"]),
            all_namespaces=bool(parsed["all-namespaces"]),
            files=common.FilenameOptions.complete(parsed),
        )

    def validate(self) -> None:
        if self.listing and self.output:
            raise KubectlError("--list and --output may not be specified together")


def run(opts: MetadataEditOptions, ctx: Ctx) -> int:
    opts.validate()
    edit, pairs, removals, out_format = opts.EDIT, opts.pairs, opts.removals, opts.output
    dry_run = common.dry_run_from(opts.dry_run_flag, ctx)
    objects = _targets(opts, ctx)
    if opts.listing:
        one = not opts.files.filenames and len(objects) == 1 and _names_one(opts.target_args)
        for resource, obj in objects:
            _list_one(ctx, resource, obj, edit, one)
        return 0
    failed = False
    for resource, obj in objects:
        try:
            verb, edited = _edit_one(ctx, resource, obj, pairs, removals, edit,
                                     opts.overwrite, dry_run)
        except ApiError as exc:
            ctx.err(exc.render() + "\n")
            failed = True
            continue
        except KubectlError as exc:
            ctx.err(exc.render())
            failed = True
            continue
        name = f"{resource.singular}/{obj['metadata']['name']}"
        if out_format == "name":
            ctx.out(name + "\n")
            continue
        if out_format:
            output.print_objects(ctx, [edited], out_format, single=True)
            continue
        suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
        ctx.out(f"{name} {verb}{suffix}\n")
    return 1 if failed else 0


def _names_one(args: list[str]) -> bool:
    """kubectl's single-item-implied: exactly one object named (``pod x`` or ``pod/x``)."""
    if len(args) == 1:
        return "/" in args[0]
    return len(args) == 2 and "/" not in args[0] and "," not in args[0]


def _list_one(
    ctx: Ctx, resource: resources.Resource, obj: dict[str, Any], edit: Edit, one: bool
) -> None:
    """``--list``: KEY=VALUE lines (Go map order, which is random; we print sorted)."""
    indent = ""
    if not one:
        indent = " "
        group = resource.api_version.rpartition("/")[0]
        ctx.out(f"Listing {edit.field} for {resource.kind}.{group}/{obj['metadata']['name']}:\n")
    for key, value in sorted((obj["metadata"].get(edit.field) or {}).items()):
        ctx.out(f"{indent}{key}={value}\n")


def _targets(
    opts: MetadataEditOptions, ctx: Ctx
) -> list[tuple[resources.Resource, dict[str, Any]]]:
    args, ns = opts.target_args, opts.namespace
    found: list[tuple[resources.Resource, dict[str, Any]]] = []
    if opts.files.filenames:
        for source in opts.files.read(ctx):
            for obj in source.objects:
                resource = common.mapping(obj, source.name)
                obj_ns = (obj.get("metadata") or {}).get("namespace") or ns
                found.append((resource, _get(ctx, resource, obj_ns, common.manifest_name(obj))))
        return found
    if not args:
        raise KubectlError(common.NO_RESOURCES_GIVEN)
    selector = opts.selector
    for target in common.parse_targets(args, "label"):
        if target.names:
            found.extend((target.resource, _get(ctx, target.resource, ns, n)) for n in target.names)
            continue
        if not selector and not opts.every:
            raise KubectlError("resource(s) were provided, but no name was specified")
        scope = None if opts.all_namespaces else ns
        objs = _list(ctx, target.resource, scope)
        objs = common.with_labels(objs, selector, target.resource)
        found.extend((target.resource, o) for o in objs)
    return found


def _list(ctx: Ctx, resource: resources.Resource, ns: str | None) -> list[dict[str, Any]]:
    if resource is resources.POD:
        return ctx.cluster.pods(ns)
    if resource is resources.NAMESPACE:
        return ctx.cluster.namespaces()
    if resource is resources.NODE:
        return ctx.cluster.nodes()
    if resource is resources.SERVICE:
        return ctx.cluster.services(ns)
    return []


def _get(ctx: Ctx, resource: resources.Resource, ns: str, name: str) -> dict[str, Any]:
    from playground.sim.kubectl import tables

    return tables.get_one(ctx.cluster, resource, ns, name)


def _edit_one(
    ctx: Ctx, resource: resources.Resource, obj: dict[str, Any], pairs: dict[str, str],
    removals: list[str], edit: Edit, overwrite: bool, dry_run: str,
) -> tuple[str, dict[str, Any]]:
    """kubectl's verb for one object, and the object as it now is (or would be)."""
    resources.ensure_writable(resource)
    current: dict[str, str] = dict(obj["metadata"].get(edit.field) or {})
    if not overwrite:
        clashes = [k for k, v in pairs.items() if k in current and current[k] != v]
        if clashes:
            if edit is LABEL:
                key = clashes[0]
                raise KubectlError(
                    f"'{key}' already has a value ({current[key]}), and --overwrite is false"
                )
            listed = ", ".join(f"'{k}' already has a value ({current[k]})" for k in clashes)
            raise KubectlError(
                f"--overwrite is false but found the following declared annotation(s): {listed}"
            )
    updated = dict(current)
    updated.update(pairs)
    for key in removals:
        if key in updated:
            del updated[key]
        elif edit is LABEL:
            ctx.out(f'{edit.noun} "{key}" not found.\n')
    if updated == current:
        return edit.not_done, obj
    edited = copy.deepcopy(obj)
    edited["metadata"][edit.field] = updated
    if dry_run == "none":
        ctx.cluster.set_metadata(resource.kind, obj["metadata"].get("namespace", ""),
                                 obj["metadata"]["name"], edit.field, updated)
        edited = _get(ctx, resource, obj["metadata"].get("namespace", ""),
                      obj["metadata"]["name"])
    if removals and not pairs:
        return edit.undone, edited
    return edit.done, edited
