"""Reads of lessons."""

from __future__ import annotations

from django.db.models import QuerySet

from lessons.learners import Learner
from lessons.models import Lesson, PracticeSandbox, Progress

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


def lesson_for_exercise(*, exercise_id: str, lang: str) -> Lesson | None:
    """The lesson (in ``lang``) whose front matter names ``exercise_id``."""
    return lesson_list(lang=lang).filter(exercise=exercise_id).first()


def practice_sandbox_get(*, learner: Learner, kind: str, name: str) -> PracticeSandbox | None:
    rows = PracticeSandbox.objects.filter(kind=kind, name=name)
    if learner.user is not None:
        return rows.filter(user=learner.user).first()
    return rows.filter(user__isnull=True, session_key=learner.session_key).first()


def practice_sandbox_id_for_token(
    *, user_id: int | None, learner_key: str, token: str
) -> str | None:
    """The sandbox behind a page's ``?sandbox=`` token, only for its owner: the signed-in user
    it belongs to, or (an anonymous learner's) the session that holds its learner key."""
    if not token:
        return None
    row = PracticeSandbox.objects.filter(token=token).first()
    if row is None:
        return None
    if row.user_id is not None:
        return row.sandbox_id if user_id is not None and row.user_id == user_id else None
    return row.sandbox_id if learner_key and row.session_key == learner_key else None
