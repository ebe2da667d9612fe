"""Course time zones, per-learner extensions and the late rule (grading/deadlines.py), and the
small authoring fixes of #11: CRLF on save, the assignment page's <title>."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from grading import deadlines, services
from grading.models import Assignment, AssignmentItem, Course, Exercise
from tests.grading_demo import DEMO_EXERCISE, client_for

pytestmark = pytest.mark.django_db


def _seoul(item: AssignmentItem) -> Assignment:
    course = item.assignment.course
    course.time_zone = "Asia/Seoul"
    course.save()
    return item.assignment


def _set_due(client: Any, assignment: Assignment, local: str, policy: str = "no_credit") -> None:
    response = client.post(reverse("grading:assignment", args=[assignment.pk]), {
        "settings-title": assignment.title, "settings-due_at": local,
        "settings-late_policy": policy, "settings-penalty_percent_per_day": 10,
        "settings-attempts_limit": 0, "settings-score_policy": "best"})
    assert response.status_code == 302
    assignment.refresh_from_db()


def test_a_due_date_is_entered_in_the_courses_zone_and_stored_in_utc(
    item: AssignmentItem, ada: User
) -> None:
    assignment = _seoul(item)
    client = client_for(ada)
    _set_due(client, assignment, "2026-12-10T23:59")
    assert assignment.due_at == datetime(2026, 12, 10, 14, 59, tzinfo=UTC)
    page = client.get(reverse("grading:assignment", args=[assignment.pk])).content.decode()
    assert "2026-12-10 23:59 KST (Asia/Seoul)" in page
    assert 'value="2026-12-10T23:59"' in page  # the form shows it back in Seoul time


def test_a_deadline_already_past_in_seoul_is_late(item: AssignmentItem, ada: User) -> None:
    """The bug of #11: 00:30 in Seoul after a 23:59 deadline is 15:30 UTC the same day."""
    assignment = _seoul(item)
    _set_due(client_for(ada), assignment, "2026-12-10T23:59")
    after_in_seoul = datetime(2026, 12, 10, 15, 30, tzinfo=UTC)
    due = deadlines.due_for(user=ada, item=item)
    assert due is not None
    assert deadlines.late_factor(assignment, due, after_in_seoul) == 0.0
    assert deadlines.late_factor(assignment, due, due - timedelta(minutes=1)) == 1.0


def test_a_submission_after_the_deadline_is_recorded_late(
    item: AssignmentItem, hamlet: User
) -> None:
    services.assignment_update(assignment=item.assignment,
                               due_at=datetime.now(UTC) - timedelta(hours=1),
                               late_policy="penalty", penalty_percent_per_day=25)
    services.sandbox_ensure(user=hamlet, item=item)
    submission = services.submission_create(user=hamlet, item=item)
    assert submission.late_factor == 0.75


@pytest.mark.parametrize(("local", "utc_hour"), [
    ("2026-07-01T23:59", 3),   # EDT, UTC-4
    ("2026-12-01T23:59", 4),   # EST, UTC-5
])
def test_a_zone_with_daylight_saving_time(
    item: AssignmentItem, ada: User, local: str, utc_hour: int
) -> None:
    course = item.assignment.course
    course.time_zone = "America/New_York"
    course.save()
    _set_due(client_for(ada), item.assignment, local)
    due = item.assignment.due_at
    assert due is not None and (due.hour, due.minute) == (utc_hour, 59)
    assert deadlines.due_format(due, "America/New_York") == (
        f"{local.replace('T', ' ')} {'EDT' if utc_hour == 3 else 'EST'} (America/New_York)")


def test_an_extension_moves_one_learners_deadline(
    item: AssignmentItem, ada: User, hamlet: User, cordelia: User
) -> None:
    assignment = _seoul(item)
    client = client_for(ada)
    _set_due(client, assignment, "2026-12-10T23:59")
    response = client.post(reverse("grading:extensions", args=[assignment.pk]),
                           {"user": hamlet.pk, "item": "", "due_at": "2026-12-12T23:59"})
    assert response.status_code == 302
    page = client.get(reverse("grading:extensions", args=[assignment.pk])).content.decode()
    assert "2026-12-12 23:59 KST (Asia/Seoul)" in page
    at = datetime(2026, 12, 11, 12, 0, tzinfo=UTC)  # after the deadline, before hamlet's
    hamlet_due = deadlines.due_for(user=hamlet, item=item)
    cordelia_due = deadlines.due_for(user=cordelia, item=item)
    assert hamlet_due == datetime(2026, 12, 12, 14, 59, tzinfo=UTC)
    assert deadlines.late_factor(assignment, hamlet_due, at) == 1.0
    assert deadlines.late_factor(assignment, cordelia_due, at) == 0.0
    # an item's extension wins over the assignment's; hidden checks wait for the last deadline
    deadlines.extension_set(assignment=assignment, user=hamlet, item=item, by=ada,
                            due_at=datetime(2026, 12, 20, 0, 0, tzinfo=UTC))
    assert deadlines.due_for(user=hamlet, item=item) == datetime(2026, 12, 20, tzinfo=UTC)
    assert not deadlines.reveal_passed(item=item, at=datetime(2026, 12, 19, tzinfo=UTC))
    assert deadlines.reveal_passed(item=item, at=datetime(2026, 12, 21, tzinfo=UTC))


