"""Due dates: each course's time zone, a learner's own due date (extensions) and the late rule.

Due dates are stored aware (UTC in the database); forms read them in the course's zone (the
views wrap a course's pages in ``timezone.override(course.time_zone)``) and pages show them
with the zone named, so "23:59" means 23:59 where the class is, not in UTC.
"""

from __future__ import annotations

import math
import zoneinfo
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grading.models import Assignment, AssignmentItem, DueExtension


class DeadlineError(ValueError):
    """A time zone or extension that is not allowed; the message is shown as is."""


def zone_get(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise DeadlineError(_("“%(zone)s” is not a time zone (for example Asia/Seoul).")
                            % {"zone": name}) from error


def due_format(at: datetime | None, zone_name: str) -> str:
    """``2026-12-10 23:59 KST (Asia/Seoul)``: the instant in the zone, with both names (the
    abbreviation alone is ambiguous, the IANA name alone unfamiliar)."""
    if at is None:
        return "—"
    local = at.astimezone(zone_get(zone_name))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({zone_name})"


def due_for(*, user: Any, item: AssignmentItem) -> datetime | None:
    """The learner's due date for ``item``: an item extension, else an assignment extension,
    else the assignment's due date."""
    rows = {row.item_id: row.due_at for row in DueExtension.objects.filter(
        user=user, assignment_id=item.assignment_id)}
    if item.pk in rows:
        return rows[item.pk]
    if None in rows:
        return rows[None]
    return item.assignment.due_at


def assignment_dues_for(*, user: Any) -> dict[int, datetime]:
    """The learner's assignment-wide extensions, by assignment id (the home page)."""
    return dict(DueExtension.objects.filter(user=user, item__isnull=True)
                .values_list("assignment_id", "due_at"))


def late_factor(assignment: Assignment, due: datetime | None, at: datetime) -> float:
    """The factor on an attempt at ``at`` with the learner's due date ``due``: whole days late
    (a started day counts) times the penalty, or nothing after the due date."""
    if due is None or at <= due:
        return 1.0
    if assignment.late_policy == Assignment.LatePolicy.NO_CREDIT:
        return 0.0
    if assignment.late_policy == Assignment.LatePolicy.PENALTY:
        days = math.ceil((at - due).total_seconds() / 86400)
        return max(0.0, 1.0 - assignment.penalty_percent_per_day * days / 100)
    return 1.0


def due_passed(*, user: Any, item: AssignmentItem, at: datetime | None = None) -> bool:
    due = due_for(user=user, item=item)
    return due is not None and (at or timezone.now()) > due


def reveal_passed(*, item: AssignmentItem, at: datetime | None = None) -> bool:
    """Hidden checks marked ``after_due_date`` open once every learner's due date for the item
    has passed (extensions included), so a learner still working never learns them from one
    whose deadline was earlier."""
    dues = [item.assignment.due_at, *DueExtension.objects.filter(
        assignment_id=item.assignment_id, item__isnull=True).values_list("due_at", flat=True),
        *item.extensions.values_list("due_at", flat=True)]
    if item.assignment.due_at is None:
        return False
    return (at or timezone.now()) > max(d for d in dues if d is not None)


@transaction.atomic
def course_time_zone_set(*, course: Any, name: str) -> None:
    """Change the zone due dates are read and shown in. Stored due dates are instants and stay
    where they are: a 23:59 KST deadline shows as 15:59 CET after a change to Europe/Berlin."""
    zone_get(name)
    course.time_zone = name
    course.save(update_fields=["time_zone"])


@transaction.atomic
def extension_set(
    *, assignment: Assignment, user: Any, due_at: datetime, by: Any,
    item: AssignmentItem | None = None,
) -> DueExtension:
    """Give ``user`` (a learner of the course) their own due date for the assignment or one of
    its items; setting it again replaces it."""
    if not assignment.course.learners.filter(pk=user.pk).exists():
        raise DeadlineError(_("Only learners of the course get extensions."))
    if item is not None and item.assignment_id != assignment.pk:
        raise DeadlineError(_("That exercise is not in this assignment."))
    if timezone.is_naive(due_at):
        raise DeadlineError(_("An extension needs a due date with a time zone."))
    row, _created = DueExtension.objects.update_or_create(
        user=user, assignment=assignment, item=item, defaults={"due_at": due_at, "by": by})
    return row
