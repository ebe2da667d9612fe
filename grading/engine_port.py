"""The one place the Django side reaches the grading engine (``grading.engine``, no Django).

Everything the app needs from the engine goes through these names, so a change in the engine's
module layout touches this file only. Imports are lazy: Daphne never loads the simulator.
"""

from __future__ import annotations

import concurrent.futures
import functools
import tempfile
from pathlib import Path
from typing import Any


def _engine() -> Any:
    import grading.engine as engine

    return engine


def exercise_error() -> type[Exception]:
    return _engine().ExerciseError


@functools.lru_cache(maxsize=64)
def load(text: str, source: str = "") -> Any:
    # Parsing and validating an exercise costs ~5 ms; every page, check, submit and grade of a
    # class needs the same few texts. The engine's Exercise is frozen (its raw dict is never
    # mutated), so one parsed copy per process serves them all.
    return _engine().load_exercise(text, source)


def instance_for(text: str, seed: str) -> Any:
    return _engine().instantiate(load(text), seed)


def public_view(instance: Any, lang: str, *, due_passed: bool = False) -> dict[str, Any]:
    return _engine().public_view(instance, lang, due_passed=due_passed)


def hint_view(instance: Any, lang: str, index: int) -> dict[str, Any]:
    return _engine().hint_view(instance, lang, index)


def solution_view(instance: Any) -> dict[str, Any]:
    return _engine().solution_view(instance)


def setup_state(instance: Any, *, seed: str, now: float) -> dict[str, Any]:
    return _engine().setup_state(instance, seed=seed, now=now)


def solve(instance: Any, state: dict[str, Any], *, now: float) -> tuple[dict[str, Any], float]:
    return _engine().solve(instance, state, now=now)


def grade(
    instance: Any, state: dict[str, Any], *, now: float, visible_only: bool = False,
    lang: str = "en",
) -> dict[str, Any]:
    """The engine's GradeResult as a plain dict (what the database stores)."""
    result = _engine().grade(instance, state, now=now, visible_only=visible_only, lang=lang)
    return result.to_dict()


def _lint_module() -> Any:
    import grading.engine.lint as lint_module

    return lint_module


def lint_path(path: Path, seeds: int = 5) -> list[str]:
    return _lint_module().lint(path, seeds=seeds)


def lint_text(text: str, *, timeout: float = 20.0, seeds: int = 5) -> list[str]:
    """Lint one exercise text (the reference solution scores full marks, the start scores 0)
    in a worker thread, giving up after ``timeout`` seconds."""
    try:
        name = f"{load(text).id}.yaml"  # lint wants the file named after the exercise id
    except exercise_error():
        name = "exercise.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        future = pool.submit(lint_path, path, seeds)
        try:
            return [p.replace(str(path), name) for p in future.result(timeout=timeout)]
        except concurrent.futures.TimeoutError:
            return [f"lint did not finish within {timeout:.0f} seconds"]
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def accepted_answers(check: dict[str, Any], state: dict[str, Any], *, now: float) -> list[str]:
    return list(_engine().accepted_answers(check, state, now=now))


def answer_problems(check: dict[str, Any], path: str) -> list[str]:
    return list(_engine().answer_problems(check, path))


def normalize_answer(value: Any) -> str:
    from grading.engine.checks import normalize

    return normalize(value)
