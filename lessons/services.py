"""Writes of lessons: parse and store Markdown lessons; record learners' progress; keep the
sandboxes learners practise in (one per lesson, one per lesson exercise)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from lessons.learners import Learner
from lessons.models import Lesson, PracticeSandbox, Progress
from lessons.render import render_lesson


class LessonFormatError(ValueError):
    """A lesson file without valid front matter (title, order, slug)."""


@dataclass(frozen=True)
class LessonSource:
    slug: str
    lang: str
    order: int
    title: str
    body_md: str
    summary: str = ""
    exercise: str = ""
    sources: tuple[dict[str, str], ...] = ()


def _sources(raw: Any, source: str) -> tuple[dict[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise LessonFormatError(f"{source}: sources must be a list of {{title, url}}")
    found = []
    for item in raw:
        if not isinstance(item, dict) or "url" not in item:
            raise LessonFormatError(f"{source}: every source needs a url")
        url = str(item["url"])
        if not url.startswith(("https://", "http://")):
            raise LessonFormatError(f"{source}: source url must be http(s): {url}")
        found.append({"title": str(item.get("title") or url), "url": url})
    return tuple(found)


def lesson_parse(*, text: str, lang: str, source: str) -> LessonSource:
    """Split ``---`` front matter from the Markdown body and check the three required keys."""
    if not text.startswith("---\n"):
        raise LessonFormatError(f"{source}: missing front matter (--- at the first line)")
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise LessonFormatError(f"{source}: front matter is not closed by ---")
    meta = yaml.safe_load(head) or {}
    missing = [key for key in ("title", "order", "slug") if key not in meta]
    if missing:
        raise LessonFormatError(f"{source}: front matter lacks {', '.join(missing)}")
    return LessonSource(
        slug=str(meta["slug"]),
        lang=lang,
        order=int(meta["order"]),
        title=str(meta["title"]),
        body_md=body,
        summary=str(meta.get("summary") or ""),
        exercise=str(meta.get("exercise") or ""),
        sources=_sources(meta.get("sources"), source),
    )


def lesson_render(*, body_md: str, lang: str = "en") -> str:
    """Lesson HTML: console blocks as Run widgets, ``yaml file=`` blocks with Open in editor."""
    return render_lesson(body_md=body_md, lang=lang)


@transaction.atomic
def lesson_load_dir(*, content_dir: Path) -> list[Lesson]:
    """Create or update a Lesson for every ``<lang>/*.md`` under ``content_dir``."""
    loaded = []
    for path in sorted(content_dir.glob("*/*.md")):
        source = lesson_parse(
            text=path.read_text(encoding="utf-8"), lang=path.parent.name, source=str(path)
        )
        lesson, _ = Lesson.objects.get_or_create(lang=source.lang, slug=source.slug)
        lesson.order = source.order
        lesson.title = source.title
        lesson.summary = source.summary
        lesson.exercise = source.exercise
        lesson.sources = list(source.sources)
        lesson.body_md = source.body_md
        lesson.body_html = lesson_render(body_md=source.body_md, lang=source.lang)
        lesson.full_clean()
        lesson.save()
        loaded.append(lesson)
    return loaded


def _progress_of(learner: Learner) -> Any:
    if learner.user is not None:
        return Progress.objects.filter(user=learner.user)
    return Progress.objects.filter(user__isnull=True, session_key=learner.session_key)


@transaction.atomic
def progress_mark_done(
    *, learner: Learner, lesson: Lesson, how: str = Progress.How.MARKED
) -> Progress:
    """Mark ``lesson`` (in every language) done for ``learner``; idempotent.

    Grading calls this with ``how=Progress.How.EXERCISE`` when the lesson's exercise passes.
    """
    existing = _progress_of(learner).filter(lesson_slug=lesson.slug).first()
    if existing is not None:
        if how == Progress.How.EXERCISE and existing.how != how:
            existing.how = how
            existing.full_clean()
            existing.save(update_fields=["how"])
        return existing
    progress = Progress(
        user=learner.user,
        session_key="" if learner.user is not None else learner.session_key,
        lesson_slug=lesson.slug,
        how=how,
        done_at=timezone.now(),
    )
    progress.full_clean(validate_constraints=False)  # the lookup above is the uniqueness check
    progress.save()
    return progress


@transaction.atomic
def progress_claim_for_user(*, session_key: str, user: Any) -> int:
    """Give an anonymous learner's progress to ``user`` (at login); returns how many moved.

    ``session_key`` is the learner key kept in the session (``lessons.learners``). Lessons the
    user had already finished keep the user's record; the anonymous duplicates are dropped.
    """
    if not session_key:
        return 0
    anonymous = Progress.objects.select_for_update().filter(
        user__isnull=True, session_key=session_key
    )
    owned = set(Progress.objects.filter(user=user).values_list("lesson_slug", flat=True))
    anonymous.filter(lesson_slug__in=owned).delete()
    return anonymous.exclude(lesson_slug__in=owned).update(user=user, session_key="")


@transaction.atomic
def practice_sandbox_ensure(*, learner: Learner, kind: str, name: str) -> PracticeSandbox:
    """The learner's sandbox row for one lesson (``kind=lesson``) or lesson exercise
    (``kind=exercise``), created on first visit. Its Redis state is the caller's business: a
    lesson's is made fresh by the terminal on first use, an exercise's by its setup."""
    if kind not in PracticeSandbox.Kind.values:
        raise ValueError(f"unknown practice sandbox kind {kind!r}")
    owner: dict[str, Any] = (
        {"user": learner.user} if learner.user is not None
        else {"user": None, "session_key": learner.session_key}
    )
    sandbox_id = f"pr-{secrets.token_hex(16)}"
    sandbox, _ = PracticeSandbox.objects.get_or_create(
        **owner, kind=kind, name=name,
        defaults={"sandbox_id": sandbox_id, "seed": sandbox_id},
    )
    return sandbox


@transaction.atomic
def practice_sandbox_claim_for_user(*, session_key: str, user: Any) -> int:
    """Give an anonymous learner's sandboxes to ``user`` (at login), as progress is given;
    returns how many moved. Where the user already has one for the same page, the user's is
    kept (it may hold work from another browser) and the anonymous row is dropped."""
    if not session_key:
        return 0
    anonymous = PracticeSandbox.objects.select_for_update().filter(
        user__isnull=True, session_key=session_key
    )
    owned = set(PracticeSandbox.objects.filter(user=user).values_list("kind", "name"))
    moved = 0
    for row in anonymous:
        if (row.kind, row.name) in owned:
            row.delete()
            continue
        row.user, row.session_key = user, ""
        row.save(update_fields=["user", "session_key"])
        moved += 1
    return moved
