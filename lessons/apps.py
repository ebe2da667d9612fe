"""Django app config for lessons: progress (and practice sandboxes) made before signing in
follow the learner."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest


def claim_progress_on_login(sender: Any, request: HttpRequest | None, user: Any, **_: Any) -> None:
    """``user_logged_in`` receiver: move the session's anonymous progress (and the sandboxes
    of its lessons and exercises) to the user."""
    from lessons.learners import SESSION_LEARNER_KEY
    from lessons.services import practice_sandbox_claim_for_user, progress_claim_for_user

    session = getattr(request, "session", None)
    key = session.get(SESSION_LEARNER_KEY, "") if session is not None else ""
    if isinstance(key, str) and key:
        progress_claim_for_user(session_key=key, user=user)
        practice_sandbox_claim_for_user(session_key=key, user=user)


class LessonsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "lessons"

    def ready(self) -> None:
        from lessons.selectors import practice_sandbox_id_for_token
        from playground.sandboxes import register_token_resolver

        user_logged_in.connect(claim_progress_on_login, dispatch_uid="lessons_claim_progress")
        # Lesson and practice pages name their sandbox by token, like exercise pages.
        register_token_resolver(practice_sandbox_id_for_token)
