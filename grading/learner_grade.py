"""A learner's grade for one item exactly as the gradebook counts it (the same ``cell_for``):
the chosen attempt's points after the late factor and hint costs, or the instructor's manual
grade with its reason. What the exercise page shows the learner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from grading import deadlines, engine_port
from grading.models import AssignmentItem, GradeOverride, HintReveal, Submission
from grading.selectors import cell_for


@dataclass(frozen=True)
class LearnerGrade:
    points: float | None
    item_points: float
    status: str  # missing | pending | graded | error | overridden
    attempt: int | None
    late_factor: float
    hint_cost_points: float  # hints opened before the chosen attempt, in item points
    override_reason: str
    automatic_points: float | None  # the chosen attempt's points, under an override too

    def as_dict(self) -> dict[str, Any]:
        return {"points": self.points, "item_points": self.item_points, "status": self.status,
                "attempt": self.attempt, "late_factor": self.late_factor,
                "hint_cost_points": self.hint_cost_points,
                "override_reason": self.override_reason,
                "automatic_points": self.automatic_points}


def grade_for(*, user: Any, item: AssignmentItem) -> LearnerGrade:
    submissions = list(Submission.objects.filter(user=user, item=item))
    override = (GradeOverride.objects.filter(user=user, item=item, reverted_at__isnull=True)
                .order_by("-at", "-pk").first())
    cell = cell_for(item=item, submissions=submissions, override=override)
    chosen = cell.submission if cell.submission and cell.submission.status == "graded" else None
    hint_cost = 0.0
    if chosen is not None and chosen.max_score:
        costs = sum(HintReveal.objects.filter(
            user=user, item=item, revealed_at__lte=chosen.submitted_at)
            .values_list("cost", flat=True))
        raw_cost = min(costs, float(chosen.score or 0))  # points never go below 0
        hint_cost = round(raw_cost / float(chosen.max_score) * float(item.points)
                          * chosen.late_factor, 4)
    return LearnerGrade(
        points=cell.points, item_points=float(item.points), status=cell.status,
        attempt=chosen.attempt if chosen else None,
        late_factor=chosen.late_factor if chosen else 1.0, hint_cost_points=hint_cost,
        override_reason=override.reason if override else "",
        automatic_points=chosen.points if chosen else None)


def grade_withheld(*, item: AssignmentItem) -> bool:
    """Hidden checks reveal nothing before the due date: while the item's exercise has checks
    a learner does not see (``hidden``, ``after_due_date``) and some learner's due date is still
    ahead, the learner sees the visible checks only, never points that count the others (a
    10 / 10 would say a hidden check passed). Every learner's due date, extensions included, as
    for ``after_due_date`` checks, so nobody learns it from a classmate's earlier deadline."""
    checks = engine_port.load(item.exercise.yaml_text).raw["checks"]
    hidden = any(c.get("visibility", "visible") != "visible" for c in checks)
    return hidden and not deadlines.reveal_passed(item=item)


def summary_for(*, user: Any, item: AssignmentItem) -> str:
    """The learner's grade line for the exercise page: ``grade_summary``, or, while the grade
    is withheld, a line that says when it comes (the same for every exercise with hidden
    checks, so it tells nothing about them)."""
    if grade_withheld(item=item):
        return _("Your grade is shown after the due date; until then you see the results of "
                 "the visible checks.")
    return grade_summary(grade_for(user=user, item=item))


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def grade_summary(grade: LearnerGrade) -> str:
    """One line in the active language: the grade and what made it."""
    if grade.points is None:
        return _("Your grade: not graded yet (%(max)s points possible).") % {
            "max": _num(grade.item_points)}
    line = _("Your grade: %(points)s / %(max)s points.") % {
        "points": _num(grade.points), "max": _num(grade.item_points)}
    parts = []
    if grade.status == "overridden":
        parts.append(_("Set by your instructor: “%(reason)s”.") % {"reason": grade.override_reason})
        if grade.automatic_points is not None:
            parts.append(_("Automatic grade: %(points)s.") % {
                "points": _num(grade.automatic_points)})
    else:
        if grade.attempt is not None:
            parts.append(_("Attempt %(n)s counts.") % {"n": grade.attempt})
        if grade.late_factor < 1:
            parts.append(_("Late: ×%(factor)s.") % {"factor": _num(grade.late_factor)})
        if grade.hint_cost_points:
            parts.append(_("Hints: −%(points)s.") % {"points": _num(grade.hint_cost_points)})
    return " ".join([line, *parts])
