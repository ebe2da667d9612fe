"""An instructor's regrade of one item with an exercise version: first a preview, written only
once confirmed.

1. ``regrade_preview_start`` queues a worker job that grades every submission made so far with
   the chosen version and stores each outcome as a ``Regrade`` row (``applied=False``). Nothing
   a learner or the gradebook sees changes: submissions, the item's version and grades stay.
2. The instructor reads the preview: per learner the grade before → after (the assignment's
   best/last policy and any manual grade included), and how many change.
3. ``regrade_confirm`` moves the item to the version (later submissions use it) and queues the
   apply job, which writes each previewed row's result as it is: the confirmed regrade gives
   exactly the previewed grades. A submission that changed since the preview (another regrade,
   a retry) and submissions made between preview and confirmation are graded afresh then.

Each row is its own transaction, so progress shows and a retried job resumes where it stopped;
the rows keep the results from before, so a regrade can be undone by regrading back.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grading.lti.passback import grade_changed
from grading.models import (
    AssignmentItem,
    Exercise,
    GradeOverride,
    Regrade,
    RegradeJob,
    Submission,
)
from grading.selectors import cell_for
from grading.submissions import SubmissionError, grade_into


@transaction.atomic
def regrade_preview_start(
    *, item: AssignmentItem, exercise: Exercise, by: User | None = None
) -> RegradeJob:
    """Queue the preview of regrading every submission of ``item`` made so far with
    ``exercise`` (a version of the same exercise). Changes nothing but the new job."""
    if exercise.exercise_id != item.exercise.exercise_id:
        raise SubmissionError(_("A regrade needs a version of the same exercise."))
    submissions = Submission.objects.filter(item=item)
    last = submissions.order_by("-pk").values_list("pk", flat=True).first() or 0
    job = RegradeJob.objects.create(item=item, exercise=exercise, by=by, last_submission_id=last,
                                    total=submissions.count(),
                                    status=RegradeJob.Status.PREVIEWING)
    from grading import tasks

    transaction.on_commit(lambda: tasks.regrade_preview.delay(job.pk))
    return job


def _preview_one(job: RegradeJob, submission_id: int) -> None:
    with transaction.atomic():
        submission = Submission.objects.select_related("item", "exercise").get(pk=submission_id)
        if Regrade.objects.filter(job=job, submission=submission).exists():
            return  # a retried or re-delivered job already did this one
        old_result, old_points, old_exercise = (submission.result, submission.points,
                                                submission.exercise)
        # On a copy: the preview never writes to the submission.
        trial = copy.copy(submission)
        result = grade_into(trial, job.exercise)
        Regrade.objects.create(
            job=job, submission=submission, old_exercise=old_exercise,
            new_exercise=job.exercise, old_result=old_result, new_result=result,
            old_points=old_points, new_points=trial.points, by=job.by, applied=False)
        RegradeJob.objects.filter(pk=job.pk).update(done=Regrade.objects.filter(job=job).count())


def regrade_preview_run(*, job_id: int) -> RegradeJob:
    """The worker's side of a preview: one ``Regrade`` row (not applied) per submission."""
    job = RegradeJob.objects.select_related("exercise", "by").get(pk=job_id)
    if job.status != RegradeJob.Status.PREVIEWING:
        return job  # already previewed (a re-delivered task), confirmed or failed
    ids = Submission.objects.filter(item_id=job.item_id, pk__lte=job.last_submission_id)
    for submission_id in ids.order_by("pk").values_list("pk", flat=True):
        _preview_one(job, submission_id)
    RegradeJob.objects.filter(pk=job.pk, status=RegradeJob.Status.PREVIEWING).update(
        status=RegradeJob.Status.PREVIEW, done=Regrade.objects.filter(job=job).count())
    job.refresh_from_db()
    return job


@transaction.atomic
def regrade_confirm(*, job: RegradeJob, by: User | None = None) -> RegradeJob:
    """Write a previewed regrade: the item moves to the job's version now and the worker
    applies the previewed results. Only a finished preview can be confirmed, once."""
    job = RegradeJob.objects.select_for_update().get(pk=job.pk)
    if job.status != RegradeJob.Status.PREVIEW:
        raise SubmissionError(_("Only a finished preview can be confirmed, and only once."))
    item = AssignmentItem.objects.select_for_update().get(pk=job.item_id)
    job.previous_exercise = item.exercise
    item.exercise = job.exercise
    item.save(update_fields=["exercise"])
    submissions = Submission.objects.filter(item=item)
    job.last_submission_id = max(job.last_submission_id, submissions.order_by("-pk").values_list(
        "pk", flat=True).first() or 0)
    job.total = submissions.filter(pk__lte=job.last_submission_id).count()
    job.done = Regrade.objects.filter(job=job, applied=True).count()
    job.status, job.confirmed_at, job.confirmed_by = (RegradeJob.Status.QUEUED, timezone.now(),
                                                      by)
    job.save()
    from grading import tasks

    transaction.on_commit(lambda: tasks.regrade_run.delay(job.pk))
    return job


def _unchanged_since_preview(submission: Submission, row: Regrade) -> bool:
    return (submission.exercise_id == row.old_exercise_id and submission.points == row.old_points
            and submission.result == row.old_result)


