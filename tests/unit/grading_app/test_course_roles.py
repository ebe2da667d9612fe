"""Course roles (grading/access.py's ROLE_ACTIONS): a TA reads every graded page of the course
(hidden checks, command logs and timelines included) and downloads the gradebook CSVs, but every
action that changes something answers 403 — posted directly, not only hidden — and its control
is not on the page; someone with no role in the course gets 404 everywhere; only the owner
manages the course's people."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from grading import engine_port, people, services
from grading.models import (
    AssignmentItem,
    Course,
    CourseRole,
    DueExtension,
    Exercise,
    GradeOverride,
    RegradeJob,
)
from playground.sim.store import MemoryStore
from tests.grading_demo import HIDDEN_MARKERS, client_for, run
from tests.unit.grading_app.helpers import PRIVATE, roles
from tests.unit.grading_app.test_regrades import regrade

pytestmark = pytest.mark.django_db

# Ids of the controls for changing something; none may be on a page a TA sees.
FORBIDDEN_CONTROLS = (
    'id="new-assignment"', 'id="course-zone"', 'id="join-url"', 'id="add-item"',
    'id="assignment-settings"', 'class="regrade-link"', 'id="override-form"',
    'id="undo-override"', 'id="extension-form"', 'id="add-member"', 'role-form',
    'id="save-exercise"', 'id="save-draft"', 'id="export-exercise"', 'id="import-form"',
    'id="new-course"', 'id="new-exercise"', 'regrade-confirm', 'id="regrade-form"',
    'id="regrade-undo"', 'id="transfer-owner"', 'id="transfer-confirm"',
)


@pytest.fixture
def viola(db: Any) -> User:
    """A TA: an ordinary account, no instructor account."""
    return User.objects.create_user("viola", password="pw-viola-123")


@pytest.fixture
def graded(private_item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
           django_capture_on_commit_callbacks: Any) -> AssignmentItem:
    """hamlet solved the private exercise and submitted: a graded attempt with its command log."""
    sandbox = services.sandbox_ensure(user=hamlet, item=private_item)
    name = engine_port.instance_for(PRIVATE, sandbox.seed).params["name"]
    run(memory_store, sandbox.sandbox_id, f"kubectl run {name} --image=httpd:2.4")
    run(memory_store, sandbox.sandbox_id, "kubectl get pod nope")  # exit code 1
    run(memory_store, sandbox.sandbox_id, f"kubectl describe pod {name}")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(user=hamlet, item=private_item)
    return private_item


@pytest.fixture
def ta(graded: AssignmentItem, ada: User, viola: User) -> User:
    people.course_member_add(course=graded.assignment.course, by=ada, username="viola",
                             role="ta")
    return viola


def course_urls(item: AssignmentItem, learner: User, job: RegradeJob) -> dict[str, str]:
    a = item.assignment
    return {
        "course": reverse("grading:course", args=[a.course_id]),
        "people": reverse("grading:people", args=[a.course_id]),
        "assignment": reverse("grading:assignment", args=[a.pk]),
        "extensions": reverse("grading:extensions", args=[a.pk]),
        "gradebook": reverse("grading:gradebook", args=[a.pk]),
        "csv_wide": reverse("grading:gradebook_csv", args=[a.pk]) + "?shape=wide",
        "csv_long": reverse("grading:gradebook_csv", args=[a.pk]) + "?shape=long",
        "cell": reverse("grading:cell", args=[item.pk, learner.pk]),
        "exercise": reverse("grading:exercise_edit", args=["ada-private"]),
        "regrade": reverse("grading:item_regrade", args=[item.pk]),
        "regrade_job": reverse("grading:regrade_job", args=[job.pk]),
        "export": reverse("grading:exercise_export", args=["ada-private"]),
    }


def test_a_ta_reads_every_graded_page_with_no_control_to_change_anything(
    graded: AssignmentItem, ta: User, hamlet: User, ada: User,
) -> None:
    client = client_for(ta)
    urls = course_urls(graded, hamlet, RegradeJob(pk=0))
    pages = {name: client.get(urls[name]) for name in (
        "course", "people", "assignment", "extensions", "gradebook", "cell", "exercise")}
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        for control in FORBIDDEN_CONTROLS:
            assert control not in html, (name, control)
    # What is graded, hidden checks included: the cell's checks and the exercise's text.
    cell = pages["cell"].content.decode()
    assert "secret-image-check" in cell and 'class="command-log"' in cell
    assert "kubectl get pod nope" in cell and "<td>1</td>" in cell  # a command and its exit
    assert 'class="session-timeline"' in cell
    assert "SECRET-MESSAGE" in pages["exercise"].content.decode()
    assert 'id="read-only"' in pages["exercise"].content.decode()
    gradebook = pages["gradebook"].content.decode()
    # the chart: a bar per check of the private exercise, hamlet's one attempt passed each
    assert gradebook.count('<meter class="pass-rate-bar" min="0" max="1" value="1">') == 3
    assert 'id="csv-wide"' in gradebook
    assert "viola (Teaching assistant)" in pages["course"].content.decode()
    # The CSVs: a TA may hand the grades to the spreadsheet.
    for name in ("csv_wide", "csv_long"):
        response = client.get(urls[name])
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "hamlet" in client.get(urls["csv_wide"]).content.decode()
    # The teach page lists the course with the role, and nothing to create.
    teach = client.get(reverse("grading:teach")).content.decode()
    assert "Pods 101" in teach and "(Teaching assistant)" in teach
    assert 'id="new-course"' not in teach and "ada-private" not in teach
    home = client.get(reverse("grading:home")).content.decode()
    assert reverse("grading:teach") in home


def test_every_action_that_changes_something_answers_403_to_a_ta(
    graded: AssignmentItem, ta: User, hamlet: User, ada: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    job = regrade(graded, graded.exercise, ada, django_capture_on_commit_callbacks)
    urls = course_urls(graded, hamlet, job)
    a = graded.assignment
    client = client_for(ta)
    posts: list[tuple[str, dict[str, Any]]] = [
        (urls["course"], {"title": "Mine", "due_at": "", "late_policy": "none",
                          "penalty_percent_per_day": 0, "attempts_limit": 0,
                          "score_policy": "best"}),
        (urls["course"], {"zone-time_zone": "Asia/Seoul"}),
        (urls["assignment"], {"settings-title": "Taken", "settings-late_policy": "none",
                              "settings-penalty_percent_per_day": 0,
                              "settings-attempts_limit": 0, "settings-score_policy": "best"}),
        (urls["assignment"], {"exercise": graded.exercise.pk, "points": "5"}),
        (urls["extensions"], {"user": hamlet.pk, "due_at": "2030-01-01T00:00"}),
        (urls["cell"], {"points": "1", "reason": "mine"}),
        (urls["cell"], {"undo": "1"}),
        (urls["regrade"], {"exercise": graded.exercise.pk}),
        (reverse("grading:regrade_confirm", args=[job.pk]), {}),
        (reverse("grading:regrade_undo", args=[job.pk]), {}),
        (urls["people"], {"add-username": "iago", "add-role": "ta"}),
        (urls["people"], {"user": ta.pk, "role": "instructor", "change": "1"}),
        (urls["people"], {"user": ada.pk, "remove": "1"}),
        (urls["exercise"], {"yaml_text": PRIVATE.replace("Demo pod", "Changed")}),
        (urls["exercise"], {"yaml_text": PRIVATE, "save-draft": "1"}),
        (reverse("grading:exercise_new"), {"yaml_text": PRIVATE.replace("ada-private", "v")}),
        (reverse("grading:exercise_import"), {}),
        (reverse("grading:teach"), {"name": "Viola's", "time_zone": "UTC"}),
    ]
    before = (a.course.assignments.count(), a.items.count(), GradeOverride.objects.count(),
              DueExtension.objects.count(), RegradeJob.objects.count(),
              Exercise.objects.count(), Course.objects.count(), roles(a.course))
    User.objects.create_user("iago")
    for url, data in posts:
        assert client.post(url, data).status_code == 403, (url, data)
    for url in (urls["export"], reverse("grading:exercise_new")):
        assert client.get(url).status_code == 403, url
    a.refresh_from_db()
    assert a.title == "Week 1" and a.course.time_zone == "UTC"
    assert (a.course.assignments.count(), a.items.count(), GradeOverride.objects.count(),
            DueExtension.objects.count(), RegradeJob.objects.count(),
            Exercise.objects.count(), Course.objects.count(), roles(a.course)) == before


def test_a_ta_with_an_instructor_account_still_cannot_take_the_courses_exercises(
    graded: AssignmentItem, ada: User, prospero: User,
) -> None:
    """Being a TA somewhere lets nobody export or reuse that course's private exercises."""
    people.course_member_add(course=graded.assignment.course, by=ada, username="prospero",
                             role="ta")
    client = client_for(prospero)
    assert client.get(reverse("grading:exercise_edit", args=["ada-private"])).status_code == 200
    assert client.get(reverse("grading:exercise_export", args=["ada-private"])).status_code \
        == 404
    own = services.course_create(name="Prospero's", instructor=prospero)
    mine = services.assignment_create(course=own, title="P1")
    client.post(reverse("grading:assignment", args=[mine.pk]),
                {"exercise": graded.exercise.pk, "points": "5"})
    assert mine.items.count() == 0
    assert "ada-private" not in client.get(reverse("grading:teach")).content.decode()
    client.post(reverse("grading:exercise_edit", args=["ada-private"]),
                {"yaml_text": PRIVATE.replace("Demo pod", "Changed")})
    assert Exercise.objects.filter(exercise_id="ada-private").count() == 1


