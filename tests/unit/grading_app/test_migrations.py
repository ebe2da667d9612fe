"""grading/migrations: 0002, submissions left pending before the sweep existed get a queue time,
so the first sweep finds them (they were "grading…" for good before); 0003, courses made before
ownership get their first instructor as owner; 0005, owners and instructors become course roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps

Target = list[tuple[str, str]]


def _apps_at(target: Target) -> StateApps:
    """Migrate the test database back (or on) to ``target``; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_item(apps: StateApps) -> tuple[Any, Any]:
    """(exercise, item): an old course's assignment with one exercise in it."""
    course = apps.get_model("grading", "Course").objects.create(name="Old course")
    exercise = apps.get_model("grading", "Exercise").objects.create(
        exercise_id="old", version=1, title="Old", yaml_text="id: old")
    assignment = apps.get_model("grading", "Assignment").objects.create(course=course, title="A")
    item = apps.get_model("grading", "AssignmentItem").objects.create(
        assignment=assignment, exercise=exercise)
    return exercise, item


@pytest.mark.django_db(transaction=True)
def test_pending_submissions_from_before_the_sweep_get_their_submission_time() -> None:
    apps = _apps_at([("grading", "0001_initial")])
    user = apps.get_model("auth", "User").objects.create(username="old-hamlet")
    exercise, item = _old_item(apps)
    pending = apps.get_model("grading", "Submission").objects.create(
        user=user, item=item, exercise=exercise, attempt=1, seed="s", snapshot={},
        graded_now=0.0)

    _migrate_to_latest()
    from grading.models import Submission

    migrated = Submission.objects.get(pk=pending.pk)
    assert migrated.status == "pending" and migrated.queued_at == migrated.submitted_at


@pytest.mark.django_db(transaction=True)
def test_old_courses_get_an_owner_and_authorless_exercises_are_the_library() -> None:
    before = [("grading", "0002_class_scale")]
    apps = _apps_at(before)
    users = apps.get_model("auth", "User").objects
    first, second = users.create(username="old-ada"), users.create(username="old-prospero")
    course = apps.get_model("grading", "Course").objects.create(name="Old course")
    course.instructors.add(second, first)
    exercises = apps.get_model("grading", "Exercise").objects
    from_file = exercises.create(exercise_id="f", version=1, title="F", yaml_text="id: f")
    authored = exercises.create(exercise_id="a", version=1, title="A", yaml_text="id: a",
                                created_by=first)
    lonely = apps.get_model("grading", "Course").objects.create(name="Nobody teaches")

    _migrate_to_latest()
    from grading.models import Course

    # (0005 then turns the owner and the instructors into course roles)
    assert dict(Course.objects.get(pk=course.pk).roles.values_list("user_id", "role")) == {
        first.pk: "owner", second.pk: "instructor"}
    assert not Course.objects.get(pk=lonely.pk).roles.exists()
    assert Course.objects.get(pk=course.pk).time_zone == "UTC"  # the site's zone
    from grading.models import Exercise

    assert Exercise.objects.get(pk=from_file.pk).is_library
    assert not Exercise.objects.get(pk=authored.pk).is_library


@pytest.mark.django_db(transaction=True)
def test_regrades_started_before_previews_count_as_confirmed() -> None:
    before = [("grading", "0003_ownership_time_zones_extensions")]
    apps = _apps_at(before)
    ada = apps.get_model("auth", "User").objects.create(username="old-ada")
    exercise, item = _old_item(apps)
    queued = apps.get_model("grading", "RegradeJob").objects.create(
        item=item, exercise=exercise, by=ada, status="queued")

    _migrate_to_latest()
    from grading.models import RegradeJob

    job = RegradeJob.objects.get(pk=queued.pk)
    # A worker that picks it up after the upgrade still writes it (it was never a preview).
    assert (job.status, job.confirmed_at, job.confirmed_by_id) == ("queued", job.created_at,
                                                                   ada.pk)


@pytest.mark.django_db(transaction=True)
def test_owners_and_instructors_become_course_roles_and_come_back_on_a_rollback() -> None:
    """0005: the owner keeps the course as its owner, every other instructor stays an
    instructor (a course whose owner's account is gone keeps its instructors, owner-less);
    migrating back restores owner and instructors (TAs had no place before and go)."""
    before = [("grading", "0004_regrade_preview_undo_drafts")]
    apps = _apps_at(before)
    users = apps.get_model("auth", "User").objects
    ada, prospero, miranda = (users.create(username=name)
                              for name in ("old-ada", "old-prospero", "old-miranda"))
    courses = apps.get_model("grading", "Course").objects
    taught = courses.create(name="Taught", owner=ada)
    taught.instructors.add(ada, prospero, miranda)
    orphan = courses.create(name="Owner gone")
    orphan.instructors.add(prospero)
    empty = courses.create(name="Nobody")

    _migrate_to_latest()
    from grading.models import Course, CourseRole

    def roles(pk: int) -> dict[str, str]:
        return dict(Course.objects.get(pk=pk).roles.values_list("user__username", "role"))

    assert roles(taught.pk) == {"old-ada": "owner", "old-prospero": "instructor",
                                "old-miranda": "instructor"}
    assert roles(orphan.pk) == {"old-prospero": "instructor"}
    assert roles(empty.pk) == {}
    CourseRole.objects.filter(course_id=taught.pk, user__username="old-miranda").update(
        role="ta")

    old = _apps_at(before).get_model("grading", "Course").objects
    back = old.get(pk=taught.pk)
    assert back.owner_id == ada.pk
    assert set(back.instructors.values_list("username", flat=True)) == {"old-ada",
                                                                        "old-prospero"}
    assert old.get(pk=orphan.pk).owner_id is None
    assert list(old.get(pk=orphan.pk).instructors.values_list("username", flat=True)) == [
        "old-prospero"]
    _migrate_to_latest()  # leave the database as it was
