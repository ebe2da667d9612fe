"""Who may read and change which course and exercise: the one place for the ownership rules.

Courses: people have one role per course (``CourseRole``), and ``ROLE_ACTIONS`` says what
each role may do:
- the **owner** (who created it) does everything, and alone manages its people: adds or removes
  instructors and TAs by user name, changes an instructor into a TA or back, and hands the
  course to one of its instructors (after a confirmation page; the old owner stays as an
  instructor, so there is always exactly one owner). The owner's own role is otherwise neither
  removed nor changed; every change is in the course's ``CourseRoleChange`` trail;
- an **instructor** teaches it: edits its assignments, items, settings and time zone, grades by
  hand, grants extensions, regrades, exports the exercises it uses;
- a **TA** (teaching assistant) reads everything graded, read-only: the course and assignment
  pages, the gradebook and its pass-rate chart, every submission with its checks (hidden ones
  included: a TA grading must see what is graded), command log and session timeline, the
  extensions, each item's regrade history and every regrade's preview and result (who changed,
  by how much; no button that starts, confirms or undoes one), and the exercises the course
  uses (hidden checks and reference solution included), and downloads the gradebook CSVs
  (what a TA hands to the grading spreadsheet).
  A TA changes nothing: no manual grades, extensions, regrades, assignment or exercise edits,
  people, exercise exports (the YAML file is the author's to hand out; a TA reads it on the
  page), nor the join link (who enrols is the instructors' call).
Instructor pages need an instructor account (the ``author_exercise`` permission) or a role in
some course; a TA needs no instructor account. Forbidden actions answer:
- 404 ("no such …") to someone with no role in the course, never 403, so a page does not
  confirm that another instructor's course or exercise exists;
- 403 to a member whose role does not allow the action (the course is no secret to them);
- 403 to a signed-in user with neither an instructor account nor any course role.

Exercises are versioned rows under one ``exercise_id``; the id belongs to the author of its
first version. An instructor
- saves a new version only of an id they own (or a new id);
- reads an exercise (its text, hidden checks and reference solution included: edit page, the
  versions a regrade offers) if they own it, if it is used in an assignment of a course they
  have any role in (staff must be able to check what they grade), or if it is a library
  exercise (``is_library``: loaded from ``lessons/exercises`` by ``load_exercises``, public in
  the repository anyway; read-only on the pages, changed through its file). An exercise whose
  author's account is gone stays private: readable through the courses that use it only;
- uses (adds to an assignment) and exports only exercises they own, library ones, or those of
  a course they *teach* (owner or instructor): being a TA somewhere never lets anyone copy that
  course's exercises into their own.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import QuerySet

from grading.models import AssignmentItem, Course, CourseRole, Exercise

Role = CourseRole.Role


class CourseAction(StrEnum):
    VIEW = "view"  # the course's pages, gradebook, submissions, logs, its exercises (read-only)
    EXPORT_GRADES = "export_grades"  # the gradebook CSVs
    TEACH = "teach"  # edit assignments/settings, manual grades, extensions, regrades, exports
    MANAGE_PEOPLE = "manage_people"  # add, remove, change the role of instructors and TAs


ROLE_ACTIONS: dict[str, frozenset[CourseAction]] = {
    Role.OWNER: frozenset(CourseAction),
    Role.INSTRUCTOR: frozenset(CourseAction) - {CourseAction.MANAGE_PEOPLE},
    Role.TA: frozenset({CourseAction.VIEW, CourseAction.EXPORT_GRADES}),
}

# The roles the owner hands out (the owner's own role is not one of them).
ASSIGNABLE_ROLES = (Role.INSTRUCTOR, Role.TA)


def roles_allowed(action: CourseAction) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]


def user_can_author(*, user: Any) -> bool:
    """An instructor account: makes courses, writes exercises; may be an instructor of others'."""
    return bool(user.has_perm("grading.author_exercise"))


def user_is_staff(*, user: Any) -> bool:
    """May open the instructor pages at all: an instructor account or a role in some course."""
    return user_can_author(user=user) or CourseRole.objects.filter(user_id=user.pk).exists()


