"""Writes of the grading app: exercises (versioned), courses, assignments, sandboxes, checks,
submissions (recorded here, graded on the workers by grading/submissions.py), hints and manual
overrides.

Grading is a pure function of (exercise text, seed, snapshot, now): the snapshot and ``now`` are
stored with the submission, so grading it again with the same version gives the same result.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grading import access, deadlines, engine_port, learner_grade, submissions
from grading.lti.passback import assignment_changed, grade_changed
from grading.models import (
    INSTRUCTORS_GROUP,
    Assignment,
    AssignmentItem,
    Course,
    CourseRole,
    Exercise,
    ExerciseDraft,
    GradeOverride,
    HintReveal,
    LearnerSandbox,
    Submission,
    default_time_zone,
)
from playground import sandboxes
from playground.sim import state as sandbox_state
from playground.sim.store import SandboxStore

State = dict[str, Any]
EXERCISES_DIR = Path(__file__).resolve().parents[1] / "lessons" / "exercises"
_VERSION_LINE = re.compile(r"^version:[ \t]*\d+[ \t]*$", re.MULTILINE)


class GradingError(ValueError):
    """A learner or instructor action that is not allowed; the message is shown as is."""


def _store() -> SandboxStore:
    # The product's Redis store; tests replace this function with a MemoryStore.
    return sandboxes.sandbox_store()


def _now() -> float:
    return time.time()


# ----- roles -----


@transaction.atomic
def instructors_group_ensure() -> Group:
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    codenames = ["author_exercise", "view_gradebook", "add_exercise", "change_exercise",
                 "add_assignment", "change_assignment", "add_course", "change_course",
                 "add_gradeoverride", "view_submission"]
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="grading", codename__in=codenames))
    return group


@transaction.atomic
def instructor_grant(*, user: User) -> None:
    user.groups.add(instructors_group_ensure())


# ----- exercises -----


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ExerciseLintError(GradingError):
    """Saving refused because the lint fails (the reference solution does not score full
    marks, or the start scores above 0, for some seed); ``problems`` lists each, once."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(_("The reference solution must score full marks, and the starting "
                           "state 0, for every seed; nothing was changed. Fix these and save "
                           "again:"))
        self.problems = problems


def _lint_seeds() -> int:
    return int(getattr(settings, "GRADING_LINT_SEEDS", 5))


def exercise_save(*, text: str, user: User | None = None, source: str = "") -> Exercise:
    """Store ``text`` as the next version of its exercise (unchanged text: the latest row).

    Only an exercise that passes the lint is stored: for every seed the reference solution
    scores full marks and the start 0 (``ExerciseLintError`` lists what fails; the versions
    stored so far stay as they are). The lint runs before the write transaction, so a slow
    solution never holds the database's write lock.

    The stored version is above every earlier one; the file's ``version:`` line is rewritten to
    match, so the engine and the database always agree on the number. Line endings are
    normalised first: a browser's textarea posts CRLF, and ``$`` of the version line would not
    match before a ``\r``."""
    text = normalise_newlines(text)
    parsed = engine_port.load(text, source)
    _exercise_save_allowed(user=user, exercise_id=parsed.id)
    latest = Exercise.objects.filter(exercise_id=parsed.id).order_by("-version").first()
    if latest is not None and latest.yaml_text == text:
        return latest
    problems = engine_port.lint_text(text, seeds=_lint_seeds(), timeout=float(
        getattr(settings, "GRADING_LINT_TIMEOUT", 20)))
    if problems:
        raise ExerciseLintError(problems)
    return _exercise_store(text=text, parsed=parsed, user=user, source=source)


def _exercise_save_allowed(*, user: User | None, exercise_id: str) -> None:
    if user is not None and not access.exercise_can_save(user=user, exercise_id=exercise_id):
        raise GradingError(_("The exercise id “%(id)s” is taken by another author; choose "
                             "another id.") % {"id": exercise_id})
    if user is None and not access.exercise_library_can_save(exercise_id=exercise_id):
        # load_exercises must not slip a library file into an instructor's own exercise
        raise GradingError(_("The exercise id “%(id)s” is taken by another author; choose "
                             "another id.") % {"id": exercise_id})


