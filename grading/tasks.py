"""Celery tasks: thin wrappers named after the grading services they call."""

from __future__ import annotations

from grading import services
from playground.celery import app


@app.task(name="grading.submission_grade")
def submission_grade(submission_id: int) -> None:
    services.submission_grade(submission_id=submission_id)