def test_an_extension_is_for_learners_of_the_course_only(
    item: AssignmentItem, ada: User
) -> None:
    with pytest.raises(deadlines.DeadlineError):
        deadlines.extension_set(assignment=item.assignment, user=ada, by=ada,
                                due_at=datetime(2030, 1, 1, tzinfo=UTC))


def test_a_new_course_takes_its_zone_and_rejects_a_bad_one(ada: User) -> None:
    client = client_for(ada)
    client.post(reverse("grading:teach"), {"name": "Seoul class", "time_zone": "Asia/Seoul"})
    response = client.post(reverse("grading:teach"), {"name": "Nowhere", "time_zone": "Mars/Base"},
                           headers={"accept-language": "en"})
    assert response.status_code == 200 and "is not a time zone" in response.content.decode()
    korean = client.post(reverse("grading:teach"), {"name": "Nowhere", "time_zone": "Mars/Base"},
                         headers={"accept-language": "ko"})
    assert "“Mars/Base”은(는) 시간대가 아닙니다" in korean.content.decode()
    assert list(Course.objects.values_list("name", "time_zone")) == [("Seoul class",
                                                                       "Asia/Seoul")]
    korean = client.get(reverse("grading:teach"), headers={"accept-language": "ko"})
    assert 'value="Asia/Seoul"' in korean.content.decode()


def test_saving_crlf_text_updates_the_version_line(ada: User) -> None:
    client = client_for(ada)
    for title in ("Demo pod", "Second", "Third", "Fourth"):
        text = DEMO_EXERCISE.replace("Demo pod", title).replace("\n", "\r\n")
        client.post(reverse("grading:exercise_new"), {"yaml_text": text})
    latest = Exercise.objects.filter(exercise_id="grading-demo").order_by("-version").first()
    assert latest is not None and latest.version == 4
    export = client.get(reverse("grading:exercise_export", args=["grading-demo"])).content
    assert b"\nversion: 4\n" in export and b"\r" not in export


def test_the_assignment_pages_title_is_only_its_title(item: AssignmentItem, ada: User) -> None:
    page = client_for(ada).get(reverse("grading:assignment", args=[item.assignment_id]))
    title = re.search(r"<title>(.*?)</title>", page.content.decode(), re.S)
    assert title is not None and title.group(1).strip() == "Week 1 · Pod Playground"



def test_changing_a_courses_zone_keeps_the_instant_of_its_due_dates(
    item: AssignmentItem, ada: User
) -> None:
    assignment = _seoul(item)
    client = client_for(ada)
    _set_due(client, assignment, "2026-12-10T23:59")
    client.post(reverse("grading:course", args=[assignment.course_id]),
                {"zone-time_zone": "Europe/Berlin"})
    assignment.refresh_from_db()
    assert assignment.course.time_zone == "Europe/Berlin"
    assert assignment.due_at == datetime(2026, 12, 10, 14, 59, tzinfo=UTC)
    page = client.get(reverse("grading:assignment", args=[assignment.pk])).content.decode()
    assert "2026-12-10 15:59 CET (Europe/Berlin)" in page
    client.post(reverse("grading:course", args=[assignment.course_id]),
                {"zone-time_zone": "Nowhere/City"})
    assert Course.objects.get(pk=assignment.course_id).time_zone == "Europe/Berlin"


def test_the_learners_home_shows_their_own_due_date_in_the_courses_zone(
    item: AssignmentItem, ada: User, hamlet: User, cordelia: User
) -> None:
    assignment = _seoul(item)
    _set_due(client_for(ada), assignment, "2026-12-10T23:59")
    deadlines.extension_set(assignment=assignment, user=hamlet, by=ada,
                            due_at=datetime(2026, 12, 12, 14, 59, tzinfo=UTC))
    hamlet_home = client_for(hamlet).get(reverse("grading:home")).content.decode()
    cordelia_home = client_for(cordelia).get(reverse("grading:home")).content.decode()
    assert "2026-12-12 23:59 KST (Asia/Seoul)" in hamlet_home
    assert "2026-12-10 23:59 KST (Asia/Seoul)" in cordelia_home
