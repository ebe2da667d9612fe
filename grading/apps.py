"""Django app config for grading (exercises, assignments, submissions, gradebook)."""

from __future__ import annotations

from django.apps import AppConfig


class GradingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "grading"
    verbose_name = "Grading"

    def ready(self) -> None:
        from grading.selectors import sandbox_id_for_token
        from playground.sandboxes import register_token_resolver

        # Exercise pages name their sandbox by token; the terminal resolves it through here.
        register_token_resolver(sandbox_id_for_token)
