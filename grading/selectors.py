"""Reads of the grading app: who sees which course, a learner's score, the gradebook."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Case, F, QuerySet, When

from grading import access
from grading.models import (
    Assignment,
    AssignmentItem,
    Course,
    CourseRole,
    CourseRoleChange,
    Exercise,
    GradeOverride,
    HintReveal,
    LearnerSandbox,
    Submission,
)

# ``*_taught``: what the teaching roles (owner, instructor) reach, 404 to a TA; ``*_staffed``:
# any role, the page then checks the action (grading/guards.py's require_course, a 403).


def course_list_taught(*, user: User) -> QuerySet[Course]:
    """Courses ``user`` teaches (owner or instructor)."""
    return access.courses_taught(user=user)


def course_list_staffed(*, user: User) -> QuerySet[Course]:
    """Courses ``user`` has any role in (TA included), with that role as ``role``."""
    return access.courses_for(user=user).annotate(role=F("roles__role"))


def course_list_joined(*, user: User) -> QuerySet[Course]:
    return Course.objects.filter(learners=user)


def course_get_taught(*, user: User, course_id: int) -> Course | None:
    return course_list_taught(user=user).filter(pk=course_id).first()


def course_get_staffed(*, user: User, course_id: int) -> Course | None:
    return access.courses_for(user=user).filter(pk=course_id).first()


def assignment_get_taught(*, user: User, assignment_id: int) -> Assignment | None:
    return Assignment.objects.filter(pk=assignment_id,
                                     course__in=access.courses_taught(user=user)).first()


def assignment_get_staffed(*, user: User, assignment_id: int) -> Assignment | None:
    return Assignment.objects.filter(pk=assignment_id,
                                     course__in=access.courses_for(user=user)).first()


def item_get_taught(*, user: User, item_id: int) -> AssignmentItem | None:
    return AssignmentItem.objects.filter(
        pk=item_id, assignment__course__in=access.courses_taught(user=user)
    ).select_related("exercise").first()


def item_get_staffed(*, user: User, item_id: int) -> AssignmentItem | None:
    return AssignmentItem.objects.filter(
        pk=item_id, assignment__course__in=access.courses_for(user=user)
    ).select_related("exercise").first()


def course_people(*, course: Course) -> QuerySet[CourseRole]:
    """The course's owner, instructors and TAs, the owner first, then by user name."""
    order = Case(When(role=CourseRole.Role.OWNER, then=0), default=1)
    return course.roles.select_related("user").order_by(order, "user__username")


def course_role_changes(*, course: Course, limit: int = 50) -> QuerySet[CourseRoleChange]:
    """The latest changes of the course's people, newest first (the People page's trail)."""
    return course.role_changes.select_related("user", "by")[:limit]


def item_get_for_learner(*, user: User, item_id: int) -> AssignmentItem | None:
    return AssignmentItem.objects.filter(
        pk=item_id, assignment__course__learners=user
    ).select_related("exercise", "assignment").first()


def assignment_list_for_learner(*, user: User) -> QuerySet[Assignment]:
    return Assignment.objects.filter(course__learners=user).prefetch_related("items__exercise")


def exercise_latest_list() -> list[Exercise]:
    """The latest version of every exercise."""
    latest: dict[str, Exercise] = {}
    for exercise in Exercise.objects.order_by("exercise_id", "-version"):
        latest.setdefault(exercise.exercise_id, exercise)
    return list(latest.values())


def exercise_get_latest(*, exercise_id: str) -> Exercise | None:
    return Exercise.objects.filter(exercise_id=exercise_id).order_by("-version").first()


def exercise_versions(*, exercise_id: str) -> QuerySet[Exercise]:
    return Exercise.objects.filter(exercise_id=exercise_id).order_by("-version")


def sandbox_id_for_token(*, user_id: int | None, token: str, learner_key: str = "") -> str | None:
    """The sandbox behind a page's ``?sandbox=`` token, only for the learner who owns it
    (assignment sandboxes belong to signed-in learners only: ``learner_key`` is not used)."""
    if not user_id or not token:
        return None
    row = LearnerSandbox.objects.filter(token=token, user_id=user_id).first()
    return row.sandbox_id if row else None


def submission_list(*, user: User, item: AssignmentItem) -> QuerySet[Submission]:
    return Submission.objects.filter(user=user, item=item).order_by("-attempt")


def hint_reveal_list(*, user: User, item: AssignmentItem) -> QuerySet[HintReveal]:
    return HintReveal.objects.filter(user=user, item=item).order_by("index")


@dataclass
class Cell:
    """One learner × item of the gradebook."""

    item_pk: int = 0
    points: float | None = None
    status: str = "missing"  # missing | pending | graded | error | overridden
    attempts: int = 0
    submission: Submission | None = None
    override: GradeOverride | None = None


def cell_for(
    *, item: AssignmentItem, submissions: list[Submission], override: GradeOverride | None
) -> Cell:
    assignment = item.assignment
    cell = Cell(item_pk=item.pk, attempts=len(submissions), override=override)
    graded = [s for s in submissions if s.status == Submission.Status.GRADED]
    if graded:
        if assignment.score_policy == Assignment.ScorePolicy.LAST:
            chosen = max(graded, key=lambda s: s.attempt)
        else:
            chosen = max(graded, key=lambda s: (s.points or 0, s.attempt))
        cell.submission, cell.points, cell.status = chosen, chosen.points, "graded"
    elif submissions:
        cell.submission = max(submissions, key=lambda s: s.attempt)
        cell.status = cell.submission.status
    if override is not None:
        cell.points, cell.status = override.points, "overridden"
    return cell