@transaction.atomic
def _exercise_store(*, text: str, parsed: Any, user: User | None, source: str) -> Exercise:
    _exercise_save_allowed(user=user, exercise_id=parsed.id)  # again, inside the transaction
    latest = (Exercise.objects.select_for_update().filter(exercise_id=parsed.id)
              .order_by("-version").first())
    if latest is not None and latest.yaml_text == text:
        return latest
    version = max(parsed.version, (latest.version + 1) if latest else 1)
    if version != parsed.version:
        text = _VERSION_LINE.sub(f"version: {version}", text, count=1)
        parsed = engine_port.load(text, source)
    title = parsed.raw["title"].get("en") or parsed.raw["title"].get("ko") or parsed.id
    exercise = Exercise(exercise_id=parsed.id, version=version, title=title[:200],
                        yaml_text=text, created_by=user, is_library=user is None)
    exercise.full_clean()
    exercise.save()
    return exercise


def _text_id(text: str) -> str:
    """The ``id:`` a text names, if it parses that far ("" otherwise): a draft is kept under it."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError:
        return ""
    found = raw.get("id") if isinstance(raw, dict) else None
    return found[:100] if isinstance(found, str) else ""


@transaction.atomic
def exercise_draft_save(*, text: str, user: User, exercise_id: str = "") -> ExerciseDraft:
    """Keep ``text`` as the author's draft, without the lint (a failing solution blocks
    publishing, not saving work in progress). ``exercise_id``: the exercise being edited, else
    the id the text names. Nobody else sees it; nothing is graded with it."""
    text = normalise_newlines(text)
    key = exercise_id or _text_id(text)
    if key and not access.exercise_can_save(user=user, exercise_id=key):
        raise GradingError(_("The exercise id “%(id)s” is taken by another author; choose "
                             "another id.") % {"id": key})
    draft, _created = ExerciseDraft.objects.update_or_create(author=user, exercise_id=key,
                                                             defaults={"yaml_text": text})
    return draft


def exercise_draft_get(*, user: User, exercise_id: str = "") -> ExerciseDraft | None:
    return ExerciseDraft.objects.filter(author=user, exercise_id=exercise_id).first()


def exercise_drafts_new(*, user: User) -> list[ExerciseDraft]:
    """The author's drafts of exercises not published yet (the new-exercise page links them)."""
    published = Exercise.objects.filter(exercise_id=models.OuterRef("exercise_id"))
    return list(ExerciseDraft.objects.filter(author=user).exclude(models.Exists(published))
                .order_by("-saved_at"))


def exercise_drafts_clear(*, user: User, exercise_id: str) -> None:
    """A published version replaces the author's draft of it (and of the new exercise)."""
    ExerciseDraft.objects.filter(author=user, exercise_id__in=[exercise_id, ""]).delete()


def exercise_load_dir(*, directory: Path = EXERCISES_DIR) -> list[Exercise]:
    """Import every ``*.yaml`` of ``directory`` (a new version only where the text changed)."""
    return [exercise_save(text=path.read_text(encoding="utf-8"), source=str(path))
            for path in sorted(directory.glob("*.yaml"))]


@dataclass(frozen=True)
class ExercisePreview:
    errors: list[str]
    view: dict[str, Any] | None


def exercise_preview(*, text: str, lang: str = "en") -> ExercisePreview:
    """Schema/semantic errors, else the learner's view of the text (seed ``preview``)."""
    try:
        instance = engine_port.instance_for(text, "preview")
    except engine_port.exercise_error() as error:
        return ExercisePreview(errors=list(getattr(error, "problems", [str(error)])), view=None)
    return ExercisePreview(errors=[], view=engine_port.public_view(instance, lang))