def test_someone_with_no_role_in_the_course_gets_not_found_everywhere(
    graded: AssignmentItem, hamlet: User, ada: User, django_capture_on_commit_callbacks: Any,
) -> None:
    """A TA of another course: 404 on every page of this one, nothing hidden shown; an account
    with no role anywhere and no instructor account: 403 (the instructor pages are not theirs)."""
    job = regrade(graded, graded.exercise, ada, django_capture_on_commit_callbacks)
    urls = course_urls(graded, hamlet, job)
    elsewhere = User.objects.create_user("iago")
    other = services.course_create(name="Other", instructor=User.objects.create_user("lear"))
    CourseRole.objects.create(course=other, user=elsewhere, role=CourseRole.Role.TA)
    client = client_for(elsewhere)
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (403 if name == "export" else 404), name
        for marker in HIDDEN_MARKERS:
            assert marker not in response.content.decode(), (name, marker)
    assert client.post(urls["cell"], {"points": "1", "reason": "x"}).status_code == 404
    assert client.post(urls["people"], {"add-username": "iago", "add-role": "ta"}) \
        .status_code == 404
    nobody = client_for(User.objects.create_user("miranda"))
    for name in ("course", "gradebook", "cell", "people"):
        assert nobody.get(urls[name]).status_code == 403, name


