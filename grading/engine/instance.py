"""One learner's copy of an exercise (parameters resolved) and what of it may reach a browser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grading.engine import params
from grading.engine.format import Exercise, duration

LANGS = ("ko", "en")
VISIBLE = "visible"
AFTER_DUE = "after_due_date"


@dataclass(frozen=True)
class Instance:
    """``data`` is the exercise with every ``{{param}}`` replaced (``params`` key dropped)."""

    exercise: Exercise
    seed: str
    params: dict[str, Any]
    data: dict[str, Any]

    @property
    def checks(self) -> list[dict[str, Any]]:
        checks: list[dict[str, Any]] = self.data["checks"]
        return checks


def instantiate(exercise: Exercise, seed: str) -> Instance:
    values = params.resolve(exercise.id, exercise.raw.get("params") or {}, seed)
    body = {k: v for k, v in exercise.raw.items() if k != "params"}
    return Instance(exercise=exercise, seed=seed, params=values,
                    data=params.render(body, values))


def text(value: dict[str, str] | None, lang: str) -> str:
    """A {ko, en} text in ``lang`` (English for an unknown language)."""
    if not value:
        return ""
    return value.get(lang if lang in LANGS else "en") or value.get("en", "")


def shown(visibility: str, *, due_passed: bool) -> bool:
    """Whether a check of this visibility may be shown to the learner now."""
    return visibility == VISIBLE or (visibility == AFTER_DUE and due_passed)


def public_view(instance: Instance, lang: str, *, due_passed: bool = False) -> dict[str, Any]:
    """What the browser may see: never hidden checks, expressions, solution, setup commands,
    diagnoses or hint texts (those come one at a time from ``hint_view``)."""
    data = instance.data
    checks = [
        {"id": c["id"], "points": c["points"], "title": text(c.get("title") or c["message"], lang),
         "message": text(c["message"], lang),
         **({"prompt": text(c.get("prompt"), lang)} if c.get("kind") == "answer" else {})}
        for c in data["checks"]
        if shown(c.get("visibility", VISIBLE), due_passed=due_passed)
    ]
    hints = [
        {"index": i, "after_failures": h.get("after_failures", 0), "cost": h.get("cost", 0)}
        for i, h in enumerate(data.get("hints", []))
    ]
    return {
        "id": instance.exercise.id,
        "version": instance.exercise.version,
        "title": text(data["title"], lang),
        "text": text(data["text"], lang),
        "tasks": [text(t, lang) for t in data["tasks"]],
        "checks": checks,
        "hints": hints,
        "files": sorted((data.get("setup") or {}).get("files") or {}),
    }


def hint_view(instance: Instance, lang: str, index: int) -> dict[str, Any]:
    """One hint's text; whether the learner may have it yet (``after_failures``) and what it
    costs is the caller's decision. Raises ``IndexError`` for a hint that does not exist."""
    hints = instance.data.get("hints", [])
    if not 0 <= index < len(hints):
        raise IndexError(f"exercise {instance.exercise.id} has no hint {index}")
    hint = hints[index]
    return {"index": index, "text": text(hint["text"], lang),
            "after_failures": hint.get("after_failures", 0), "cost": hint.get("cost", 0)}


def solution_view(instance: Instance) -> dict[str, Any]:
    """The reference solution as a learner may read it once the caller allows it: the files
    to write and the steps (a command line, in which terminal tab, or a wait in seconds)."""
    solution = instance.data.get("solution") or {}
    steps: list[dict[str, Any]] = []
    for step in solution.get("commands", []):
        if isinstance(step, str):
            steps.append({"line": step, "tab": "1"})
        elif "advance" in step:
            steps.append({"wait": duration(step["advance"])})
        else:
            steps.append({"line": step["line"], "tab": str(step.get("tab", "1"))})
    if solution.get("advance"):
        steps.append({"wait": duration(solution["advance"])})
    return {"files": dict(solution.get("files") or {}), "steps": steps}
