"""Writes of lesson-exercise practice: open (sandbox set up by the exercise), check, hint,
solution and reset, for a learner who may be anonymous (``lessons.learners``).

Only visible checks are ever graded or returned here: practice has no due date, so hidden and
after-due-date checks stay for assignments, and the solution opens only after a first check.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grading import access, engine_port, selectors
from grading.models import Exercise
from lessons import selectors as lesson_selectors
from lessons.learners import Learner
from lessons.models import PracticeSandbox, Progress
from lessons.services import practice_sandbox_ensure, progress_mark_done
from playground import sandboxes
from playground.sim.store import SandboxStore

State = dict[str, Any]
KIND = PracticeSandbox.Kind.EXERCISE
ANSWER_LIMIT = 500  # characters kept of a typed answer


class PracticeError(ValueError):
    """A practice action that is not allowed now; the message (translated) is shown as is."""


class PracticeNotFound(LookupError):
    """No exercise of that id is loaded (``manage.py load_exercises``)."""


def _store() -> SandboxStore:
    # The product's Redis store; tests replace this function with a MemoryStore.
    return sandboxes.sandbox_store()


def _announce(sandbox_id: str, frames: list[dict[str, Any]]) -> None:
    # Open terminals of the sandbox hear a reset as they do the terminal's own Reset cluster.
    sandboxes.sandbox_announce(sandbox_id, frames)


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class Practice:
    exercise: Exercise
    sandbox: PracticeSandbox
    instance: Any


def _exercise(exercise_id: str) -> Exercise:
    # Practice (anonymous learners too, solution included) serves the library only: an
    # instructor's own exercise is theirs and their courses' (grading/access.py), never public.
    exercise = selectors.exercise_get_latest(exercise_id=exercise_id)
    if exercise is None or not access.exercise_is_library(exercise_id=exercise_id):
        raise PracticeNotFound(exercise_id)
    return exercise


def _setup(instance: Any, sandbox: PracticeSandbox) -> State:
    return engine_port.setup_state(instance, seed=sandbox.seed, now=_now())


def practice_open(*, learner: Learner, exercise_id: str) -> Practice:
    """The learner's practice of ``exercise_id``: its sandbox row, and the Redis state set up by
    the exercise if it is missing (first visit, or expired while idle)."""
    exercise = _exercise(exercise_id)
    sandbox = practice_sandbox_ensure(learner=learner, kind=KIND, name=exercise_id)
    instance = engine_port.instance_for(exercise.yaml_text, sandbox.seed)
    store = _store()
    if store.load(sandbox.sandbox_id) is None:  # a page view writes nothing when it exists
        store.update(sandbox.sandbox_id, lambda state: None,
                     create=lambda: _setup(instance, sandbox))
    return Practice(exercise=exercise, sandbox=sandbox, instance=instance)


def _locked(learner: Learner, exercise_id: str) -> Practice:
    """The learner's practice row, locked for this transaction; opened pages only."""
    exercise = _exercise(exercise_id)
    found = lesson_selectors.practice_sandbox_get(learner=learner, kind=KIND, name=exercise_id)
    if found is None:
        raise PracticeError(_("Open the exercise first."))
    sandbox = PracticeSandbox.objects.select_for_update().get(pk=found.pk)
    return Practice(exercise=exercise, sandbox=sandbox,
                    instance=engine_port.instance_for(exercise.yaml_text, sandbox.seed))


def hidden_points(instance: Any) -> float:
    """Points of the checks a practising learner never sees (hidden, after the due date)."""
    return sum(c["points"] for c in instance.checks if c.get("visibility", "visible") != "visible")


def hint_cost(*, sandbox: PracticeSandbox, instance: Any) -> float:
    hints = instance.data.get("hints", [])
    return sum(hints[i].get("cost", 0) for i in sandbox.hints_revealed if 0 <= i < len(hints))


def _learner_check(check: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "passed", "points", "max_points", "message", "diagnoses", "skipped")
    return {key: check[key] for key in keep}


