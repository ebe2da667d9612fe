"""Personas and helpers for the grading app: instructor ``ada``, learners ``hamlet`` and
``cordelia``, a course with an assignment of the demo exercise, sandboxes in a MemoryStore and
grading tasks run eagerly (what the worker would do)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from grading import services
from grading.models import Assignment, AssignmentItem, Course
from playground.celery import app
from playground.sim.store import MemoryStore
from tests.grading_demo import DEMO_EXERCISE


@pytest.fixture(autouse=True)
def memory_store(monkeypatch: pytest.MonkeyPatch) -> MemoryStore:
    store = MemoryStore()
    monkeypatch.setattr(services, "_store", lambda: store)
    return store


@pytest.fixture(autouse=True)
def eager_celery() -> Iterator[None]:
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def ada(db: Any) -> User:
    user = User.objects.create_user("ada", password="pw-ada-123")
    services.instructor_grant(user=user)
    return user


@pytest.fixture
def hamlet(db: Any) -> User:
    return User.objects.create_user("hamlet", password="pw-hamlet-123")


@pytest.fixture
def cordelia(db: Any) -> User:
    return User.objects.create_user("cordelia", password="pw-cordelia-123")


@pytest.fixture
def course(ada: User, hamlet: User, cordelia: User) -> Course:
    course = services.course_create(name="Pods 101", instructor=ada)
    services.course_join(token=course.join_token, user=hamlet)
    services.course_join(token=course.join_token, user=cordelia)
    return course


@pytest.fixture
def item(course: Course) -> AssignmentItem:
    exercise = services.exercise_save(text=DEMO_EXERCISE)
    assignment = services.assignment_create(course=course, title="Week 1")
    return services.assignment_item_add(assignment=assignment, exercise=exercise, points=10)


@pytest.fixture
def assignment(item: AssignmentItem) -> Assignment:
    return item.assignment
