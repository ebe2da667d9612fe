"""A class at once: N simulated learners (default 60) against the whole product, per database.

Each learner signs up and joins the course (set-up, not measured), then at human pace types a
lesson's commands in its terminal (lessons/content/en/02-first-pod.md), opens the graded
exercise, solves it in the exercise's terminal, and — all learners at the same moment — presses
"Check my work" and "Submit", then waits for the grade. Printed per database (SQLite, then a
private PostgreSQL; each run starts its own stack through scripts/stack.py): p50/p99 per phase,
errors, lost output (a gap in a socket's output `seq`, a command with no `done`), stuck grades
(not graded within --grade-timeout), and a plain Channels echo measured in the same run.

Usage: .venv/bin/python bench/classroom.py [--learners 60] [--databases sqlite,postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.typing import Origin  # noqa: E402

from lessons.transcripts import blocks  # noqa: E402
from scripts.stack import Stack  # noqa: E402
from tests.grading_demo import DEMO_EXERCISE  # noqa: E402
from tests.integration.grading_client import WebClient, build_assignment, first  # noqa: E402

LESSON = Path(__file__).resolve().parent.parent / "lessons/content/en/02-first-pod.md"
COMMAND_SECONDS = 30.0  # a command with no `done` after this counts as lost
LESSON_PATH = "/lessons/en/first-pod/"
PHASES = ("open lesson", "lesson command", "open exercise", "exercise command", "check",
          "submit", "submit to graded")


def lesson_commands(limit: int = 6) -> list[str]:
    """The first ``limit`` commands a learner types in the lesson (its console blocks)."""
    lines = [line[2:] for block in blocks(LESSON.read_text(encoding="utf-8"))
             if block.kind == "console" for line in block.text.splitlines()
             if line.startswith("$ ")]
    return lines[:limit]


@dataclass
class Report:
    """What a class run measured; ``errors``, ``lost`` and ``stuck`` must all be empty."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PHASES})
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)
    points: list[float] = field(default_factory=list)

    def add(self, phase: str, seconds: float) -> None:
        self.latencies[phase].append(seconds)


class Terminal:
    """One learner's socket: runs lines and checks the output stream has no gaps."""

    def __init__(self, ws: ClientConnection, who: str, report: Report) -> None:
        self.ws, self.who, self.report = ws, who, report
        self.last_seq: int | None = None
        self.cmd_id = 0

    @classmethod
    async def open(cls, base: str, cookie: str, query: str, who: str,
                   report: Report) -> Terminal:
        url = base.replace("http://", "ws://") + "/ws/terminal/" + (f"?{query}" if query else "")
        ws = await connect(url, additional_headers={"Cookie": cookie}, origin=Origin(base),
                           max_size=None, open_timeout=COMMAND_SECONDS)
        return cls(ws, who, report)

    async def run(self, line: str) -> float | None:
        self.cmd_id += 1
        cmd_id, started = self.cmd_id, time.perf_counter()
        await self.ws.send(json.dumps({"type": "run", "tab": "1", "id": cmd_id, "line": line}))
        deadline = started + COMMAND_SECONDS
        try:
            while True:
                frame = json.loads(await asyncio.wait_for(
                    self.ws.recv(), max(0.01, deadline - time.perf_counter())))
                kind = frame.get("type")
                if "seq" in frame:  # every frame of the sandbox's stream is numbered
                    self._seq(frame["seq"], line)
                if kind == "error":
                    self.report.errors.append(f"{self.who} {line!r}: {frame.get('message')}")
                    return None
                elif kind == "done" and frame.get("id") == cmd_id:
                    return time.perf_counter() - started
        except TimeoutError:
            self.report.lost.append(f"{self.who} {line!r}: no done in {COMMAND_SECONDS:g}s")
            return None

    def _seq(self, seq: int, line: str) -> None:
        if self.last_seq is not None and seq != self.last_seq + 1:
            self.report.lost.append(f"{self.who} {line!r}: output seq {self.last_seq}→{seq}")
        self.last_seq = seq

    async def close(self) -> None:
        await self.ws.close()


