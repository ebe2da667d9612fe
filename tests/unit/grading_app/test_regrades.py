"""grading/regrades.py: a regrade is previewed (nothing written), then confirmed, and the
confirmed regrade writes exactly what the preview showed; jobs resume without doing twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from grading import learner_grade, regrades, services, submissions
from grading.models import AssignmentItem, Exercise, Regrade, RegradeJob, Submission
from playground.sim.store import MemoryStore
from tests.grading_demo import DEMO_EXERCISE, client_for
from tests.unit.grading_app.test_services import solve
from tests.unit.grading_app.test_submissions import submit

pytestmark = pytest.mark.django_db

# The instructor "fixes" the hidden check (and the solution) to another image: a snapshot made
# with httpd:2.4 loses the hidden check's 3 of 6 points.
FIXED = DEMO_EXERCISE.replace("httpd:2.4", "httpd:2.5")


def preview(item: AssignmentItem, exercise: Exercise, ada: User, capture: Any) -> RegradeJob:
    with capture(execute=True):  # the worker's preview job, eagerly
        job = regrades.regrade_preview_start(item=item, exercise=exercise, by=ada)
    job.refresh_from_db()
    return job


def confirm(job: RegradeJob, ada: User, capture: Any) -> RegradeJob:
    with capture(execute=True):
        regrades.regrade_confirm(job=job, by=ada)
    job.refresh_from_db()
    return job


def regrade(item: AssignmentItem, exercise: Exercise, ada: User, capture: Any) -> RegradeJob:
    return confirm(preview(item, exercise, ada, capture), ada, capture)


def _graded_state() -> list[tuple[Any, ...]]:
    return list(Submission.objects.order_by("pk").values_list(
        "pk", "exercise_id", "status", "score", "points", "result"))


class PreviewTests:
    def test_nothing_changes_until_the_preview_is_confirmed(
        self, item: AssignmentItem, hamlet: User, cordelia: User, memory_store: MemoryStore,
        ada: User, django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        submit(hamlet, item, django_capture_on_commit_callbacks)
        services.sandbox_ensure(user=cordelia, item=item)
        submit(cordelia, item, django_capture_on_commit_callbacks)  # 0 points either way
        old_version = item.exercise
        before = _graded_state()
        fixed = services.exercise_save(text=FIXED)
        job = preview(item, fixed, ada, django_capture_on_commit_callbacks)
        assert (job.status, job.done, job.total, job.confirmed_at) == ("preview", 2, 2, None)
        item.refresh_from_db()
        assert item.exercise == old_version and _graded_state() == before
        assert learner_grade.grade_for(user=hamlet, item=item).points == 10.0
        changes = {c.learner.get_username(): (c.old_points, c.new_points, c.changed)
                   for c in regrades.regrade_learner_changes(job=job)}
        assert changes == {"hamlet": (10.0, 5.0, True), "cordelia": (0.0, 0.0, False)}
        # The page shows it, with the Confirm button; still nothing written.
        page = client_for(ada).get(reverse("grading:regrade_job", args=[job.pk])).content.decode()
        assert "Preview: 1 of 2 learners' grades would change." in page
        assert 'data-learner="hamlet"' in page and "#1: 10.0 → 5.0" in page
        assert 'id="regrade-confirm"' in page
        assert _graded_state() == before

    def test_the_confirmed_regrade_writes_exactly_the_previewed_result(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore, ada: User,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        first = submit(hamlet, item, django_capture_on_commit_callbacks)
        submit(hamlet, item, django_capture_on_commit_callbacks)
        fixed = services.exercise_save(text=FIXED)
        job = preview(item, fixed, ada, django_capture_on_commit_callbacks)
        shown = {r.submission_id: (r.new_result, r.new_points)
                 for r in Regrade.objects.filter(job=job)}
        assert shown[first.pk][1] == 5.0
        # A submission made between preview and confirmation is regraded too, with the version.
        third = submit(hamlet, item, django_capture_on_commit_callbacks)
        assert third.points == 10.0
        job = confirm(job, ada, django_capture_on_commit_callbacks)
        assert (job.status, job.done, job.total) == ("done", 3, 3)
        for pk, (result, points) in shown.items():
            written = Submission.objects.get(pk=pk)
            assert (written.result, written.points, written.exercise) == (result, points, fixed)
        third.refresh_from_db()
        item.refresh_from_db()
        assert (third.points, third.exercise, item.exercise) == (5.0, fixed, fixed)
        assert Regrade.objects.filter(job=job, applied=True).count() == 3
        assert learner_grade.grade_for(user=hamlet, item=item).points == 5.0

    def test_a_preview_is_confirmed_once_and_only_when_ready(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore, ada: User,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        submit(hamlet, item, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=False):  # the worker has not run yet
            pending = regrades.regrade_preview_start(item=item, exercise=item.exercise, by=ada)
        with translation.override("en"), pytest.raises(submissions.SubmissionError):
            regrades.regrade_confirm(job=pending, by=ada)
        job = regrade(item, item.exercise, ada, django_capture_on_commit_callbacks)
        with pytest.raises(submissions.SubmissionError):
            regrades.regrade_confirm(job=job, by=ada)
        client = client_for(ada)
        response = client.post(reverse("grading:regrade_confirm", args=[job.pk]), follow=True)
        assert "Only a finished preview can be confirmed" in response.content.decode()

    def test_the_browser_flow_preview_then_confirm(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore, ada: User,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        submit(hamlet, item, django_capture_on_commit_callbacks)
        fixed = services.exercise_save(text=FIXED)
        client = client_for(ada)
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(reverse("grading:item_regrade", args=[item.pk]),
                                  {"exercise": fixed.pk})
        job = RegradeJob.objects.get()
        assert started["Location"] == reverse("grading:regrade_job", args=[job.pk])
        assert Submission.objects.get().points == 10.0
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(reverse("grading:regrade_confirm", args=[job.pk]))
        page = client.get(done["Location"]).content.decode()
        assert "Regraded 1 submission; 1 changed." in page
        assert "<td>10.0</td><td>5.0</td><td><code>secret-image-check: 3→0</code></td>" in page
        assert Submission.objects.get().points == 5.0


    def test_the_learner_page_shows_the_command_log_and_only_written_regrades(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore, ada: User,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        submit(hamlet, item, django_capture_on_commit_callbacks)
        cell = reverse("grading:cell", args=[item.pk, hamlet.pk])
        job = preview(item, services.exercise_save(text=FIXED), ada,
                      django_capture_on_commit_callbacks)
        page = client_for(ada).get(cell).content.decode()
        assert "Command log (2 commands)" in page and "<code>kubectl describe pod web-" in page
        assert "Regraded " not in page  # a preview is not a regrade
        confirm(job, ada, django_capture_on_commit_callbacks)
        page = client_for(ada).get(cell).content.decode()
        assert "v1 → v2, points 10.0 → 5.0" in page


    def test_a_written_regrade_is_undone_through_its_own_preview(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore, ada: User,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        submit(hamlet, item, django_capture_on_commit_callbacks)
        before = _graded_state()
        v1 = item.exercise
        job = regrade(item, services.exercise_save(text=FIXED), ada,
                      django_capture_on_commit_callbacks)
        assert Submission.objects.get().points == 5.0
        client = client_for(ada)
        page = client.get(reverse("grading:regrade_job", args=[job.pk])).content.decode()
        assert 'id="regrade-undo"' in page
        undone = client.post(reverse("grading:regrade_undo", args=[job.pk]))
        undo = RegradeJob.objects.get(undoes=job)
        assert undone["Location"] == reverse("grading:regrade_job", args=[undo.pk])
        assert (undo.status, Submission.objects.get().points) == ("preview", 5.0)
        changes = [(c.old_points, c.new_points) for c in regrades.regrade_learner_changes(
            job=undo)]
        assert changes == [(5.0, 10.0)]
        confirm(undo, ada, django_capture_on_commit_callbacks)
        item.refresh_from_db()
        assert _graded_state() == before and item.exercise == v1  # exactly as before
        with pytest.raises(submissions.SubmissionError):
            regrades.regrade_undo_start(job=job, by=ada)  # once


class JobTests:
    def test_same_version_is_exact_and_a_fixed_version_keeps_before_after(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore, ada: User,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        submission = submit(hamlet, item, django_capture_on_commit_callbacks)
        fixed = services.exercise_save(text=FIXED)
        same = regrade(item, item.exercise, ada, django_capture_on_commit_callbacks)
        [unchanged] = same.regrades.all()
        assert unchanged.old_result == unchanged.new_result
        job = regrade(item, fixed, ada, django_capture_on_commit_callbacks)
        [row] = job.regrades.all()
        submission.refresh_from_db()
        assert (row.old_points, row.new_points) == (10.0, 5.0)
        assert row.changed_checks == ["secret-image-check: 3→0"]
        assert submission.exercise == fixed

    def test_a_redelivered_job_does_not_regrade_twice(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore, ada: User,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        submit(hamlet, item, django_capture_on_commit_callbacks)
        submit(hamlet, item, django_capture_on_commit_callbacks)
        job = preview(item, item.exercise, ada, django_capture_on_commit_callbacks)
        regrades.regrade_preview_run(job_id=job.pk)  # re-delivered: nothing more
        assert Regrade.objects.filter(job=job).count() == 2
        with django_capture_on_commit_callbacks(execute=False):  # queued, not yet run
            regrades.regrade_confirm(job=job, by=ada)
        RegradeJob.objects.filter(pk=job.pk).update(status="running")  # a worker died mid-job
        regrades.regrade_run(job_id=job.pk)
        regrades.regrade_run(job_id=job.pk)
        assert Regrade.objects.filter(job=job, applied=True).count() == 2
        job.refresh_from_db()
        assert (job.status, job.done, job.total) == ("done", 2, 2)

    def test_regrade_with_another_exercise_is_refused(
        self, item: AssignmentItem, ada: User,
    ) -> None:
        other = services.exercise_save(text=DEMO_EXERCISE.replace("id: grading-demo",
                                                                  "id: other-demo"))
        with translation.override("ko"), pytest.raises(submissions.SubmissionError) as error:
            regrades.regrade_preview_start(item=item, exercise=other, by=ada)
        assert str(error.value) == "재채점에는 같은 실습의 버전이 필요합니다."
        assert RegradeJob.objects.count() == 0
