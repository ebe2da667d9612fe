"""Websocket round trips through the whole product, next to a plain Channels echo.

Starts its own stack (private redis-server, Daphne, one Celery worker; see scripts/stack.py), then
measures `kubectl get pods` (run -> done) and an echo consumer in the same run:

* 1 socket, commands back to back: p50/p90/p99 latency and commands per second;
* 200 sockets, each sending one command every 2 s for ~20 s: latency, lost and late replies.

Usage: .venv/bin/python bench/ws_latency.py [--pool solo|prefork] [--concurrency N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

from scripts.stack import Stack  # noqa: E402

LINE = "kubectl get pods"
ERRORS: list[str] = []  # error frames received, reported after the table
LATE_SECONDS = 1.0  # a reply slower than this counts as late
LOST_SECONDS = 15.0  # a reply not there after this (or an error frame) counts as lost


@dataclass
class Sample:
    name: str
    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    lost: int = 0
    elapsed: float = 0.0

    def row(self) -> str:
        lat = sorted(self.latencies) or [float("nan")]

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

        late = sum(1 for x in self.latencies if x > LATE_SECONDS)
        rate = len(self.latencies) / self.elapsed if self.elapsed else 0.0
        return (
            f"| {self.name:<40} | {self.sent:>5} | {pct(0.5):>7.2f} | {pct(0.9):>7.2f} | "
            f"{pct(0.99):>7.2f} | {rate:>9.1f} | {self.lost:>4} | {late:>4} |"
        )


def session_cookie(base: str) -> str:
    with urllib.request.urlopen(f"{base}/?lang=en", timeout=10) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return next(c.split(";", 1)[0] for c in cookies if c.startswith("sessionid="))


async def open_ws(base: str, path: str) -> ClientConnection:
    url = base.replace("http://", "ws://") + path
    cookie = await asyncio.to_thread(session_cookie, base)
    return await connect(url, additional_headers={"Cookie": cookie}, origin=base, max_size=None)  # type: ignore[arg-type]


async def command_rtt(ws: ClientConnection, cmd_id: int, echo: bool) -> float | None:
    started = time.perf_counter()
    if echo:
        await ws.send(json.dumps({"type": "echo", "id": cmd_id}))
        await asyncio.wait_for(ws.recv(), LOST_SECONDS)
        return time.perf_counter() - started
    await ws.send(json.dumps({"type": "run", "tab": "1", "id": cmd_id, "line": LINE}))
    deadline = started + LOST_SECONDS
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), deadline - time.perf_counter()))
        if frame.get("type") == "done" and frame.get("id") == cmd_id:
            return time.perf_counter() - started
        if frame.get("type") == "error":
            ERRORS.append(frame.get("message", ""))
            return None


async def one_socket(base: str, echo: bool, count: int) -> Sample:
    sample = Sample(("echo" if echo else "kubectl get pods") + ", 1 socket back to back")
    ws = await open_ws(base, "/ws/echo/" if echo else "/ws/terminal/")
    for n in range(20):  # warm-up
        await command_rtt(ws, 10_000 + n, echo)
    started = time.perf_counter()
    for n in range(count):
        sample.sent += 1
        try:
            rtt = await command_rtt(ws, n, echo)
        except TimeoutError:
            rtt = None
        if rtt is None:
            sample.lost += 1
        else:
            sample.latencies.append(rtt)
    sample.elapsed = time.perf_counter() - started
    await ws.close()
    return sample


async def many_sockets(
    base: str, echo: bool, sockets: int, period: float, duration: float
) -> Sample:
    name = "echo" if echo else "kubectl get pods"
    sample = Sample(f"{name}, {sockets} sockets, 1 per {period:g}s")
    conns = [await open_ws(base, "/ws/echo/" if echo else "/ws/terminal/") for _ in range(sockets)]
    rng = random.Random(7)

    async def drive(ws: ClientConnection) -> None:
        await asyncio.sleep(rng.uniform(0, period))  # spread the sockets over the period
        for n in range(int(duration / period)):
            tick = time.perf_counter()
            sample.sent += 1
            try:
                rtt = await command_rtt(ws, n, echo)
            except TimeoutError:
                rtt = None
            if rtt is None:
                sample.lost += 1
            else:
                sample.latencies.append(rtt)
            await asyncio.sleep(max(0.0, period - (time.perf_counter() - tick)))

    started = time.perf_counter()
    await asyncio.gather(*(drive(ws) for ws in conns))
    sample.elapsed = time.perf_counter() - started
    for ws in conns:
        await ws.close()
    return sample


def enqueue_cost(redis_url: str, count: int = 300) -> float:
    """Mean ms a synchronous apply_async blocks its caller (why the consumer uses to_thread)."""
    os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")
    os.environ.setdefault("PLAYGROUND_DEV", "1")  # a local run: the built-in secret key is fine
    import django

    django.setup()
    from playground.terminal import tasks

    args = {"sandbox_id": "bench-enqueue", "client": "bench", "tab": "1", "cmd_id": 0, "line": ":"}
    tasks.sandbox_run_command.apply_async(kwargs=args)
    started = time.perf_counter()
    for _ in range(count):
        tasks.sandbox_run_command.apply_async(kwargs=args)
    return (time.perf_counter() - started) / count * 1000


async def measure(base: str, args: argparse.Namespace) -> list[Sample]:
    return [
        await one_socket(base, True, args.count * 4),
        await one_socket(base, False, args.count),
        await many_sockets(base, True, args.sockets, args.period, args.duration),
        await many_sockets(base, False, args.sockets, args.period, args.duration),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", default="solo", choices=["solo", "prefork", "threads"])
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--enqueue", default="direct", choices=["direct", "thread"])
    parser.add_argument("--count", type=int, default=300, help="commands on the single socket")
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--period", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ws-bench-") as tmp:
        # The per-socket rate limit would refuse a back-to-back loop; the bench measures the path.
        env = {
            "TERMINAL_ECHO_ROUTE": "1",
            "LOG_LEVEL": "WARNING",
            "TERMINAL_RATE_PER_SECOND": "10000",
            "TERMINAL_ENQUEUE": args.enqueue,
        }
        stack = Stack(Path(tmp)).start(pool=args.pool, concurrency=args.concurrency, extra_env=env)
        try:
            samples = asyncio.run(measure(stack.base_url, args))
            blocking = enqueue_cost(stack.redis_url)
        finally:
            stack.stop()
    setup = f"worker pool: {args.pool} x{args.concurrency}; enqueue: {args.enqueue}"
    print(f"{setup}; late = over {LATE_SECONDS:g}s")  # noqa: T201
    head = f"| {'scenario':<40} |  sent |  p50 ms |  p90 ms |  p99 ms | replies/s | lost | late |"
    print(head)  # noqa: T201
    print("|" + "|".join("-" * len(cell) for cell in head.split("|")[1:-1]) + "|")  # noqa: T201
    for sample in samples:
        print(sample.row())  # noqa: T201
    if ERRORS:
        print(f"{len(ERRORS)} error frames, first: {ERRORS[0]!r}")  # noqa: T201
    print(f"synchronous apply_async blocks its caller {blocking:.2f} ms per command")  # noqa: T201


if __name__ == "__main__":
    main()
