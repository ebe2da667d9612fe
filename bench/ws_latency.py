"""Websocket round trips through the whole product, next to a plain Channels echo.

Starts its own stack (bench/harness.py: private redis-server, the ASGI server, one Celery
worker), then measures `kubectl get pods` (run -> done) and an echo consumer in the same run:

* 1 socket, commands back to back: p50/p90/p99 latency and commands per second;
* 200 sockets, each sending one command every 2 s for ~20 s: latency, lost and late replies.

Usage: .venv/bin/python bench/ws_latency.py [--server uvicorn|daphne] [--pool solo|prefork]
       [--concurrency N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    LATE_SECONDS,
    Client,
    Sample,
    bench_stack,
    open_clients,
    print_table,
)


async def one_socket(base: str, echo: bool, count: int) -> Sample:
    sample = Sample(("echo" if echo else "kubectl get pods") + ", 1 socket back to back")
    client = await Client.open(base, echo)
    for _ in range(20):  # warm-up
        await client.command()
    started = time.perf_counter()
    for _ in range(count):
        sample.sent += 1
        sample.record(await client.command())
    sample.elapsed = time.perf_counter() - started
    await client.close()
    return sample


async def many_sockets(
    base: str, echo: bool, sockets: int, period: float, duration: float
) -> Sample:
    name = "echo" if echo else "kubectl get pods"
    sample = Sample(f"{name}, {sockets} sockets, 1 per {period:g}s")
    clients = await open_clients(base, echo, sockets)
    rng = random.Random(7)

    async def drive(client: Client) -> None:
        await asyncio.sleep(rng.uniform(0, period))  # spread the sockets over the period
        for _ in range(int(duration / period)):
            tick = time.perf_counter()
            sample.sent += 1
            sample.record(await client.command())
            await asyncio.sleep(max(0.0, period - (time.perf_counter() - tick)))

    started = time.perf_counter()
    await asyncio.gather(*(drive(client) for client in clients))
    sample.elapsed = time.perf_counter() - started
    for client in clients:
        await client.close()
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
    parser.add_argument("--server", default="uvicorn", choices=["uvicorn", "daphne"])
    parser.add_argument("--pool", default="solo", choices=["solo", "prefork", "threads"])
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--enqueue", default="direct", choices=["direct", "thread"])
    parser.add_argument("--count", type=int, default=300, help="commands on the single socket")
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--period", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ws-bench-") as tmp:
        with bench_stack(
            Path(tmp),
            server=args.server,
            pool=args.pool,
            concurrency=args.concurrency,
            extra_env={"TERMINAL_ENQUEUE": args.enqueue},
        ) as stack:
            samples = asyncio.run(measure(stack.base_url, args))
            blocking = enqueue_cost(stack.redis_url)
    setup = f"server: {args.server}; worker pool: {args.pool} x{args.concurrency}"
    print(f"{setup}; enqueue: {args.enqueue}; late = over {LATE_SECONDS:g}s")  # noqa: T201
    print_table(samples)
    print(f"synchronous apply_async blocks its caller {blocking:.2f} ms per command")  # noqa: T201


if __name__ == "__main__":
    main()