@transaction.atomic
def practice_check(
    *, learner: Learner, exercise_id: str, lang: str, answers: dict[str, str] | None = None
) -> dict[str, Any]:
    """"Check my work": the visible checks on the sandbox as it is now. Counts the try (the
    solution opens after one; failed ones unlock hints) and, when every visible check passes,
    marks the lesson done (``Progress.How.EXERCISE``)."""
    practice = _locked(learner, exercise_id)
    sandbox, instance = practice.sandbox, practice.instance
    state = _store().load(sandbox.sandbox_id)
    if state is None:
        raise PracticeError(_("Your sandbox has expired; reload the page to start again."))
    wanted = {c["id"] for c in instance.checks if c.get("kind") == "answer"}
    state["answers"] = {key: str(value)[:ANSWER_LIMIT]
                        for key, value in (answers or {}).items() if key in wanted}
    result = engine_port.grade(instance, state, now=_now(), visible_only=True, lang=lang)
    passed = result["score"] == result["max_score"]
    sandbox.checks_run += 1
    sandbox.failed_checks += 0 if passed else 1
    sandbox.save(update_fields=["checks_run", "failed_checks"])
    if passed:
        lesson = lesson_selectors.lesson_for_exercise(exercise_id=exercise_id, lang=lang)
        if lesson is not None:
            progress_mark_done(learner=learner, lesson=lesson, how=Progress.How.EXERCISE)
    return {
        "score": result["score"], "max_score": result["max_score"], "passed": passed,
        "checks": [_learner_check(c) for c in result["checks"]],
        "hidden_max_points": hidden_points(instance),
        "hint_cost": hint_cost(sandbox=sandbox, instance=instance),
        "failed_checks": sandbox.failed_checks,
    }


@transaction.atomic
def practice_hint(*, learner: Learner, exercise_id: str, index: int, lang: str) -> dict[str, Any]:
    """One hint's text, once enough checks have failed; revealing it is recorded (its cost is
    taken from the practice score shown)."""
    practice = _locked(learner, exercise_id)
    sandbox = practice.sandbox
    try:
        hint = engine_port.hint_view(practice.instance, lang, index)
    except IndexError as error:
        raise PracticeError(_("No such hint.")) from error
    needed = int(hint["after_failures"])
    if index not in sandbox.hints_revealed and sandbox.failed_checks < needed:
        raise PracticeError(ngettext(
            "This hint opens after %(count)d failed check.",
            "This hint opens after %(count)d failed checks.", needed) % {"count": needed})
    if index not in sandbox.hints_revealed:
        sandbox.hints_revealed = [*sandbox.hints_revealed, index]
        sandbox.save(update_fields=["hints_revealed"])
    return {**hint, "hint_cost": hint_cost(sandbox=sandbox, instance=practice.instance)}


@transaction.atomic
def practice_solution(*, learner: Learner, exercise_id: str) -> dict[str, Any]:
    """The reference solution, only after the learner has checked their work once."""
    practice = _locked(learner, exercise_id)
    if practice.sandbox.checks_run < 1:
        raise PracticeError(_("Check your work once first; then the solution opens."))
    return engine_port.solution_view(practice.instance)


@transaction.atomic
def practice_reset(*, learner: Learner, exercise_id: str) -> None:
    """Start the exercise over: the exercise's starting state again (its setup), keeping the
    terminal's command history; open terminals are told, as by Reset cluster."""
    practice = _locked(learner, exercise_id)
    sandbox = practice.sandbox
    fresh = _setup(practice.instance, sandbox)

    def replace(current: State) -> None:
        history = list(current.get("history", []))
        current.clear()
        current.update(fresh)
        current["history"] = history

    _store().update(sandbox.sandbox_id, replace, create=lambda: dict(fresh))
    files = dict(fresh.get("files", {}))
    transaction.on_commit(lambda: _announce(sandbox.sandbox_id, sandboxes.reset_frames(files)))
