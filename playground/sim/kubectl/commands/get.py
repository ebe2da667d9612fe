"""kubectl get: tables, machine formats and watches of pods, nodes, namespaces, events, services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim import selectors
from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, output, raw_get, resources, tables
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError, UsageError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.resources import Resource
from playground.sim.printers import custom_columns, jsonpath
from playground.sim.printers.gosyntax import go_sharp_v

HELP_PAGE = "get"
EXAMPLES = """  # List all pods in ps output format
  kubectl get pods"""

FLAGS = [
    common.OUTPUT,
    common.SELECTOR,
    common.FILENAME,
    common.RECURSIVE,
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("watch", "w", kind="bool", default=False),
    Flag("watch-only", kind="bool", default=False),
    Flag("output-watch-events", kind="bool", default=False),
    Flag("show-labels", kind="bool", default=False),
    Flag("label-columns", "L", kind="list"),
    Flag("no-headers", kind="bool", default=False),
    Flag("field-selector", default=""),
    Flag("sort-by", default=""),
    Flag("ignore-not-found", kind="bool", default=False),
    Flag("show-kind", kind="bool", default=False),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("chunk-size", kind="int", default=500),
    Flag("server-print", kind="bool", default=True, no_value=True),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    Flag("raw", default=""),
    Flag("subresource", default=""),
    Flag("kustomize", "k", default=""),
]

OUTPUTS = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json",
           "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile",
           "wide", "yaml")

_NO_TYPE = (
    'You must specify the type of resource to get. Use "kubectl api-resources" for a complete '
    "list of supported resources.\n\n"
)


@dataclass(frozen=True)
class GetOptions:
    namespace: str
    all_namespaces: bool
    output: str
    selector: str
    field_selector: str
    show_labels: bool
    label_columns: tuple[str, ...]
    no_headers: bool
    sort_by: str
    ignore_not_found: bool
    watch: bool
    watch_only: bool
    watch_events: bool
    files: common.FilenameOptions
    args: tuple[str, ...]
    show_kind: bool = False
    raw: str = ""  # --raw PATH: the server's body for the path (raw_get)

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> GetOptions:
        return cls(
            namespace=common.namespace(parsed, ctx),
            all_namespaces=bool(parsed["all-namespaces"]),
            output=str(parsed["output"]),
            selector=str(parsed["selector"]),
            field_selector=str(parsed["field-selector"]),
            show_labels=bool(parsed["show-labels"]),
            label_columns=tuple(parsed["label-columns"]),
            no_headers=bool(parsed["no-headers"]),
            sort_by=str(parsed["sort-by"]),
            ignore_not_found=bool(parsed["ignore-not-found"]),
            watch=bool(parsed["watch"]),
            watch_only=bool(parsed["watch-only"]),
            watch_events=bool(parsed["output-watch-events"]),
            files=common.FilenameOptions.complete(parsed),
            args=tuple(parsed.args),
            show_kind=bool(parsed["show-kind"]),
            raw=str(parsed.get("raw") or ""),
        )

    def validate(self) -> None:
        common.check_output(self.output, OUTPUTS)
        if self.show_labels and self.output.split("=")[0] == "name":
            raise KubectlError("--show-labels option cannot be used with name printer")

    @property
    def table(self) -> bool:
        return self.output in ("", "wide")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = GetOptions.complete(parsed, ctx)
    if opts.raw:
        raw_get.validate(opts.raw, opts.args, opts.output,
                         opts.watch or opts.watch_only or bool(opts.selector))
        return raw_get.run(opts.raw, ctx)
    opts.validate()
    if opts.files.filenames:
        return _run_files(opts, ctx)
    if not opts.args:
        ctx.err(_NO_TYPE)
        raise UsageError(
            "Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed "
            "description of that resource (e.g. kubectl explain pods).",
            "get",
        )
    targets = common.parse_targets(list(opts.args), "get")
    named = any(t.names for t in targets)
    if named and opts.selector:
        raise KubectlError("name cannot be provided when a selector is specified")
    if named and opts.all_namespaces:
        raise KubectlError("a resource cannot be retrieved by name across all namespaces")
    if opts.watch or opts.watch_only:
        return _start_watch(targets, opts, ctx)
    prefix = len(targets) > 1 or any(t.typed_with_slash for t in targets) or opts.show_kind
    return _print_targets(targets, opts, ctx, kind_prefix=prefix)


def collect(
    targets: list[common.Target], opts: GetOptions, ctx: Ctx
) -> tuple[list[tuple[Resource, list[dict[str, Any]]]], list[str]]:
    """Objects per target (in request order) and the NotFound errors for missing names."""
    found: list[tuple[Resource, list[dict[str, Any]]]] = []
    errors: list[str] = []
    selector = _selector(opts, targets)
    for target in targets:
        fields = _field_selector(opts, target.resource)
        ns = None if opts.all_namespaces else opts.namespace
        if target.names:
            objs = []
            for name in target.names:
                try:
                    objs.append(tables.get_one(ctx.cluster, target.resource, opts.namespace, name))
                except ApiError as exc:
                    if not (opts.ignore_not_found and exc.code == 404):
                        errors.append(exc.render())
        elif target.resource is resources.POD and selector is not None:
            # chosen by label before observing, so only the pods shown are observed
            objs = ctx.cluster.pods(ns, labels=selector.matches)
            if fields is not None:
                objs = [o for o in objs if fields.matches(o)]
        else:
            objs = tables.list_objects(ctx.cluster, target.resource, ns)
            if selector is not None:
                objs = [o for o in objs if selector.matches(o["metadata"].get("labels") or {})]
            if fields is not None:
                objs = [o for o in objs if fields.matches(o)]
        found.append((target.resource, objs))
    return found, errors


def _print_targets(
    targets: list[common.Target], opts: GetOptions, ctx: Ctx, *, kind_prefix: bool
) -> int:
    found, errors = collect(targets, opts, ctx)
    if opts.sort_by:
        # Printed as a list (-o name/json/yaml/...), kubectl's SortObjects insists that at least
        # one object has the field; the server-side table path sorts whatever it finds.
        found = [(r, sort_objects(objs, opts.sort_by, require_field=not opts.table))
                 for r, objs in found]
    everything = [o for _, objs in found for o in objs]
    if opts.table:
        blocks = [
            tables.render(
                r, objs, ctx.now, wide=opts.output == "wide", show_labels=opts.show_labels,
                label_columns=opts.label_columns, no_headers=opts.no_headers,
                with_namespace=opts.all_namespaces and r.namespaced, kind_prefix=kind_prefix,
            )
            for r, objs in found
            if objs
        ]
        ctx.out("\n".join(blocks))
    else:
        # kubectl's printGeneric: one object asked for by name prints alone (or only its error);
        # anything else prints as a List, empty ones included (not with --ignore-not-found), and
        # never "No resources found".
        single_implied = len(targets) == 1 and len(targets[0].names) == 1
        if everything or not (single_implied or opts.ignore_not_found):
            output.print_objects(ctx, everything, opts.output,
                                 single=single_implied and len(everything) == 1,
                                 no_headers=opts.no_headers)
    for line in errors:
        ctx.err(line + "\n")
    if (opts.table and not opts.ignore_not_found and not everything and not errors
            and not any(t.names for t in targets)):
        ctx.err(no_resources(opts))
    return 1 if errors else 0


def no_resources(opts: GetOptions) -> str:
    if opts.all_namespaces:
        return "No resources found\n"
    return f"No resources found in {opts.namespace} namespace.\n"


def sort_objects(
    objs: list[dict[str, Any]], expression: str, *, require_field: bool = False
) -> list[dict[str, Any]]:
    """kubectl's sorter: the --sort-by path is relaxed (``a.b``, ``.a.b``, ``{a.b}`` all work)."""
    try:
        template = custom_columns.relaxed_jsonpath(expression)
    except custom_columns.CustomColumnsError as exc:
        raise KubectlError(str(exc)) from None
    if require_field and objs and not any(_found(template, o) for o in objs):
        path = go_sharp_v(template)
        raise KubectlError(f"couldn't find any field with path {path} in the list of objects")

    def key(obj: dict[str, Any]) -> tuple[int, Any]:
        try:
            values = jsonpath.find(template, obj)
        except jsonpath.JSONPathError as exc:
            raise KubectlError(str(exc)) from None
        if not values:
            return (0, "")
        value = values[0]
        if isinstance(value, bool):
            return (1, int(value))
        if isinstance(value, (int, float)):
            return (1, value)
        return (2, str(value))

    return sorted(objs, key=key)


