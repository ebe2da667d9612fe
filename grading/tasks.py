"""Celery tasks: thin wrappers named after the grading services they call.

Grading is idempotent (grading/submissions.py), so these tasks, unlike the terminal's simulator
commands, acknowledge late and go back to the queue when the worker running them dies, and a
database error (SQLite busy past its timeout, PostgreSQL restarting or failing over) is retried
with a growing back-off. Whatever is still lost after that, the sweep re-queues.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import InterfaceError, OperationalError

from grading import regrades, submissions
from grading.lti import adapter, passback
from playground.celery import app

# Grading is rare next to terminal commands, and an operator follows it in the worker's log:
# it says so itself, since Celery's per-task lines are off (playground/celery.py).
log = logging.getLogger(__name__)

# Per task, never globally: the terminal tasks must stay at-most-once (DESIGN.md).
_IDEMPOTENT: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 1,
    "retry_backoff_max": 30,
    "retry_jitter": True,
    "max_retries": 8,
}


@app.task(name="grading.submission_grade", **_IDEMPOTENT)
def submission_grade(submission_id: int) -> None:
    log.info("grading submission %s", submission_id)
    submissions.submission_grade(submission_id=submission_id)


@app.task(name="grading.submission_sweep", **_IDEMPOTENT)
def submission_sweep() -> int:
    return submissions.submission_sweep()


class _RegradeTask(Task):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any,
                   einfo: Any) -> None:
        # Out of retries (or a bug): the instructor's page says so instead of spinning.
        regrades.regrade_fail(job_id=int(args[0]), error=f"{type(exc).__name__}: {exc}")


@app.task(name="grading.regrade_preview", base=_RegradeTask, **_IDEMPOTENT)
def regrade_preview(job_id: int) -> None:
    regrades.regrade_preview_run(job_id=job_id)


@app.task(name="grading.regrade_run", base=_RegradeTask, **_IDEMPOTENT)
def regrade_run(job_id: int) -> None:
    regrades.regrade_run(job_id=job_id)


# AGS passback (grading/lti/passback.py): a platform that is down or slow is retried with a
# back-off; what is still unsent after that, the LTI sweep sends later.
_LTI_RETRIED: dict[str, Any] = {**_IDEMPOTENT, "autoretry_for": (
    OperationalError, InterfaceError, adapter.ServiceError), "max_retries": 6}


@app.task(name="grading.lti_score_push", **_LTI_RETRIED)
def lti_score_push(score_id: int) -> None:
    passback.score_push(score_id=score_id)


@app.task(name="grading.lti_scores_sweep", **_IDEMPOTENT)
def lti_scores_sweep() -> int:
    return passback.scores_sweep()
