"""The three patch kinds kubectl patch sends (strategic merge, JSON merge, JSON patch), applied
to an object dict the way the API server (and kubectl's client-side dry run) applies them.

Errors raise ``PatchError`` carrying the text of the underlying library (evanphx/json-patch,
apimachinery's strategicpatch, Go's encoding/json), which the verb words as kubectl would.
"""

from __future__ import annotations

import copy
import json
from typing import Any


class PatchError(Exception):
    """A patch that cannot be decoded (``bad_request``) or applied."""

    def __init__(self, message: str, *, decode: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.decode = decode


# Merge keys of the Pod's list fields (patchMergeKey in k8s.io/api/core/v1/types.go); other
# lists are replaced as a whole.
MERGE_KEYS: dict[str, str] = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "volumes": "name",
    "env": "name",
    "ports": "containerPort",
    "volumeMounts": "mountPath",
    "imagePullSecrets": "name",
    "hostAliases": "ip",
    "ownerReferences": "uid",
    "resourceClaims": "name",
}


def to_json_text(text: str) -> str:
    """kubectl's yaml.ToJSON: text that looks like JSON is sent as is, YAML is converted."""
    if text.lstrip(" \t\r\n").startswith(("{", "[")):
        return text
    from playground.sim.admission import manifests

    try:
        value = manifests.yaml_value(text)  # go-yaml's reading, alias budget included
    except manifests.ManifestError as err:
        message = err.message.removeprefix("error parsing -: error converting YAML to JSON: ")
        if not message.startswith("yaml: line ") and message != _EXCESSIVE:
            message = "yaml: line 1: " + message[len("yaml: "):]
        raise PatchError(f'unable to parse "{text}": {message}') from None
    return json.dumps(value)


_EXCESSIVE = "yaml: document contains excessive aliasing"


def decode(text: str) -> Any:
    """Go's json.Unmarshal into interface{}: the value, or Go's wording of the syntax error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise PatchError(go_json_error(text, err), decode=True) from None


def go_json_error(text: str, err: json.JSONDecodeError) -> str:
    pos = err.pos
    if err.msg.startswith("Unterminated string") or pos >= len(text.rstrip()):
        return "unexpected end of JSON input"
    char = _quote_char(text[pos])
    if err.msg.startswith("Expecting property name"):
        return f"invalid character {char} looking for beginning of object key string"
    if err.msg.startswith("Expecting ':'"):
        return f"invalid character {char} after object key"
    if err.msg.startswith("Expecting ','"):
        inside = _innermost(text, pos)
        where = "object key:value pair" if inside == "{" else "array element"
        return f"invalid character {char} after {where}"
    if err.msg.startswith("Extra data"):
        return f"invalid character {char} after top-level value"
    if err.msg.startswith("Invalid control character"):
        return f"invalid character {char} in string literal"
    return f"invalid character {char} looking for beginning of value"


def _quote_char(ch: str) -> str:
    if ch == "'":
        return "'\\''"
    if ch == '"':
        return "'\"'"
    return "'" + json.dumps(ch)[1:-1] + "'"


def _innermost(text: str, pos: int) -> str:
    stack: list[str] = []
    in_string = escaped = False
    for ch in text[:pos]:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append(ch)
        elif ch in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else ""


# ---------------------------------------------------------------- strategic merge patch
def strategic_merge(obj: dict[str, Any], patch: Any) -> dict[str, Any]:
    if not isinstance(patch, dict):
        kind = "array" if isinstance(patch, list) else go_kind(patch)
        raise PatchError(
            f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}",
            decode=True,
        )
    return _smp_map(copy.deepcopy(obj), patch)


def _smp_map(original: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    directive = patch.get("$patch")
    if directive == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    if directive == "delete":
        return {}
    for key, value in patch.items():
        if key.startswith("$"):
            continue
        if value is None:
            original.pop(key, None)
        elif isinstance(value, dict) and isinstance(original.get(key), dict):
            original[key] = _smp_map(original[key], value)
        elif isinstance(value, list) and key in MERGE_KEYS and isinstance(original.get(key), list):
            original[key] = _smp_list(original[key], value, MERGE_KEYS[key])
        else:
            original[key] = _strip_directives(copy.deepcopy(value))
    return original


def _smp_list(original: list[Any], patch: list[Any], merge_key: str) -> list[Any]:
    """Merge by ``merge_key``. Without a $setElementOrder the merged list puts the patch's
    items first, in the patch's order, then the items only the original has, in its order."""
    remaining = copy.deepcopy(original)
    merged: list[Any] = []
    for item in patch:
        if not isinstance(item, dict):
            merged.append(item)
            continue
        if merge_key not in item:
            shown = " ".join(f"{k}:{_go_value(v)}" for k, v in sorted(item.items()))
            raise PatchError(f"map: map[{shown}] does not contain declared merge key: {merge_key}")
        index = next((i for i, e in enumerate(remaining)
                      if isinstance(e, dict) and e.get(merge_key) == item[merge_key]), None)
        if item.get("$patch") == "delete":
            if index is not None:
                del remaining[index]
            continue
        if index is None:
            merged.append(_strip_directives(copy.deepcopy(item)))
        else:
            merged.append(_smp_map(remaining.pop(index), item))
    return merged + remaining


