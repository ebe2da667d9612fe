"""Grade passback (AGS): whenever a learner's grade for an item of a linked assignment changes
(a submission graded, a manual grade set or undone, a regrade applied), the assignment's total
goes to the platform's column as partial credit: scoreGiven = the sum of the learner's item
points (the gradebook's, ``learner_grade.grade_for``), scoreMaximum = the sum of the items'
points.

Off the request path: ``grade_changed`` marks an ``LtiScore`` row pending and queues the push
once the caller's transaction commits. The push always sends the grade as it is *now*, so a
retry, a duplicate delivery or pushes out of order cannot send a stale one. A failure is kept
on the row (the assignment page shows it, with a button to send again) and retried with a
back-off; the grade itself is only ever in the gradebook, so nothing is lost locally.

Hidden checks reveal nothing before the due date (``learner_grade.grade_withheld``): while an
item's grade is withheld the row stays pending with that reason, and the sweep sends it once
the due date has passed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from grading import learner_grade
from grading.lti import adapter
from grading.lti.models import LtiAssignmentLink, LtiScore

WITHHELD = "withheld until the due date (hidden checks)"
RETRY_AFTER = timedelta(minutes=5)
MAX_SWEEP_ATTEMPTS = 20


def _queue(score_id: int) -> None:
    from grading import tasks

    transaction.on_commit(lambda: tasks.lti_score_push.delay(score_id))


def grade_changed(*, user_id: int, item_id: int) -> None:
    """Call inside the transaction that changed the grade; a no-op for unlinked assignments."""
    for link_id in LtiAssignmentLink.objects.filter(
            assignment__items=item_id).values_list("pk", flat=True):
        score, created = LtiScore.objects.get_or_create(link_id=link_id, user_id=user_id)
        if not created:
            LtiScore.objects.filter(pk=score.pk).update(
                status=LtiScore.Status.PENDING, changed_at=timezone.now())
        _queue(score.pk)


def assignment_total(*, user: Any, link: LtiAssignmentLink) -> tuple[float, float, bool]:
    """(points, maximum, withheld) of the learner's assignment as the gradebook counts it."""
    given = maximum = 0.0
    withheld = False
    for item in link.assignment.items.select_related("exercise", "assignment"):
        maximum += float(item.points)
        withheld = withheld or learner_grade.grade_withheld(item=item)
        given += learner_grade.grade_for(user=user, item=item).points or 0.0
    return round(given, 4), round(maximum, 4), withheld


def score_push(*, score_id: int) -> LtiScore | None:
    """Send the learner's current total. Raises ``adapter.ServiceError`` after recording it, so
    the task retries."""
    score = (LtiScore.objects.select_related("link__assignment", "user")
             .filter(pk=score_id).first())
    if score is None:
        return None
    link = score.link
    given, maximum, withheld = assignment_total(user=score.user, link=link)
    if withheld:
        LtiScore.objects.filter(pk=score.pk).update(status=LtiScore.Status.PENDING,
                                                    last_error=WITHHELD)
        return score
    sub = adapter.user_sub(resource_link_pk=link.resource_link_id, user_id=score.user_id)
    if sub is None:  # a learner who joined without the platform: it has no column for them
        LtiScore.objects.filter(pk=score.pk).update(
            status=LtiScore.Status.FAILED, last_error="the learner has no account on the platform")
        return score
    target = adapter.ScoreTarget(
        resource_link_pk=link.resource_link_id, scopes=tuple(link.ags_scopes),
        lineitems_url=link.lineitems_url, lineitem_url=link.lineitem_url,
        label=link.assignment.title, resource_id=f"assignment-{link.assignment_id}")
    try:
        lineitem_url = adapter.score_post(target=target, sub=sub, score_given=given,
                                          score_maximum=maximum,
                                          timestamp=timezone.now().isoformat())
    except adapter.ServiceError as error:
        # changed_at: the sweep waits RETRY_AFTER from the last failure, not the grade change.
        LtiScore.objects.filter(pk=score.pk).update(
            status=LtiScore.Status.FAILED, attempts=score.attempts + 1,
            last_error=str(error)[:1000], changed_at=timezone.now())
        raise
    if not link.lineitem_url:  # found or created: the next push goes straight to it
        LtiAssignmentLink.objects.filter(pk=link.pk).update(lineitem_url=lineitem_url)
    LtiScore.objects.filter(pk=score.pk).update(
        status=LtiScore.Status.SENT, score_given=given, score_maximum=maximum,
        attempts=score.attempts + 1, last_error="", sent_at=timezone.now())
    score.refresh_from_db()
    return score


def scores_resend(*, assignment_id: int) -> int:
    """The instructor's "Send again": queue every row of the assignment not yet sent."""
    ids = list(LtiScore.objects.filter(link__assignment_id=assignment_id).exclude(
        status=LtiScore.Status.SENT).values_list("pk", flat=True))
    for score_id in ids:
        _queue(score_id)
    return len(ids)


def _withheld(link: LtiAssignmentLink) -> bool:
    return any(learner_grade.grade_withheld(item=item)
               for item in link.assignment.items.select_related("exercise", "assignment"))


def scores_sweep(*, now: Any = None) -> int:
    """Queue rows still pending or failed a while after their last change or failure (a
    platform that was down past the task's retries, a withheld grade whose due date passed).
    Withheld is asked once per link, so a class waiting for its due date costs no tasks."""
    cutoff = (now or timezone.now()) - RETRY_AFTER
    by_link: dict[int, list[int]] = defaultdict(list)
    for score_id, link_id in LtiScore.objects.filter(
            status__in=[LtiScore.Status.PENDING, LtiScore.Status.FAILED], changed_at__lt=cutoff,
            attempts__lt=MAX_SWEEP_ATTEMPTS).values_list("pk", "link_id"):
        by_link[link_id].append(score_id)
    queued = 0
    for link in LtiAssignmentLink.objects.filter(pk__in=by_link).select_related("assignment"):
        if _withheld(link):
            continue
        for score_id in by_link[link.pk]:
            _queue(score_id)
            queued += 1
    adapter.stored_values_expire()
    return queued


def assignment_changed(*, assignment_id: int) -> None:
    """An item added to a linked assignment changes every learner's maximum: send them all."""
    for score_id in LtiScore.objects.filter(link__assignment_id=assignment_id).values_list(
            "pk", flat=True):
        LtiScore.objects.filter(pk=score_id).update(status=LtiScore.Status.PENDING,
                                                    changed_at=timezone.now())
        _queue(score_id)


def status_counts(*, assignment_id: int) -> dict[str, int]:
    counts = {status: 0 for status in LtiScore.Status.values}
    for status in LtiScore.objects.filter(link__assignment_id=assignment_id).values_list(
            "status", flat=True):
        counts[status] += 1
    return counts
