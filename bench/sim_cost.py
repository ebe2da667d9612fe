"""What the simulator costs per command, and what a sandbox weighs in Redis.

Prints CPU time per command (process time, so other load on the machine matters less than for
wall time) for `kubectl get pods` with 0/10/100 pods, `describe`, `apply`, `get -o yaml`; what a
worker spends to load, run and save `get pods` through the store (MemoryStore: the same codec and
change detection as RedisStore) next to the previous way (the whole state as one JSON, parsed and
re-written on every command); and the bytes a sandbox stores, both ways. No Redis or Django
needed; ``--redis`` also runs the worker rows on a private redis-server (wall time, with the
round trips), the previous RedisStore's way beside the typed store.

    .venv/bin/python bench/sim_cost.py [--repeat N] [--redis]
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock  # noqa: E402
from playground.sim.completion import complete  # noqa: E402
from playground.sim.config import SimConfig  # noqa: E402
from playground.sim.lifecycle import memo  # noqa: E402
from playground.sim.sandbox import Sandbox  # noqa: E402
from playground.sim.store import MemoryStore, RedisStore  # noqa: E402
from scripts.stack import Stack, stop_process  # noqa: E402

MANIFEST = """apiVersion: v1
kind: Pod
metadata:
  name: kuard
  labels:
    app: kuard
spec:
  containers:
  - name: kuard
    image: gcr.io/kuar-demo/kuard-amd64:blue
    ports:
    - containerPort: 8080
"""

# Room for the growth curve's 1,000 pods (a learner may create 200 objects by default).
CONFIG = SimConfig(max_objects=5000)
GROWTH = (0, 10, 100, 1000)  # pods in the namespace for `get pods`
STEP = 1.0  # seconds the clock moves between two runs of a growth-curve command


def sandbox_with(pods: int) -> tuple[Sandbox, FixedClock]:
    clock = FixedClock(TRANSCRIPT_EPOCH)
    sandbox = Sandbox(Sandbox.new_state("bench", TRANSCRIPT_EPOCH), clock, CONFIG)
    for i in range(pods):
        image = "ubuntu:focal" if i % 5 == 4 else "httpd"  # a few crash loops among them
        sandbox.execute(f"kubectl run web-{i:03d} --image {image}")
    clock.advance(600)
    sandbox.execute(f"cat > kuard.yaml <<'EOF'\n{MANIFEST}EOF")
    return sandbox, clock


def cpu_ms(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples), max(samples)


def moving_cpu_ms(
    action: Callable[[], object], repeat: int, clock: FixedClock, *, cold: bool = False
) -> tuple[float, float]:
    """``cpu_ms`` with the clock moving on by ``STEP`` before each run, as it does for a
    learner: the observation memo (``lifecycle/memo.py``) is then reused at a later instant,
    not at the same one. ``cold`` empties it before each run (the first command a worker
    process serves, or a cluster where every pod just changed)."""
    action()  # fills the memo and the printers' caches: a worker's steady state

    def step() -> None:
        clock.advance(STEP)
        if cold:
            memo.MEMO.clear()

    samples = []
    for _ in range(repeat):
        step()
        start = time.process_time()
        action()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples), max(samples)


def growth_rows(repeat: int) -> list[tuple[str, float, float]]:
    """`get pods` with 0 to 1,000 pods in the namespace (cost linear in the pods shown), then,
    beside the 1,000, commands whose cost must not grow with the cluster."""
    rows: list[tuple[str, float, float]] = []
    sandbox, clock = sandbox_with(0)
    for pods in GROWTH:
        sandbox, clock = sandbox_with(pods)
        runs = max(5, repeat // (1 + pods // 200))  # big clusters: fewer, longer runs

        def get(s: Sandbox = sandbox) -> object:
            return s.execute("kubectl get pods")

        rows.append((f"get pods ({pods} pods)", *moving_cpu_ms(get, runs, clock)))
        rows.append((f"get pods ({pods} pods), memo emptied before each",
                     *moving_cpu_ms(get, runs, clock, cold=True)))
    total = GROWTH[-1]
    for name, line in (
        (f"get pod web-000 ({total} pods in the cluster)", "kubectl get pod web-000"),
        (f"get pods -n kube-system ({total} pods in default)", "kubectl get pods -n kube-system"),
        (f"get pods -l run=web-000 ({total} pods)", "kubectl get pods -l run=web-000"),
        (f"describe pod web-000 ({total} pods in the cluster)", "kubectl describe pod web-000"),
    ):
        rows.append((name, *moving_cpu_ms(functools.partial(sandbox.execute, line), repeat, clock)))
    return rows


def serialized_bytes(sandbox: Sandbox) -> int:
    return len(json.dumps(sandbox.state, separators=(",", ":")).encode())


def stored(sandbox: Sandbox) -> MemoryStore:
    store = MemoryStore(clock=FixedClock(TRANSCRIPT_EPOCH))
    store.update("bench", lambda state: None, create=lambda: sandbox.state)
    return store


# (label, pods, a long-used sandbox: 500 log lines and 1,000 history lines of each kind)
WORKER_CASES = (("fresh", 0, False), ("10 pods", 10, False), ("100 pods", 100, False),
                ("10 pods, long used", 10, True))
APPEND_ONLY = frozenset({"log", "history"})  # as the terminal's worker runs a command
# The previous RedisStore's compare-and-set, to measure the way it was on the same server.
_OLD_SAVE_IF = """
local current = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'rev', current + 1, 'data', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