def exercise_test(*, text: str) -> list[str]:
    """The engine's lint on the spot: start scores 0, the reference solution full marks."""
    preview = exercise_preview(text=text)
    if preview.errors:
        return preview.errors
    return engine_port.lint_text(text, seeds=_lint_seeds(), timeout=float(
        getattr(settings, "GRADING_LINT_TIMEOUT", 20)))


# ----- courses and assignments -----


@transaction.atomic
def course_create(*, name: str, instructor: User, time_zone: str = "") -> Course:
    if time_zone:
        deadlines.zone_get(time_zone)  # a clear error for a name that is no zone
    course = Course(name=name, time_zone=time_zone or default_time_zone())
    course.full_clean()
    course.save()
    CourseRole.objects.create(course=course, user=instructor, role=CourseRole.Role.OWNER)
    return course


@transaction.atomic
def course_join(*, token: str, user: User) -> Course:
    course = Course.objects.filter(join_token=token).first()
    if course is None:
        raise GradingError(_("This join link is not valid."))
    if access.course_role_of(user=user, course=course) is not None:
        # Staff in the course's gradebook would be graded by their colleagues (grading/people.py
        # refuses the other way round too).
        raise GradingError(_("You teach %(course)s; a learner's account joins it.")
                           % {"course": course.name})
    course.learners.add(user)
    return course


