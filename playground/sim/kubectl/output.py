"""The -o forms shared by verbs that print objects (yaml, json, name, jsonpath, custom-columns)."""

from __future__ import annotations

import json
from typing import Any

from playground.sim.kubectl import resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError
from playground.sim.printers import custom_columns, jsonpath, yamljson

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
    elif name in ("go-template", "go-template-file", "template", "templatefile",
                  "jsonpath-file", "custom-columns-file"):
        raise KubectlError(f"the playground does not support -o {name}; use -o jsonpath instead")
    else:
        raise KubectlError(f'unable to match a printer suitable for the output format "{fmt}"')


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