def used_for_long(sandbox: Sandbox) -> None:
    sandbox.state.setdefault("log", []).extend(
        {"t": TRANSCRIPT_EPOCH + i, "tab": "1", "line": f"kubectl get pods -l run=web-{i:03d}",
         "exit": 0} for i in range(500))
    for history in (sandbox.state.setdefault("history", []), sandbox.state["shell"]["history"]):
        history.extend(f"kubectl get pods -l run=web-{i:03d}" for i in range(1000))


def worker_rows(
    name: str, pods: int, busy: bool, repeat: int, client: Any
) -> list[tuple[str, float, float]]:
    """Load + `get pods` + save as a worker does, the previous way and through the store."""
    sandbox, clock = sandbox_with(pods)
    if busy:
        used_for_long(sandbox)
    text = json.dumps(sandbox.state, separators=(",", ":"))

    def run(state: dict[str, Any]) -> Any:
        return Sandbox(state, clock).execute("kubectl get pods")

    def whole_json() -> None:
        nonlocal text
        state = json.loads(text)
        run(state)
        text = json.dumps(state, separators=(",", ":"))

    store = stored(sandbox)

    def through_store() -> None:
        store.update("bench", run, create=dict, append_only=APPEND_ONLY)

    def json_alone() -> None:
        nonlocal text
        text = json.dumps(json.loads(text), separators=(",", ":"))

    def store_alone() -> None:
        store.update("bench", lambda state: None, create=dict, append_only=APPEND_ONLY)

    rows = [(f"worker, whole JSON (before), {name}", *cpu_ms(whole_json, repeat)),
            (f"worker, typed store, {name}", *cpu_ms(through_store, repeat)),
            (f"  its load + save alone, whole JSON (before), {name}", *cpu_ms(json_alone, repeat)),
            (f"  its load + save alone, typed store, {name}", *cpu_ms(store_alone, repeat))]
    if client is None:
        return rows
    client.flushdb()
    old_save = client.register_script(_OLD_SAVE_IF)
    client.hset("old", mapping={"rev": 1, "data": text})

    def old_redis() -> None:
        rev, data = client.hmget("old", "rev", "data")
        state = json.loads(data)
        run(state)
        old_save(keys=["old"], args=[rev, json.dumps(state, separators=(",", ":")), 86400])

    redis_store = RedisStore(client)
    redis_store.update("bench", lambda state: None, create=lambda: sandbox.state)

    def new_redis() -> None:
        redis_store.update("bench", run, create=dict, append_only=APPEND_ONLY)

    def old_redis_alone() -> None:
        rev, data = client.hmget("old", "rev", "data")
        old_save(keys=["old"], args=[rev, json.dumps(json.loads(data), separators=(",", ":")),
                                     86400])

    def new_redis_alone() -> None:
        redis_store.update("bench", lambda state: None, create=dict, append_only=APPEND_ONLY)

    return rows + [
        (f"worker on Redis, whole JSON (before), {name}", *wall_ms(old_redis, repeat)),
        (f"worker on Redis, typed store, {name}", *wall_ms(new_redis, repeat)),
        (f"  its load + save alone on Redis, whole JSON (before), {name}",
         *wall_ms(old_redis_alone, repeat)),
        (f"  its load + save alone on Redis, typed store, {name}",
         *wall_ms(new_redis_alone, repeat)),
    ]


