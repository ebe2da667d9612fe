"""Ownership and isolation (grading/access.py): instructor B can neither read nor change
instructor A's courses and exercises on any page (404, not 403); co-instructors read what their
course uses but save versions only of exercises they authored."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from grading import people, services
from grading.models import AssignmentItem, Exercise, GradeOverride, RegradeJob
from playground.sim.store import MemoryStore
from tests.grading_demo import DEMO_EXERCISE, HIDDEN_MARKERS, client_for
from tests.unit.grading_app.helpers import PRIVATE, roles
from tests.unit.grading_app.test_regrades import regrade

pytestmark = pytest.mark.django_db


def test_another_instructor_gets_not_found_on_every_page_of_the_course(
    private_item: AssignmentItem, hamlet: User, ada: User, prospero: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    a = private_item.assignment
    job = regrade(private_item, private_item.exercise, ada, django_capture_on_commit_callbacks)
    gets = [
        reverse("grading:course", args=[a.course_id]),
        reverse("grading:assignment", args=[a.pk]), reverse("grading:gradebook", args=[a.pk]),
        reverse("grading:gradebook_csv", args=[a.pk]),
        reverse("grading:cell", args=[private_item.pk, hamlet.pk]),
        reverse("grading:item_regrade", args=[private_item.pk]),
        reverse("grading:regrade_job", args=[job.pk]),
        reverse("grading:extensions", args=[a.pk]),
        reverse("grading:exercise_edit", args=["ada-private"]),
        reverse("grading:exercise_export", args=["ada-private"]),
    ]
    client = client_for(prospero)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404, url
        for marker in HIDDEN_MARKERS:
            assert marker not in response.content.decode(), url
    posts = {
        reverse("grading:course", args=[a.course_id]): {"title": "Mine now", "due_at": "",
                                                         "late_policy": "none",
                                                         "penalty_percent_per_day": 0,
                                                         "attempts_limit": 0,
                                                         "score_policy": "best"},
        reverse("grading:assignment", args=[a.pk]): {"settings-title": "Taken"},
        reverse("grading:cell", args=[private_item.pk, hamlet.pk]): {"points": "1",
                                                                     "reason": "mine"},
        reverse("grading:item_regrade", args=[private_item.pk]): {
            "exercise": private_item.exercise.pk},
        reverse("grading:extensions", args=[a.pk]): {"user": hamlet.pk,
                                                     "due_at": "2030-01-01T00:00"},
        reverse("grading:regrade_confirm", args=[job.pk]): {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    assert a.course.assignments.count() == 1 and GradeOverride.objects.count() == 0
    assert RegradeJob.objects.count() == 1
    a.refresh_from_db()
    assert a.title == "Week 1"


def test_another_instructor_cannot_overwrite_or_use_an_exercise_they_do_not_own(
    private_item: AssignmentItem, prospero: User
) -> None:
    client = client_for(prospero)
    response = client.post(reverse("grading:exercise_new"),
                           {"yaml_text": PRIVATE.replace("Demo pod", "Hijacked")},
                           headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "taken by another author" in response.content.decode()
    assert list(Exercise.objects.filter(exercise_id="ada-private").values_list(
        "version", flat=True)) == [1]
    teach = client.get(reverse("grading:teach")).content.decode()
    assert "ada-private" not in teach and "grading-demo" in teach  # the library is shared
    own = services.course_create(name="Prospero's", instructor=prospero)
    assignment = services.assignment_create(course=own, title="P1")
    client.post(reverse("grading:assignment", args=[assignment.pk]),
                {"exercise": private_item.exercise.pk, "points": "5"})
    assert assignment.items.count() == 0


def test_library_exercises_are_readable_by_every_instructor_but_saved_by_none(
    item: AssignmentItem, prospero: User
) -> None:
    client = client_for(prospero, lang=None)  # the site default: Korean
    page = client.get(reverse("grading:exercise_edit", args=["grading-demo"]))
    assert page.status_code == 200 and 'id="read-only"' in page.content.decode()
    response = client.post(reverse("grading:exercise_edit", args=["grading-demo"]),
                           {"yaml_text": DEMO_EXERCISE.replace("Demo pod", "Changed")})
    assert "다른 작성자가 쓰고 있습니다" in response.content.decode()
    assert Exercise.objects.filter(exercise_id="grading-demo").count() == 1


def test_a_co_instructor_teaches_the_course_and_reads_but_cannot_save_its_exercises(
    private_item: AssignmentItem, hamlet: User, ada: User, prospero: User
) -> None:
    course = private_item.assignment.course
    owner = client_for(ada)
    people = reverse("grading:people", args=[course.pk])
    owner.post(people, {"add-username": "prospero", "add-role": "instructor"})
    assert roles(course) == {"ada": "owner", "prospero": "instructor"}
    co = client_for(prospero)
    assert co.get(reverse("grading:gradebook", args=[private_item.assignment_id])).status_code \
        == 200
    edit = co.get(reverse("grading:exercise_edit", args=["ada-private"]))
    assert edit.status_code == 200 and "SECRET-MESSAGE" in edit.content.decode()
    assert co.get(reverse("grading:exercise_export", args=["ada-private"])).status_code == 200
    co.post(reverse("grading:exercise_edit", args=["ada-private"]),
            {"yaml_text": PRIVATE.replace("Demo pod", "Changed")})
    assert Exercise.objects.filter(exercise_id="ada-private").count() == 1
    # only the owner adds co-instructors
    stranger = User.objects.create_user("miranda")
    services.instructor_grant(user=stranger)
    assert co.post(people, {"add-username": "miranda", "add-role": "instructor"}).status_code \
        == 403
    # learners are not instructors
    owner.post(people, {"add-username": "hamlet", "add-role": "instructor"})
    assert roles(course) == {"ada": "owner", "prospero": "instructor"}


def test_the_author_saves_new_versions_of_their_exercise(
    private_item: AssignmentItem, ada: User
) -> None:
    client_for(ada).post(reverse("grading:exercise_edit", args=["ada-private"]),
                         {"yaml_text": PRIVATE.replace("Demo pod", "Better")})
    assert list(Exercise.objects.filter(exercise_id="ada-private").values_list(
        "version", flat=True)) == [2, 1]


def test_practice_serves_library_exercises_only(
    private_item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Practice pages are public (anonymous learners, the solution button): an instructor's own
    exercise, hidden checks and solution included, never shows there."""
    from grading.practice import services as practice_services

    monkeypatch.setattr(practice_services, "_store", lambda: memory_store)
    for client in (client_for(None), client_for(hamlet)):
        private = reverse("grading:exercise_practice", args=["en", "ada-private"])
        assert client.get(private).status_code == 404
        solution = reverse("grading:practice_solution", args=["en", "ada-private"])
        response = client.post(solution)
        assert response.status_code == 404
        assert "solution-marker" not in response.content.decode()
        library = reverse("grading:exercise_practice", args=["en", "grading-demo"])
        assert client.get(library).status_code == 200


