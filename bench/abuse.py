"""One hostile learner against the stack, and what another learner notices (issue #17).

Starts its own stack (bench/harness.py: private redis-server with the deployment's maxmemory and
noeviction, the ASGI server, one Celery worker) with the product's real limits (per-socket rate,
per-owner sockets, queue and save budgets). For each attack, for ``--seconds``, a victim learner
runs ``kubectl get pods`` every ``--pace`` seconds and a socket on the Channels echo route echoes
at the same pace, in the same run; one hostile learner meanwhile floods from 8 sockets (the
per-owner maximum):

* **idle**: no attack (the baseline of this run);
* **saves**: ``file.save`` of 200 KiB files in a loop (each one used to re-broadcast every file);
* **syncs**: ``sync`` in a loop after filling the sandbox with 4 × 200 KiB files;
* **commands**: lines printing ~800 KB (``cat`` of those files) in many tabs;
* **ctrl-c**: a heavy line (``kubectl get pods -o yaml | wc -c`` × 40 over 100 pods) then Ctrl-C,
  in a loop; afterwards ``--stop-rounds`` probes press Ctrl-C once a worker runs the heavy line
  and time how long until the worker lets go of it (row ``ctrl-c→stop``);
* **all**: the four at once.

Each row prints the victim's and the echo's p50/p99, the victim's lost commands, Redis' growth
(INFO memory used_memory, after the attack minus before) and what the hostile learner got back
(answers and refusals by code). Bounded: fixed durations plus at most 15 s per command.

Usage: .venv/bin/python bench/abuse.py [--seconds 10] [--pace 0.2] [--hostile-rate 50]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

from bench.harness import Client, Sample, bench_stack, session_cookie  # noqa: E402

SOCKETS = 8  # TERMINAL_MAX_SOCKETS_PER_OWNER
FILE = "# big\n" + "x" * (200 * 1024)
FILES = [f"big{n}.yaml" for n in range(4)]
PODS = 100
HEAVY = "; ".join(["kubectl get pods -o yaml | wc -c"] * 40)


def _pods_manifest(count: int) -> str:
    return "---\n".join(
        f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{n}\nspec:\n  containers:\n"
        f"  - name: c\n    image: nginx\n"
        for n in range(count)
    )


class Hostile:
    """One learner's sockets (one session) with a reader each counting what comes back."""

    def __init__(self, sockets: list[ClientConnection]) -> None:
        self.sockets = sockets
        self.seen: Counter[str] = Counter()
        self.readers = [asyncio.get_running_loop().create_task(self._read(ws)) for ws in sockets]
        self.next_id = 0

    @classmethod
    async def open(cls, base: str) -> Hostile:
        cookie = await asyncio.to_thread(session_cookie, base)
        url = base.replace("http://", "ws://") + "/ws/terminal/"
        headers = {"Cookie": cookie}
        sockets = [
            await connect(url, additional_headers=headers, origin=base, max_size=None)  # type: ignore[arg-type]
            for _ in range(SOCKETS)
        ]
        return cls(sockets)

    async def _read(self, ws: ClientConnection) -> None:
        with contextlib.suppress(Exception):
            async for text in ws:
                frame: dict[str, Any] = json.loads(text)
                self.seen[frame.get("code") or frame["type"]] += 1

    def frame_id(self) -> int:
        self.next_id += 1
        return self.next_id

    async def send(self, index: int, frame: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):
            await self.sockets[index % SOCKETS].send(json.dumps(frame))

    async def close(self) -> None:
        for ws in self.sockets:
            await ws.close()
        for reader in self.readers:
            reader.cancel()


Attack = Callable[[Hostile, int, int], Awaitable[None]]  # (hostile, socket index, step)


async def attack_saves(h: Hostile, index: int, step: int) -> None:
    content = f"# {index}-{step}\n" + FILE
    await h.send(index, {"type": "file.save", "name": FILES[step % 4], "content": content})


async def attack_syncs(h: Hostile, index: int, step: int) -> None:
    await h.send(index, {"type": "sync"})


