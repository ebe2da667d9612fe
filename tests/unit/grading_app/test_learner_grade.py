"""What a learner sees of their grade (grading/learner_grade.py) matches the gradebook; the
visible score says nothing about hidden checks; hint costs from the moment of reveal; manual
grades bounded, audited with the previous grade, undoable, and in both CSVs."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from grading import learner_grade, selectors, services
from grading.models import AssignmentItem, GradeOverride, Submission
from playground.sim.store import MemoryStore
from tests.grading_demo import client_for, pod_name, run
from tests.unit.grading_app.test_regrades import regrade

pytestmark = pytest.mark.django_db


def _work(store: MemoryStore, user: User, item: AssignmentItem, image: str) -> None:
    sandbox = services.sandbox_ensure(user=user, item=item)
    name = pod_name(sandbox.seed)
    run(store, sandbox.sandbox_id, f"kubectl run {name} --image={image}")
    run(store, sandbox.sandbox_id, f"kubectl describe pod {name}")


def _submit(user: User, item: AssignmentItem, capture: Any) -> Submission:
    with capture(execute=True):
        submission = services.submission_create(user=user, item=item)
    submission.refresh_from_db()
    return submission


def _grade(user: User, item: AssignmentItem) -> learner_grade.LearnerGrade:
    return learner_grade.grade_for(user=user, item=item)


def test_the_visible_score_is_the_same_whether_a_hidden_check_passed_or_not(
    item: AssignmentItem, hamlet: User, cordelia: User, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _work(memory_store, hamlet, item, "httpd:2.4")   # the hidden image check passes
    _work(memory_store, cordelia, item, "nginx")     # and fails
    views = []
    for learner in (hamlet, cordelia):
        submission = _submit(learner, item, django_capture_on_commit_callbacks)
        view = services.submission_learner_view(submission=submission)
        result = view["result"]
        views.append((result["score"], result["max_score"], view["points"], view.get("withheld"),
                      sorted(result)))
    # Before the due date nothing tells the two apart: no points that count the hidden check,
    # no hidden total (not even that hidden checks exist), the same grade line.
    assert views == [(3, 3, None, True, ["checks", "max_score", "score"])] * 2
    lines = {learner_grade.summary_for(user=u, item=item) for u in (hamlet, cordelia)}
    assert len(lines) == 1


def test_after_every_due_date_the_grade_and_hidden_totals_appear(
    item: AssignmentItem, hamlet: User, cordelia: User, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from grading.models import DueExtension

    now = datetime.now(UTC)
    services.assignment_update(assignment=item.assignment, due_at=now + timedelta(hours=1))
    _work(memory_store, hamlet, item, "httpd:2.4")
    submission = _submit(hamlet, item, django_capture_on_commit_callbacks)
    services.assignment_update(assignment=item.assignment, due_at=now - timedelta(hours=1))
    # cordelia's extension is still running: hamlet's grade would tell her the hidden check.
    extension = DueExtension.objects.create(user=cordelia, assignment=item.assignment,
                                            due_at=now + timedelta(hours=1))
    item.refresh_from_db()
    assert services.submission_learner_view(submission=submission)["points"] is None
    extension.delete()
    item.refresh_from_db()
    view = services.submission_learner_view(submission=submission)
    assert (view["points"], view["result"]["hidden_score"],
            view["result"]["hidden_max_points"]) == (10.0, 3, 3)
    assert "secret-image-check" not in str(view)  # hidden checks stay unnamed
    with translation.override("en"):
        assert learner_grade.summary_for(user=hamlet, item=item).startswith(
            "Your grade: 10 / 10 points.")


def test_a_hint_costs_attempts_made_after_it_and_a_regrade_keeps_that(
    item: AssignmentItem, hamlet: User, ada: User, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.sandbox_ensure(user=hamlet, item=item)
    services.exercise_check(user=hamlet, item=item, lang="en")  # a failure opens the hint
    _work(memory_store, hamlet, item, "httpd:2.4")
    first = _submit(hamlet, item, django_capture_on_commit_callbacks)
    services.hint_reveal(user=hamlet, item=item, index=0, lang="en")
    second = _submit(hamlet, item, django_capture_on_commit_callbacks)
    assert (first.points, second.points) == (10.0, pytest.approx(10 * 5 / 6, abs=1e-3))
    regrade(item, item.exercise, ada, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.points, second.points) == (10.0, pytest.approx(8.3333, abs=1e-3))
    # best: the hint-free attempt counts; last: the later one, hint cost shown
    assert _grade(hamlet, item).points == 10.0
    services.assignment_update(assignment=item.assignment, score_policy="last")
    item.assignment.refresh_from_db()
    grade = _grade(hamlet, item)
    assert (grade.points, grade.attempt, grade.hint_cost_points) == (
        pytest.approx(8.3333, abs=1e-3), 2, pytest.approx(1.6667, abs=1e-3))
    with translation.override("en"):
        assert learner_grade.grade_summary(grade) == (
            "Your grade: 8.33 / 10 points. Attempt 2 counts. Hints: −1.67.")
    with translation.override("ko"):
        assert learner_grade.grade_summary(grade) == (
            "내 점수: 8.33 / 10점. 2번째 시도가 반영됩니다. 힌트: −1.67.")


def test_the_learner_sees_the_late_factor_and_the_instructors_reason(
    item: AssignmentItem, hamlet: User, ada: User, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.assignment_update(assignment=item.assignment,
                               due_at=datetime.now(UTC) - timedelta(hours=1),
                               late_policy="penalty", penalty_percent_per_day=25)
    _work(memory_store, hamlet, item, "httpd:2.4")
    _submit(hamlet, item, django_capture_on_commit_callbacks)
    learner = client_for(hamlet)
    page = learner.get(reverse("grading:item", args=[item.pk]), {"lang": "en"})
    assert "Your grade: 7.5 / 10 points. Attempt 1 counts. Late: ×0.75." in \
        page.content.decode()
    services.grade_override(user=hamlet, item=item, points=9, reason="Network outage", by=ada)
    page = learner.get(reverse("grading:item", args=[item.pk]), {"lang": "en"})
    assert ("Your grade: 9 / 10 points. Set by your instructor: “Network outage”. "
            "Automatic grade: 7.5.") in page.content.decode()
    book = selectors.gradebook_get(assignment=item.assignment)
    assert book.cells[(hamlet.pk, item.pk)].points == _grade(hamlet, item).points == 9


def test_a_manual_grade_is_bounded_by_the_items_points(
    item: AssignmentItem, hamlet: User, ada: User
) -> None:
    with translation.override("en"), pytest.raises(
            services.GradingError, match="between 0 and the item's 10 points"):
        services.grade_override(user=hamlet, item=item, points=50, reason="typo", by=ada)
    response = client_for(ada).post(reverse("grading:cell", args=[item.pk, hamlet.pk]),
                                    {"points": "50", "reason": "typo"})
    assert response.status_code == 200 and GradeOverride.objects.count() == 0
    assert 'max="10"' in response.content.decode()


def test_the_audit_log_keeps_the_previous_grade_and_an_undo_restores_it(
    item: AssignmentItem, hamlet: User, ada: User, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _work(memory_store, hamlet, item, "httpd:2.4")
    _submit(hamlet, item, django_capture_on_commit_callbacks)
    client = client_for(ada)
    cell_url = reverse("grading:cell", args=[item.pk, hamlet.pk])
    client.post(cell_url, {"points": "4", "reason": "copied"})
    client.post(cell_url, {"points": "6", "reason": "partly his own"})
    assert list(GradeOverride.objects.order_by("pk").values_list(
        "previous_points", "points")) == [(10.0, 4.0), (4.0, 6.0)]
    client.post(cell_url, {"undo": "1"})
    assert _grade(hamlet, item).points == 4.0
    client.post(cell_url, {"undo": "1"})
    assert (_grade(hamlet, item).points, _grade(hamlet, item).status) == (10.0, "graded")
    assert GradeOverride.objects.filter(reverted_at__isnull=False).count() == 2
    korean = client.get(cell_url, headers={"accept-language": "ko"}).content.decode()
    assert "되돌림" in korean  # the Korean audit log
    with translation.override("en"), pytest.raises(
            services.GradingError, match="no manual grade to undo"):
        services.grade_override_undo(user=hamlet, item=item, by=ada)


def test_both_csvs_carry_manual_grades_and_learner_ids(
    item: AssignmentItem, hamlet: User, cordelia: User, ada: User, memory_store: MemoryStore,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _work(memory_store, hamlet, item, "httpd:2.4")
    _submit(hamlet, item, django_capture_on_commit_callbacks)
    services.grade_override(user=hamlet, item=item, points=4, reason="copied", by=ada)
    services.grade_override(user=cordelia, item=item, points=2, reason="oral exam", by=ada)
    book = selectors.gradebook_get(assignment=item.assignment)
    long = list(csv.DictReader(io.StringIO(selectors.gradebook_csv(book=book, shape="long"))))
    hamlet_rows = [r for r in long if r["username"] == "hamlet"]
    assert len(hamlet_rows) == 3 and {r["user_id"] for r in hamlet_rows} == {str(hamlet.pk)}
    assert {(r["item_grade"], r["overridden"], r["override_reason"]) for r in hamlet_rows} == {
        ("4.0", "1", "copied")}
    cordelia_rows = [r for r in long if r["username"] == "cordelia"]
    assert [(r["check"], r["item_grade"], r["override_reason"]) for r in cordelia_rows] == [
        ("", "2.0", "oral exam")]
    wide = list(csv.DictReader(io.StringIO(selectors.gradebook_csv(book=book))))
    assert {(r["username"], r["user_id"], r["total"]) for r in wide} == {
        ("hamlet", str(hamlet.pk), "4.0"), ("cordelia", str(cordelia.pk), "2.0")}
