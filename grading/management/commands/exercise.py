"""`manage.py exercise lint [PATH]`: the engine's lint (start scores 0, solution full marks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grading import engine_port
from grading.services import EXERCISES_DIR


class Command(BaseCommand):
    help = "Exercise tools. `lint [PATH]` checks exercise files (default: lessons/exercises/)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lint = sub.add_parser("lint", help="lint exercise files")
        lint.add_argument("path", nargs="?", type=Path, default=EXERCISES_DIR)
        lint.add_argument("--seeds", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"{path}: no such file or directory")
        problems = engine_port.lint_path(path, seeds=options["seeds"])
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s)")
        self.stdout.write(f"{path}: ok")
