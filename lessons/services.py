"""Writes of lessons: parse a Markdown file with front matter and store it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import markdown
import yaml
from django.db import transaction

from lessons.models import Lesson


class LessonFormatError(ValueError):
    """A lesson file without valid front matter (title, order, slug)."""


@dataclass(frozen=True)
class LessonSource:
    slug: str
    lang: str
    order: int
    title: str
    body_md: str


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
    return LessonSource(str(meta["slug"]), lang, int(meta["order"]), str(meta["title"]), body)


def lesson_render(*, body_md: str) -> str:
    return markdown.markdown(body_md, extensions=["fenced_code", "tables", "attr_list"])


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
        lesson.body_md = source.body_md
        lesson.body_html = lesson_render(body_md=source.body_md)
        lesson.full_clean()
        lesson.save()
        loaded.append(lesson)
    return loaded
