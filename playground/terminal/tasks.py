"""Celery tasks: thin wrappers named after the services they call; arguments are plain strings."""

from __future__ import annotations

from playground.celery import app
from playground.terminal import services


@app.task(name="terminal.sandbox_run_command")
def sandbox_run_command(sandbox_id: str, client: str, tab: str, cmd_id: int, line: str) -> None:
    services.sandbox_run_command(
        sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id, line=line
    )


@app.task(name="terminal.sandbox_resume_command")
def sandbox_resume_command(sandbox_id: str, client: str, tab: str, cmd_id: int) -> None:
    services.sandbox_resume_command(sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id)


@app.task(name="terminal.sandbox_interrupt_command")
def sandbox_interrupt_command(sandbox_id: str, client: str, tab: str, cmd_id: int) -> None:
    services.sandbox_interrupt_command(sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id)


@app.task(name="terminal.sandbox_save_file")
def sandbox_save_file(sandbox_id: str, client: str, name: str, content: str) -> None:
    services.sandbox_save_file(sandbox_id=sandbox_id, client=client, name=name, content=content)


@app.task(name="terminal.sandbox_delete_file")
def sandbox_delete_file(sandbox_id: str, client: str, name: str) -> None:
    services.sandbox_delete_file(sandbox_id=sandbox_id, client=client, name=name)


@app.task(name="terminal.sandbox_reset")
def sandbox_reset(sandbox_id: str, client: str) -> None:
    services.sandbox_reset(sandbox_id=sandbox_id, client=client)
