"""The exercise file: parsing, schema validation and the checks a schema cannot express."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import jmespath
import yaml
from jmespath.exceptions import JMESPathError

from grading.engine import params, positions, schema

_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|h|m|s)")
_UNIT = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
NEEDS_SELECT = ("assert", "absent", "answer")


class ExerciseError(Exception):
    """An exercise file that cannot be used; ``problems`` holds one ``file: path: problem``
    line each, ``str(error)`` all of them."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or [message]


@dataclass(frozen=True)
class Exercise:
    """A validated exercise. ``raw`` is the parsed file (do not mutate it)."""

    id: str
    version: int
    raw: dict[str, Any]
    source: str = ""


def duration(value: Any) -> float:
    """Seconds of a schema-valid duration (``90``, ``"30s"``, ``"1m30s"``, ``"250ms"``)."""
    if isinstance(value, int | float):
        return float(value)
    return sum(float(n) * _UNIT[unit] for n, unit in _DURATION_PART.findall(str(value)))


def load_exercise(text: str, source: str = "") -> Exercise:
    """Parse and validate one exercise file; raises ``ExerciseError`` naming every problem."""
    where = source or "<exercise>"
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        place = positions.yaml_error_place(exc)
        raise ExerciseError(f"{where}: {place}not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ExerciseError(f"{where}: an exercise is a mapping (id, version, title, ...)")
    problems = schema.validate(raw)
    problems += _semantic_beside(raw, problems)
    if problems:
        lines = [f"{where}: {p}" for p in positions.locate(text, problems)]
        raise ExerciseError("\n".join(lines), lines)
    return Exercise(id=raw["id"], version=raw["version"], raw=raw, source=source)


def _semantic_beside(raw: dict[str, Any], schema_problems: list[str]) -> list[str]:
    """The semantic problems too when the schema's only complaints are unknown fields: a typo'd
    key must not hide a broken expression elsewhere. Other schema problems leave the data in a
    shape the semantic checks cannot read, so they wait for those to be fixed."""
    if not schema_problems:
        return semantic_problems(raw)
    unknown = [p.removesuffix(": unknown field") for p in schema_problems
               if p.endswith(": unknown field")]
    if len(unknown) != len(schema_problems):
        return []
    known = copy.deepcopy(raw)
    for path in unknown:
        _drop(known, path)
    return semantic_problems(known) if not schema.validate(known) else []


def _drop(raw: dict[str, Any], path: str) -> None:
    """Remove the field at ``path`` (``checks[0].colour``) from ``raw``."""
    parts = [int(i) if i else k for k, i in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)]
    node: Any = raw
    for part in parts[:-1]:
        node = node[part]
    node.pop(parts[-1], None)


def semantic_problems(raw: dict[str, Any]) -> list[str]:
    """What the schema cannot say: unique ids, ``needs`` order, compilable expressions, known
    placeholders, the fields each check kind and select kind requires."""
    problems: list[str] = []
    specs: dict[str, Any] = raw.get("params") or {}
    for name, spec in specs.items():
        if "pattern" in spec and (bad := params.check_pattern(spec["pattern"])):
            problems.append(f"params.{name}.pattern: {bad}")
        if "range" in spec and spec["range"][0] > spec["range"][1]:
            problems.append(f"params.{name}.range: the low end is above the high end")
    unknown = params.placeholders({k: v for k, v in raw.items() if k != "params"}) - set(specs)
    problems += [f"{{{{{name}}}}}: no such parameter" for name in sorted(unknown)]
    seen: set[str] = set()
    for i, check in enumerate(raw["checks"]):
        path = f"checks[{i}]"
        if check["id"] in seen:
            problems.append(f"{path}.id: duplicate check id {check['id']!r}")
        for j, need in enumerate(check.get("needs", [])):
            if need not in seen:
                problems.append(f"{path}.needs[{j}]: {need!r} is not an earlier check")
        seen.add(check["id"])
        problems += _check_problems(check, path)
        for j, diagnosis in enumerate(check.get("diagnoses", [])):
            when = {"kind": "assert", **diagnosis["when"]}
            problems += _check_problems(when, f"{path}.diagnoses[{j}].when")
    return problems


def _check_problems(check: dict[str, Any], path: str) -> list[str]:
    problems: list[str] = []
    kind = check.get("kind", "assert")
    if kind in NEEDS_SELECT and "select" not in check:
        problems.append(f"{path}: a {kind} check needs 'select'")
    if kind == "answer" and "compute" not in check:
        problems.append(f"{path}: an answer check needs 'compute'")
    if kind == "activity" and "activity" not in check:
        problems.append(f"{path}: an activity check needs 'activity'")
    modifiers = [m for m in ("within", "stable_for", "ever") if check.get(m)]
    if len(modifiers) > 1:
        problems.append(f"{path}: use one of within, stable_for, ever (got {', '.join(modifiers)})")
    select = check.get("select") or {}
    required = {"File": ("name",), "ContainerFile": ("pod", "container", "name"), "Log": ("pod",)}
    for field in required.get(select.get("kind", ""), ()):
        if field not in select:
            problems.append(f"{path}.select: kind {select['kind']} needs {field!r}")
    for j, item in enumerate(check.get("expr", [])):
        problems += _expr_problems(item, f"{path}.expr[{j}]")
    if "compute" in check:
        problems += _jmespath_problem(check["compute"], f"{path}.compute")
    activity = check.get("activity")
    if activity is not None and ("pattern" in activity) == ("kubectl" in activity):
        problems.append(f"{path}.activity: give either 'pattern' or 'kubectl'")
    if activity is not None and "pattern" in activity:
        problems += _regex_problem(activity["pattern"], f"{path}.activity.pattern")
    return problems


def check_problems(check: dict[str, Any], path: str) -> list[str]:
    """What the schema cannot say about one check (fields its kind needs, compiling paths)."""
    return _check_problems(check, path)


def _expr_problems(item: dict[str, Any], path: str) -> list[str]:
    problems = _jmespath_problem(item["path"], f"{path}.path")
    op, value = item["op"], item.get("value")
    if op != "exists" and "value" not in item:
        problems.append(f"{path}: op {op!r} needs a 'value'")
    if op == "exists" and "value" in item and not isinstance(value, bool):
        problems.append(f"{path}.value: exists takes true or false")
    if op == "in" and not isinstance(value, list):
        problems.append(f"{path}.value: 'in' takes a list")
    if op in ("gte", "lte") and not isinstance(value, int | float | str):
        problems.append(f"{path}.value: {op} takes a number")
    if op == "regex":
        problems += _regex_problem(str(value), f"{path}.value")
    return problems


def _jmespath_problem(expression: str, path: str) -> list[str]:
    try:
        jmespath.compile(params.PLACEHOLDER.sub("x", expression))
    except JMESPathError as exc:
        return [f"{path}: not a JMESPath expression: {_one_line(str(exc))}"]
    return []


def _one_line(message: str) -> str:
    """jmespath's message spans lines ("…, for expression:", the text, a caret line): keep the
    text lines joined by spaces, so the expression is not cut off; drop the caret line."""
    return " ".join(line.strip() for line in message.splitlines() if line.strip(" ^"))


def _regex_problem(pattern: str, path: str) -> list[str]:
    try:
        re.compile(params.PLACEHOLDER.sub("x", pattern))
    except re.error as exc:
        return [f"{path}: not a regular expression: {exc}"]
    return []