@dataclass
class Gradebook:
    assignment: Assignment
    items: list[AssignmentItem]
    learners: list[Any]
    cells: dict[tuple[int, int], Cell]  # (user pk, item pk)
    pass_rates: dict[int, list[tuple[str, int, int]]] = field(default_factory=dict)

    @property
    def pass_rate_rows(self) -> list[tuple[int, str, int, int]]:
        return [(item_pk, cid, ok, total) for item_pk, rates in self.pass_rates.items()
                for cid, ok, total in rates]

    def rows(self) -> list[tuple[Any, list[Cell], float]]:
        out = []
        for learner in self.learners:
            cells = [self.cells[(learner.pk, item.pk)] for item in self.items]
            out.append((learner, cells, round(float(sum(c.points or 0 for c in cells)), 4)))
        return out


def gradebook_get(
    *, assignment: Assignment, exercise_id: str = "", status: str = ""
) -> Gradebook:
    """Learners × items; ``exercise_id`` keeps those items, ``status`` those learners with a
    cell in that status. Pass rates are per check over each learner's chosen submission."""
    items = list(assignment.items.select_related("exercise", "assignment"))
    if exercise_id:
        items = [i for i in items if i.exercise.exercise_id == exercise_id]
    learners = list(assignment.course.learners.order_by("username"))
    by_cell: dict[tuple[int, int], list[Submission]] = defaultdict(list)
    for sub in Submission.objects.filter(item__in=items):
        by_cell[(sub.user_id, sub.item_id)].append(sub)
    overrides: dict[tuple[int, int], GradeOverride] = {}
    for ov in GradeOverride.objects.filter(item__in=items, reverted_at__isnull=True).order_by(
            "at", "pk"):
        overrides[(ov.user_id, ov.item_id)] = ov
    cells = {
        (lr.pk, it.pk): cell_for(item=it, submissions=by_cell[(lr.pk, it.pk)],
                                 override=overrides.get((lr.pk, it.pk)))
        for lr in learners for it in items
    }
    if status:
        learners = [lr for lr in learners
                    if any(cells[(lr.pk, it.pk)].status == status for it in items)]
    book = Gradebook(assignment=assignment, items=items, learners=learners, cells=cells)
    book.pass_rates = {it.pk: _pass_rates([cells[(lr.pk, it.pk)] for lr in learners])
                       for it in items}
    return book


def _pass_rates(cells: list[Cell]) -> list[tuple[str, int, int]]:
    passed: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for cell in cells:
        result = cell.submission.result if cell.submission else None
        for check in (result or {}).get("checks", []):
            total[check["id"]] += 1
            passed[check["id"]] += 1 if check["passed"] else 0
    return [(cid, passed[cid], total[cid]) for cid in total]


# A cell a spreadsheet would run as a formula starts with one of these (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """OWASP's rule for CSV injection: text that starts like a formula gets a leading quote, so
    a username such as ``-2+3`` or ``@SUM(A1)`` stays text. Numbers we write are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer whose every text cell goes through csv_cell: one place for the rule."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([csv_cell(value) for value in row])


def _learner_columns(learner: Any) -> list[object]:
    # What an LMS import matches on: the stable id, the user name, the name and the e-mail.
    return [learner.get_username(), learner.pk, learner.get_full_name(), learner.email]


LEARNER_HEADER = ["username", "user_id", "name", "email"]


def gradebook_csv(*, book: Gradebook, shape: str = "wide") -> str:
    """Wide: one row per learner (a column per item, the grades the gradebook shows, manual
    ones included). Long: one row per learner × check of the counted attempt, each carrying
    the item's grade and, if an instructor set it, the manual grade's reason; a manual grade
    with no attempt behind it gets a row with the check columns empty."""
    out = io.StringIO()
    writer = _SafeWriter(out)
    if shape == "long":
        writer.writerow([*LEARNER_HEADER, "item", "exercise", "version", "attempt", "check",
                         "passed", "points", "max_points", "visibility", "item_grade",
                         "overridden", "override_reason"])
        for learner in book.learners:
            for item in book.items:
                cell = book.cells[(learner.pk, item.pk)]
                sub = cell.submission
                grade = ["" if cell.points is None else cell.points,
                         int(cell.override is not None),
                         cell.override.reason if cell.override else ""]
                checks = (sub.result or {}).get("checks", []) if sub else []
                for check in checks:
                    assert sub is not None  # checks come from a submission
                    writer.writerow([*_learner_columns(learner), item.order,
                                     item.exercise.exercise_id, sub.exercise.version,
                                     sub.attempt, check["id"], int(check["passed"]),
                                     check["points"], check["max_points"],
                                     check.get("visibility", "visible"), *grade])
                if not checks and cell.override is not None:
                    writer.writerow([*_learner_columns(learner), item.order,
                                     item.exercise.exercise_id, "", "", "", "", "", "", "",
                                     *grade])
        return out.getvalue()
    writer.writerow([*LEARNER_HEADER,
                     *[f"{i.order}:{i.exercise.exercise_id}" for i in book.items], "total"])
    for learner, cells, total in book.rows():
        writer.writerow([*_learner_columns(learner),
                         *["" if c.points is None else c.points for c in cells], total])
    return out.getvalue()


def override_list(*, item: AssignmentItem) -> QuerySet[GradeOverride]:
    return GradeOverride.objects.filter(item=item).select_related("user", "by")
