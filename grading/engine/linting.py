"""Exercise lint: the file is valid, and for several seeds the starting state scores 0 while the
reference solution scores full marks (and grading leaves the state untouched).

    python -m grading.engine.lint [PATH...]      # default: lessons/exercises (lint.py: the CLI)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from grading.engine.format import Exercise, ExerciseError, load_exercise
from grading.engine.grade import expected_answers, grade
from grading.engine.instance import Instance, instantiate
from grading.engine.runner import ScriptError, setup_state, solve
from playground.sim.clock import TRANSCRIPT_EPOCH

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "lessons" / "exercises"


def exercise_files(path: Path) -> list[Path]:
    return sorted(path.glob("*.yaml")) if path.is_dir() else [path]


def lint(path: Path, seeds: int = 5) -> list[str]:
    """Problems of the exercise file (or every ``*.yaml`` in a directory); [] when clean."""
    problems: list[str] = []
    for file in exercise_files(path):
        try:
            exercise = load_exercise(file.read_text(encoding="utf-8"), source=str(file))
        except ExerciseError as exc:
            problems += exc.problems
            continue
        except OSError as exc:
            problems.append(f"{file}: {exc}")
            continue
        if exercise.id != file.stem:
            problems.append(f"{file}: id {exercise.id!r} differs from the file name")
        problems += [f"{file}: {p}" for p in lint_exercise(exercise, seeds)]
    return problems


def lint_exercise(exercise: Exercise, seeds: int = 5) -> list[str]:
    """Every problem once, with the seeds that show it: ``seeds lint-0, lint-2 (lint-0:
    {'pod': 'web'}): the solution scores 3/6; failing: image (wrong image)`` rather than the
    same line for each seed. Two seeds' findings are the same problem when they name the same
    checks (or, for script errors, the same text once each seed's parameters are put back as
    ``{{name}}``)."""
    found: dict[tuple[str, ...], tuple[str, list[str], dict[str, Any]]] = {}
    for i in range(seeds):
        seed = f"lint-{i}"
        instance = instantiate(exercise, seed)
        for key, text in _seed_problems(exercise, instance, seed):
            first = found.setdefault(key, (text, [], instance.params))
            first[1].append(seed)
    problems = []
    for text, seen, first_params in found.values():
        label = f"seed {seen[0]}" if len(seen) == 1 else f"seeds {', '.join(seen)}"
        if first_params:
            label += f" {first_params}" if len(seen) == 1 else f" ({seen[0]}: {first_params})"
        problems.append(f"{label}: {text}")
    return problems


def _seed_problems(
    exercise: Exercise, instance: Instance, seed: str
) -> list[tuple[tuple[str, ...], str]]:
    """(what makes it the same problem, its wording for this seed) for one seed."""
    now = TRANSCRIPT_EPOCH
    problems: list[tuple[tuple[str, ...], str]] = []
    if instantiate(exercise, seed).data != instance.data:
        problems.append((("params",), "parameters are not deterministic"))
    try:
        start = setup_state(instance, seed=seed, now=now)
        before = json.dumps(start, sort_keys=True)
        first = grade(instance, start, now=now)
        if json.dumps(start, sort_keys=True) != before:
            problems.append((("mutates",), "grading changed the state"))
        passing = [c.id for c in first.checks if c.passed]
        if first.score != 0:
            problems.append((("start", *passing), f"the starting state scores {first.score} "
                                                  f"(passing: {', '.join(passing)})"))
        solved, end = solve(instance, start, now=now)
        answers = expected_answers(instance, solved, now=end)
        final = grade(instance, solved, now=end, answers=answers)
    except ScriptError as exc:
        return [*problems, (("script", _generic(str(exc), instance.params)), str(exc))]
    if final.score != final.max_score:
        failed = [c for c in final.checks if not c.passed]
        failing = [f"{c.id} ({'skipped' if c.skipped else c.message})" for c in failed]
        problems.append((("solution", *(c.id for c in failed)),
                         f"the solution scores {final.score}/{final.max_score}; "
                         f"failing: {'; '.join(failing)}"))
    return problems


def _generic(text: str, values: dict[str, Any]) -> str:
    """``text`` with this seed's parameter values put back as ``{{name}}`` (longest first, so a
    value inside another is not replaced first)."""
    for name, value in sorted(values.items(), key=lambda kv: -len(str(kv[1]))):
        if str(value):
            text = text.replace(str(value), f"{{{{{name}}}}}")
    return text


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [DEFAULT_DIR]
    problems: list[str] = []
    count = 0
    for path in paths:
        count += len(exercise_files(path))
        problems += lint(path)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {count} exercise(s)")
        return 1
    print(f"{count} exercises clean")
    return 0

