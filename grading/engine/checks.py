"""Whether one check (or a diagnosis's ``when``) holds in one ``World``."""

from __future__ import annotations

import re
from typing import Any

from grading.engine import evidence, match
from grading.engine.objects import World, select
from playground.sim import state as sandbox_state


def count_ok(found: int, count: int | dict[str, int] | None) -> bool:
    """``count``: absent = at least one, a number = exactly that many, {min, max} = a range."""
    if count is None:
        return found >= 1
    if isinstance(count, int):
        return found == count
    return count.get("min", 0) <= found <= count.get("max", found)


def matching(check: dict[str, Any], world: World) -> list[dict[str, Any]]:
    """The selected objects that satisfy the check's ``match`` and ``expr``."""
    objs = select(world, check["select"])
    return [o for o in objs if match.holds(o, check.get("match"), check.get("expr", []))]


def activity_entries(spec: dict[str, Any], log: list[dict[str, Any]], now: float) -> list[Any]:
    """Command-log entries (up to ``now``) whose line matches ``pattern`` or runs one of the
    ``kubectl`` commands (grading/engine/evidence.py), and exit, tab."""
    if "kubectl" in spec:
        def ran(line: str) -> bool:
            return evidence.line_matches(line, spec["kubectl"])
    else:
        ran = re.compile(spec["pattern"]).search  # type: ignore[assignment]
    return [
        e for e in log
        if float(e.get("t", 0)) <= now
        and ran(str(e.get("line", "")))
        and ("exit" not in spec or e.get("exit") == spec["exit"])
        and ("tab" not in spec or str(e.get("tab")) == spec["tab"])
    ]


def expected_answers(check: dict[str, Any], world: World) -> list[str]:
    """What an ``answer`` check accepts: ``compute`` over each matching object."""
    values = [match.search(check["compute"], obj) for obj in matching(check, world)]
    out: list[str] = []
    for value in values:
        items = value if isinstance(value, list) else [value]
        out += [normalize(v) for v in items if v is not None]
    return out


def normalize(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def holds(check: dict[str, Any], world: World, answers: dict[str, Any]) -> bool:
    kind = check.get("kind", "assert")
    if kind == "activity":
        log = sandbox_state.command_log_of(world.state)
        found = activity_entries(check["activity"], log, world.now)
        return count_ok(len(found), check.get("count"))
    if kind == "answer":
        given = answers.get(check.get("id", ""))
        if given is None or not normalize(given):
            return False
        return normalize(given) in expected_answers(check, world)
    found_objs = matching(check, world)
    if kind == "absent":
        return not found_objs
    return count_ok(len(found_objs), check.get("count"))
