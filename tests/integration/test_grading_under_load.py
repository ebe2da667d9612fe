"""A class at once, on SQLite and on PostgreSQL: 20 learners checking and submitting at the same
instant while the instructor regrades, and a Celery worker SIGKILLed in the middle of a grade.
Real processes throughout (Redis, PostgreSQL, Daphne, worker, beat); correctness, not time."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from scripts.stack import Stack, postgres_create_database, wait_for
from tests.grading_demo import DEMO_EXERCISE
from tests.integration.grading_client import WebClient, build_assignment, first

pytestmark = pytest.mark.integration

LEARNERS = 20
REDIS_DB = {"sqlite": 6, "postgres": 7}  # other tests use 0-4


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def class_stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, redis_server: str
) -> Iterator[Stack]:
    """The product on one database, with a short grading deadline and a fast sweep so a lost
    grade comes back within seconds."""
    database = request.param
    if database == "postgres":
        database = postgres_create_database(request.getfixturevalue("postgres_server"),
                                            "grading_under_load")
    stack = Stack(tmp_path_factory.mktemp(f"class-{request.param}")).start(
        redis_url=redis_server.replace("/0", f"/{REDIS_DB[request.param]}"), database=database,
        extra_env={"GRADING_STUCK_SECONDS": "4", "GRADING_SWEEP_SECONDS": "1"})
    try:
        yield stack
    finally:
        stack.stop()


def open_exercise(stack: Stack, name: str, join: str, item_id: int) -> WebClient:
    client = WebClient(stack.base_url)
    client.signup(name)
    assert client.post(join)[0] == 302
    page = client.get(f"/grading/items/{item_id}/?lang=en")
    assert first(r'data-ws-path="/ws/terminal/\?sandbox=([^"]+)"', page)
    return client


def post_json_status(client: WebClient, path: str) -> tuple[int, dict[str, Any]]:
    status, body, _ = client.post(path)
    try:
        return status, dict(json.loads(body))
    except json.JSONDecodeError:
        return status, {"body": body[:300]}


def test_learners_submitting_at_once_all_get_graded_during_a_regrade(
    class_stack: Stack,
) -> None:
    stack = class_stack
    db = "pg" if stack.database_url.startswith("postgres") else "sq"
    ada, join, _, item_id = build_assignment(stack, DEMO_EXERCISE, instructor=f"ada-{db}")
    # One after another: Daphne runs sync views on one thread, and 20 password hashes queued at
    # once would only test the client's timeout.
    learners = [open_exercise(stack, f"l{n}-{db}", join, item_id) for n in range(LEARNERS)]
    regrade = f"/grading/teach/items/{item_id}/regrade/"
    version = first(rf'<option value="(\d+)"[^>]*>grading-demo-ada-{db} v1<', ada.get(regrade))
    ada.post("/accounts/login/")  # the instructor's CSRF cookie, before the race
    start = threading.Barrier(LEARNERS + 1)

    def learner_turn(n: int) -> list[tuple[int, dict[str, Any]]]:
        client = learners[n]
        start.wait()
        answers = [post_json_status(client, f"/grading/items/{item_id}/check/")] if n % 2 else []
        return [*answers, post_json_status(client, f"/grading/items/{item_id}/submit/")]

    def instructor_turn() -> tuple[int, str, str]:
        start.wait()
        return ada.post(regrade, {"exercise": version})

    with ThreadPoolExecutor(LEARNERS + 1) as pool:
        regrading = pool.submit(instructor_turn)
        answers = list(pool.map(learner_turn, range(LEARNERS)))
    errors = [(status, body) for turn in answers for status, body in turn if status != 200]
    assert errors == []
    submitted = [turn[-1][1]["submission"]["id"] for turn in answers]
    assert len(set(submitted)) == LEARNERS
    graded = [client.wait_graded(int(sid), timeout=120)
              for client, sid in zip(learners, submitted, strict=True)]
    assert [(g["status"], g["points"]) for g in graded] == [("graded", 0.0)] * LEARNERS
    status, _, location = regrading.result()
    assert status == 302
    ada.wait_regrade(location, timeout=120)


def _hold_submission_lock(stack: Stack, submission_id: int) -> Any:
    """Open a transaction that holds what grading ``submission_id`` needs, so a worker that
    starts on it waits; returns the connection (roll it back to let go)."""
    if stack.database_url.startswith("postgres"):
        import psycopg

        conn = psycopg.connect(stack.database_url)
        conn.execute("SELECT id FROM grading_submission WHERE id = %s FOR UPDATE",
                     [submission_id])
        return conn
    lite = sqlite3.connect(stack.database_url.removeprefix("sqlite:///"), isolation_level=None)
    lite.execute("BEGIN IMMEDIATE")
    return lite


def _worker_is_waiting(stack: Stack, submission_id: int) -> bool:
    """The worker took the grading task off the queue and is blocked in the database (on
    SQLite, in BEGIN IMMEDIATE; on PostgreSQL, visibly waiting for our row lock)."""
    if f"grading submission {submission_id}" not in stack.log("worker"):
        return False
    if not stack.database_url.startswith("postgres"):
        return True
    import psycopg

    with psycopg.connect(stack.database_url) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                           "'Lock' AND query LIKE '%grading_submission%'").fetchone()
    return bool(row and row[0])


def _grade_attempts(stack: Stack, submission_id: int) -> int:
    if stack.database_url.startswith("postgres"):
        import psycopg

        with psycopg.connect(stack.database_url) as conn:
            row = conn.execute("SELECT grade_attempts FROM grading_submission WHERE id = %s",
                               [submission_id]).fetchone()
    else:
        with sqlite3.connect(stack.database_url.removeprefix("sqlite:///")) as conn:
            row = conn.execute("SELECT grade_attempts FROM grading_submission WHERE id = ?",
                               [submission_id]).fetchone()
    assert row is not None
    return int(row[0])


def test_worker_killed_mid_grade_the_sweep_grades_it_after_restart(class_stack: Stack) -> None:
    stack = class_stack
    db = "pg" if stack.database_url.startswith("postgres") else "sq"
    text = DEMO_EXERCISE.replace("id: grading-demo", "id: kill-demo")  # ada owns the demo
    _, join, _, item_id = build_assignment(stack, text, instructor=f"kill-ada-{db}")
    learner = open_exercise(stack, f"kill-l-{db}", join, item_id)
    worker = stack.procs["worker"]
    Path(stack.workdir / "worker.log").write_text("")  # only this test's lines from here on
    os.kill(worker.pid, signal.SIGSTOP)  # the submit's message waits for it
    status, body = post_json_status(learner, f"/grading/items/{item_id}/submit/")
    assert status == 200, body
    submission_id = int(body["submission"]["id"])
    lock = _hold_submission_lock(stack, submission_id)
    try:
        os.kill(worker.pid, signal.SIGCONT)
        wait_for(lambda: _worker_is_waiting(stack, submission_id), 30, "the worker mid-grade")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        lock.rollback()
        lock.close()
    _, raw, _ = learner.request(f"/grading/submissions/{submission_id}/")
    assert json.loads(raw)["submission"]["status"] == "pending"  # lost with the worker
    stack.procs.pop("worker")
    stack.start_worker("worker")
    wait_for(lambda: " ready." in stack.log("worker"), 60, "the restarted worker")
    graded = learner.wait_graded(submission_id, timeout=60)
    assert (graded["status"], graded["points"]) == ("graded", 0.0)
    assert _grade_attempts(stack, submission_id) >= 2  # the sweep queued it again