def test_the_owner_removes_a_co_instructor_who_then_gets_not_found(
    item: AssignmentItem, ada: User, prospero: User
) -> None:
    course = item.assignment.course
    people.course_member_add(course=course, by=ada, username="prospero", role="instructor")
    url = reverse("grading:people", args=[course.pk])
    assert client_for(prospero).post(url, {"user": ada.pk, "remove": "1"}).status_code == 403
    assert roles(course)["ada"] == "owner"  # only the owner removes
    client_for(ada).post(url, {"user": prospero.pk, "remove": "1"})
    assert client_for(prospero).get(url).status_code == 404
    assert client_for(prospero).get(reverse("grading:course", args=[course.pk])).status_code \
        == 404


def test_an_exercise_whose_author_is_deleted_stays_private(
    private_item: AssignmentItem, ada: User, prospero: User, hamlet: User,
    memory_store: MemoryStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from grading.practice import services as practice_services

    monkeypatch.setattr(practice_services, "_store", lambda: memory_store)
    people.course_member_add(course=private_item.assignment.course, by=ada, username="prospero",
                             role="instructor")
    ada.delete()
    assert Exercise.objects.get(exercise_id="ada-private").created_by is None
    stranger = User.objects.create_user("miranda")
    services.instructor_grant(user=stranger)
    assert client_for(stranger).get(
        reverse("grading:exercise_edit", args=["ada-private"])).status_code == 404
    assert client_for(None).get(
        reverse("grading:exercise_practice", args=["en", "ada-private"])).status_code == 404
    # the course that uses it still reads it; nobody saves a version
    assert client_for(prospero).get(
        reverse("grading:exercise_edit", args=["ada-private"])).status_code == 200
    with pytest.raises(services.GradingError):
        services.exercise_save(text=PRIVATE.replace("Demo pod", "Mine"), user=stranger)


def test_the_library_loader_never_writes_into_an_instructors_exercise(
    private_item: AssignmentItem
) -> None:
    with pytest.raises(services.GradingError):
        services.exercise_save(text=PRIVATE.replace("Demo pod", "From a file"))
    assert Exercise.objects.filter(exercise_id="ada-private").count() == 1