def test_the_owner_adds_tas_and_instructors_by_user_name(
    course: Course, ada: User, viola: User, prospero: User, hamlet: User,
) -> None:
    client = client_for(ada)
    url = reverse("grading:people", args=[course.pk])
    page = client.get(url).content.decode()
    assert 'id="add-member"' in page
    client.post(url, {"add-username": " viola ", "add-role": "ta"})
    client.post(url, {"add-username": "prospero", "add-role": "instructor"})
    assert roles(course) == {"ada": "owner", "viola": "ta", "prospero": "instructor"}

    def refused(data: dict[str, str]) -> str:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        return response.content.decode()

    User.objects.create_user("sebastian")
    assert "sebastian has no instructor account" in refused(
        {"add-username": "sebastian", "add-role": "instructor"})
    assert "is a learner in this course" in refused({"add-username": "hamlet",
                                                     "add-role": "ta"})
    assert "There is no account named “nobody”." in refused({"add-username": "nobody",
                                                              "add-role": "ta"})
    assert "viola already has a role" in refused({"add-username": "viola",
                                                  "add-role": "instructor"})
    assert "Enter a user name and choose a role." in refused({"add-username": "sebastian",
                                                              "add-role": "owner"})
    assert roles(course) == {"ada": "owner", "viola": "ta", "prospero": "instructor"}


