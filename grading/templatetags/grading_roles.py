"""The user's place in the course staff, for the navigation and course lists: ``{% if
user|teaches_somewhere %}`` (an instructor account or a role in some course, a TA's too) and
``{{ course.role|role_label }}`` (the role's name in the active language, the one wording
everywhere a course is labelled by the user's role)."""

from __future__ import annotations

from typing import Any

from django import template

from grading import access
from grading.models import CourseRole

register = template.Library()


@register.filter
def teaches_somewhere(user: Any) -> bool:
    return bool(user.is_authenticated and access.user_is_staff(user=user))


@register.filter
def role_label(code: str) -> str:
    """``owner`` → "Owner", ``ta`` → "Teaching assistant" (translated); unknown codes as is."""
    try:
        return str(CourseRole.Role(code).label)
    except ValueError:
        return code