async def _http(call: Any, *args: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = await asyncio.to_thread(call, *args)
    return time.perf_counter() - started, value


def _post(client: WebClient, path: str) -> tuple[int, dict[str, Any]]:
    status, body, _ = client.post(path)
    try:
        return status, dict(json.loads(body))
    except json.JSONDecodeError:
        return status, {"error": f"HTTP {status}, not JSON: {body[:120]!r}"}


async def learner(
    base: str, n: int, client: WebClient, item_id: int, ready: asyncio.Barrier,
    think: tuple[float, float], grade_timeout: float, report: Report,
) -> None:
    rng = random.Random(n)
    who = f"learner {n}"

    async def pause() -> None:
        await asyncio.sleep(rng.uniform(*think))

    await asyncio.sleep(rng.uniform(0, think[1]))  # learners do not all start on one tick
    seconds, _ = await _http(client.get, LESSON_PATH)  # gives the session its lesson sandbox
    report.add("open lesson", seconds)
    lesson = await Terminal.open(base, client.session_cookie, "", who, report)
    for line in lesson_commands():
        rtt = await lesson.run(line)
        if rtt is not None:
            report.add("lesson command", rtt)
        await pause()
    await lesson.close()

    seconds, page = await _http(client.get, f"/grading/items/{item_id}/?lang=en")
    report.add("open exercise", seconds)
    token = first(r'data-ws-path="/ws/terminal/\?sandbox=([^"]+)"', page)
    pod = first(r"Create the pod <code>(web-\d\d)</code>", page)
    exercise = await Terminal.open(base, client.session_cookie, f"sandbox={token}", who, report)
    for line in (f"kubectl run {pod} --image=httpd:2.4", "kubectl get pods",
                 f"kubectl describe pod {pod}"):
        await pause()
        rtt = await exercise.run(line)
        if rtt is not None:
            report.add("exercise command", rtt)
    await exercise.close()

    await ready.wait()  # the whole class presses Check and Submit at the same moment
    (check_s, (check_status, checked)), (submit_s, (status, submitted)) = await asyncio.gather(
        _http(_post, client, f"/grading/items/{item_id}/check/"),
        _http(_post, client, f"/grading/items/{item_id}/submit/"))
    for code, body, phase, seconds in ((check_status, checked, "check", check_s),
                                       (status, submitted, "submit", submit_s)):
        if code != 200 or "error" in body:
            report.errors.append(f"{who} {phase}: HTTP {code} {body.get('error', '')}")
        else:
            report.add(phase, seconds)
    if "submission" not in submitted:
        return
    sub_id = int(submitted["submission"]["id"])
    started = time.perf_counter()
    while time.perf_counter() - started < grade_timeout:
        _, body, _ = await asyncio.to_thread(client.request, f"/grading/submissions/{sub_id}/")
        sub = json.loads(body)["submission"]
        if sub["status"] == "graded":
            report.add("submit to graded", time.perf_counter() - started + submit_s)
            report.points.append(float(sub["points"]))
            return
        if sub["status"] == "error":
            report.errors.append(f"{who} grading: {sub.get('message')}")
            return
        await asyncio.sleep(0.25)
    report.stuck.append(f"{who}: submission {sub_id} not graded in {grade_timeout:g}s")


async def run_class(
    stack: Stack, learners: int, *, think: tuple[float, float] = (2.0, 5.0),
    grade_timeout: float = 180.0, tag: str = "",
) -> Report:
    """The class against a running ``stack``; set-up (sign-ups) is not measured."""
    report = Report()
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=2 * learners + 4))
    _, join, _, item_id = await asyncio.to_thread(
        build_assignment, stack, DEMO_EXERCISE, instructor=f"teacher{tag}")

    def enrol(n: int) -> WebClient:
        client = WebClient(stack.base_url)
        client.signup(f"learner{tag}-{n}")
        assert client.post(join)[0] == 302
        client.post("/accounts/login/")  # the CSRF cookie, before the race
        return client

    clients = [await asyncio.to_thread(enrol, n) for n in range(learners)]
    ready = asyncio.Barrier(learners)
    await asyncio.gather(*(learner(stack.base_url, n, client, item_id, ready, think,
                                   grade_timeout, report)
                           for n, client in enumerate(clients)))
    return report


