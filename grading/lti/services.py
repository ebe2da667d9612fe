"""What a validated launch means here: the platform user as a Django account (stable ``sub`` and
issuer; name and email from the claims), the platform course as a Course (instructor and
administrator roles teach it, a Teaching Assistant role assists it as a TA, learner roles join
it), the resource link as an Assignment; the
Deep Linking choices; the NRPS roster sync into the course's learners.

Access stays grading/access.py's: an LTI learner is only a course learner, so instructor pages
keep answering 403/404 to them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grading import access, services
from grading.lti import adapter
from grading.lti.models import LtiAssignmentLink, LtiCourse
from grading.models import Assignment, Course, CourseRole, Exercise

CUSTOM_ASSIGNMENT = "pod_playground_assignment"


class LtiError(Exception):
    """A launch this tool cannot serve; the (translated) message is shown as is."""


def _account(*, registration_pk: int, sub: str, lti_user_pk: int, auth_user_id: int | None,
             given_name: str, family_name: str, name: str, email: str) -> User:
    if auth_user_id is not None:
        user = User.objects.get(pk=auth_user_id)
    else:
        # Always a new account: the link to the platform user (adapter.lti_user_link) is what
        # finds it next time, never the name, so an account someone made with that name (or
        # one left from an earlier registration) is never handed to the platform's user.
        username = adapter.stable_username(registration_pk=registration_pk, sub=sub)
        if User.objects.filter(username=username).exists():
            username = f"{username}-{secrets.token_hex(4)}"
        user = User(username=username)
        user.set_unusable_password()  # signs in only through its platform
    first, last = given_name, family_name
    if not (first or last) and name:
        first, _sep, last = name.partition(" ")
    user.first_name, user.last_name = first[:150], last[:150]
    user.email = email[:254]
    user.save()
    if auth_user_id is None:
        adapter.lti_user_link(lti_user_pk=lti_user_pk, user_id=user.pk)
    return user


def user_for_launch(launch: adapter.Launch) -> User:
    return _account(registration_pk=launch.registration_pk, sub=launch.sub,
                    lti_user_pk=launch.lti_user_pk, auth_user_id=launch.auth_user_id,
                    given_name=launch.given_name, family_name=launch.family_name,
                    name=launch.name, email=launch.email)


def _staff_role(*, instructor: bool, teaching_assistant: bool) -> str | None:
    """The course role an LMS role asks for: the Teaching Assistant role (context role or the
    Instructor sub-role) makes a read-only TA even beside Instructor, which platforms send with
    it (LIS sub-roles imply their principal role); Instructor or Administrator alone teaches."""
    if teaching_assistant:
        return CourseRole.Role.TA
    return CourseRole.Role.INSTRUCTOR if instructor else None


def _enrol(*, course: Course, user: User, instructor: bool, learner: bool,
           teaching_assistant: bool = False) -> None:
    role = _staff_role(instructor=instructor, teaching_assistant=teaching_assistant)
    if role is not None:
        if role == CourseRole.Role.INSTRUCTOR:  # a TA needs no instructor account
            services.instructor_grant(user=user)
        # The first LMS instructor owns the course; others teach or assist it. A role the
        # owner set on the People page (a TA made instructor, say) is theirs to change, not
        # the LMS's: an existing role is kept.
        if not course.roles.filter(user=user).exists():
            owned = course.roles.filter(role=CourseRole.Role.OWNER).exists()
            if role == CourseRole.Role.INSTRUCTOR and not owned:
                role = CourseRole.Role.OWNER
            CourseRole.objects.create(course=course, user=user, role=role)
    elif learner:
        course.learners.add(user)


@transaction.atomic
def course_for_launch(launch: adapter.Launch, user: User) -> Course:
    if not (launch.is_instructor or launch.is_teaching_assistant or launch.is_learner):
        raise LtiError(_("Your role in this course is neither instructor, teaching assistant "
                         "nor learner, so the playground has nothing to show you."))
    link = LtiCourse.objects.select_related("course").filter(context_id=launch.context_pk).first()
    if link is None:
        course = Course.objects.create(name=(launch.context_title or _("LMS course"))[:200])
        link = LtiCourse.objects.create(context_id=launch.context_pk, course=course)
    _enrol(course=link.course, user=user, instructor=launch.is_instructor,
           learner=launch.is_learner, teaching_assistant=launch.is_teaching_assistant)
    return link.course


@transaction.atomic
def assignment_for_launch(launch: adapter.Launch, course: Course) -> Assignment:
    """The assignment the resource link opens: linked on its first launch from the custom
    parameter Deep Linking put on it (an assignment of this same course only)."""
    assert launch.resource_link_pk is not None
    link = LtiAssignmentLink.objects.filter(resource_link_id=launch.resource_link_pk).first()
    if link is None:
        wanted = launch.custom.get(CUSTOM_ASSIGNMENT, "")
        assignment = (Assignment.objects.filter(pk=int(wanted), course=course).first()
                      if wanted.isdigit() else None)
        if assignment is None:
            raise LtiError(_("This link names no assignment of this course. The instructor "
                             "adds the playground with the course's content picker (Deep "
                             "Linking) to choose one."))
        link = LtiAssignmentLink(resource_link_id=launch.resource_link_pk, assignment=assignment)
    # The latest launch's endpoints: a platform may move them, the column stays the one found.
    link.ags_scopes = list(launch.ags_scopes)
    link.lineitems_url = launch.lineitems_url
    link.lineitem_url = launch.lineitem_url or link.lineitem_url
    link.save()
    return link.assignment


# ----- deep linking -----


@dataclass(frozen=True)
class Choice:
    kind: str  # assignment | exercise
    pk: int
    title: str


def deep_link_choices(*, user: User, course: Course) -> list[Choice]:
    assignments = [Choice("assignment", a.pk, a.title) for a in course.assignments.all()]
    exercises = [Choice("exercise", e.pk, f"{e.title} ({e.exercise_id} v{e.version})")
                 for e in access.exercise_latest_usable(user=user)]
    return assignments + exercises


@transaction.atomic
def deep_link_pick(*, user: User, course: Course, kind: str, pk: int) -> Assignment:
    """The chosen assignment, or a new one-exercise assignment for a chosen exercise."""
    if kind == "assignment":
        assignment = course.assignments.filter(pk=pk).first()
        if assignment is not None:
            return assignment
    elif kind == "exercise":
        readable = {e.pk for e in access.exercise_latest_usable(user=user)}
        exercise = Exercise.objects.filter(pk=pk).first() if pk in readable else None
        if exercise is not None:
            assignment = services.assignment_create(course=course, title=exercise.title)
            services.assignment_item_add(assignment=assignment, exercise=exercise)
            return assignment
    raise LtiError(_("Choose one of the listed assignments or exercises."))


def deep_link_response(*, settings: adapter.DeepLinkSettings, assignment: Assignment,
                       launch_url: str) -> str:
    points = sum(float(item.points) for item in assignment.items.all())
    return adapter.deep_link_jwt(
        settings=settings, title=assignment.title, url=launch_url,
        custom={CUSTOM_ASSIGNMENT: str(assignment.pk)}, score_maximum=points,
        resource_id=f"assignment-{assignment.pk}")


# ----- roster -----


def roster_sync(*, course: Course) -> int:
    """Members from the platform's NRPS: accounts for new ones, learners and instructors added,
    learners the platform lists as inactive (dropped the course) removed. Returns how many
    active members the platform listed. Errors are kept on the link for the course page."""
    link = LtiCourse.objects.filter(course=course).first()
    if link is None:
        raise LtiError(_("This course was not created from an LMS."))
    try:
        members = adapter.roster_fetch(context_pk=link.context_id)
    except adapter.ServiceError as error:
        link.roster_error = str(error)
        link.save(update_fields=["roster_error"])
        raise
    with transaction.atomic():
        for member in members:
            user = _account(registration_pk=member.registration_pk, sub=member.sub,
                            lti_user_pk=member.lti_user_pk, auth_user_id=member.auth_user_id,
                            given_name=member.given_name, family_name=member.family_name,
                            name=member.name, email=member.email)
            if member.is_active:
                _enrol(course=course, user=user, instructor=member.is_instructor,
                       learner=member.is_learner,
                       teaching_assistant=member.is_teaching_assistant)
            elif member.is_learner:
                course.learners.remove(user)
        link.roster_synced_at, link.roster_error = timezone.now(), ""
        link.save(update_fields=["roster_synced_at", "roster_error"])
    return sum(1 for m in members if m.is_active)
