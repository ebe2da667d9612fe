"""Where the product saturates: closed and open loops, each next to the Channels echo route.

Starts its own stack (bench/harness.py: private redis-server, the ASGI server, one Celery worker),
then, for ``kubectl get pods`` (run -> done) and for the echo route in the same run:

* **closed loop** at 1, 8 and 32 sockets: every socket sends its next command as soon as the
  previous reply is in, for ``--closed-seconds``; the rate it reaches is the capacity;
* **open loop** at 100, 200 and 400 offered commands/s over ``--sockets`` sockets: commands leave
  on a fixed schedule whatever the replies do; latency counts from the scheduled instant (so a
  client that falls behind cannot hide the server's queue), a reply over 1 s is late, none within
  15 s (or an error frame) is lost.

Each row also gives the CPU milliseconds the web server and the worker spent per reply: on a
machine shared with other work that figure moves much less than latency or rate do.

Bounded: every scenario has a fixed duration plus at most 15 s to drain; loopback only.

Usage: .venv/bin/python bench/saturation.py [--server uvicorn|daphne] [--closed-seconds 5]
       [--open-seconds 8] [--sockets 200] [--rates 100,200,400] [--closed 1,8,32]
       [--pool solo|prefork] [--concurrency N]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    LATE_SECONDS,
    LOST_SECONDS,
    Client,
    Sample,
    bench_stack,
    cpu_of,
    open_clients,
    print_table,
    stack_pids,
    warm_up,
)

Pids = dict[str, int]


def label(echo: bool) -> str:
    return "echo" if echo else "kubectl get pods"


async def closed_loop(clients: list[Client], echo: bool, seconds: float, pids: Pids) -> Sample:
    sample = Sample(f"{label(echo)}, closed loop, {len(clients)} sockets")
    deadline = time.perf_counter() + seconds

    async def drive(client: Client) -> None:
        while time.perf_counter() < deadline:
            sample.sent += 1
            sample.record(await client.command())

    started = time.perf_counter()
    with cpu_of(sample, pids):
        await asyncio.gather(*(drive(client) for client in clients))
    sample.elapsed = time.perf_counter() - started
    return sample


async def open_loop(
    clients: list[Client], echo: bool, rate: float, seconds: float, pids: Pids
) -> Sample:
    """``rate`` commands/s, evenly spaced, round robin over the sockets."""
    sample = Sample(f"{label(echo)}, open loop {rate:g}/s, {len(clients)} sockets")
    total = int(rate * seconds)
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []

    async def one(client: Client, at: float) -> None:
        sample.record(await client.command(started=at))

    with cpu_of(sample, pids):
        for n in range(total):
            at = started + n / rate
            delay = at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            sample.sent += 1
            tasks.append(loop.create_task(one(clients[n % len(clients)], at)))
        await asyncio.gather(*tasks)  # each ends by LOST_SECONDS after its scheduled instant
    sample.elapsed = time.perf_counter() - started
    return sample


async def measure(base: str, pids: Pids, args: argparse.Namespace) -> list[Sample]:
    rows: dict[bool, list[Sample]] = {True: [], False: []}
    for echo in (True, False):
        pool = await open_clients(base, echo, max(args.closed))
        await warm_up(pool)
        for n in args.closed:
            rows[echo].append(await closed_loop(pool[:n], echo, args.closed_seconds, pids))
        for client in pool:
            await client.close()
    for echo in (True, False):
        pool = await open_clients(base, echo, args.sockets)
        await warm_up(pool, rounds=1)
        for rate in args.rates:
            rows[echo].append(await open_loop(pool, echo, rate, args.open_seconds, pids))
        for client in pool:
            await client.close()
    # Each command row right below the echo row of the same scenario.
    return [sample for pair in zip(rows[True], rows[False], strict=True) for sample in pair]


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="uvicorn", choices=["uvicorn", "daphne"])
    parser.add_argument("--closed", type=numbers, default=[1, 8, 32], help="socket counts")
    parser.add_argument("--closed-seconds", type=float, default=5.0)
    parser.add_argument("--rates", type=numbers, default=[100, 200, 400], help="offered cmd/s")
    parser.add_argument("--open-seconds", type=float, default=8.0)
    parser.add_argument("--sockets", type=int, default=200, help="sockets of the open loop")
    parser.add_argument("--pool", default="solo", choices=["solo", "prefork"])
    parser.add_argument("--concurrency", type=int, default=1, help="worker processes (prefork)")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="saturation-") as tmp:
        with bench_stack(Path(tmp), server=args.server, pool=args.pool,
                         concurrency=args.concurrency) as stack:
            samples = asyncio.run(measure(stack.base_url, stack_pids(stack), args))
    print(  # noqa: T201
        f"server: {args.server}; worker: {args.pool} x{args.concurrency}; "
        f"late = over {LATE_SECONDS:g}s, "
        f"lost = none within {LOST_SECONDS:g}s or an error frame; "
        f"latency from the scheduled instant; {time.perf_counter() - started:.0f}s in all"
    )
    print_table(samples)


if __name__ == "__main__":
    main()