async def echo_rtt(base: str, count: int = 300) -> list[float]:
    """Round trips of the plain Channels echo consumer (the yardstick), one socket."""
    cookie = WebClient(base)
    cookie.get(LESSON_PATH)
    ws = await connect(base.replace("http://", "ws://") + "/ws/echo/",
                       additional_headers={"Cookie": cookie.session_cookie},
                       origin=Origin(base))
    samples = []
    for n in range(count + 20):
        started = time.perf_counter()
        await ws.send(json.dumps({"type": "echo", "id": n}))
        await ws.recv()
        if n >= 20:  # warm-up
            samples.append(time.perf_counter() - started)
    await ws.close()
    return samples


def footprint(stack: Stack) -> dict[str, float]:
    """MB the class left in Redis (state, streams, queues) and in the database (submissions with
    their snapshots, sessions): the sizing figures of docs/DEPLOY.md."""
    import redis

    # redis-py annotates its sync and asyncio clients' replies as one (Awaitable | Any).
    info = cast(dict[str, Any], redis.Redis.from_url(stack.redis_url).info("memory"))
    used = info["used_memory"]
    if stack.database_url.startswith("postgres"):
        import psycopg

        with psycopg.connect(stack.database_url) as conn:
            row = conn.execute("SELECT pg_database_size(current_database()), "
                               "pg_total_relation_size('grading_submission')").fetchone()
        database, submissions = (row or (0, 0))
    else:
        path = Path(stack.database_url.removeprefix("sqlite:///"))
        database = sum(f.stat().st_size for f in path.parent.glob(path.name + "*"))
        submissions = float("nan")
    return {"redis MB": used / 1e6, "database MB": database / 1e6,
            "submissions table MB": submissions / 1e6}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def print_report(database: str, learners: int, report: Report, echo: list[float],
                 sizes: dict[str, float]) -> None:
    print(f"\n{database}: {learners} learners; echo p50 {pct(echo, 0.5):.2f} ms, "  # noqa: T201
          f"p99 {pct(echo, 0.99):.2f} ms (same run)")
    head = f"| {'phase':<18} | count |  p50 ms |  p99 ms |"
    print(head)  # noqa: T201
    print("|" + "|".join("-" * len(cell) for cell in head.split("|")[1:-1]) + "|")  # noqa: T201
    for phase in PHASES:
        values = report.latencies[phase]
        print(f"| {phase:<18} | {len(values):>5} | {pct(values, 0.5):>7.1f} | "  # noqa: T201
              f"{pct(values, 0.99):>7.1f} |")
    full = sum(1 for p in report.points if p == 10.0)
    print(f"errors {len(report.errors)}, lost output {len(report.lost)}, "  # noqa: T201
          f"stuck grades {len(report.stuck)}, full marks {full}/{learners}")
    for line in (report.errors + report.lost + report.stuck)[:10]:
        print(f"  {line}")  # noqa: T201
    print("after the class: " + ", ".join(f"{k} {v:.1f}" for k, v in sizes.items()))  # noqa: T201


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 5.0),
                        metavar=("MIN", "MAX"), help="seconds between a learner's commands")
    parser.add_argument("--grade-timeout", type=float, default=180.0)
    args = parser.parse_args()
    failed = False
    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix=f"classroom-{database}-") as tmp:
            stack = Stack(Path(tmp))
            stack.workdir.mkdir(parents=True, exist_ok=True)
            # Benchmarks keep PostgreSQL durable (fsync on), as a deployment would.
            url = stack.start_postgres(durable=True) if database == "postgres" else "sqlite"
            env = {"TERMINAL_ECHO_ROUTE": "1", "LOG_LEVEL": "WARNING"}
            try:
                stack.start(database=url, extra_env=env)
                report = asyncio.run(run_class(stack, args.learners, think=tuple(args.think),
                                               grade_timeout=args.grade_timeout))
                echo = asyncio.run(echo_rtt(stack.base_url))
                sizes = footprint(stack)
            finally:
                stack.stop()
        print_report(database, args.learners, report, echo, sizes)
        failed = failed or bool(report.errors or report.lost or report.stuck)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
