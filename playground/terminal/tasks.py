"""Celery tasks: thin wrappers named after the services they call; arguments are plain strings.

``job`` and ``owner`` (jobs.py) are set by the socket: the task claims its job first, so a job
the socket cancelled never runs, and holds a lease while it runs, so a dead worker is noticed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from playground.celery import app
from playground.terminal import jobs, services

# Terminal tasks are short and not idempotent, whatever the project-wide Celery defaults become
# (grading tasks ack late and retry): acknowledged on receipt so a crash never runs a command
# twice, and no result stored (output goes back over the sandbox's Redis stream).
TERMINAL_TASK: dict[str, Any] = {"ignore_result": True, "acks_late": False}


def _as_job(job: str | None, owner: str | None, run: Callable[[], None]) -> None:
    lease_ms = int(settings.TERMINAL_JOB_LEASE_SECONDS * 1000)
    with jobs.claimed(services.redis_client(), job, owner, lease_ms=lease_ms,
                      stop_check_seconds=settings.TERMINAL_STOP_CHECK_SECONDS) as mine:
        if mine:
            run()


def _in_sandbox(
    job: str | None, owner: str | None, sandbox_id: str, line: str | None,
    run: Callable[[jobs.Claim], None],
) -> None:
    """A job that runs in a sandbox: the claim carries the sandbox's read, and the job's end
    goes out with the frames (services._send): two round trips to Redis for a command that
    changes nothing but its journals, three if it changes the sandbox."""
    lease_ms = int(settings.TERMINAL_JOB_LEASE_SECONDS * 1000)
    with jobs.claim(services.redis_client(), job, owner, lease_ms=lease_ms,
                    stop_check_seconds=settings.TERMINAL_STOP_CHECK_SECONDS,
                    along=services.sandbox_read_call(sandbox_id, line)) as held:
        if held.mine:
            run(held)


@app.task(name="terminal.sandbox_run_command", **TERMINAL_TASK)
def sandbox_run_command(
    sandbox_id: str,
    client: str,
    tab: str,
    cmd_id: int,
    line: str,
    job: str | None = None,
    owner: str | None = None,
    lang: str = "en",
    picture: str | None = None,
    size: list[int] | None = None,
) -> None:
    _in_sandbox(job, owner, sandbox_id, line, lambda held: services.sandbox_run_command(
        sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id, line=line, lang=lang,
        picture=picture, claim=held, size=size,
    ))  # fmt: skip


@app.task(name="terminal.sandbox_resume_command", **TERMINAL_TASK)
def sandbox_resume_command(
    sandbox_id: str,
    client: str,
    tab: str,
    cmd_id: int,
    job: str | None = None,
    owner: str | None = None,
    lang: str = "en",
    picture: str | None = None,
) -> None:
    _in_sandbox(job, owner, sandbox_id, None, lambda held: services.sandbox_resume_command(
        sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id, lang=lang, picture=picture,
        claim=held,
    ))  # fmt: skip


@app.task(name="terminal.sandbox_interrupt_command", **TERMINAL_TASK)
def sandbox_interrupt_command(
    sandbox_id: str,
    client: str,
    tab: str,
    cmd_id: int,
    job: str | None = None,
    owner: str | None = None,
    restore: bool = False,
) -> None:
    _in_sandbox(job, owner, sandbox_id, None, lambda held: services.sandbox_interrupt_command(
        sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id, claim=held,
        restore=restore,
    ))  # fmt: skip


@app.task(name="terminal.sandbox_save_edit", **TERMINAL_TASK)
def sandbox_save_edit(
    sandbox_id: str,
    client: str,
    tab: str,
    cmd_id: int,
    content: str,
    job: str | None = None,
    owner: str | None = None,
) -> None:
    _in_sandbox(job, owner, sandbox_id, None, lambda held: services.sandbox_save_edit(
        sandbox_id=sandbox_id, client=client, tab=tab, cmd_id=cmd_id, content=content,
        claim=held,
    ))  # fmt: skip


@app.task(name="terminal.sandbox_save_file", **TERMINAL_TASK)
def sandbox_save_file(
    sandbox_id: str,
    client: str,
    name: str,
    content: str,
    job: str | None = None,
    owner: str | None = None,
) -> None:
    _as_job(job, owner, lambda: services.sandbox_save_file(
        sandbox_id=sandbox_id, client=client, name=name, content=content
    ))  # fmt: skip


@app.task(name="terminal.sandbox_delete_file", **TERMINAL_TASK)
def sandbox_delete_file(
    sandbox_id: str, client: str, name: str, job: str | None = None, owner: str | None = None
) -> None:
    _as_job(job, owner, lambda: services.sandbox_delete_file(
        sandbox_id=sandbox_id, client=client, name=name
    ))  # fmt: skip


@app.task(name="terminal.sandbox_reset", **TERMINAL_TASK)
def sandbox_reset(
    sandbox_id: str, client: str, job: str | None = None, owner: str | None = None
) -> None:
    _as_job(job, owner, lambda: services.sandbox_reset(sandbox_id=sandbox_id, client=client))


@app.task(name="terminal.sandbox_picture", **TERMINAL_TASK)
def sandbox_picture(
    sandbox_id: str, client: str, namespace: str, job: str | None = None,
    owner: str | None = None,
) -> None:
    _as_job(job, owner, lambda: services.sandbox_picture(
        sandbox_id=sandbox_id, client=client, namespace=namespace
    ))  # fmt: skip
