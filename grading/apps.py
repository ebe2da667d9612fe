"""Django app config for grading (exercises, assignments, submissions, gradebook)."""

from __future__ import annotations

from django.apps import AppConfig


class GradingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "grading"
    verbose_name = "Grading"
