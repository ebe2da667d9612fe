"""kubectl edit: the object opens in the page's editor pane, which stands in for ``$EDITOR``.

As kubectl does, the verb fetches the objects (a missing one gives the usual NotFound error),
writes them as the edit buffer (the header comment, then ``get -o yaml``'s text; ``-o json``:
JSON, no header) and waits for the editor. The tab keeps an ``edit`` stream whose spec is the
whole session (buffers, attempt, options), so a reload finds it again; saving goes on in
``edit_session.save`` (the loop of editoptions.go: unchanged, empty, syntax errors, the patch,
a refused change reopening the buffer with the reasons).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim.kubectl import common, edit_buffer, resources, tables
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.printers import yamljson

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
    Flag("output-patch", kind="bool", default=False),
    Flag("subresource", default=""),
    Flag("field-manager", default="kubectl-edit"),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    Flag("record", kind="bool", default=False),
    Flag("kustomize", "k", default=""),
]

SUBRESOURCES = ("status",)
STREAM = "edit"  # the tab's stream kind while the editor is open
VALIDATE_MODES = {"strict": "strict", "true": "strict", "warn": "warn", "ignore": "ignore",
                  "false": "ignore"}


@dataclass(frozen=True)
class EditOptions:
    ns: common.NamespaceOptions
    files: common.FilenameOptions
    args: tuple[str, ...]
    output: str
    output_patch: bool
    windows_line_endings: bool
    save_config: bool
    subresource: str
    validate_mode: str  # --validate: strict (or true), warn, ignore (or false)

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> EditOptions:
        return cls(
            ns=common.NamespaceOptions.complete(parsed, ctx),
            files=common.FilenameOptions.complete(parsed),
            args=tuple(parsed.args),
            output=str(parsed["output"] or ""),
            output_patch=bool(parsed["output-patch"]),
            windows_line_endings=bool(parsed["windows-line-endings"]),
            save_config=bool(parsed["save-config"]),
            subresource=str(parsed["subresource"] or ""),
            validate_mode=str(parsed["validate"]).lower(),
        )

    @property
    def buffer_format(self) -> str:
        """The editor shows JSON for -o json, YAML otherwise (editPrinterOptions)."""
        return "json" if self.output == "json" else "yaml"

    def validate(self) -> None:
        if self.validate_mode not in VALIDATE_MODES:
            raise KubectlError(f'invalid - validate option "{self.validate_mode}"; must be one '
                               "of: strict (or true), warn, ignore (or false)")
        if self.subresource and self.subresource not in SUBRESOURCES:
            raise KubectlError(f'invalid subresource value: "{self.subresource}". Must be one '
                               f"of [{' '.join(SUBRESOURCES)}]")
        if self.subresource:
            raise KubectlError("the playground does not support kubectl edit --subresource "
                               "yet; edit the object itself")
        if self.output and self.output not in ("yaml", "json", "name"):
            raise KubectlError(
                f'unable to match a printer suitable for the output format "{self.output}", '
                "allowed formats are: json,name,yaml")

    def targets(self, ctx: Ctx) -> list[tuple[resources.Resource, str, str]]:
        """(resource, namespace, name) of each object to edit, as the builder lists them."""
        found: list[tuple[resources.Resource, str, str]] = []
        if self.files.filenames or self.files.kustomize:
            for source in self.files.read(ctx):
                for obj in source.objects:
                    resource = common.mapping(obj, source.name)
                    found.append((resource, self.ns.of_object(obj), common.manifest_name(obj)))
            return found
        if not self.args:
            raise KubectlError(common.NO_RESOURCES_GIVEN)
        for target in common.parse_targets(list(self.args), "edit"):
            if not target.names:
                raise KubectlError("resource(s) were provided, but no name was specified")
            found.extend((target.resource, self.ns.namespace, n) for n in target.names)
        return found


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = EditOptions.complete(parsed, ctx)
    opts.validate()
    objects: list[dict[str, Any]] = []
    targets: list[dict[str, str]] = []
    for resource, ns, name in opts.targets(ctx):
        obj = tables.get_one(ctx.cluster, resource, ns, name)
        resources.ensure_writable(resource)
        objects.append(obj)
        targets.append({"kind": resource.kind, "namespace": ns, "name": name,
                        "uid": str(obj["metadata"].get("uid", ""))})
    if not objects:
        raise KubectlError("edit cancelled, no objects found")  # editoptions.go
    spec: dict[str, Any] = {
        "targets": targets,
        "format": opts.buffer_format,
        "output": opts.output,
        "output_patch": opts.output_patch,
        "crlf": opts.windows_line_endings,
        "save_config": opts.save_config,
        "subresource": opts.subresource,
        "validate": VALIDATE_MODES[opts.validate_mode],
        "namespace": opts.ns.namespace,
        "reasons": [],
        "contains_error": False,
        "edited": "",
        "attempt": 0,
    }
    spec["original"] = buffer_of(spec, objects)
    spec["shown"] = spec["original"]
    spec["file"] = edit_buffer.temp_file(str(ctx.extra.get("seed", "")), ctx.now, 0)
    ctx.start_stream(STREAM, **spec)
    return 0


def buffer_of(spec: dict[str, Any], objects: list[dict[str, Any]]) -> str:
    """The buffer the editor opens on: one object as itself, several as a v1 List."""
    doc: dict[str, Any] = objects[0] if len(objects) == 1 else {
        "apiVersion": "v1", "items": objects, "kind": "List", "metadata": {}}
    body = yamljson.to_json(doc) if spec["format"] == "json" else yamljson.to_yaml(doc)
    text = body if spec["format"] == "json" else edit_buffer.header([]) + body
    return crlf(spec, text)


def crlf(spec: dict[str, Any], text: str) -> str:
    """--windows-line-endings writes the buffer with CRLF (kubectl's crlf writer)."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n") if spec.get("crlf") else text
