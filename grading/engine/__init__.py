"""The grading engine: exercise files, per-learner instances, declarative checks graded against a
sandbox state (no Django, time passed in). See README.md in this folder."""

from grading.engine.format import Exercise, ExerciseError, duration, load_exercise
from grading.engine.grade import (
    CheckResult,
    GradeResult,
    accepted_answers,
    answer_problems,
    expected_answers,
    grade,
)
from grading.engine.instance import (
    Instance,
    hint_view,
    instantiate,
    public_view,
    solution_view,
)
from grading.engine.linting import lint
from grading.engine.runner import ScriptError, setup_state, solve

__all__ = [
    "CheckResult",
    "Exercise",
    "ExerciseError",
    "GradeResult",
    "Instance",
    "ScriptError",
    "accepted_answers",
    "answer_problems",
    "duration",
    "expected_answers",
    "grade",
    "hint_view",
    "instantiate",
    "lint",
    "load_exercise",
    "public_view",
    "setup_state",
    "solution_view",
    "solve",
]
