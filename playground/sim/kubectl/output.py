"""The -o forms shared by verbs that print objects (yaml, json, name, jsonpath, custom-columns)."""

from __future__ import annotations

import json
from typing import Any

from playground.sim.kubectl import resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError
from playground.sim.printers import custom_columns, gotemplate, jsonpath, yamljson

# kubectl prints one object as itself and several as a v1 List.
_LIST_META = {"resourceVersion": ""}


def singular(obj: dict[str, Any]) -> str:
    resource = resources.by_kind(str(obj.get("kind", "")))
    return resource.singular if resource else str(obj.get("kind", "")).lower()


def object_name(obj: dict[str, Any]) -> str:
    # kubectl's NamePrinter says <unknown> for an object without a name (generateName before
    # the server named it).
    meta = obj.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    return f"{singular(obj)}/{name or '<unknown>'}"


def as_list(objs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"apiVersion": "v1", "items": objs, "kind": "List", "metadata": dict(_LIST_META)}


def print_new_object(
    ctx: Ctx, obj: dict[str, Any], fmt: str, *, suffix: str = "", server: bool = False,
    verb: str = "created",
) -> None:
    """What create/run/apply print for one object: ``pod/x created`` or the object itself."""
    if not fmt:
        ctx.out(f"{object_name(obj)} {verb}{suffix}\n")
        return
    print_objects(ctx, [obj], fmt, single=True, sort_json=server)


def print_objects(
    ctx: Ctx, objs: list[dict[str, Any]], fmt: str, *, single: bool, sort_json: bool = True,
    no_headers: bool = False,
) -> None:
    """Print objects in a machine format; ``single``: one object was asked for by name."""
    name, _, arg = fmt.partition("=")
    doc = objs[0] if single and len(objs) == 1 else as_list(objs)
    if name == "yaml":
        ctx.out(yamljson.to_yaml(doc))
    elif name == "json":
        ctx.out(yamljson.to_json(doc) if sort_json else _struct_json(doc))
    elif name == "name":
        for obj in objs:
            ctx.out(object_name(obj) + "\n")
    elif name in ("jsonpath", "jsonpath-as-json"):
        ctx.out(render_jsonpath(arg, doc, as_json=name == "jsonpath-as-json"))
    elif name == "custom-columns":
        try:
            ctx.out(custom_columns.custom_columns_table(objs, arg, no_headers=no_headers))
        except (custom_columns.CustomColumnsError, jsonpath.JSONPathError) as exc:
            raise KubectlError(str(exc)) from None
    elif name in ("go-template", "template"):
        ctx.out(render_go_template(ctx, arg, doc))
    elif name in ("go-template-file", "templatefile", "jsonpath-file", "custom-columns-file"):
        raise KubectlError(f"the playground does not support -o {name}; use -o jsonpath instead")
    else:
        raise KubectlError(f'unable to match a printer suitable for the output format "{fmt}"')


TEMPLATE_FORMATS = ("go-template", "template", "go-template-file", "templatefile")
MISSING_KEYS_ERROR = "go-template-missing-keys-error"  # ctx.extra key


def complete_template(parsed: Any, ctx: Ctx) -> None:
    """PrintFlags.ToPrinter for templates: --template alone means go-template, the file forms
    are read now (before any request), and an empty template is refused."""
    values = parsed.values
    if "output" not in values or "template" not in values:
        return
    fmt = str(values["output"])
    name, eq, arg = fmt.partition("=")
    flag = str(values.get("template") or "")
    if not fmt and flag:
        name, eq, arg = "go-template", "=", flag
    if name not in TEMPLATE_FORMATS:
        return
    text = arg if eq else flag
    if not text:
        raise KubectlError("template format specified but no template given")
    if name in ("go-template-file", "templatefile"):
        content = ctx.files.read(text)
        if content is None:
            raise KubectlError(f"error reading --template {text}, open {text}: no such file "
                               "or directory")
        text = content
    values["output"] = f"go-template={text}"
    if values.get("allow-missing-template-keys") is False:
        ctx.extra[MISSING_KEYS_ERROR] = True


def as_decoded_json(value: Any) -> Any:
    """What json.Unmarshal into interface{} gives: every number a float64."""
    if isinstance(value, dict):
        return {k: as_decoded_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_decoded_json(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def render_go_template(ctx: Ctx, template: str, doc: dict[str, Any]) -> str:
    try:
        gotemplate.parse(template)
    except gotemplate.TemplateError as exc:
        raise KubectlError(f"error parsing template {template}, {exc}") from None
    data = as_decoded_json(doc)
    try:
        return gotemplate.execute(template, data,
                                  missing_is_error=bool(ctx.extra.get(MISSING_KEYS_ERROR)))
    except gotemplate.ExecError as exc:
        # kubectl prints what it gave the template to stdout, then the error
        raw = go_compact_json(doc)
        ctx.out(f"Error executing template: {exc}. Printing more information for debugging "
                "the template:\n"
                f"\ttemplate was:\n\t\t{template}\n"
                f"\traw data was:\n\t\t{raw}\n"
                f"\tobject given to template engine was:\n\t\t{gotemplate.go_v(data)}\n\n")
        quoted = json.dumps(template, ensure_ascii=False)
        raise KubectlError(f"error executing template {quoted}: {exc}") from None


def go_compact_json(doc: Any) -> str:
    """json.Marshal of a map: sorted keys, no spaces, <, > and & escaped."""
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_jsonpath(template: str, doc: dict[str, Any], *, as_json: bool = False) -> str:
    try:
        jsonpath.parse(template)
    except jsonpath.JSONPathError as exc:
        raise KubectlError(jsonpath.parse_error_message(template, exc)) from None
    try:
        return jsonpath.execute(template, doc, as_json=as_json)
    except jsonpath.JSONPathError as exc:
        raise RawError("error: " + jsonpath.execute_error_message(template, exc, doc)) from None


def _struct_json(doc: dict[str, Any]) -> str:
    """JSON of an object kubectl built itself (dry-run=client): Go struct order, not sorted."""
    text = json.dumps(doc, ensure_ascii=False, indent=4, separators=(",", ": "))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
