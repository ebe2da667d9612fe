"""Exercise lint: the file is valid, and for several seeds the starting state scores 0 while the
reference solution scores full marks (and grading leaves the state untouched).

    python -m grading.engine.lint [PATH...]      # default: lessons/exercises (lint.py: the CLI)
"""

from __future__ import annotations

import json
from pathlib import Path

from grading.engine.format import Exercise, ExerciseError, load_exercise
from grading.engine.grade import expected_answers, grade
from grading.engine.instance import instantiate
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
    problems: list[str] = []
    now = TRANSCRIPT_EPOCH
    for i in range(seeds):
        seed = f"lint-{i}"
        instance = instantiate(exercise, seed)
        label = f"seed {seed} {instance.params}" if instance.params else f"seed {seed}"
        if instantiate(exercise, seed).data != instance.data:
            problems.append(f"{label}: parameters are not deterministic")
        try:
            start = setup_state(instance, seed=seed, now=now)
            before = json.dumps(start, sort_keys=True)
            first = grade(instance, start, now=now)
            if json.dumps(start, sort_keys=True) != before:
                problems.append(f"{label}: grading changed the state")
            passing = [c.id for c in first.checks if c.passed]
            if first.score != 0:
                problems.append(f"{label}: the starting state scores {first.score} "
                                f"(passing: {', '.join(passing)})")
            solved, end = solve(instance, start, now=now)
            answers = expected_answers(instance, solved, now=end)
            final = grade(instance, solved, now=end, answers=answers)
        except ScriptError as exc:
            problems.append(f"{label}: {exc}")
            continue
        if final.score != final.max_score:
            failing = [f"{c.id} ({'skipped' if c.skipped else c.message})"
                       for c in final.checks if not c.passed]
            problems.append(f"{label}: the solution scores {final.score}/{final.max_score}; "
                            f"failing: {'; '.join(failing)}")
    return problems


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

