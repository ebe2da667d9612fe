"""Instructions the real Celery worker spends per `kubectl get pods` (callgrind).

Starts the bench stack (bench/harness.py) with its one solo worker under valgrind's callgrind,
instrumentation off; opens ``--sockets`` sockets (a sandbox each), warms them up, then counts
only ``--commands`` commands (``callgrind_control -i on``, zeroed, dumped after) and prints
the total and the figure per command. The job's lease and the stop flag's check are pushed out
of the way (``TERMINAL_JOB_LEASE_SECONDS``, ``TERMINAL_STOP_CHECK_SECONDS``): both are clocked,
and valgrind is slow. Instruction counts repeat on a shared machine where wall time does not.

    .venv/bin/python bench/worker_instructions.py [--sockets 4] [--commands 200]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_stack, open_clients, warm_up  # noqa: E402
from scripts import stack as stack_module  # noqa: E402
from scripts.stack import Stack, wait_for  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=4)
    parser.add_argument("--commands", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="worker-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"

        def spawn_worker(self: Stack, name: str) -> None:
            argv = [
                "valgrind", "--tool=callgrind", "--instr-atstart=no",
                f"--callgrind-out-file={out}",
                stack_module.PYTHON, "-m", "celery", "-A", "playground", "worker", "-l", "info",
                "--pool", "solo", "--hostname", f"{name}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ]  # fmt: skip
            self.spawn(name, argv, quiet=self.quiet)

        def wait_worker_ready(self: Stack, name: str) -> None:
            wait_for(lambda: " ready." in self.log(name), 600, f"the celery worker {name}")

        Stack._spawn_worker = spawn_worker  # type: ignore[method-assign]
        Stack.wait_worker_ready = wait_worker_ready  # type: ignore[method-assign]
        env = {"TERMINAL_STOP_CHECK_SECONDS": "3600", "TERMINAL_JOB_LEASE_SECONDS": "600"}
        with bench_stack(Path(tmp), extra_env=env) as stack:
            pid = str(stack.procs["worker"].pid)
            total = asyncio.run(_count(stack.base_url, pid, args.sockets, args.commands, out))
    print(f"{total:,} instructions for {args.commands} commands: "  # noqa: T201
          f"{total / args.commands / 1e6:.2f} M per command")
    return 0


async def _count(base: str, pid: str, sockets: int, commands: int, out: Path) -> int:
    clients = await open_clients(base, False, sockets)
    await warm_up(clients, 3)
    _control("-i", "on", pid)
    _control("-z", pid)  # counters from here
    for _ in range(commands // sockets):
        await asyncio.gather(*(client.command() for client in clients))
    _control("--dump=measured", pid)
    _control("-i", "off", pid)
    for client in clients:
        await client.ws.close()
    wait_for(lambda: any(_total(p) is not None for p in out.parent.glob(out.name + ".*")), 60,
             "callgrind's dump")
    dumps = sorted(out.parent.glob(out.name + ".*"))
    total = next(t for t in map(_total, dumps) if t is not None)
    return total


def _control(*args: str) -> None:
    subprocess.run(["callgrind_control", *args], check=True, capture_output=True)


def _total(path: Path) -> int | None:
    found = re.search(r"^(?:summary|totals): (\d+)", path.read_text(errors="replace"), re.M)
    return None if found is None else int(found.group(1))


if __name__ == "__main__":
    raise SystemExit(main())
