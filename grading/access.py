"""Who may read and change which course and exercise: the one place for the ownership rules.

Courses: the owner and co-instructors (``Course.instructors``, the owner included) teach it:
they see and edit its assignments, gradebook, overrides, extensions and regrades. Only the
owner adds or removes co-instructors.

Exercises are versioned rows under one ``exercise_id``; the id belongs to the author of its
first version. An instructor
- saves a new version only of an id they own (or a new id);
- reads an exercise (its text, hidden checks and reference solution included: edit page, export,
  the versions a regrade offers) if they own it, if it is used in an assignment of a course they
  teach (a co-instructor must be able to check what they grade), or if it is a library exercise
  (``is_library``: loaded from ``lessons/exercises`` by ``load_exercises``, public in the
  repository anyway; read-only on the pages, changed through its file). An exercise whose
  author's account is gone stays private: readable through the courses that use it only;
- adds to an assignment only exercises they can read.
Everything else answers 404 ("no such …"), never 403, so a page does not confirm that another
instructor's course or exercise exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grading.models import AssignmentItem, Course, Exercise


def courses_taught(*, user: Any) -> QuerySet[Course]:
    return Course.objects.filter(instructors=user)


def course_is_owner(*, user: Any, course: Course) -> bool:
    return bool(course.owner_id is not None and course.owner_id == user.pk)


def _first_version(exercise_id: str) -> tuple[int | None, bool] | None:
    """(author id, is library) of the id's first version; None if there is no such id."""
    return (Exercise.objects.filter(exercise_id=exercise_id).order_by("version")
            .values_list("created_by_id", "is_library").first())


def exercise_is_library(*, exercise_id: str) -> bool:
    first = _first_version(exercise_id)
    return bool(first and first[1])


def exercise_ids_readable(*, user: Any) -> set[str]:
    """Ids ``user`` may read (see the module's rule)."""
    first_versions: dict[str, tuple[int | None, bool]] = {}
    for exercise_id, author, library in (Exercise.objects.order_by("exercise_id", "version")
                                         .values_list("exercise_id", "created_by_id",
                                                      "is_library")):
        first_versions.setdefault(exercise_id, (author, library))
    own_or_library = {eid for eid, (author, library) in first_versions.items()
                      if library or (author is not None and author == user.pk)}
    used = set(AssignmentItem.objects.filter(assignment__course__instructors=user)
               .values_list("exercise__exercise_id", flat=True))
    return own_or_library | used


def exercise_can_read(*, user: Any, exercise_id: str) -> bool:
    first = _first_version(exercise_id)
    if first is None:
        return False
    author, library = first
    if library or (author is not None and author == user.pk):
        return True
    return AssignmentItem.objects.filter(
        exercise__exercise_id=exercise_id, assignment__course__instructors=user).exists()


def exercise_can_save(*, user: Any, exercise_id: str) -> bool:
    """A new id, or one whose first version ``user`` wrote (library ids: nobody, on the pages)."""
    first = _first_version(exercise_id)
    if first is None:
        return True
    author, library = first
    return not library and author is not None and author == user.pk


def exercise_latest_readable(*, user: Any) -> list[Exercise]:
    """The latest version of every exercise ``user`` may read (the teach page, the item form)."""
    readable = exercise_ids_readable(user=user)
    latest: dict[str, Exercise] = {}
    for exercise in Exercise.objects.filter(exercise_id__in=readable).order_by(
            "exercise_id", "-version"):
        latest.setdefault(exercise.exercise_id, exercise)
    return list(latest.values())


def exercise_library_can_save(*, exercise_id: str) -> bool:
    """The library loader (no user) adds a new id or versions of a library id only."""
    first = _first_version(exercise_id)
    return first is None or first[1]
