"""A small JSON Schema validator for the subset ``exercise.schema.json`` uses.

The schema file is the single source of truth for the format (editors and CI can use any
validator on it); this module checks it without a third-party dependency and words each problem
with a path an author can follow: ``checks[2].expr[0].op: unsupported value "equals"``.
Supported keywords: type, enum, properties, required, additionalProperties, propertyNames,
items, minItems, maxItems, minProperties, minLength, pattern, minimum, oneOf, $ref (#/$defs/...).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("exercise.schema.json")

_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


@cache
def exercise_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def validate(value: Any, schema: dict[str, Any] | None = None) -> list[str]:
    """Problems of ``value`` against ``schema`` (the exercise schema by default), as
    ``path: problem`` strings; an empty list means valid."""
    root = schema if schema is not None else exercise_schema()
    return _check(value, root, root, "")


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _describe(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, dict | list) else (
        "an object" if isinstance(value, dict) else "a list"
    )


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return _check(value, root["$defs"][name], root, path)
    where = path or "(top)"
    if "oneOf" in schema:
        return _one_of(value, schema["oneOf"], root, path)
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: unsupported value {_describe(value)} "
                f"(expected one of {', '.join(map(str, schema['enum']))})"]
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](value) for t in types):
            return [f"{where}: expected {' or '.join(types)}, got {_describe(value)}"]
    if isinstance(value, dict):
        return _object(value, schema, root, path)
    if isinstance(value, list):
        problems = []
        if len(value) < schema.get("minItems", 0):
            problems.append(f"{where}: needs at least {schema['minItems']} item(s)")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            problems.append(f"{where}: at most {schema['maxItems']} item(s) allowed")
        if "items" in schema:
            for i, item in enumerate(value):
                problems += _check(item, schema["items"], root, _join(path, i))
        return problems
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            return [f"{where}: must not be empty"]
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return [f"{where}: {_describe(value)} does not match {schema['pattern']}"]
    if _TYPES["number"](value) and "minimum" in schema and value < schema["minimum"]:
        return [f"{where}: must be at least {schema['minimum']}"]
    return []


def _object(
    value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], path: str
) -> list[str]:
    problems = []
    where = path or "(top)"
    for key in schema.get("required", []):
        if key not in value:
            problems.append(f"{where}: missing required field {key!r}")
    if len(value) < schema.get("minProperties", 0):
        problems.append(f"{where}: must not be empty")
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if "propertyNames" in schema:
            problems += [p.replace(f"{_join(path, key)}: ", f"{_join(path, key)}: name ", 1)
                         for p in _check(key, schema["propertyNames"], root, _join(path, key))]
        if key in props:
            problems += _check(item, props[key], root, _join(path, key))
        elif extra is False:
            problems.append(f"{_join(path, key)}: unknown field")
        elif isinstance(extra, dict):
            problems += _check(item, extra, root, _join(path, key))
    return problems


def _one_of(
    value: Any, branches: list[dict[str, Any]], root: dict[str, Any], path: str
) -> list[str]:
    results = [_check(value, branch, root, path) for branch in branches]
    if any(not r for r in results):
        return []
    # Report the branch whose type fits (fewest problems), not every alternative's complaint.
    fitting = [r for r, b in zip(results, branches, strict=True) if _fits_type(value, b, root)]
    return min(fitting or results, key=len)


def _fits_type(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    if "$ref" in schema:
        return _fits_type(value, root["$defs"][schema["$ref"].removeprefix("#/$defs/")], root)
    types = schema.get("type")
    if types is None:
        return True
    types = types if isinstance(types, list) else [types]
    if not any(_TYPES[t](value) for t in types):
        return False
    if isinstance(value, dict) and "required" in schema:
        return all(k in value for k in schema["required"])
    return True
