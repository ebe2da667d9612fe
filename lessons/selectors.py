"""Reads of lessons."""

from __future__ import annotations

from django.db.models import QuerySet

from lessons.models import Lesson

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
