"""What the grading pages check before they run: signed in, an instructor account or a course
role, the user's role in the page's course (the rules themselves are grading/access.py's)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils import timezone

from grading import access, selectors
from grading.http import AuthenticatedHttpRequest

View = Callable[..., HttpResponse]
T = TypeVar("T")


def instructor_required(view: View) -> View:
    """Logged in (else the log-in page) and an instructor (else 403)."""
    return _account_required(view, access.user_can_author)


def staff_required(view: View) -> View:
    """Logged in (else the log-in page) and an instructor account or a role in some course, a
    TA's (else 403); the course page itself then checks the role (grading/access.py)."""
    return _account_required(view, access.user_is_staff)


def _account_required(view: View, allowed: Callable[..., bool]) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not allowed(user=request.user):
            return HttpResponseForbidden("Instructors only.")
        return view(request, *args, **kwargs)

    return wrapped


def mine_or_404(found: T | None, what: str) -> T:
    """What a ``selectors.*_get_*`` found for the user, or 404 "not one of your <what>" (the
    same answer whether it does not exist or belongs to someone else's course)."""
    if found is None:
        raise Http404(f"not one of your {what}")
    return found


def require_course(request: AuthenticatedHttpRequest, course: Any,
                   action: access.CourseAction) -> None:
    """403 when the user's role in ``course`` (which they can see) does not allow ``action``."""
    if not access.course_can(user=request.user, course=course, action=action):
        raise PermissionDenied("your role in this course does not allow this")


def in_course_zone(view: View) -> View:
    """Run a course page in its course's time zone: forms read due dates there and templates
    show them there (404 when the user has no role in the course)."""

    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        course = _course_of(request, **kwargs)
        with timezone.override(course.time_zone):
            return view(request, *args, **kwargs)

    return wrapped


def _course_of(request: AuthenticatedHttpRequest, **kwargs: Any) -> Any:
    if "course_id" in kwargs:
        course = selectors.course_get_staffed(user=request.user, course_id=kwargs["course_id"])
    elif "item_id" in kwargs:
        item = selectors.item_get_staffed(user=request.user, item_id=kwargs["item_id"])
        course = item.assignment.course if item else None
    else:
        assignment = selectors.assignment_get_staffed(user=request.user,
                                                      assignment_id=kwargs["assignment_id"])
        course = assignment.course if assignment else None
    return mine_or_404(course, "courses")
