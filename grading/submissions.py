"""Writes of a submission's grading life on the workers: queue, grade (idempotent), sweep what a
lost worker left behind, a learner's retry (regrades: grading/regrades.py).

Grading is a pure function of the stored submission, so doing it twice gives the same result;
that is what makes late acknowledgement, database-error retries and the sweep safe here (unlike
simulator commands, which the terminal tasks must never run twice).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grading import engine_port
from grading.lti.passback import grade_changed
from grading.models import Exercise, HintReveal, Submission


class SubmissionError(ValueError):
    """A retry or regrade that is not allowed; the (translated) message is shown as is."""


def _stuck_after() -> timedelta:
    return timedelta(seconds=float(settings.GRADING_STUCK_SECONDS))


def submission_queue(*, submission: Submission) -> None:
    """Queue grading of ``submission`` once the caller's transaction commits (one attempt)."""
    from grading import tasks

    submission.status = Submission.Status.PENDING
    submission.queued_at = timezone.now()
    submission.grade_attempts += 1
    submission.save(update_fields=["status", "queued_at", "grade_attempts"])
    pk = submission.pk
    transaction.on_commit(lambda: tasks.submission_grade.delay(pk))


def _points(submission: Submission, result: dict[str, Any]) -> float:
    # A hint costs from the moment it is opened: attempts made after it pay, earlier ones do
    # not, whether graded now or regraded later, under "best" and "last" alike.
    costs = sum(HintReveal.objects.filter(
        user=submission.user, item=submission.item, revealed_at__lte=submission.submitted_at)
        .values_list("cost", flat=True))
    max_score = float(result["max_score"]) or 1.0
    raw = max(0.0, float(result["score"]) - costs)
    return round(raw / max_score * float(submission.item.points) * submission.late_factor, 4)


def _evaluate(submission: Submission, exercise: Exercise) -> dict[str, Any]:
    instance = engine_port.instance_for(exercise.yaml_text, submission.seed)
    return engine_port.grade(instance, submission.snapshot, now=submission.graded_now,
                             lang=submission.lang)


def grade_into(submission: Submission, exercise: Exercise) -> dict[str, Any]:
    """Grade ``submission`` with ``exercise`` into its fields (not saved). A broken exercise is
    the one failure grading again cannot mend: it ends in ERROR with the engine's message."""
    try:
        result = _evaluate(submission, exercise)
    except Exception as error:  # noqa: BLE001 - any engine failure is the exercise's, shown as such
        submission.status = Submission.Status.ERROR
        submission.result = {"error": str(error)[:500]}
        return submission.result
    submission.result = result
    submission.score, submission.max_score = result["score"], result["max_score"]
    submission.points = _points(submission, result)
    submission.status = Submission.Status.GRADED
    return result


@transaction.atomic
def submission_grade(*, submission_id: int) -> Submission | None:
    """Grade a stored submission (on a worker): all checks, hidden ones included.

    Idempotent: a submission already graded (a re-delivered or swept duplicate) is left as it
    is; one that no longer exists (deleted with its course) is nothing to do. Database errors
    propagate so the task retries them."""
    submission = (Submission.objects.select_for_update().select_related("item", "exercise")
                  .filter(pk=submission_id).first())
    if submission is None or submission.status != Submission.Status.PENDING:
        return submission
    grade_into(submission, submission.exercise)
    submission.save(update_fields=["result", "score", "max_score", "points", "status"])
    grade_changed(user_id=submission.user_id, item_id=submission.item_id)
    return submission


def submission_sweep(*, now: datetime | None = None) -> int:
    """Re-queue submissions still pending past the deadline (a worker died or the message was
    lost); after GRADING_MAX_ATTEMPTS they end in a clear error the learner can retry.
    Returns how many were re-queued or failed. Each is its own transaction."""
    cutoff = (now or timezone.now()) - _stuck_after()
    stuck = list(Submission.objects.filter(status=Submission.Status.PENDING,
                                           queued_at__lt=cutoff).values_list("pk", flat=True))
    handled = 0
    for pk in stuck:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().filter(
                pk=pk, status=Submission.Status.PENDING, queued_at__lt=cutoff).first()
            if submission is None:  # graded meanwhile
                continue
            handled += 1
            if submission.grade_attempts >= int(settings.GRADING_MAX_ATTEMPTS):
                submission.status = Submission.Status.ERROR
                submission.result = {"error": "grading did not finish", "stuck": True}
                submission.save(update_fields=["status", "result"])
            else:
                submission_queue(submission=submission)
    return handled


@transaction.atomic
def submission_retry(*, submission_id: int, user: User) -> Submission:
    """The learner's Retry: grade again a submission that failed or is overdue."""
    submission = Submission.objects.select_for_update().filter(
        pk=submission_id, user=user).first()
    if submission is None:
        raise SubmissionError(_("No such submission."))
    if not submission_retryable(submission=submission):
        raise SubmissionError(_("This submission is being graded; wait for its result."))
    submission.grade_attempts = 0  # a learner's retry gets a fresh allowance from the sweep
    submission_queue(submission=submission)
    return submission


def submission_retryable(*, submission: Submission, now: datetime | None = None) -> bool:
    if submission.status == Submission.Status.ERROR:
        return True
    overdue = submission.queued_at is None or submission.queued_at < (
        (now or timezone.now()) - _stuck_after())
    return submission.status == Submission.Status.PENDING and overdue
