"""kubectl edit: the playground's terminal has no interactive editor, so this verb says so.

A real kubectl writes the object to a temporary file and opens ``$EDITOR`` (vi) on it; without
a terminal the editor fails and kubectl prints ``error: there was a problem with the editor
"vi"`` (exit 1). Rather than pretend to open vi, the playground answers with that same exit code
and points at the editor pane: dump the object with ``get -o yaml``, edit it there, then
``kubectl apply -f``. The object must exist: a missing one gives the usual NotFound error first,
as with real kubectl, which fetches the object before it starts the editor.
"""

from __future__ import annotations

from playground.sim.kubectl import common, resources, tables
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "edit"
EXAMPLES = """  # Edit the pod named 'myweb'
  kubectl edit pod/myweb"""

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.OUTPUT,
    common.VALIDATE,
    Flag("windows-line-endings", kind="bool", default=False),
    Flag("save-config", kind="bool", default=False),
    Flag("subresource", default=""),
    Flag("field-manager", default="kubectl-edit"),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    Flag("record", kind="bool", default=False),
    Flag("kustomize", "k", default=""),
]

_NOTHING = common.NO_RESOURCES_GIVEN


def run(parsed: Parsed, ctx: Ctx) -> int:
    ns = common.namespace(parsed, ctx)
    names: list[tuple[str, str]] = []  # (kind/name for the hint, name)
    if parsed.get("filename"):
        for source in common.read_sources(parsed, ctx):
            for obj in source.objects:
                resource = common.mapping(obj, source.name)
                meta = obj.get("metadata")
                name = str(meta.get("name") or "") if isinstance(meta, dict) else ""
                tables.get_one(ctx.cluster, resource, ns, name)
                resources.ensure_writable(resource)
                names.append((f"{resource.singular} {name}", name))
    elif not parsed.args:
        raise KubectlError(_NOTHING)
    else:
        for target in common.parse_targets(parsed.args, "edit"):
            if not target.names:
                raise KubectlError("resource(s) were provided, but no name was specified")
            for name in target.names:
                tables.get_one(ctx.cluster, target.resource, ns, name)
                resources.ensure_writable(target.resource)
                names.append((f"{target.resource.singular} {name}", name))
    if not names:
        raise KubectlError("edit cancelled, no objects found")  # editoptions.go
    what, name = names[0]
    raise KubectlError(
        'there was a problem with the editor "vi"\n'
        "This playground's terminal has no interactive editor. Edit the object in the editor "
        "pane instead:\n"
        f"  kubectl get {what} -o yaml > {name}.yaml\n"
        f"  (open {name}.yaml in the editor pane, change it, save)\n"
        f"  kubectl apply -f {name}.yaml"
    )