@transaction.atomic
def assignment_create(
    *,
    course: Course,
    title: str,
    due_at: datetime | None = None,
    late_policy: str = Assignment.LatePolicy.NONE,
    penalty_percent_per_day: int = 0,
    attempts_limit: int = 0,
    score_policy: str = Assignment.ScorePolicy.BEST,
) -> Assignment:
    assignment = Assignment(
        course=course, title=title, due_at=due_at, late_policy=late_policy,
        penalty_percent_per_day=penalty_percent_per_day, attempts_limit=attempts_limit,
        score_policy=score_policy,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_update(*, assignment: Assignment, **fields: Any) -> Assignment:
    """Change an assignment's title, due date or policies (the AssignmentForm's fields)."""
    allowed = {"title", "due_at", "late_policy", "penalty_percent_per_day", "attempts_limit",
               "score_policy"}
    for name, value in fields.items():
        if name not in allowed:
            raise GradingError(f"cannot change {name!r} of an assignment")
        setattr(assignment, name, value)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_item_add(
    *, assignment: Assignment, exercise: Exercise, points: float = 10, order: int | None = None
) -> AssignmentItem:
    if order is None:
        order = (assignment.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AssignmentItem(assignment=assignment, exercise=exercise, points=points, order=order)
    item.full_clean()
    item.save()
    assignment_changed(assignment_id=assignment.pk)
    return item


# ----- sandboxes -----


def _sandbox_id(user_pk: int, item_pk: int) -> str:
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"grading:{user_pk}:{item_pk}".encode(), hashlib.sha256).hexdigest()
    return f"ex-{digest[:32]}"


def _instance(item_or_exercise: Exercise, seed: str) -> Any:
    return engine_port.instance_for(item_or_exercise.yaml_text, seed)


@transaction.atomic
def sandbox_ensure(*, user: User, item: AssignmentItem) -> LearnerSandbox:
    """The learner's sandbox row for ``item``, and its Redis state (set up by the exercise's
    ``setup``) if missing or expired."""
    sandbox, _ = LearnerSandbox.objects.get_or_create(
        user=user, item=item,
        defaults={"sandbox_id": _sandbox_id(user.pk, item.pk), "seed": f"u{user.pk}-i{item.pk}"},
    )
    instance = _instance(item.exercise, sandbox.seed)

    def create() -> State:
        return engine_port.setup_state(instance, seed=sandbox.seed, now=_now())

    _store().update(sandbox.sandbox_id, lambda state: None, create=create)
    return sandbox


def sandbox_reset(*, sandbox: LearnerSandbox) -> None:
    """Start the exercise over: a fresh state from the exercise's setup."""
    instance = _instance(sandbox.item.exercise, sandbox.seed)
    state = engine_port.setup_state(instance, seed=sandbox.seed, now=_now())

    def replace(current: State) -> None:
        sandbox_state.replace(current, state)

    _store().update(sandbox.sandbox_id, replace, create=lambda: dict(state))


def _snapshot(
    sandbox: LearnerSandbox, instance: Any, answers: dict[str, str] | None = None
) -> State:
    """The sandbox state, materialised whole (base cluster and command log included), plus the
    learner's typed answers, kept only for the exercise's ``answer`` checks, where the engine
    reads them (``state["answers"]``)."""
    loaded = _store().load(sandbox.sandbox_id)
    if loaded is None:
        raise GradingError(_("Your sandbox has expired; reload the page to start again."))
    state = sandbox_state.snapshot(loaded)
    wanted = {c["id"] for c in instance.checks if c.get("kind") == "answer"}
    sandbox_state.set_answers(state, {key: str(value)[:500] for key, value
                                      in (answers or {}).items() if key in wanted})
    return state


def _visible(result: dict[str, Any], *, due_passed: bool) -> dict[str, Any]:
    """What a learner may see of a full result: the shown checks only, and their totals (the
    full score would tell a learner whether a hidden check passed). Before the due date nothing
    of the other checks, not even that they exist; after it, ``hidden`` checks' totals (their
    ids and messages stay with the instructor)."""
    shown = {"visible"} | ({"after_due_date"} if due_passed else set())
    checks = [c for c in result.get("checks", []) if c.get("visibility", "visible") in shown]
    view = {"score": sum(c["points"] for c in checks),
            "max_score": sum(c["max_points"] for c in checks), "checks": checks}
    if due_passed:
        rest = [c for c in result.get("checks", []) if c.get("visibility") not in shown]
        view["hidden_score"] = sum(c["points"] for c in rest)
        view["hidden_max_points"] = sum(c["max_points"] for c in rest)
    return view


@transaction.atomic
def exercise_check(
    *, user: User, item: AssignmentItem, lang: str,
    answers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """"Check my work": visible checks on the current sandbox; not recorded (only a failure
    count, which unlocks hints)."""
    sandbox = LearnerSandbox.objects.select_for_update().get(user=user, item=item)
    instance = _instance(item.exercise, sandbox.seed)
    state = _snapshot(sandbox, instance, answers)
    result = engine_port.grade(instance, state, now=_now(), visible_only=True, lang=lang)
    # Graded with the visible checks only (the engine leaves the others out): no totals of
    # hidden checks here, after the due date either.
    result = _visible(result, due_passed=False)
    if result["score"] != result["max_score"]:
        sandbox.failed_checks += 1
        sandbox.save(update_fields=["failed_checks"])
    return result


# ----- submissions -----


@transaction.atomic
def submission_create(
    *, user: User, item: AssignmentItem, lang: str = "en",
    answers: dict[str, str] | None = None,
) -> Submission:
    """Record an attempt (the sandbox snapshot, command log included) and queue its grading."""
    sandbox = LearnerSandbox.objects.select_for_update().filter(user=user, item=item).first()
    if sandbox is None:
        raise GradingError(_("Open the exercise before submitting."))
    assignment = item.assignment
    done = Submission.objects.filter(user=user, item=item).count()
    if assignment.attempts_limit and done >= assignment.attempts_limit:
        raise GradingError(_("No attempts left (limit %(limit)s).") % {
            "limit": assignment.attempts_limit})
    now = timezone.now()
    submission = Submission(
        user=user, item=item, exercise=item.exercise, attempt=done + 1, seed=sandbox.seed,
        lang=lang if lang in ("ko", "en") else "en",
        snapshot=_snapshot(sandbox, _instance(item.exercise, sandbox.seed), answers),
        graded_now=now.timestamp(),
        late_factor=deadlines.late_factor(assignment, deadlines.due_for(user=user, item=item), now),
    )
    submission.full_clean()
    submission.save()
    submissions.submission_queue(submission=submission)
    return submission


def submission_learner_view(*, submission: Submission) -> dict[str, Any]:
    """A submission as its learner may see it (never hidden checks' ids or messages); a
    failed or overdue one carries a translated message and ``can_retry``."""
    view: dict[str, Any] = {"id": submission.pk, "attempt": submission.attempt,
                            "status": submission.status, "points": submission.points,
                            "item_points": float(submission.item.points),
                            "late_factor": submission.late_factor,
                            "can_retry": submissions.submission_retryable(submission=submission)}
    if submission.status == Submission.Status.GRADED and submission.result:
        passed = deadlines.reveal_passed(item=submission.item)
        view["result"] = _visible(submission.result, due_passed=passed)
        if learner_grade.grade_withheld(item=submission.item):
            view["points"], view["withheld"] = None, True
    elif submission.status == Submission.Status.ERROR:
        stuck = bool((submission.result or {}).get("stuck"))
        view["message"] = (_("Grading did not finish. Press Retry to grade it again.") if stuck
                           else _("Grading failed: the exercise could not be graded. Press "
                                  "Retry, or tell your instructor if it fails again."))
    elif view["can_retry"]:
        view["message"] = _("Grading is taking longer than it should. Press Retry.")
    return view


# ----- hints and overrides -----


@transaction.atomic
def hint_reveal(
    *, user: User, item: AssignmentItem, index: int, lang: str
) -> dict[str, Any]:
    sandbox = LearnerSandbox.objects.get(user=user, item=item)
    instance = _instance(item.exercise, sandbox.seed)
    try:
        hint = engine_port.hint_view(instance, lang, index)
    except IndexError as error:
        raise GradingError(_("No such hint.")) from error
    failures = sandbox.failed_checks + Submission.objects.filter(
        user=user, item=item, status=Submission.Status.GRADED).exclude(
        score__gte=F("max_score")).count()
    if failures < hint["after_failures"]:
        needed = hint["after_failures"]
        raise GradingError(ngettext(
            "This hint opens after %(count)d failed check.",
            "This hint opens after %(count)d failed checks.", needed) % {"count": needed})
    HintReveal.objects.get_or_create(user=user, item=item, index=index,
                                     defaults={"cost": hint["cost"]})
    return hint


@transaction.atomic
def grade_override(
    *, user: User, item: AssignmentItem, points: float, reason: str,
    by: User, previous: float | None = None,
) -> GradeOverride:
    """A manual grade between 0 and the item's points; the audit row keeps the grade the
    learner had just before (``previous``, else the gradebook's current value)."""
    if not reason.strip():
        raise GradingError(_("A manual grade needs a reason."))
    if not 0 <= points <= float(item.points):
        raise GradingError(_("A manual grade is between 0 and the item's %(points)s points.")
                           % {"points": f"{float(item.points):g}"})
    if previous is None:
        from grading import learner_grade

        previous = learner_grade.grade_for(user=user, item=item).points
    override = GradeOverride(user=user, item=item, points=points, reason=reason.strip(), by=by,
                             previous_points=previous)
    override.full_clean()
    override.save()
    grade_changed(user_id=user.pk, item_id=item.pk)
    return override


@transaction.atomic
def grade_override_undo(*, user: User, item: AssignmentItem,
                        by: User) -> GradeOverride:
    """Revert the learner's current manual grade: the row stays in the audit log, marked, and
    the grade falls back to the override before it or to the automatic grade."""
    current = (GradeOverride.objects.select_for_update().filter(
        user=user, item=item, reverted_at__isnull=True).order_by("-at", "-pk").first())
    if current is None:
        raise GradingError(_("There is no manual grade to undo."))
    current.reverted_at, current.reverted_by = timezone.now(), by
    current.save(update_fields=["reverted_at", "reverted_by"])
    grade_changed(user_id=user.pk, item_id=item.pk)
    return current
