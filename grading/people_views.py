"""The course's people page: everyone with a role reads who teaches it and the trail of changes;
the owner adds, removes and changes the role of instructors and TAs, and hands the course to an
instructor after a confirmation page (grading/people.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from grading import access, people, selectors
from grading.forms import CourseMemberForm, MemberRoleForm
from grading.guards import mine_or_404, require_course, staff_required
from grading.http import AuthenticatedHttpRequest
from grading.models import Course, CourseRole


@staff_required
def course_people(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = mine_or_404(
        selectors.course_get_staffed(user=request.user, course_id=course_id), "courses"
    )
    if request.method == "POST":
        require_course(request, course, access.CourseAction.MANAGE_PEOPLE)
        if "add-username" in request.POST:
            return _member_add(request, course)
        if "transfer" in request.POST:
            return _owner_transfer(request, course)
        return _member_change(request, course)
    people_list = selectors.course_people(course=course)
    return render(request, "grading/people.html", {
        "course": course, "people": people_list,
        "can": access.course_abilities(user=request.user, course=course),
        "add_form": CourseMemberForm(prefix="add"),
        "roles": [(role.value, role.label) for role in access.ASSIGNABLE_ROLES],
        "instructors": [m for m in people_list if m.role == CourseRole.Role.INSTRUCTOR],
        "changes": selectors.course_role_changes(course=course),
    })


def _back(course: Course) -> HttpResponse:
    return HttpResponseRedirect(reverse("grading:people", args=[course.pk]))


def _member_add(request: AuthenticatedHttpRequest, course: Course) -> HttpResponse:
    form = CourseMemberForm(request.POST, prefix="add")
    if not form.is_valid():
        messages.error(request, _("Enter a user name and choose a role."))
        return _back(course)
    try:
        added = people.course_member_add(course=course, by=request.user, **form.cleaned_data)
    except people.GradingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s was added to the course.")
                         % {"name": added.get_username()})
    return _back(course)


def _member_change(request: AuthenticatedHttpRequest, course: Course) -> HttpResponse:
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person and a role."))
        return _back(course)
    user_id = form.cleaned_data["user"]
    try:
        if "remove" in request.POST:
            removed = people.course_member_remove(course=course, by=request.user,
                                                  user_id=user_id)
            messages.success(request, _("%(name)s no longer has a role in this course.")
                             % {"name": removed.get_username()})
        else:
            member = people.course_member_role_set(course=course, by=request.user,
                                                   user_id=user_id,
                                                   role=form.cleaned_data["role"])
            messages.success(request, _("%(name)s is now: %(role)s.") % {
                "name": member.user.get_username(), "role": member.get_role_display()})
    except people.GradingError as error:
        messages.error(request, str(error))
    return _back(course)


def _owner_transfer(request: AuthenticatedHttpRequest, course: Course) -> HttpResponse:
    """First post: the confirmation page naming the new owner; the second (``confirm``) hands
    the course over."""
    form = MemberRoleForm({"user": request.POST.get("user", "")})
    target = (course.roles.select_related("user").filter(user_id=form.cleaned_data["user"])
              .first() if form.is_valid() else None)
    if target is None or target.role != CourseRole.Role.INSTRUCTOR:
        messages.error(request, _("The new owner must be an instructor of this course."))
        return _back(course)
    if "confirm" not in request.POST:
        return render(request, "grading/people_transfer.html", {"course": course,
                                                                "target": target})
    try:
        people.course_owner_transfer(course=course, by=request.user, user_id=target.user_id)
    except people.GradingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s now owns the course; you are one of its "
                                    "instructors.") % {"name": target.user.get_username()})
    return _back(course)
