"""Celery tasks: thin wrappers named after the services they call; arguments are plain strings."""

from __future__ import annotations

from typing import Any

from playground.celery import app
from playground.terminal import services

# Terminal tasks are short and not idempotent, whatever the project-wide Celery defaults become
# (grading tasks may ack late and retry): acknowledged on receipt so a crash never runs a
# command twice, and no result stored (output goes back over the sandbox's Redis stream).
TERMINAL_TASK: dict[str, Any] = {"ignore_result": True, "acks_late": False}


@app.task(name="terminal.sandbox_run_command", **TERMINAL_TASK)
def sandbox_run_command(sandbox_id: str, client: str, tab: str, cmd_id: int, line: str) -> None:
    services.sandbox_run_command(
        sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id, line=line
    )


@app.task(name="terminal.sandbox_resume_command", **TERMINAL_TASK)
def sandbox_resume_command(sandbox_id: str, client: str, tab: str, cmd_id: int) -> None:
    services.sandbox_resume_command(sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id)


@app.task(name="terminal.sandbox_interrupt_command", **TERMINAL_TASK)
def sandbox_interrupt_command(sandbox_id: str, client: str, tab: str, cmd_id: int) -> None:
    services.sandbox_interrupt_command(sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id)


@app.task(name="terminal.sandbox_save_file", **TERMINAL_TASK)
def sandbox_save_file(sandbox_id: str, client: str, name: str, content: str) -> None:
    services.sandbox_save_file(sandbox_id=sandbox_id, client=client, name=name, content=content)


@app.task(name="terminal.sandbox_delete_file", **TERMINAL_TASK)
def sandbox_delete_file(sandbox_id: str, client: str, name: str) -> None:
    services.sandbox_delete_file(sandbox_id=sandbox_id, client=client, name=name)


@app.task(name="terminal.sandbox_reset", **TERMINAL_TASK)
def sandbox_reset(sandbox_id: str, client: str) -> None:
    services.sandbox_reset(sandbox_id=sandbox_id, client=client)
