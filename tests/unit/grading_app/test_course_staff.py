"""What issue #11's roles finish: a TA reads an item's regrade history and a regrade's preview
and result (who changed, by how much) with no button that starts, confirms or undoes one, and
every such POST is 403; the owner hands the course to one of its instructors after a
confirmation page, recorded in the People page's trail; courses are labelled with the user's
role (Korean and English)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from grading import people, services
from grading.models import AssignmentItem, Course, CourseRole, CourseRoleChange, RegradeJob
from playground.sim.store import MemoryStore
from tests.grading_demo import client_for
from tests.unit.grading_app.helpers import roles
from tests.unit.grading_app.test_regrades import FIXED, confirm, preview
from tests.unit.grading_app.test_services import solve
from tests.unit.grading_app.test_submissions import submit

pytestmark = pytest.mark.django_db

TEACHING_CONTROLS = ('id="regrade-form"', 'id="regrade-confirm"', 'id="regrade-undo"',
                     "regrade_confirm", "/undo/", 'class="regrade-link"')


@pytest.fixture
def viola(course: Course, ada: User) -> User:
    """A TA of the course (an ordinary account)."""
    User.objects.create_user("viola")
    people.course_member_add(course=course, by=ada, username="viola", role="ta")
    return User.objects.get(username="viola")


@pytest.fixture
def prospero(course: Course, ada: User) -> User:
    """An instructor of the course."""
    user = User.objects.create_user("prospero")
    services.instructor_grant(user=user)
    people.course_member_add(course=course, by=ada, username="prospero", role="instructor")
    return user


@pytest.fixture
def jobs(item: AssignmentItem, hamlet: User, ada: User, memory_store: MemoryStore,
         django_capture_on_commit_callbacks: Any) -> tuple[RegradeJob, RegradeJob]:
    """hamlet's full marks, then a confirmed regrade to FIXED (10 → 5) and a second preview
    nobody confirmed (back to the first version)."""
    solve(memory_store, hamlet, item)
    submit(hamlet, item, django_capture_on_commit_callbacks)
    first = item.exercise
    fixed = services.exercise_save(text=FIXED)
    done = confirm(preview(item, fixed, ada, django_capture_on_commit_callbacks), ada,
                   django_capture_on_commit_callbacks)
    item.refresh_from_db()
    waiting = preview(item, first, ada, django_capture_on_commit_callbacks)
    return done, waiting


def test_a_ta_reads_the_regrade_history_preview_and_result_without_buttons(
    item: AssignmentItem, viola: User, jobs: tuple[RegradeJob, RegradeJob],
) -> None:
    done, waiting = jobs
    client = client_for(viola)
    assignment = client.get(reverse("grading:assignment", args=[item.assignment_id]))
    assert 'class="regrade-history-link"' in assignment.content.decode()
    history = client.get(reverse("grading:item_regrade", args=[item.pk]))
    assert history.status_code == 200
    page = history.content.decode()
    assert 'id="read-only"' in page and page.count("started by ada") == 2
    for job in (done, waiting):
        assert reverse("grading:regrade_job", args=[job.pk]) in page
    result = client.get(reverse("grading:regrade_job", args=[done.pk])).content.decode()
    assert "Regraded 1 submission; 1 changed." in result
    assert 'id="regrade-diff"' in result and "<td>hamlet</td>" in result
    assert "<td>10.0</td><td>5.0</td>" in result  # before and after
    assert "Started by ada" in result and "Confirmed by ada" in result
    previewed = client.get(reverse("grading:regrade_job", args=[waiting.pk])).content.decode()
    assert 'id="regrade-preview"' in previewed and "#1: 5.0 → 10.0" in previewed
    assert "Nothing is changed until an instructor confirms." in previewed
    for html in (page, result, previewed):
        for control in TEACHING_CONTROLS:
            assert control not in html, control
    # The same pages for the owner keep every button.
    owner = client_for(User.objects.get(username="ada"))
    assert 'id="regrade-form"' in owner.get(
        reverse("grading:item_regrade", args=[item.pk])).content.decode()
    assert 'id="regrade-confirm"' in owner.get(
        reverse("grading:regrade_job", args=[waiting.pk])).content.decode()
    assert 'id="regrade-undo"' in owner.get(
        reverse("grading:regrade_job", args=[done.pk])).content.decode()


def test_every_regrade_post_answers_403_to_a_ta_and_changes_nothing(
    item: AssignmentItem, viola: User, jobs: tuple[RegradeJob, RegradeJob],
) -> None:
    done, waiting = jobs
    client = client_for(viola)
    before = list(RegradeJob.objects.order_by("pk").values_list("pk", "status"))
    item.refresh_from_db()
    version = item.exercise
    for url, data in ((reverse("grading:item_regrade", args=[item.pk]),
                       {"exercise": version.pk}),
                      (reverse("grading:regrade_confirm", args=[waiting.pk]), {}),
                      (reverse("grading:regrade_undo", args=[done.pk]), {})):
        assert client.post(url, data).status_code == 403, url
    assert list(RegradeJob.objects.order_by("pk").values_list("pk", "status")) == before
    item.refresh_from_db()
    assert item.exercise == version


def test_someone_outside_the_course_does_not_find_its_regrades(
    item: AssignmentItem, jobs: tuple[RegradeJob, RegradeJob],
) -> None:
    done, _waiting = jobs
    outsider = User.objects.create_user("iago")
    other = services.course_create(name="Other", instructor=User.objects.create_user("lear"))
    CourseRole.objects.create(course=other, user=outsider, role=CourseRole.Role.TA)
    client = client_for(outsider)
    assert client.get(reverse("grading:item_regrade", args=[item.pk])).status_code == 404
    assert client.get(reverse("grading:regrade_job", args=[done.pk])).status_code == 404
    assert client.post(reverse("grading:regrade_confirm", args=[done.pk])).status_code == 404


def test_the_owner_hands_the_course_to_an_instructor_after_confirming(
    course: Course, ada: User, prospero: User, viola: User,
) -> None:
    url = reverse("grading:people", args=[course.pk])
    owner = client_for(ada)
    page = owner.get(url).content.decode()
    assert 'id="transfer-owner"' in page
    assert f'<option value="{prospero.pk}">prospero</option>' in page
    assert f'<option value="{viola.pk}">viola</option>' not in page.split(
        'id="transfer-owner"')[1].split("</form>")[0]  # only instructors are offered
    question = owner.post(url, {"user": prospero.pk, "transfer": "1"})
    assert question.status_code == 200
    assert 'id="transfer-confirm"' in question.content.decode()
    assert "Make prospero the owner of Pods 101?" in question.content.decode()
    assert roles(course)["ada"] == "owner"  # nothing changed before the confirmation
    done = owner.post(url, {"user": prospero.pk, "transfer": "1", "confirm": "1"}, follow=True)
    assert "prospero now owns the course" in done.content.decode()
    assert roles(course) == {"ada": "instructor", "prospero": "owner", "viola": "ta"}
    assert course.roles.filter(role=CourseRole.Role.OWNER).count() == 1
    # The trail on the People page: who changed whose role, from what to what.
    trail = list(CourseRoleChange.objects.filter(course=course).order_by("pk").values_list(
        "by__username", "user__username", "old_role", "new_role"))
    assert trail[-2:] == [("ada", "prospero", "instructor", "owner"),
                          ("ada", "ada", "owner", "instructor")]
    assert set(trail[:-2]) == {("ada", "viola", "", "ta"),
                               ("ada", "prospero", "", "instructor")}
    page = client_for(prospero).get(url).content.decode()
    assert 'id="role-changes"' in page and 'id="transfer-owner"' in page
    rows = page.split('id="role-changes"')[1]
    assert "<td>ada</td><td>ada</td><td>Owner</td><td>Instructor</td>" in rows
    # The old owner is an instructor now: teaches, no longer manages people.
    assert 'id="add-member"' not in owner.get(url).content.decode()
    assert owner.post(url, {"user": viola.pk, "remove": "1"}).status_code == 403


def test_only_the_owner_transfers_and_only_to_an_instructor(
    course: Course, ada: User, prospero: User, viola: User, hamlet: User,
) -> None:
    url = reverse("grading:people", args=[course.pk])
    for data in ({"user": ada.pk, "transfer": "1", "confirm": "1"},
                 {"user": prospero.pk, "transfer": "1", "confirm": "1"}):
        assert client_for(prospero).post(url, data).status_code == 403
        assert client_for(viola).post(url, data).status_code == 403
    with pytest.raises(services.GradingError, match="Only the course's owner"):
        people.course_owner_transfer(course=course, by=prospero, user_id=prospero.pk)
    owner = client_for(ada)
    stranger = User.objects.create_user("sebastian")
    for target in (viola, hamlet, stranger, ada):  # a TA, a learner, nobody here, the owner
        response = owner.post(url, {"user": target.pk, "transfer": "1", "confirm": "1"},
                              follow=True)
        assert "The new owner must be an instructor of this course." in \
            response.content.decode(), target
        with pytest.raises(services.GradingError, match="must be an instructor"):
            people.course_owner_transfer(course=course, by=ada, user_id=target.pk)
    assert roles(course) == {"ada": "owner", "prospero": "instructor", "viola": "ta"}
    assert not CourseRoleChange.objects.filter(new_role=CourseRole.Role.OWNER).exists()


def test_every_people_change_is_in_the_trail(course: Course, ada: User, viola: User) -> None:
    people.course_member_role_set(course=course, by=ada, user_id=viola.pk, role="ta")  # same
    User.objects.create_user("miranda")
    services.instructor_grant(user=User.objects.get(username="miranda"))
    people.course_member_add(course=course, by=ada, username="miranda", role="ta")
    miranda = User.objects.get(username="miranda")
    people.course_member_role_set(course=course, by=ada, user_id=miranda.pk, role="instructor")
    people.course_member_remove(course=course, by=ada, user_id=viola.pk)
    trail = list(CourseRoleChange.objects.order_by("pk").values_list(
        "user__username", "old_role", "new_role"))
    assert trail == [("viola", "", "ta"), ("miranda", "", "ta"),
                     ("miranda", "ta", "instructor"), ("viola", "ta", "")]
    # A TA reads the trail too (who teaches is no secret to the staff).
    page = client_for(miranda).get(reverse("grading:people", args=[course.pk])).content.decode()
    assert 'id="role-changes"' in page


@pytest.mark.parametrize(("lang", "owner", "instructor", "ta", "nav_ta"), [
    ("en", "(Owner)", "(Instructor)", "(Teaching assistant)", "Courses you assist"),
    ("ko", "(소유자)", "(강사)", "(조교)", "조교로 있는 강좌"),
])
def test_the_home_page_labels_each_course_with_the_users_role(
    course: Course, ada: User, viola: User, lang: str, owner: str, instructor: str, ta: str,
    nav_ta: str,
) -> None:
    other = services.course_create(name="Pods 201", instructor=User.objects.create_user("lear"))
    services.instructor_grant(user=User.objects.get(username="lear"))
    people.course_member_add(course=other, by=User.objects.get(username="lear"),
                             username="ada", role="instructor")
    home = client_for(ada, lang=lang).get(reverse("grading:home")).content.decode()
    section = home.split('id="staff-courses"')[1].split("</section>")[0]
    assert f"Pods 101</a> <small class=\"muted course-role\" data-role=\"owner\">{owner}" \
        in section
    assert f"Pods 201</a> <small class=\"muted course-role\" data-role=\"instructor\">" \
        f"{instructor}" in section
    page = client_for(viola, lang=lang).get(reverse("grading:home")).content.decode()
    section = page.split('id="staff-courses"')[1].split("</section>")[0]
    assert ta in section and instructor not in section and "instructor)" not in page
    assert f'id="nav-teach">{nav_ta}</a>' in page
    teach = client_for(viola, lang=lang).get(reverse("grading:teach")).content.decode()
    assert ta in teach
    # A learner with no role anywhere: no staff section, no link to the teaching pages.
    learner = client_for(User.objects.get(username="hamlet"), lang=lang)
    page = learner.get(reverse("grading:home")).content.decode()
    assert 'id="staff-courses"' not in page and 'id="nav-teach"' not in page
