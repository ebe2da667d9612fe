"""Writes of a course's people: the owner adds, removes and changes the role of its instructors
and TAs, and hands the course to one of its instructors (the rules are grading/access.py's;
these services enforce them again, whatever page calls them). Each change is recorded in the
course's ``CourseRoleChange`` trail, which the People page shows."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from grading import access
from grading.models import Course, CourseRole, CourseRoleChange
from grading.services import GradingError

Role = CourseRole.Role


def _owner_only(*, course: Course, by: User) -> None:
    if not access.course_is_owner(user=by, course=course):
        raise GradingError(_("Only the course's owner manages its people."))


def _record(*, course: Course, by: User, user: User, old: str, new: str) -> None:
    CourseRoleChange.objects.create(course=course, by=by, user=user, old_role=old, new_role=new)


def _role_checked(*, user: User, role: str) -> str:
    if role not in access.ASSIGNABLE_ROLES:
        raise GradingError(_("Choose instructor or TA."))
    # Instructors edit assignments with exercises they may use: that takes an instructor account.
    if role == Role.INSTRUCTOR and not access.user_can_author(user=user):
        raise GradingError(_("%(name)s has no instructor account: add them as a TA, or ask an "
                             "administrator for an instructor account.")
                           % {"name": user.get_username()})
    return role


@transaction.atomic
def course_member_add(*, course: Course, by: User, username: str, role: str) -> User:
    """``username`` gets ``role`` (instructor or TA) in ``course``; only its owner does this."""
    _owner_only(course=course, by=by)
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise GradingError(_("There is no account named “%(name)s”.") % {"name": username})
    if course.roles.filter(user=user).exists():
        raise GradingError(_("%(name)s already has a role in this course; change it in the "
                             "list.") % {"name": user.get_username()})
    if course.learners.filter(pk=user.pk).exists():
        raise GradingError(_("%(name)s is a learner in this course; a learner cannot also "
                             "teach it.") % {"name": user.get_username()})
    CourseRole.objects.create(course=course, user=user, role=_role_checked(user=user, role=role))
    _record(course=course, by=by, user=user, old="", new=role)
    return user


def _member(*, course: Course, user_id: int) -> CourseRole:
    member = course.roles.select_related("user").filter(user_id=user_id).first()
    if member is None:
        raise GradingError(_("That person has no role in this course."))
    if member.role == Role.OWNER:
        raise GradingError(_("The owner's role cannot be changed or removed."))
    return member


@transaction.atomic
def course_member_role_set(*, course: Course, by: User, user_id: int, role: str) -> CourseRole:
    _owner_only(course=course, by=by)
    member = _member(course=course, user_id=user_id)
    old = member.role
    member.role = _role_checked(user=member.user, role=role)
    member.full_clean()
    member.save(update_fields=["role"])
    if member.role != old:
        _record(course=course, by=by, user=member.user, old=old, new=member.role)
    return member


@transaction.atomic
def course_member_remove(*, course: Course, by: User, user_id: int) -> User:
    _owner_only(course=course, by=by)
    member = _member(course=course, user_id=user_id)
    member.delete()
    _record(course=course, by=by, user=member.user, old=member.role, new="")
    return member.user


@transaction.atomic
def course_owner_transfer(*, course: Course, by: User, user_id: int) -> CourseRole:
    """The owner hands ``course`` to one of its instructors, and stays as an instructor. Only
    the owner does this, only to someone who already teaches it (an instructor account with the
    instructor role: a TA is made an instructor first, on purpose)."""
    _owner_only(course=course, by=by)
    # Locked, so two transfers at once cannot leave two owners or none.
    members = {m.user_id: m for m in CourseRole.objects.select_for_update()
               .select_related("user").filter(course=course)}
    target = members.get(user_id)
    if target is None or target.role != Role.INSTRUCTOR:
        raise GradingError(_("The new owner must be an instructor of this course."))
    owner = members[by.pk]
    # Demote first: the database allows one owner per course at every moment.
    owner.role = Role.INSTRUCTOR
    owner.save(update_fields=["role"])
    target.role = Role.OWNER
    target.save(update_fields=["role"])
    _record(course=course, by=by, user=target.user, old=Role.INSTRUCTOR, new=Role.OWNER)
    _record(course=course, by=by, user=by, old=Role.OWNER, new=Role.INSTRUCTOR)
    return target