def _strip_directives(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_directives(v) for k, v in value.items()
                if not k.startswith("$") and v is not None}
    if isinstance(value, list):
        return [_strip_directives(v) for v in value]
    return value


def go_kind(value: Any) -> str:
    """The JSON kind Go's decoder names in its errors."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "null"


def _go_value(value: Any) -> str:
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_go_value(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, list):
        return "[" + " ".join(_go_value(v) for v in value) + "]"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# ---------------------------------------------------------------- JSON merge patch (RFC 7386)
def merge_patch(obj: dict[str, Any], patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    return _merge(copy.deepcopy(obj), patch)


def _merge(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if not isinstance(target, dict):
        target = {}
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = _merge(target.get(key), value)
    return target


# ---------------------------------------------------------------- JSON patch (RFC 6902)
def json_patch(obj: dict[str, Any], ops: Any) -> Any:
    if not isinstance(ops, list):
        shown = "object" if isinstance(ops, dict) else go_kind(ops)
        raise PatchError(
            f"json: cannot unmarshal {shown} into Go value of type jsonpatch.Patch", decode=True
        )
    doc: Any = copy.deepcopy(obj)
    for op in ops:
        if not isinstance(op, dict):
            raise PatchError("Unexpected kind: unknown")
        kind = op.get("op")
        path = str(op.get("path", ""))
        if kind == "add":
            doc = _put(doc, path, copy.deepcopy(op.get("value")), "add", insert=True)
        elif kind == "replace":
            doc = _put(doc, path, copy.deepcopy(op.get("value")), "replace", insert=False)
        elif kind == "remove":
            doc = _remove(doc, path)
        elif kind in ("move", "copy"):
            source = str(op.get("from", ""))
            value = _get(doc, source, kind)
            if kind == "move":
                doc = _remove(doc, source)
            doc = _put(doc, path, copy.deepcopy(value), kind, insert=True)
        elif kind == "test":
            if _get(doc, path, "test") != op.get("value"):
                raise PatchError(f"testing value {path} failed: test failed")
        else:
            raise PatchError(f"Unexpected kind: {kind if isinstance(kind, str) else 'unknown'}")
    return doc


def pointer_tokens(path: str) -> list[str]:
    if path == "":
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in path.split("/")[1:]]


def _parent(doc: Any, path: str, op: str) -> tuple[Any, str]:
    tokens = pointer_tokens(path)
    node = doc
    for token in tokens[:-1]:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            # json-patch quotes the path in this message for every operation but replace
            shown = path if op == "replace" else f'"{path}"'
            raise PatchError(f"{op} operation does not apply: doc is missing path: {shown}: "
                             "missing value")
    return node, tokens[-1]


def _put(doc: Any, path: str, value: Any, op: str, *, insert: bool) -> Any:
    if path == "":
        return value
    node, key = _parent(doc, path, op)
    if isinstance(node, dict):
        node[key] = value
    elif isinstance(node, list):
        if key == "-" and insert:
            node.append(value)
        elif key.isdigit() and int(key) <= len(node) - (0 if insert else 1):
            if insert:
                node.insert(int(key), value)
            else:
                node[int(key)] = value
        else:
            raise PatchError(f"{op} operation does not apply: doc is missing key: {path}: "
                             "missing value")
    else:
        raise PatchError(f'{op} operation does not apply: doc is missing path: "{path}": '
                         "missing value")
    return doc


def _remove(doc: Any, path: str) -> Any:
    node, key = _parent(doc, path, "remove")
    if isinstance(node, dict) and key in node:
        del node[key]
    elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
        del node[int(key)]
    else:
        raise PatchError(f"error in remove for path: '{path}': Unable to remove nonexistent key: "
                         f"{key}: missing value")
    return doc


def _get(doc: Any, path: str, op: str) -> Any:
    node, key = _parent(doc, path, op) if path else (None, "")
    if path == "":
        return doc
    if isinstance(node, dict) and key in node:
        return node[key]
    if isinstance(node, list) and key.isdigit() and int(key) < len(node):
        return node[int(key)]
    raise PatchError(f"{op} operation does not apply: doc is missing from path: {path}: "
                     "missing value")


def apply(obj: dict[str, Any], patch_type: str, text: str) -> Any:
    """Apply ``text`` (already JSON) of ``patch_type`` to ``obj``; returns the new object."""
    value = decode(text)
    if patch_type == "json":
        return json_patch(obj, value)
    if patch_type == "merge":
        return merge_patch(obj, value)
    return strategic_merge(obj, value)
