"""What the websocket benchmarks share: the stack they start, a timed client, the result table.

* ``bench_stack`` starts the product (scripts/stack.py) with the echo route on and the per-socket
  rate limit out of the way (the benchmarks measure the path, not the limiter);
* ``Client`` is one websocket (a terminal or the echo route) with a reader task that matches
  replies to commands by id, so a socket may have several commands in flight (open loop);
* ``Sample`` collects latencies, lost and late replies, and the CPU time the web and worker
  processes spent meanwhile (per reply: a figure other load on the machine barely moves), and
  prints one Markdown table row.

Loopback only: every URL is the private stack's ``http://127.0.0.1:<port>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

from scripts.stack import WEB_SERVER, Stack  # noqa: E402

LINE = "kubectl get pods"
LATE_SECONDS = 1.0  # a reply slower than this counts as late
LOST_SECONDS = 15.0  # a reply not there after this (or an error frame) counts as lost
ERRORS: list[str] = []  # error frames received, reported after the table


def _descendants(pid: int) -> list[int]:
    """``pid`` and its live descendants (a prefork worker's children do the work)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found += _descendants(int(child))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its live children so far (Linux /proc; other
    load does not count). A child that exits meanwhile is missed: the stack's do not."""
    total = 0
    for one in _descendants(pid):
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # exited between the listing and the read
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    name: str
    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    lost: int = 0
    elapsed: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # process name -> CPU seconds used

    def record(self, rtt: float | None) -> None:
        if rtt is None:
            self.lost += 1
        else:
            self.latencies.append(rtt)

    def pct(self, p: float) -> float:
        lat = sorted(self.latencies) or [float("nan")]
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

    @property
    def late(self) -> int:
        return sum(1 for x in self.latencies if x > LATE_SECONDS)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def cpu_ms(self, name: str) -> str:
        """CPU milliseconds process ``name`` spent per reply, or blank when not measured."""
        if name not in self.cpu or not self.latencies:
            return ""
        return f"{self.cpu[name] * 1000 / len(self.latencies):.2f}"

    def row(self) -> str:
        return (
            f"| {self.name:<48} | {self.sent:>5} | {self.pct(0.5):>7.2f} | {self.pct(0.9):>7.2f} | "
            f"{self.pct(0.99):>7.2f} | {self.rate:>9.1f} | {self.lost:>4} | {self.late:>4} | "
            f"{self.cpu_ms('web'):>10} | {self.cpu_ms('worker'):>10} |"
        )


TABLE_HEAD = (
    f"| {'scenario':<48} |  sent |  p50 ms |  p90 ms |  p99 ms | replies/s | lost | late | "
    "web CPU ms | wkr CPU ms |"
)


@contextlib.contextmanager
def cpu_of(sample: Sample, pids: dict[str, int]) -> Iterator[None]:
    """Charge the CPU time the stack's processes use meanwhile to ``sample``."""
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    yield
    sample.cpu = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}


def stack_pids(stack: Stack) -> dict[str, int]:
    return {name: stack.procs[name].pid for name in ("web", "worker")}


def print_table(samples: list[Sample]) -> None:
    print(TABLE_HEAD)  # noqa: T201
    print("|" + "|".join("-" * len(cell) for cell in TABLE_HEAD.split("|")[1:-1]) + "|")  # noqa: T201
    for sample in samples:
        print(sample.row())  # noqa: T201
    if ERRORS:
        print(f"{len(ERRORS)} error frames, first: {ERRORS[0]!r}")  # noqa: T201


@contextlib.contextmanager
def bench_stack(
    workdir: Path,
    *,
    server: str = WEB_SERVER,
    pool: str = "solo",
    concurrency: int = 1,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Stack]:
    env = {
        "TERMINAL_ECHO_ROUTE": "1",
        "LOG_LEVEL": "WARNING",
        # The per-socket rate limit would refuse a back-to-back loop.
        "TERMINAL_RATE_PER_SECOND": "100000",
        "TERMINAL_RATE_BURST": "100000",
        **(extra_env or {}),
    }
    stack = Stack(workdir).start(server=server, pool=pool, concurrency=concurrency, extra_env=env)
    try:
        yield stack
    finally:
        stack.stop()


def session_cookie(base: str) -> str:
    with urllib.request.urlopen(f"{base}/?lang=en", timeout=10) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return next(c.split(";", 1)[0] for c in cookies if c.startswith("sessionid="))


async def open_ws(base: str, path: str) -> ClientConnection:
    url = base.replace("http://", "ws://") + path
    cookie = await asyncio.to_thread(session_cookie, base)
    return await connect(url, additional_headers={"Cookie": cookie}, origin=base, max_size=None)  # type: ignore[arg-type]


class Client:
    """One socket; ``command()`` sends one command and resolves when its reply is in.

    On the terminal a command is ``run`` → ``done`` in a tab; each tab runs one command at a time,
    so a command sent while every tab used so far is busy opens another tab (the open loop sends
    on schedule whatever the replies do). On the echo route the reply is the frame itself.
    """

    def __init__(self, ws: ClientConnection, echo: bool) -> None:
        self.ws = ws
        self.echo = echo
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[bool]] = {}
        self.busy_tabs: set[str] = set()
        self.reader = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def open(cls, base: str, echo: bool) -> Client:
        return cls(await open_ws(base, "/ws/echo/" if echo else "/ws/terminal/"), echo)

    async def _read(self) -> None:
        with contextlib.suppress(Exception):
            async for text in self.ws:
                frame: dict[str, Any] = json.loads(text)
                kind = frame.get("type")
                if kind == "error":
                    ERRORS.append(str(frame.get("message", "")))
                if kind in ("done", "echo", "error"):
                    future = self.pending.pop(frame.get("id", -1), None)
                    if future is not None and not future.done():
                        future.set_result(kind != "error")

    def _free_tab(self) -> str:
        n = 1
        while str(n) in self.busy_tabs:
            n += 1
        return str(n)

    async def command(self, started: float | None = None) -> float | None:
        """Round trip in seconds from ``started`` (default: now), or None if lost."""
        started = time.perf_counter() if started is None else started
        cmd_id = self.next_id
        self.next_id += 1
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.pending[cmd_id] = future
        tab = ""
        if self.echo:
            await self.ws.send(json.dumps({"type": "echo", "id": cmd_id}))
        else:
            tab = self._free_tab()
            self.busy_tabs.add(tab)
            await self.ws.send(json.dumps({"type": "run", "tab": tab, "id": cmd_id, "line": LINE}))
        try:
            left = LOST_SECONDS - (time.perf_counter() - started)
            ok = await asyncio.wait_for(future, max(left, 0.001))
        except TimeoutError:
            # The server may still run it: that tab stays busy (never reused) for this socket.
            return None
        finally:
            self.pending.pop(cmd_id, None)
        self.busy_tabs.discard(tab)
        return time.perf_counter() - started if ok else None

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


async def open_clients(base: str, echo: bool, count: int) -> list[Client]:
    """``count`` sockets, each on its own session (so its own sandbox), opened 20 at a time."""
    clients: list[Client] = []
    while len(clients) < count:
        batch = min(20, count - len(clients))
        clients += await asyncio.gather(*(Client.open(base, echo) for _ in range(batch)))
    return clients


async def warm_up(clients: list[Client], rounds: int = 3) -> None:
    for _ in range(rounds):
        await asyncio.gather(*(client.command() for client in clients))
