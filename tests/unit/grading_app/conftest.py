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
from tests.unit.grading_app.helpers import PRIVATE


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


def _instructor(username: str) -> User:
    user = User.objects.create_user(username, password=f"pw-{username}-123")
    services.instructor_grant(user=user)
    return user


@pytest.fixture
def ada(db: Any) -> User:
    return _instructor("ada")


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


@pytest.fixture
def prospero(db: Any) -> User:
    """A second instructor account, in no course of ada's (a module may make him one)."""
    return _instructor("prospero")


@pytest.fixture
def private_item(item: AssignmentItem, ada: User) -> AssignmentItem:
    """The course's second exercise, ada's own (private: only the course's people read it)."""
    exercise = services.exercise_save(text=PRIVATE, user=ada)
    return services.assignment_item_add(assignment=item.assignment, exercise=exercise)
