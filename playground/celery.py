"""The Celery application: broker on the project's Redis, tasks in playground.terminal.tasks."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

app = Celery("playground", include=["playground.terminal.tasks", "grading.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