def test_only_the_owner_manages_people(course: Course, ada: User, viola: User,
                                       prospero: User) -> None:
    people.course_member_add(course=course, by=ada, username="prospero", role="instructor")
    people.course_member_add(course=course, by=ada, username="viola", role="ta")
    url = reverse("grading:people", args=[course.pk])
    co = client_for(prospero)
    page = co.get(url).content.decode()
    assert 'id="add-member"' not in page and "role-form" not in page
    for data in ({"add-username": "miranda", "add-role": "ta"},
                 {"user": viola.pk, "role": "instructor", "change": "1"},
                 {"user": viola.pk, "remove": "1"}, {"user": ada.pk, "remove": "1"}):
        assert co.post(url, data).status_code == 403, data
    with pytest.raises(services.GradingError, match="Only the course's owner"):
        people.course_member_remove(course=course, by=prospero, user_id=viola.pk)
    assert roles(course) == {"ada": "owner", "viola": "ta", "prospero": "instructor"}


def test_the_owner_changes_a_role_and_it_takes_effect_at_once(
    graded: AssignmentItem, ada: User, prospero: User, hamlet: User,
) -> None:
    course = graded.assignment.course
    people.course_member_add(course=course, by=ada, username="prospero", role="instructor")
    url = reverse("grading:people", args=[course.pk])
    cell = reverse("grading:cell", args=[graded.pk, hamlet.pk])
    co = client_for(prospero)
    assert 'id="override-form"' in co.get(cell).content.decode()
    client_for(ada).post(url, {"user": prospero.pk, "role": "ta", "change": "1"})
    assert roles(course)["prospero"] == "ta"
    assert 'id="override-form"' not in co.get(cell).content.decode()
    assert co.post(cell, {"points": "1", "reason": "x"}).status_code == 403
    client_for(ada).post(url, {"user": prospero.pk, "role": "instructor", "change": "1"})
    assert co.post(cell, {"points": "1", "reason": "fixed"}).status_code == 302
    assert GradeOverride.objects.get().by == prospero


def test_the_owner_is_neither_removed_nor_demoted_and_a_removed_ta_sees_nothing(
    graded: AssignmentItem, ada: User, ta: User,
) -> None:
    course = graded.assignment.course
    url = reverse("grading:people", args=[course.pk])
    owner = client_for(ada)
    for data in ({"user": ada.pk, "remove": "1"},
                 {"user": ada.pk, "role": "ta", "change": "1"}):
        response = owner.post(url, data, follow=True)
        assert "The owner&#x27;s role cannot be changed or removed." in \
            response.content.decode()
    assert roles(course)["ada"] == "owner"
    gradebook = reverse("grading:gradebook", args=[graded.assignment_id])
    assert client_for(ta).get(gradebook).status_code == 200
    owner.post(url, {"user": ta.pk, "remove": "1"})
    assert "viola" not in roles(course)
    # no role anywhere now, no instructor account: the instructor pages are closed
    assert client_for(ta).get(gradebook).status_code == 403


def test_a_member_of_the_staff_cannot_join_the_course_as_a_learner(
    course: Course, ada: User, viola: User,
) -> None:
    people.course_member_add(course=course, by=ada, username="viola", role="ta")
    with pytest.raises(services.GradingError, match="You teach Pods 101"):
        services.course_join(token=course.join_token, user=viola)
    assert not course.learners.filter(pk=viola.pk).exists()
