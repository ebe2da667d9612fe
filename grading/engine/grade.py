"""Grading: a pure function of (exercise version, params, state snapshot, its command log, now)."""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any

from grading.engine import checks, timewarp
from grading.engine.format import check_problems as format_problems
from grading.engine.format import duration
from grading.engine.instance import VISIBLE, Instance, shown, text
from grading.engine.objects import World
from playground.sim import state as sandbox_state


@dataclass(frozen=True)
class CheckResult:
    id: str
    passed: bool
    points: float
    max_points: float
    message: str  # the failure message ("" when passed)
    diagnoses: list[str] = field(default_factory=list)
    visibility: str = VISIBLE
    skipped: bool = False  # a needed check failed: not evaluated, 0 points


@dataclass(frozen=True)
class GradeResult:
    score: float
    max_score: float
    checks: list[CheckResult]

    def to_dict(self, *, visible_only: bool = False, due_passed: bool = False) -> dict[str, Any]:
        """JSON-able. With ``visible_only`` hidden checks (and after-due-date ones before the
        due date) are left out entirely and the score covers only the checks shown."""
        kept = [c for c in self.checks
                if not visible_only or shown(c.visibility, due_passed=due_passed)]
        if not visible_only:
            return {"score": self.score, "max_score": self.max_score,
                    "checks": [asdict(c) for c in kept]}
        return {"score": _total(c.points for c in kept),
                "max_score": _total(c.max_points for c in kept),
                "checks": [asdict(c) for c in kept]}


def _total(values: Any) -> float:
    total = round(sum(values), 6)
    return int(total) if float(total).is_integer() else total


def grade(
    instance: Instance,
    state: dict[str, Any],
    *,
    now: float,
    visible_only: bool = False,
    lang: str = "en",
    answers: dict[str, Any] | None = None,
    due_passed: bool = False,
) -> GradeResult:
    """Grade ``state`` at ``now`` without changing it. Answers for ``answer`` checks come from
    ``answers`` or else ``state["answers"]``. ``visible_only`` keeps only checks the learner may
    see (``due_passed`` adds the after-due-date ones); ``needs`` still follow hidden checks."""
    given = dict(sandbox_state.answers_of(state))
    given.update(answers or {})
    # ``now`` is the wall clock; the sandbox's own time runs ahead by what the learner skipped
    # (`skip 5m`), and that is the clock its pods, ages and command log follow.
    now += sandbox_state.clock_offset(state)
    current = World(copy.deepcopy(state), now)
    results: dict[str, CheckResult] = {}
    for check in instance.checks:
        results[check["id"]] = _one(check, state, current, now, given, lang, results)
    kept = [r for r in results.values()
            if not visible_only or shown(r.visibility, due_passed=due_passed)]
    return GradeResult(score=_total(r.points for r in kept),
                       max_score=_total(r.max_points for r in kept), checks=kept)


def _one(
    check: dict[str, Any], state: dict[str, Any], current: World, now: float,
    answers: dict[str, Any], lang: str, done: dict[str, CheckResult],
) -> CheckResult:
    points = check["points"]
    visibility = check.get("visibility", VISIBLE)
    message = text(check["message"], lang)
    if any(not done[need].passed for need in check.get("needs", [])):
        return CheckResult(check["id"], False, 0, points, message, [], visibility, True)
    passed = _evaluate(check, state, current, now, answers)
    if passed:
        return CheckResult(check["id"], True, points, points, "", [], visibility)
    diagnoses = [
        text(d["message"], lang) for d in check.get("diagnoses", [])
        if checks.holds({"kind": "assert", **d["when"]}, current, answers)
    ]
    return CheckResult(check["id"], False, 0, points, message, diagnoses, visibility)


def _evaluate(
    check: dict[str, Any], state: dict[str, Any], current: World, now: float,
    answers: dict[str, Any],
) -> bool:
    if check.get("within"):
        span = duration(check["within"])
        return any(checks.holds(check, w, answers) for w in timewarp.forward(state, now, span))
    if check.get("stable_for"):
        span = duration(check["stable_for"])
        return all(checks.holds(check, w, answers) for w in timewarp.forward(state, now, span))
    if check.get("ever"):
        return any(checks.holds(check, w, answers) for w in timewarp.backward(state, now))
    return checks.holds(check, current, answers)


def expected_answers(instance: Instance, state: dict[str, Any], *, now: float) -> dict[str, str]:
    """The value each ``answer`` check accepts in ``state`` (lint's reference answers)."""
    world = World(copy.deepcopy(state), now + sandbox_state.clock_offset(state))
    out: dict[str, str] = {}
    for check in instance.checks:
        if check.get("kind") == "answer":
            accepted = checks.expected_answers(check, world)
            if accepted:
                out[check["id"]] = accepted[0]
    return out


def accepted_answers(check: dict[str, Any], state: dict[str, Any], *, now: float) -> list[str]:
    """What one ``answer``-shaped check (``select``, ``match``/``expr``, ``compute``) accepts in
    ``state`` at ``now``, normalised; [] when nothing matches. Lessons' checks for
    understanding use this on the learner's lesson sandbox; like grading, it reads the sandbox's
    clock (what the learner skipped included)."""
    world = World(copy.deepcopy(state), now + sandbox_state.clock_offset(state))
    return checks.expected_answers(check, world)


def answer_problems(check: dict[str, Any], path: str) -> list[str]:
    """Format problems of one such check (the rules exercise files follow)."""
    return format_problems({"kind": "answer", **check}, path)
