"""Per-learner parameters drawn from a seed, and ``{{name}}`` templating of an exercise.

Each parameter gets its own ``random.Random`` seeded from (exercise id, learner seed, parameter
name), so values never depend on dict order, on other parameters or on the exercise version: an
instructor who fixes a typo (new version) does not change a learner's pod name mid-attempt.
"""

from __future__ import annotations

import hashlib
import random
import re
import string
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
# Character classes of pattern parameters: "v{digit}{digit}" -> "v07".
CLASSES = {
    "digit": string.digits,
    "lower": string.ascii_lowercase,
    "upper": string.ascii_uppercase,
    "alnum": string.ascii_lowercase + string.digits,
    "hex": "0123456789abcdef",
}
_CLASS_TOKEN = re.compile(r"\{(" + "|".join(CLASSES) + r")\}")


def rng_for(exercise_id: str, seed: str, name: str) -> random.Random:
    digest = hashlib.sha256(f"{exercise_id}/{seed}/{name}".encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def resolve(exercise_id: str, specs: dict[str, dict[str, Any]], seed: str) -> dict[str, Any]:
    """The parameter values for one learner (deterministic per seed)."""
    values: dict[str, Any] = {}
    for name in sorted(specs):
        spec = specs[name]
        rng = rng_for(exercise_id, seed, name)
        if "choice" in spec:
            values[name] = rng.choice(list(spec["choice"]))
        elif "range" in spec:
            low, high = spec["range"]
            values[name] = rng.randint(int(low), int(high))
        else:
            values[name] = _fill(str(spec["pattern"]), rng)
    return values


def _fill(pattern: str, rng: random.Random) -> str:
    return _CLASS_TOKEN.sub(lambda m: rng.choice(CLASSES[m.group(1)]), pattern)


def render(value: Any, params: dict[str, Any]) -> Any:
    """``value`` with every ``{{name}}`` replaced. A string that is exactly one placeholder
    takes the parameter's own type, so ``value: "{{port}}"`` compares as a number."""
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        if whole and whole.group(1) in params:
            return params[whole.group(1)]
        return PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), value)
    if isinstance(value, list):
        return [render(item, params) for item in value]
    if isinstance(value, dict):
        return {render(k, params): render(v, params) for k, v in value.items()}
    return value


def placeholders(value: Any) -> set[str]:
    """Every parameter name a (nested) value refers to."""
    if isinstance(value, str):
        return set(PLACEHOLDER.findall(value))
    if isinstance(value, list):
        return set().union(*(placeholders(v) for v in value)) if value else set()
    if isinstance(value, dict):
        found: set[str] = set()
        for k, v in value.items():
            found |= placeholders(k) | placeholders(v)
        return found
    return set()


def check_pattern(pattern: str) -> str | None:
    """A problem with a pattern parameter (an unknown ``{class}``), else None."""
    for token in re.findall(r"\{([^{}]*)\}", pattern):
        if token not in CLASSES:
            return f"unknown character class {{{token}}} (use {', '.join(CLASSES)})"
    return None
