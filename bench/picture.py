"""The cluster picture's costs: update latency after a command, bytes per change, worker CPU
with the panel open and closed (issue #14), beside the echo route's round trip from the same run.

Each row runs ``--commands`` commands that change the cluster (``kubectl label pod p0 n=<i>
--overwrite``) in a sandbox of ``--pods`` pods, back to back on one socket: first with the panel
closed, then open on the ``default`` namespace. "picture after done" is the time from a
command's ``done`` frame to the ``cluster`` frame drawn after it (both on the same socket).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import bench_stack, cpu_seconds, open_ws, stack_pids


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _echo(base: str, n: int) -> list[float]:
    ws = await open_ws(base, "/ws/echo/")
    times = []
    for i in range(n):
        started = time.perf_counter()
        await ws.send(json.dumps({"type": "echo", "id": i}))
        await ws.recv()
        times.append(time.perf_counter() - started)
    await ws.close()
    return times


async def _until(ws: Any, done: Any) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 30))
        if done(frame):
            return frame


async def _run(ws: Any, cmd_id: int, line: str) -> None:
    await ws.send(json.dumps({"type": "run", "tab": "1", "id": cmd_id, "line": line}))
    await _until(ws, lambda f: f["type"] == "done" and f.get("id") == cmd_id)


async def measure(base: str, pids: dict[str, int], pods: int, commands: int) -> None:
    echo = await _echo(base, commands)
    ws = await open_ws(base, "/ws/terminal/")
    cmd_id = 0
    for i in range(pods):
        cmd_id += 1
        await _run(ws, cmd_id, f"kubectl run p{i} --image=nginx:1.27")
    cmd_id += 1
    await _run(ws, cmd_id, "skip 1m")  # every pod Running: the picture only changes by commands
    rows = []
    for shown in (False, True):
        if shown:
            await ws.send(json.dumps({"type": "picture", "open": True, "namespace": "default"}))
            await _until(ws, lambda f: f["type"] == "cluster")
        rtts: list[float] = []
        after: list[float] = []
        sizes: list[int] = []
        before = cpu_seconds(pids["worker"])
        for i in range(commands):
            cmd_id += 1
            started = time.perf_counter()
            await ws.send(json.dumps({"type": "run", "tab": "1", "id": cmd_id,
                                      "line": f"kubectl label pod p0 n={i} --overwrite"}))
            await _until(ws, lambda f, c=cmd_id: f["type"] == "done" and f.get("id") == c)
            done = time.perf_counter()
            rtts.append(done - started)
            if shown:
                text = str(await asyncio.wait_for(ws.recv(), 30))
                frame = json.loads(text)
                assert frame["type"] == "cluster", frame
                after.append(time.perf_counter() - done)
                sizes.append(len(text.encode()))
        cpu = (cpu_seconds(pids["worker"]) - before) / commands * 1000
        rows.append((shown, rtts, after, sizes, cpu))
    await ws.close()
    print(f"{pods} pods in default; {commands} commands per row; echo p50 "  # noqa: T201
          f"{_p(echo, 0.5):.2f} ms, p99 {_p(echo, 0.99):.2f} ms (same run)")
    print("| panel | command p50 / p99 ms | picture after done p50 / p99 ms | "  # noqa: T201
          "bytes per picture | worker CPU ms per command |")
    print("|---|---|---|---|---|")  # noqa: T201
    for shown, rtts, after, sizes, cpu in rows:
        picture = f"{_p(after, 0.5):.2f} / {_p(after, 0.99):.2f}" if after else "–"
        size = f"{statistics.median(sizes):,.0f}" if sizes else "0"
        print(f"| {'open' if shown else 'closed'} | {_p(rtts, 0.5):.2f} / "  # noqa: T201
              f"{_p(rtts, 0.99):.2f} | {picture} | {size} | {cpu:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, default=10)
    parser.add_argument("--commands", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="picture-") as tmp:
        with bench_stack(Path(tmp)) as stack:
            asyncio.run(measure(stack.base_url, stack_pids(stack), args.pods, args.commands))


if __name__ == "__main__":
    main()
