"""grading/selectors.py: sandbox tokens, the gradebook, pass rates and CSV exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import User

from grading import selectors, services
from grading.models import Assignment, AssignmentItem
from playground.sim.store import MemoryStore
from tests.grading_demo import pod_name, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(
    item: AssignmentItem, hamlet: User, cordelia: User, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> Assignment:
    """hamlet solved it (10 points); cordelia submitted the starting state (0 points)."""
    sandbox = services.sandbox_ensure(user=hamlet, item=item)
    name = pod_name(sandbox.seed)
    run(memory_store, sandbox.sandbox_id, f"kubectl run {name} --image=httpd:2.4")
    run(memory_store, sandbox.sandbox_id, f"kubectl describe pod {name}")
    services.sandbox_ensure(user=cordelia, item=item)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(user=hamlet, item=item)
        services.submission_create(user=cordelia, item=item)
    return item.assignment


class SandboxTokenTests:
    def test_token_resolves_only_for_its_owner(
        self, item: AssignmentItem, hamlet: User, cordelia: User
    ) -> None:
        sandbox = services.sandbox_ensure(user=hamlet, item=item)
        assert selectors.sandbox_id_for_token(user_id=hamlet.pk, token=sandbox.token) \
            == sandbox.sandbox_id
        assert selectors.sandbox_id_for_token(user_id=cordelia.pk, token=sandbox.token) is None
        assert selectors.sandbox_id_for_token(user_id=None, token=sandbox.token) is None


class CourseVisibilityTests:
    def test_instructor_sees_only_own_courses(self, course: Any, ada: User) -> None:
        other = User.objects.create_user("prospero")
        services.instructor_grant(user=other)
        services.course_create(name="Other course", instructor=other)
        assert [c.name for c in selectors.course_list_taught(user=ada)] == ["Pods 101"]


class GradebookTests:
    def test_gradebook_lists_points_per_learner(self, graded: Assignment) -> None:
        book = selectors.gradebook_get(assignment=graded)
        assert [(lr.username, total) for lr, _, total in book.rows()] == [
            ("cordelia", 0.0), ("hamlet", 10.0)]

    def test_gradebook_pass_rates_count_each_check(self, graded: Assignment) -> None:
        book = selectors.gradebook_get(assignment=graded)
        [rates] = book.pass_rates.values()
        assert rates == [("pod-exists", 1, 2), ("secret-image-check", 1, 2), ("described", 1, 2)]

    def test_gradebook_filter_by_status_keeps_matching_learners(
        self, graded: Assignment, hamlet: User, ada: User
    ) -> None:
        services.grade_override(user=hamlet, item=graded.items.get(), points=7, reason="re-ran",
                                by=ada)
        book = selectors.gradebook_get(assignment=graded, status="overridden")
        assert [(lr.username, total) for lr, _, total in book.rows()] == [("hamlet", 7.0)]

    def test_gradebook_filter_by_exercise_keeps_its_items(self, graded: Assignment) -> None:
        assert selectors.gradebook_get(assignment=graded, exercise_id="nope").items == []

    def test_score_policy_last_takes_the_latest_attempt(
        self, graded: Assignment, hamlet: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        Assignment.objects.filter(pk=graded.pk).update(score_policy="last")
        item = graded.items.get()
        services.sandbox_reset(sandbox=item.learnersandbox_set.get(user=hamlet))
        with django_capture_on_commit_callbacks(execute=True):
            services.submission_create(user=hamlet, item=item)
        graded.refresh_from_db()
        cell = selectors.gradebook_get(assignment=graded).cells[(hamlet.pk, item.pk)]
        assert (cell.points, cell.attempts) == (0.0, 2)


class GradebookCsvTests:
    def test_csv_wide_has_one_row_per_learner(self, graded: Assignment) -> None:
        text = selectors.gradebook_csv(book=selectors.gradebook_get(assignment=graded))
        rows = list(csv.reader(io.StringIO(text)))
        ids = dict(User.objects.values_list("username", "pk"))
        assert rows == [["username", "user_id", "name", "email", "1:grading-demo", "total"],
                        ["cordelia", str(ids["cordelia"]), "", "", "0.0", "0.0"],
                        ["hamlet", str(ids["hamlet"]), "", "", "10.0", "10.0"]]

    def test_csv_long_has_one_row_per_learner_and_check(self, graded: Assignment) -> None:
        book = selectors.gradebook_get(assignment=graded)
        rows = list(csv.DictReader(io.StringIO(selectors.gradebook_csv(book=book,
                                                                       shape="long"))))
        assert len(rows) == 6
        assert {(r["username"], r["check"], r["passed"]) for r in rows if r["username"] ==
                "hamlet"} == {("hamlet", c, "1") for c in
                              ("pod-exists", "secret-image-check", "described")}
