"""``kubectl explain`` for pods, namespaces, configmaps and secrets, rendered like kubectl v1.32's
plaintext template."""

from __future__ import annotations

from typing import Any

from playground.sim.admission.schema import (
    CONFIGMAP,
    NAMESPACE,
    POD,
    PRIMITIVES,
    SECRET,
    ref_name,
    resolve,
    schemas,
)

RESOURCES = {
    "po": POD, "pod": POD, "pods": POD,
    "ns": NAMESPACE, "namespace": NAMESPACE, "namespaces": NAMESPACE,
    "cm": CONFIGMAP, "configmap": CONFIGMAP, "configmaps": CONFIGMAP,
    "secret": SECRET, "secrets": SECRET,
}
WIDTH = 80
ENUM_SHOWN = 4  # the FIELDS list shows at most this many enum values


class ExplainError(Exception):
    """What kubectl prints for a bad explain request (the kubectl layer adds any `error: `)."""

    def __init__(self, message: str, *, prefixed: bool = True) -> None:
        super().__init__(message)
        self.message = message
        # "the server doesn't have a resource type" is printed without the `error: ` prefix.
        self.prefixed = prefixed


def wrap(text: str, limit: int) -> list[str]:
    """Greedy word wrap that keeps runs of spaces and never breaks a long word (go-wordwrap)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, spaces, word = "", "", ""
        for ch in paragraph + "\0":
            if ch in (" ", "\0"):
                if word:
                    if line and len(line) + len(spaces) + len(word) > limit:
                        out.append(line)
                        line = word
                    else:
                        line += spaces + word
                    spaces, word = "", ""
                if ch == " ":
                    spaces += " "
            else:
                word += ch
        if spaces and not word and line == "":
            line = spaces
        out.append(line)
    return out


def _indent(lines: list[str], n: int) -> str:
    return "".join(" " * n + line + "\n" for line in lines)


def type_name(node: dict[str, Any]) -> str:
    """The `<type>` kubectl shows for a property."""
    name = ref_name(node)
    if name:
        target = schemas()[name]
        if target.get("type") in PRIMITIVES:
            return str(target["type"])
        return name.rsplit(".", 1)[-1]
    kind = node.get("type")
    if kind == "array":
        return "[]" + type_name(node.get("items", {}))
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return "map[string]" + type_name(node["additionalProperties"])
    if kind in PRIMITIVES:
        return str(kind)
    return "Object"


def _element(node: dict[str, Any]) -> dict[str, Any]:
    """The object schema whose fields a property exposes (array items and map values unwrapped)."""
    while True:
        if ref_name(node):
            node = resolve(node)
        elif node.get("type") == "array":
            node = node.get("items", {})
        elif isinstance(node.get("additionalProperties"), dict) and "properties" not in node:
            node = node["additionalProperties"]
        else:
            return node


def _referenced(node: dict[str, Any]) -> dict[str, Any] | None:
    """The named type behind a property (through arrays and maps), if there is one."""
    while not ref_name(node):
        if node.get("type") == "array":
            node = node.get("items", {})
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None
    return resolve(node)


def _field_line(name: str, prop: dict[str, Any], required: bool, indent: int) -> str:
    line = " " * indent + f"{name}\t<{type_name(prop)}>" + (" -required-" if required else "")
    enum = _element(prop).get("enum") or prop.get("enum")
    if enum:
        shown = ", ".join(enum[:ENUM_SHOWN]) + (", ...." if len(enum) > ENUM_SHOWN else "")
        line += "\n" + " " * indent + "enum: " + shown
    return line + "\n"


def _fields(schema: dict[str, Any], recursive: bool, indent: int) -> str:
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    out = ""
    for name in sorted(props):
        prop = props[name]
        out += _field_line(name, prop, name in required, indent)
        if recursive:
            out += _fields(_element(prop), True, indent + 2)
        else:
            desc = prop.get("description", "")
            out += _indent(wrap(desc, WIDTH - 4), indent + 2) + "\n"
    return out


def _walk(root: dict[str, Any], path: list[str]) -> tuple[str, dict[str, Any]]:
    name, node = "", root
    for part in path:
        props = _element(node).get("properties", {})
        if part not in props:
            raise ExplainError(f'field "{part}" does not exist')
        name, node = part, props[part]
    return name, node


def explain(
    path: str,
    *,
    recursive: bool = False,
    api_version: str | None = None,
    output: str = "plaintext",
) -> str:
    """The text `kubectl explain PATH` prints for a pod or namespace path."""
    resource, *fields = path.split(".")
    full = RESOURCES.get(resource.lower())
    if full is None:
        raise ExplainError(f'the server doesn\'t have a resource type "{resource}"', prefixed=False)
    if api_version not in (None, "", "v1"):
        # Approximate: kubectl reports the missing group/version for the resource this way.
        raise ExplainError(
            f"couldn't find resource for \"/{api_version}, Kind={full.rsplit('.', 1)[-1]}\"")
    if output not in ("plaintext", "plaintext-openapiv2"):
        raise ExplainError(f"unsupported output format: {output}")
    root = schemas()[full]
    name, node = _walk(root, fields)
    kind = full.rsplit(".", 1)[-1]
    if output == "plaintext-openapiv2":
        return _explain_v2(kind, name, node, root, recursive)
    out = f"KIND:       {kind}\nVERSION:    v1\n\n"
    if fields:
        out += f"FIELD: {name} <{type_name(node)}>\n"
        enum = node.get("enum")
        if enum:
            out += "ENUM:\n" + "".join(f"    {v}\n" for v in enum)
        else:
            out += "\n"
        out += "\n"
        descs = [node.get("description", "")]
        target = _referenced(node)
        if target is not None and target.get("description"):
            descs.append(target["description"])
    else:
        descs = [root.get("description", "")]
    lines: list[str] = []
    for desc in descs:
        lines += wrap(desc, WIDTH - 4)
    out += "DESCRIPTION:\n" + _indent(lines + [""], 4)
    element = _element(node)
    if element.get("properties"):
        out += "FIELDS:\n" + _fields(element, recursive, 2)
    out += "\n"
    return out


def _explain_v2(
    kind: str, name: str, node: dict[str, Any], root: dict[str, Any], recursive: bool
) -> str:
    """The pre-1.27 layout (`-o plaintext-openapiv2`); approximate, not oracle-checked."""
    out = f"KIND:     {kind}\nVERSION:  v1\n\n"
    if name:
        out += f"RESOURCE: {name} <{type_name(node)}>\n\n"
    desc = node.get("description", "") if name else root.get("description", "")
    out += "DESCRIPTION:\n" + _indent(wrap(desc, WIDTH - 5), 5) + "\n"
    element = _element(node)
    if element.get("properties"):
        out += "FIELDS:\n"
        required = set(element.get("required", []))
        for field in sorted(element["properties"]):
            prop = element["properties"][field]
            req = " -required-" if field in required else ""
            out += f"   {field}\t<{type_name(prop)}>{req}\n"
            if not recursive:
                out += _indent(wrap(prop.get("description", ""), WIDTH - 5), 5) + "\n"
    return out
