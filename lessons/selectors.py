"""Reads of lessons."""

from __future__ import annotations

from django.db.models import QuerySet

from lessons.learners import Learner
from lessons.models import Lesson, Progress

DEFAULT_LANG = "ko"
LANGS = ("ko", "en")


def lesson_list(*, lang: str) -> QuerySet[Lesson]:
    return Lesson.objects.filter(lang=lang).order_by("order", "slug")


def lesson_get(*, lang: str, slug: str) -> Lesson | None:
    return Lesson.objects.filter(lang=lang, slug=slug).first()


def lesson_first(*, lang: str) -> Lesson | None:
    return lesson_list(lang=lang).first()


def lesson_other_lang(*, lesson: Lesson) -> Lesson | None:
    """The same lesson in the other language, else that language's first lesson."""
    other = next(code for code in LANGS if code != lesson.lang)
    return lesson_get(lang=other, slug=lesson.slug) or lesson_first(lang=other)


def lesson_neighbours(*, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """The previous and the next lesson in the same language."""
    siblings = lesson_list(lang=lesson.lang)
    before = siblings.filter(order__lt=lesson.order).order_by("-order", "-slug").first()
    after = siblings.filter(order__gt=lesson.order).first()
    return before, after


def progress_done_slugs(*, learner: Learner) -> set[str]:
    """Slugs of the lessons ``learner`` has finished (in any language)."""
    if learner.user is not None:
        rows = Progress.objects.filter(user=learner.user)
    else:
        rows = Progress.objects.filter(user__isnull=True, session_key=learner.session_key)
    return set(rows.values_list("lesson_slug", flat=True))
