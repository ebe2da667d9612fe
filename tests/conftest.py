"""Shared fixtures: a private redis-server and ``live_stack``, the whole product as processes.

``live_stack`` (session scope) is what browser and end-to-end tests use::

    def test_page_loads(live_stack: str, page) -> None:
        page.goto(live_stack + "/")          # redirects to /lessons/ko/first-pod/

It starts a private redis-server on a free loopback port, migrates a temporary SQLite database,
runs ``load_lessons``, then starts Daphne (``playground.asgi``, static files served) on a free port
and one Celery worker (solo pool) as subprocesses pointed at that Redis and database. It yields the
base URL (``http://127.0.0.1:<port>``, no trailing slash) once Daphne answers HTTP and the worker
is ready, and stops every process (process groups, SIGTERM then SIGKILL) at the end of the session.
Logs are in the temporary directory (``live_stack_processes.workdir``) and are printed on failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.stack import Stack


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a private redis-server (free loopback port, no persistence) for this test session."""
    stack = Stack(tmp_path_factory.mktemp("redis"))
    stack.workdir.mkdir(parents=True, exist_ok=True)
    try:
        yield stack.start_redis()
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def live_stack_processes(
    tmp_path_factory: pytest.TempPathFactory, redis_server: str
) -> Iterator[Stack]:
    """The running Stack behind ``live_stack`` (for tests that need its Redis URL or logs)."""
    workdir: Path = tmp_path_factory.mktemp("live_stack")
    stack = Stack(workdir).start(redis_url=redis_server.replace("/0", "/2"))
    try:
        yield stack
    finally:
        stack.stop()
        for name in ("web", "worker"):
            text = stack.log(name)
            if "Traceback" in text:
                print(f"--- {name} log with tracebacks ---\n{text[-5000:]}")  # noqa: T201


@pytest.fixture(scope="session")
def live_stack(live_stack_processes: Stack) -> str:
    """Base URL of the running product (see the module docstring)."""
    return live_stack_processes.base_url


def pytest_configure(config: pytest.Config) -> None:
    """In-process tests render pages without a collectstatic: plain static names there.

    The hashed, compressed files of the real storage are tested against ``live_stack``, whose
    scripts/stack.py runs collectstatic (tests/integration/test_static_files.py).
    """
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SERVESTATIC_USE_FINDERS = True  # served from static/ as with DEBUG, no STATIC_ROOT


# In CI a skipped test is a failed check: browser tests in particular must never vanish silently.
_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI") == "true" and _skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nCI: {len(_skipped)} skipped tests count as failures: {_skipped[:10]}")  # noqa: T201