def wall_ms(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--redis", action="store_true",
                        help="also measure the worker path on a private redis-server (wall time)")
    args = parser.parse_args()
    rows: list[tuple[str, float, float]] = growth_rows(args.repeat)
    sandbox, clock = sandbox_with(10)
    rows.append(
        (
            "describe pod web-000",
            *cpu_ms(lambda: sandbox.execute("kubectl describe pod web-000"), args.repeat),
        )
    )
    rows.append(
        (
            "get pod web-000 -o yaml",
            *cpu_ms(lambda: sandbox.execute("kubectl get pod web-000 -o yaml"), args.repeat),
        )
    )
    rows.append(
        (
            "apply -f kuard.yaml (create, then unchanged)",
            *cpu_ms(lambda: sandbox.execute("kubectl apply -f kuard.yaml"), args.repeat),
        )
    )

    # Tab completion as the consumer runs it: the state's JSON parsed, then completed.
    completion_state = json.dumps(sandbox.state)
    rows.append(
        (
            "tab completion (state JSON round trip + complete)",
            *cpu_ms(
                lambda: complete(json.loads(completion_state), "kubectl get pods -n default we",
                                 len("kubectl get pods -n default we")),
                args.repeat,
            ),
        )
    )

    redis_client = None
    if args.redis:
        stack = Stack(Path(tempfile.mkdtemp(prefix="sim-cost-")))
        redis_client = redis.Redis.from_url(stack.start_redis(), decode_responses=True)
    try:
        for name, pods, busy in WORKER_CASES:
            rows += worker_rows(name, pods, busy, args.repeat, redis_client)
    finally:
        if args.redis:
            for proc in stack.procs.values():
                stop_process(proc)
    width = max(len(r[0]) for r in rows)
    sys.stdout.write(f"{'command'.ljust(width)}  cpu p50 ms  cpu max ms   (Redis rows: wall)\n")
    for name, p50, worst in rows:
        sys.stdout.write(f"{name.ljust(width)}  {p50:10.2f}  {worst:10.2f}\n")
    sys.stdout.write("\nsandbox state stored: whole JSON (before) / typed document + journals\n")
    fresh = Sandbox(Sandbox.new_state("bench", TRANSCRIPT_EPOCH), FixedClock(TRANSCRIPT_EPOCH))
    sizes = [("fresh sandbox", fresh)] + [
        (f"{pods} pods + kuard.yaml, {pods + 1} commands logged", sandbox_with(pods)[0])
        for pods in (0, 10, 100)]
    long_used = sandbox_with(10)[0]
    used_for_long(long_used)
    sizes.append(("10 pods, long used (500 log lines, 2 x 1,000 history lines)", long_used))
    for name, sandbox in sizes:
        after = stored(sandbox).stored_bytes("bench")
        sys.stdout.write(f"  {name}: {serialized_bytes(sandbox):,} B / {after:,} B\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
