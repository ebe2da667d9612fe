"""`manage.py grant_instructor USERNAME`: put a user in the "instructors" group."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from grading.services import instructor_grant


class Command(BaseCommand):
    help = "Make an existing user an instructor (the admin's Groups page does the same)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        instructor_grant(user=user)
        self.stdout.write(f"{user.get_username()} is now an instructor")