async def attack_commands(h: Hostile, index: int, step: int) -> None:
    line = "cat " + " ".join(FILES)
    await h.send(index, {"type": "run", "tab": f"c{index}-{step}", "id": 1, "line": line})


async def attack_ctrl_c(h: Hostile, index: int, step: int) -> None:
    tab = f"k{index}"
    await h.send(index, {"type": "run", "tab": tab, "id": h.frame_id(), "line": HEAVY})
    await h.send(index, {"type": "interrupt", "tab": tab})


async def attack_all(h: Hostile, index: int, step: int) -> None:
    attacks = (attack_saves, attack_syncs, attack_commands, attack_ctrl_c)
    await attacks[step % 4](h, index, step // 4)


ATTACKS: dict[str, Attack | None] = {
    "idle": None,
    "saves": attack_saves,
    "syncs": attack_syncs,
    "commands": attack_commands,
    "ctrl-c": attack_ctrl_c,
    "all": attack_all,
}


async def paced(client: Client, sample: Sample, pace: float, stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        sample.sent += 1
        sample.record(await client.command())
        await asyncio.sleep(max(0.0, pace - (time.perf_counter() - started)))


async def flood(h: Hostile, attack: Attack, rate: float, stop: asyncio.Event) -> None:
    """Each socket sends ``rate`` frames a second (over the per-socket limit of 20)."""

    async def one(index: int) -> None:
        step = 0
        while not stop.is_set():
            await attack(h, index, step)
            step += 1
            await asyncio.sleep(1 / rate)

    await asyncio.gather(*(one(n) for n in range(SOCKETS)))


def _running_job(client: redis.Redis) -> str | None:
    """A job a worker runs now (state ``running`` with a live lease), if any."""
    for key in client.scan_iter("job:*", count=1000):
        if key.count(":") == 1 and client.get(key) == "running" and client.exists(f"{key}:lease"):
            return str(key)
    return None


async def stop_probe(h: Hostile, client: redis.Redis, rounds: int) -> Sample:
    """Ctrl-C on a heavy line a worker has started: seconds until the worker let go of it (its
    job ``finished``), polled every 5 ms; run after the attack so nothing else holds the worker."""
    sample = Sample("ctrl-c: worker stopped")
    deadline = time.monotonic() + 15
    while _running_job(client) is not None and time.monotonic() < deadline:
        await asyncio.sleep(0.05)  # the attack's last lines drain first
    for n in range(rounds):
        tab = f"probe{n}"
        await h.send(0, {"type": "run", "tab": tab, "id": h.frame_id(), "line": HEAVY})
        job, deadline = None, time.monotonic() + 15
        while job is None and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
            job = _running_job(client)
        if job is None:
            sample.record(None)
            continue
        await h.send(0, {"type": "interrupt", "tab": tab})
        pressed = time.perf_counter()
        while client.get(job) != "finished" and time.perf_counter() - pressed < 15:
            await asyncio.sleep(0.005)
        sample.record(time.perf_counter() - pressed)
    return sample


def _memory(client: redis.Redis) -> dict[str, Any]:
    info: dict[str, Any] = client.info("memory")  # type: ignore[assignment]
    return info


async def scenario(
    name: str, base: str, client: redis.Redis, args: argparse.Namespace
) -> list[str]:
    victim = await Client.open(base, echo=False)
    echo = await Client.open(base, echo=True)
    hostile = await Hostile.open(base)
    attack = ATTACKS[name]
    if name in {"syncs", "commands", "all"}:
        for n, file in enumerate(FILES):
            await hostile.send(n, {"type": "file.save", "name": file, "content": FILE})
    if name in {"ctrl-c", "all"}:
        await hostile.send(0, {"type": "file.save", "name": "pods.yaml",
                               "content": _pods_manifest(PODS)})
        await asyncio.sleep(1)
        await hostile.send(0, {"type": "run", "tab": "setup", "id": 1,
                               "line": "kubectl apply -f pods.yaml"})
        await asyncio.sleep(2)
    await victim.command()
    await echo.command()
    before = int(_memory(client)["used_memory"])
    got, echoed = Sample(f"{name}: get pods"), Sample(f"{name}: echo")
    stop = asyncio.Event()
    tasks = [paced(victim, got, args.pace, stop), paced(echo, echoed, args.pace, stop)]
    if attack is not None:
        tasks.append(flood(hostile, attack, args.hostile_rate, stop))
    started = time.perf_counter()
    runner = asyncio.gather(*tasks)
    await asyncio.sleep(args.seconds)
    stop.set()
    await runner
    got.elapsed = echoed.elapsed = time.perf_counter() - started
    after = int(_memory(client)["used_memory"])
    stopped = await stop_probe(hostile, client, args.stop_rounds) if name == "ctrl-c" else None
    for c in (victim, echo):
        await c.close()
    await hostile.close()
    seen = ", ".join(f"{k} {v}" for k, v in hostile.seen.most_common(6))
    rows = [
        f"| {name:<9} | {got.pct(0.5):8.1f} | {got.pct(0.99):8.1f} | {got.lost:4} | "
        f"{echoed.pct(0.5):7.2f} | {echoed.pct(0.99):7.2f} | {(after - before) / 1e6:8.1f} | "
        f"{seen} |"
    ]
    if stopped is not None:  # the echo columns: the attack's, from the same run
        rows.append(
            f"| ctrl-c→stop | {stopped.pct(0.5):8.1f} | {stopped.pct(0.99):8.1f} | "
            f"{stopped.lost:4} | {echoed.pct(0.5):7.2f} | {echoed.pct(0.99):7.2f} |          | "
            f"Ctrl-C to the worker letting go of a running heavy line, "
            f"{len(stopped.latencies)} rounds |"
        )
    return rows


async def main(args: argparse.Namespace) -> None:
    # The product's own limits (the harness lifts the per-socket rate limit for its loops).
    env = {"TERMINAL_RATE_PER_SECOND": "20", "TERMINAL_RATE_BURST": "60"}
    with tempfile.TemporaryDirectory(prefix="bench-abuse-") as tmp, \
            bench_stack(Path(tmp), extra_env=env) as stack:
        client = redis.Redis.from_url(stack.redis_url, decode_responses=True)
        print(  # noqa: T201
            f"{args.seconds:.0f} s per attack, victim and echo every {args.pace} s, hostile "
            f"{SOCKETS} sockets × {args.hostile_rate:.0f} frames/s"
        )
        print(  # noqa: T201
            "| attack    | get p50  | get p99  | lost | echo50  | echo99  | Redis MB | "
            "hostile got (top codes/types) |"
        )
        print("|---|---|---|---|---|---|---|---|")  # noqa: T201
        for name in args.attacks.split(","):
            for row in await scenario(name, stack.base_url, client, args):
                print(row, flush=True)  # noqa: T201
        memory = _memory(client)
        print(  # noqa: T201
            f"Redis at the end: used {int(memory['used_memory']) / 1e6:.1f} MB, peak "
            f"{int(memory['used_memory_peak']) / 1e6:.1f} MB, maxmemory "
            f"{int(memory['maxmemory']) / 1e6:.0f} MB ({memory['maxmemory_policy']})"
        )
        for name in ("web", "worker"):
            log = stack.log(name)
            print(f"tracebacks in the {name} log: {log.count('Traceback')}")  # noqa: T201
            if "Traceback" in log:
                start = log.index("Traceback")
                print(log[max(0, start - 300):start + 2500])  # noqa: T201


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--pace", type=float, default=0.2)
    parser.add_argument("--hostile-rate", type=float, default=50.0)
    parser.add_argument("--attacks", default=",".join(ATTACKS))
    parser.add_argument("--stop-rounds", type=int, default=20,
                        help="Ctrl-C probes after the ctrl-c attack (the ctrl-c→stop row)")
    asyncio.run(main(parser.parse_args()))
