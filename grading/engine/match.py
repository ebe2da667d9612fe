"""Predicates on one object: partial-object ``match`` and JMESPath ``expr`` comparisons.

``match`` semantics: a mapping matches when each of its keys matches the object's value; a list
matches when each of its items matches some item of the object's list (order and extra items do
not matter); scalars compare equal, numbers as numbers (``80 == 80.0``) but never ``True == 1``.

JMESPath gets one extra function, ``quantity(x)``: a Kubernetes quantity as a number, so
``quantity(spec.containers[0].resources.limits.cpu)`` is ``0.2`` for ``200m`` and ``0.2``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jmespath
from jmespath import functions

_SUFFIX = {
    "m": 1e-3, "": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
    "Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50, "Ei": 2.0**60,
}
_QUANTITY = re.compile(r"^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")


def quantity(value: Any) -> float | None:
    """A Kubernetes resource quantity as a float (None when it is not one)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    found = _QUANTITY.match(str(value).strip())
    if not found:
        return None
    try:
        return float(found.group(1)) * _SUFFIX[found.group(2) or ""]
    except ValueError:
        return None


class _Functions(functions.Functions):
    @functions.signature({"types": ["string", "number", "null"]})
    def _func_quantity(self, value: Any) -> float | None:
        return quantity(value)


_OPTIONS = jmespath.Options(custom_functions=_Functions())


@cache
def _compiled(expression: str) -> Any:
    return jmespath.compile(expression)


def search(expression: str, obj: Any) -> Any:
    return _compiled(expression).search(obj, options=_OPTIONS)


def partial(pattern: Any, value: Any) -> bool:
    """Whether ``value`` contains everything ``pattern`` says (see the module docstring)."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            k in value and partial(v, value[k]) for k, v in pattern.items()
        )
    if isinstance(pattern, list):
        return isinstance(value, list) and all(any(partial(p, v) for v in value) for p in pattern)
    return same(pattern, value)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def compare(op: str, actual: Any, expected: Any) -> bool:
    """One ``expr`` comparison of a JMESPath result with the check's value."""
    if op == "exists":
        present = actual is not None and actual != []
        return present if expected is None else present is bool(expected)
    if op == "eq":
        return partial(expected, actual) if isinstance(expected, dict) else same(expected, actual)
    if op == "ne":
        return not same(expected, actual)
    if op == "in":
        return any(same(item, actual) for item in expected)
    if op == "regex":
        return actual is not None and re.search(str(expected), _text(actual)) is not None
    if op == "contains":
        if isinstance(actual, list):
            return any(partial(expected, item) for item in actual)
        return isinstance(actual, str) and str(expected) in actual
    left, right = _number(actual), _number(expected)
    if left is None or right is None:
        return False
    return left >= right if op == "gte" else left <= right


def _number(value: Any) -> float | None:
    return quantity(value)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def holds(obj: dict[str, Any], match: dict[str, Any] | None, exprs: list[dict[str, Any]]) -> bool:
    """Whether one selected object satisfies a check's ``match`` and every ``expr``."""
    if match and not partial(match, obj):
        return False
    return all(compare(e["op"], search(e["path"], obj), e.get("value")) for e in exprs)
