"""`manage.py load_exercises`: import lessons/exercises/*.yaml (a new version where changed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grading import engine_port
from grading.services import (
    EXERCISES_DIR,
    GradingError,
    exercise_load_dir,
    instructors_group_ensure,
)


class Command(BaseCommand):
    help = "Import exercise files into the database (one new version per changed file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=EXERCISES_DIR, help="exercise directory")

    def handle(self, *args: Any, **options: Any) -> None:
        instructors_group_ensure()
        try:
            exercises = exercise_load_dir(directory=options["dir"])
        except (engine_port.exercise_error(), GradingError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"loaded {len(exercises)} exercises")
