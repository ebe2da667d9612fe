"""What several grading-app test modules read: ada's private exercise and a course's roles."""

from __future__ import annotations

from grading.models import Course
from tests.grading_demo import DEMO_EXERCISE

PRIVATE = DEMO_EXERCISE.replace("id: grading-demo", "id: ada-private")


def roles(course: Course) -> dict[str, str]:
    return dict(course.roles.values_list("user__username", "role"))
