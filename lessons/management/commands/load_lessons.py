"""`manage.py load_lessons`: (re)load lessons/content/<lang>/*.md into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons.services import LessonFormatError, lesson_load_dir

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"


class Command(BaseCommand):
    help = "Load lesson Markdown files (front matter: title, order, slug) into the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=CONTENT_DIR, help="content directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            lessons = lesson_load_dir(content_dir=options["dir"])
        except LessonFormatError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"loaded {len(lessons)} lessons")