def courses_for(*, user: Any, action: CourseAction = CourseAction.VIEW) -> QuerySet[Course]:
    return Course.objects.filter(roles__user_id=user.pk, roles__role__in=roles_allowed(action))


def courses_taught(*, user: Any) -> QuerySet[Course]:
    return courses_for(user=user, action=CourseAction.TEACH)


def course_role_of(*, user: Any, course: Course) -> str | None:
    return (CourseRole.objects.filter(course=course, user_id=user.pk)
            .values_list("role", flat=True).first())


def course_can(*, user: Any, course: Course, action: CourseAction) -> bool:
    role = course_role_of(user=user, course=course)
    return role is not None and action in ROLE_ACTIONS[role]


def course_abilities(*, user: Any, course: Course) -> dict[str, bool]:
    """``{action: allowed}`` for the templates, which show only the controls a role may use."""
    role = course_role_of(user=user, course=course)
    allowed = ROLE_ACTIONS[role] if role else frozenset()
    return {action.value: action in allowed for action in CourseAction}


def course_is_owner(*, user: Any, course: Course) -> bool:
    return course_role_of(user=user, course=course) == Role.OWNER


def _first_version(exercise_id: str) -> tuple[int | None, bool] | None:
    """(author id, is library) of the id's first version; None if there is no such id."""
    return (Exercise.objects.filter(exercise_id=exercise_id).order_by("version")
            .values_list("created_by_id", "is_library").first())


def exercise_is_library(*, exercise_id: str) -> bool:
    first = _first_version(exercise_id)
    return bool(first and first[1])


def _items_in_courses(user: Any, action: CourseAction) -> QuerySet[AssignmentItem]:
    """Items of the courses where ``user``'s role allows ``action``."""
    return AssignmentItem.objects.filter(
        assignment__course__roles__user_id=user.pk,
        assignment__course__roles__role__in=roles_allowed(action))


def exercise_ids_usable(*, user: Any) -> set[str]:
    """Ids ``user`` may add to an assignment or export: their own, the library's, and those of
    the courses they teach (not those they are a TA of)."""
    first_versions: dict[str, tuple[int | None, bool]] = {}
    for exercise_id, author, library in (Exercise.objects.order_by("exercise_id", "version")
                                         .values_list("exercise_id", "created_by_id",
                                                      "is_library")):
        first_versions.setdefault(exercise_id, (author, library))
    own_or_library = {eid for eid, (author, library) in first_versions.items()
                      if library or (author is not None and author == user.pk)}
    used = set(_items_in_courses(user, CourseAction.TEACH)
               .values_list("exercise__exercise_id", flat=True))
    return own_or_library | used


def _exercise_can(user: Any, exercise_id: str, action: CourseAction) -> bool:
    first = _first_version(exercise_id)
    if first is None:
        return False
    author, library = first
    if library or (author is not None and author == user.pk):
        return True
    return _items_in_courses(user, action).filter(exercise__exercise_id=exercise_id).exists()


def exercise_can_read(*, user: Any, exercise_id: str) -> bool:
    return _exercise_can(user, exercise_id, CourseAction.VIEW)


def exercise_can_export(*, user: Any, exercise_id: str) -> bool:
    return _exercise_can(user, exercise_id, CourseAction.TEACH)


def exercise_can_save(*, user: Any, exercise_id: str) -> bool:
    """A new id, or one whose first version ``user`` wrote (library ids: nobody, on the pages).
    The pages ask for an instructor account first (grading/guards.py)."""
    first = _first_version(exercise_id)
    if first is None:
        return True
    author, library = first
    return not library and author is not None and author == user.pk


def exercise_latest_usable(*, user: Any) -> list[Exercise]:
    """The latest version of every exercise ``user`` may use (the teach page, the item form)."""
    usable = exercise_ids_usable(user=user)
    latest: dict[str, Exercise] = {}
    for exercise in Exercise.objects.filter(exercise_id__in=usable).order_by(
            "exercise_id", "-version"):
        latest.setdefault(exercise.exercise_id, exercise)
    return list(latest.values())


def exercise_library_can_save(*, exercise_id: str) -> bool:
    """The library loader (no user) adds a new id or versions of a library id only."""
    first = _first_version(exercise_id)
    return first is None or first[1]
