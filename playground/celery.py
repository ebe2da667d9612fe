"""The Celery application: broker on the project's Redis, tasks in playground.terminal.tasks.

Two worker-process settings that cost a command nothing to keep (bench/saturation.py's worker CPU
column, docs/ARCHITECTURE.md "Measured here"):

* Celery logs two INFO lines per task (received, succeeded): at hundreds of commands a second
  that was ~5 % of a worker's CPU. Their loggers start at ``WORKER_TASK_LOG_LEVEL`` (WARNING
  unless set); failures are logged at ERROR whatever it says.
* Once a worker process is ready, everything it loaded (Django, Celery, the simulator) moves to
  the garbage collector's permanent generation (``gc.freeze``): a command allocates thousands of
  objects (a sandbox's cluster is materialised per command), and each full collection would
  otherwise walk the whole process again.
"""

from __future__ import annotations

import gc
import logging
import os
from typing import Any

from celery import Celery
from celery.signals import after_setup_logger, worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

app = Celery("playground", include=["playground.terminal.tasks", "grading.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")

# celery.worker.strategy logs "Task … received", celery.app.trace "Task … succeeded in …".
PER_TASK_LOGGERS = ("celery.worker.strategy", "celery.app.trace", "celery.worker.request")


@after_setup_logger.connect
def _quiet_per_task_lines(**_: Any) -> None:
    level = os.environ.get("WORKER_TASK_LOG_LEVEL", "WARNING").upper()
    for name in PER_TASK_LOGGERS:
        logging.getLogger(name).setLevel(level)


@worker_ready.connect
@worker_process_init.connect
def _freeze_loaded_objects(**_: Any) -> None:
    # solo pool: the worker process itself (worker_ready); prefork: each child once it forked.
    gc.collect()
    gc.freeze()
