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

``PLAYGROUND_TEST_DATABASE=postgres`` (``make test`` sets it for its second run of the Django
integration suite) puts the pytest-django database and ``live_stack``'s on ``postgres_server``,
a private PostgreSQL, instead of SQLite.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.stack import Stack, postgres_create_database

ON_POSTGRES = os.environ.get("PLAYGROUND_TEST_DATABASE", "sqlite") == "postgres"


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
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a private PostgreSQL for this test session (Debian's server, run as a non-root
    user when the tests run as root, on a free loopback port) with an empty database
    ``playground``; tests that need a database of their own create it on the same server with
    ``scripts.stack.postgres_create_database(url, name)``."""
    stack = Stack(tmp_path_factory.mktemp("postgres"))
    stack.workdir.mkdir(parents=True, exist_ok=True)
    try:
        yield stack.start_postgres()
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request: pytest.FixtureRequest) -> None:
    """pytest-django's hook before it creates the test database: point it at PostgreSQL."""
    if not ON_POSTGRES:
        return
    from django.conf import settings
    from django.db import connections

    from playground.settings import _database

    settings.DATABASES["default"].update(_database(request.getfixturevalue("postgres_server")))
    # A wrapper made for SQLite before now (never connected: access is still blocked) is
    # dropped, so the next use builds the PostgreSQL one from the updated settings.
    for connection in connections.all(initialized_only=True):
        connection.close()
        del connections[connection.alias]


@pytest.fixture(scope="session")
def live_stack_processes(
    tmp_path_factory: pytest.TempPathFactory, redis_server: str, request: pytest.FixtureRequest
) -> Iterator[Stack]:
    """The running Stack behind ``live_stack`` (for tests that need its Redis URL or logs)."""
    workdir: Path = tmp_path_factory.mktemp("live_stack")
    database = "sqlite"
    if ON_POSTGRES:
        database = postgres_create_database(request.getfixturevalue("postgres_server"),
                                            "live_stack")
    stack = Stack(workdir).start(redis_url=redis_server.replace("/0", "/2"), database=database)
    try:
        yield stack
    finally:
        stack.stop()
        for name in ("web", "worker", "beat"):
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


@pytest.fixture(scope="session", autouse=True)
def _verified_observation_memo() -> Iterator[None]:
    """Every test runs the simulator with the observation memo re-observing each hit: a cached
    pod view that differs from a fresh observation (a span that ended too late, or a caller that
    edited a shared view) raises ``StaleObservation`` instead of passing unnoticed."""
    from playground.sim.lifecycle import memo

    memo.MEMO.verify = True
    try:
        yield
    finally:
        memo.MEMO.verify = False
