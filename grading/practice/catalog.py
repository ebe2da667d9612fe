"""Which library exercises a learner can practise, and where each belongs: a lesson's own
exercise (named by the lesson's ``exercise:``) or more practice for a lesson (the exercise's
own ``lesson:``, as the troubleshooting exercises have). The practice index page, the lesson
page's "Fix a broken Pod" list and a practice page's way back all read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from grading import engine_port
from grading.models import Exercise
from lessons import selectors as lesson_selectors
from lessons.models import Lesson


@dataclass(frozen=True)
class Entry:
    exercise_id: str
    title: str
    lesson: Lesson | None  # the lesson it belongs to, in the page's language
    own: bool  # the lesson's own exercise (passing it marks the lesson done)


def _library_rows() -> list[Exercise]:
    """The latest version of every exercise whose first version is a library one (the rule
    ``access.exercise_is_library`` states; practice pages serve nothing else), by id."""
    first: dict[str, bool] = {}
    latest: dict[str, int] = {}
    for exercise_id, is_library, pk in (Exercise.objects.order_by("exercise_id", "version")
                                        .values_list("exercise_id", "is_library", "pk")):
        first.setdefault(exercise_id, is_library)
        latest[exercise_id] = pk
    wanted = [pk for key, pk in latest.items() if first[key]]
    return list(Exercise.objects.filter(pk__in=wanted).order_by("exercise_id"))


def practice_entries(*, lang: str) -> list[Entry]:
    """Every practisable exercise in ``lang``, lesson order first (own exercise before more
    practice), then those that belong to no lesson, by id."""
    lessons = list(lesson_selectors.lesson_list(lang=lang))
    by_slug = {lesson.slug: lesson for lesson in lessons}
    own = {lesson.exercise: lesson for lesson in lessons if lesson.exercise}
    entries: list[Entry] = []
    for row in _library_rows():
        raw = engine_port.load(row.yaml_text).raw
        lesson = own.get(row.exercise_id) or by_slug.get(str(raw.get("lesson") or ""))
        title = raw["title"].get(lang) or raw["title"]["en"]
        entries.append(Entry(row.exercise_id, title, lesson, row.exercise_id in own))
    order = {lesson.slug: index for index, lesson in enumerate(lessons)}
    return sorted(entries, key=lambda e: (
        order[e.lesson.slug] if e.lesson else len(order), not e.own, e.exercise_id))


def more_practice(*, lesson: Lesson) -> list[Entry]:
    """The exercises that are more practice for ``lesson`` (not its own exercise)."""
    return [e for e in practice_entries(lang=lesson.lang)
            if e.lesson is not None and e.lesson.slug == lesson.slug and not e.own]


def entry_for(*, exercise_id: str, lang: str) -> Entry | None:
    return next((e for e in practice_entries(lang=lang) if e.exercise_id == exercise_id), None)