def _found(template: str, obj: dict[str, Any]) -> bool:
    try:
        return bool(jsonpath.find(template, obj))
    except jsonpath.JSONPathError:
        return True  # the sort itself reports a bad expression


def _list_error(opts: GetOptions, resource: Resource | None, detail: str) -> RawError:
    return common.list_error(resource, opts.selector, opts.field_selector, detail)


def _selector(opts: GetOptions, targets: list[common.Target]) -> selectors.Selector | None:
    if not opts.selector:
        return None
    try:
        return selectors.parse(opts.selector)
    except selectors.SelectorError as exc:
        raise _list_error(opts, targets[0].resource if targets else None, str(exc)) from None


def _field_selector(opts: GetOptions, resource: Resource) -> selectors.FieldSelector | None:
    if not opts.field_selector:
        return None
    try:
        return selectors.parse_field_selector(opts.field_selector, resource.kind)
    except selectors.SelectorError as exc:
        raise _list_error(opts, resource, str(exc)) from None


def _run_files(opts: GetOptions, ctx: Ctx) -> int:
    targets: list[common.Target] = []
    for source in opts.files.read(ctx):
        for obj in source.objects:
            resource = common.mapping(obj, source.name)
            targets.append(common.Target(resource, [common.manifest_name(obj)]))
    merged: list[common.Target] = []
    for t in targets:
        if merged and merged[-1].resource == t.resource:
            merged[-1].names.extend(t.names)
        else:
            merged.append(common.Target(t.resource, list(t.names)))
    return _print_targets(merged, opts, ctx, kind_prefix=len(merged) > 1 or opts.show_kind)


def _start_watch(targets: list[common.Target], opts: GetOptions, ctx: Ctx) -> int:
    from playground.sim.kubectl import watch

    return watch.start(targets, opts, ctx)
