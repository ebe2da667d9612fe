"""grading/submissions.py and grading/tasks.py: idempotent grading, retries on database errors,
the sweep of lost submissions, the learner's retry (regrades: test_regrades.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.utils import timezone, translation

from grading import services, submissions, tasks
from grading.models import AssignmentItem, Submission
from playground.celery import app
from playground.sim.store import MemoryStore
from tests.unit.grading_app.test_services import solve

pytestmark = pytest.mark.django_db


def submit(user: User, item: AssignmentItem, capture: Any, *, execute: bool = True) -> Submission:
    with capture(execute=execute):
        submission = services.submission_create(user=user, item=item)
    submission.refresh_from_db()
    return submission


class TaskOptionsTests:
    def test_grading_tasks_ack_late_and_retry_database_errors_terminal_tasks_do_not(self) -> None:
        for name in ("grading.submission_grade", "grading.regrade_run",
                     "grading.regrade_preview", "grading.submission_sweep"):
            task = app.tasks[name]
            assert (task.acks_late, task.reject_on_worker_lost) == (True, True), name
            # celery-types leaves out the options the task decorator sets on the task.
            assert OperationalError in task.autoretry_for  # type: ignore[attr-defined]
        app.loader.import_default_modules()  # the terminal's tasks, as a worker loads them
        terminal = [t for n, t in app.tasks.items() if n.startswith("terminal.")]
        assert terminal and not any(t.acks_late for t in terminal)

    def test_database_error_is_retried_until_graded(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
        monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        submission = submit(hamlet, item, django_capture_on_commit_callbacks, execute=False)
        real, calls = submissions.submission_grade, []

        def flaky(*, submission_id: int) -> Submission | None:
            calls.append(submission_id)
            if len(calls) < 3:
                raise OperationalError("database is locked")
            return real(submission_id=submission_id)

        monkeypatch.setattr(submissions, "submission_grade", flaky)
        tasks.submission_grade.apply(args=[submission.pk])
        submission.refresh_from_db()
        assert (len(calls), submission.status, submission.points) == (3, "graded", 10.0)


class SubmissionGradeTests:
    def test_grading_twice_leaves_the_first_grade(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        submission = submit(hamlet, item, django_capture_on_commit_callbacks)
        assert (submission.status, submission.points, submission.grade_attempts) == (
            "graded", 10.0, 1)
        Submission.objects.filter(pk=submission.pk).update(points=7.0)  # mark it
        again = submissions.submission_grade(submission_id=submission.pk)
        assert again is not None and again.points == 7.0

    def test_grading_a_deleted_submission_does_nothing(self) -> None:
        assert submissions.submission_grade(submission_id=987654) is None


class SweepTests:
    def test_sweep_requeues_a_lost_submission_then_gives_a_clear_error(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
        settings: Any, django_capture_on_commit_callbacks: Any,
    ) -> None:
        settings.GRADING_MAX_ATTEMPTS = 2
        solve(memory_store, hamlet, item)
        lost = submit(hamlet, item, django_capture_on_commit_callbacks, execute=False)
        assert lost.status == "pending"
        assert submissions.submission_sweep() == 0  # not yet past the deadline
        later = timezone.now() + timedelta(seconds=settings.GRADING_STUCK_SECONDS + 1)
        with django_capture_on_commit_callbacks(execute=True):
            assert submissions.submission_sweep(now=later) == 1
        lost.refresh_from_db()
        assert (lost.status, lost.points, lost.grade_attempts) == ("graded", 10.0, 2)

        stuck = submit(hamlet, item, django_capture_on_commit_callbacks, execute=False)
        Submission.objects.filter(pk=stuck.pk).update(grade_attempts=2)
        assert submissions.submission_sweep(now=later) == 1
        stuck.refresh_from_db()
        assert stuck.status == "error"
        with translation.override("en"):
            view = services.submission_learner_view(submission=stuck)
        assert view["can_retry"] is True
        assert view["message"] == "Grading did not finish. Press Retry to grade it again."
        with translation.override("ko"):
            view = services.submission_learner_view(submission=stuck)
        assert view["message"] == "채점이 끝나지 않았습니다. 다시 시도를 눌러 다시 채점하세요."


class RetryTests:
    def test_retry_regrades_a_failed_submission_and_refuses_one_in_progress(
        self, item: AssignmentItem, hamlet: User, cordelia: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        pending = submit(hamlet, item, django_capture_on_commit_callbacks, execute=False)
        with translation.override("en"), pytest.raises(submissions.SubmissionError) as error:
            submissions.submission_retry(submission_id=pending.pk, user=hamlet)
        assert str(error.value) == "This submission is being graded; wait for its result."
        with pytest.raises(submissions.SubmissionError):
            submissions.submission_retry(submission_id=pending.pk, user=cordelia)
        Submission.objects.filter(pk=pending.pk).update(status="error", result={"error": "x"})
        with django_capture_on_commit_callbacks(execute=True):
            submissions.submission_retry(submission_id=pending.pk, user=hamlet)
        pending.refresh_from_db()
        assert (pending.status, pending.points) == ("graded", 10.0)