def _apply_one(job: RegradeJob, submission_id: int) -> None:
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related(
            "item", "exercise").get(pk=submission_id)
        row = Regrade.objects.filter(job=job, submission=submission).first()
        if row is not None and row.applied:
            return  # a retried or re-delivered job already did this one
        if row is not None and _unchanged_since_preview(submission, row):
            result = row.new_result or {}
            submission.result = row.new_result
            if row.new_points is not None:
                submission.score, submission.max_score = result["score"], result["max_score"]
                submission.status = Submission.Status.GRADED
            else:  # the new version could not grade it: the error the preview showed
                submission.status = Submission.Status.ERROR
            submission.points = row.new_points
        else:
            old_result, old_points, old_exercise = (submission.result, submission.points,
                                                    submission.exercise)
            result = grade_into(submission, job.exercise)
            if row is None:
                row = Regrade(job=job, submission=submission, by=job.by)
            row.old_exercise, row.old_result, row.old_points = (old_exercise, old_result,
                                                                old_points)
            row.new_exercise, row.new_result, row.new_points = (job.exercise, result,
                                                                submission.points)
        submission.exercise = row.new_exercise  # the job's version (an undo: each one's own)
        submission.save()
        row.applied = True
        row.save()
        grade_changed(user_id=submission.user_id, item_id=submission.item_id)
        RegradeJob.objects.filter(pk=job.pk).update(
            done=Regrade.objects.filter(job=job, applied=True).count())


def regrade_run(*, job_id: int) -> RegradeJob:
    """The worker's side of a confirmed regrade: one transaction per submission, so progress
    shows and a retry after a crash or a database error resumes where it stopped."""
    job = RegradeJob.objects.select_related("exercise", "by").get(pk=job_id)
    if job.status == RegradeJob.Status.DONE or job.confirmed_at is None:
        return job
    RegradeJob.objects.filter(pk=job.pk).update(status=RegradeJob.Status.RUNNING)
    ids = Submission.objects.filter(item_id=job.item_id, pk__lte=job.last_submission_id)
    for submission_id in ids.order_by("pk").values_list("pk", flat=True):
        _apply_one(job, submission_id)
    RegradeJob.objects.filter(pk=job.pk).update(
        status=RegradeJob.Status.DONE, finished_at=timezone.now(),
        done=Regrade.objects.filter(job=job, applied=True).count())
    job.refresh_from_db()
    return job


@transaction.atomic
def regrade_undo_start(*, job: RegradeJob, by: User | None = None) -> RegradeJob:
    """Undo a written regrade, previewed like any regrade: a job whose rows put back each
    submission's result from before (the rows kept them; nothing is graded again) and whose
    version is the item's version before it. Confirming it writes them back."""
    job = RegradeJob.objects.select_for_update().get(pk=job.pk)
    if job.status != RegradeJob.Status.DONE or job.previous_exercise_id is None:
        raise SubmissionError(_("Only a finished regrade can be undone."))
    if job.undone_by.exclude(status=RegradeJob.Status.ERROR).exists():
        raise SubmissionError(_("This regrade was undone already."))
    assert job.previous_exercise is not None  # checked above; for the type checker
    rows = list(job.regrades.filter(applied=True).select_related("submission"))
    undo = RegradeJob.objects.create(
        item_id=job.item_id, exercise=job.previous_exercise, by=by, undoes=job,
        last_submission_id=job.last_submission_id, total=len(rows), done=len(rows),
        status=RegradeJob.Status.PREVIEW)
    for row in rows:
        current = row.submission
        Regrade.objects.create(
            job=undo, submission=current, old_exercise_id=current.exercise_id,
            new_exercise=row.old_exercise, old_result=current.result, new_result=row.old_result,
            old_points=current.points, new_points=row.old_points, by=by, applied=False)
    return undo


def regrade_fail(*, job_id: int, error: str) -> None:
    """A job that ran out of retries: say so on the instructor's page (it can be started again)."""
    RegradeJob.objects.filter(pk=job_id).exclude(status=RegradeJob.Status.DONE).update(
        status=RegradeJob.Status.ERROR, error=error[:500], finished_at=timezone.now())


# ----- what the preview shows -----


@dataclass(frozen=True)
class LearnerChange:
    """One learner's grade for the item before and after the regrade, as the gradebook counts
    it (best/last attempt; a manual grade stays and is marked)."""

    learner: Any
    old_points: float | None
    new_points: float | None
    overridden: bool
    rows: list[Regrade]

    @property
    def changed(self) -> bool:
        return self.old_points != self.new_points


def _as_graded(submission: Submission, points: float | None) -> Submission:
    trial = copy.copy(submission)
    trial.points = points
    trial.status = Submission.Status.GRADED if points is not None else Submission.Status.ERROR
    return trial


def regrade_learner_changes(*, job: RegradeJob) -> list[LearnerChange]:
    """Per learner with a submission in ``job``: the grade with the rows' old points and with
    their new points (submissions outside the job count as they are)."""
    rows = list(job.regrades.select_related("submission__user").order_by("pk"))
    by_learner: dict[int, list[Regrade]] = {}
    for row in rows:
        by_learner.setdefault(row.submission.user_id, []).append(row)
    item = job.item
    changes = []
    for user_id, learner_rows in by_learner.items():
        in_job = {row.submission_id: row for row in learner_rows}
        others = [s for s in Submission.objects.filter(item=item, user_id=user_id)
                  if s.pk not in in_job]
        override = (GradeOverride.objects.filter(user_id=user_id, item=item,
                                                 reverted_at__isnull=True)
                    .order_by("-at", "-pk").first())
        old = cell_for(item=item, override=override, submissions=others + [
            _as_graded(r.submission, r.old_points) for r in learner_rows])
        new = cell_for(item=item, override=override, submissions=others + [
            _as_graded(r.submission, r.new_points) for r in learner_rows])
        changes.append(LearnerChange(learner=learner_rows[0].submission.user,
                                     old_points=old.points, new_points=new.points,
                                     overridden=override is not None, rows=learner_rows))
    return sorted(changes, key=lambda c: c.learner.get_username())
