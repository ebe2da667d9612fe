"""What the simulator costs per command, and what a sandbox weighs in Redis.

Prints CPU time per command (process time, so other load on the machine matters less than for
wall time) for `kubectl get pods` with 0/10/100/1000 pods in the namespace (the growth curve),
for commands whose cost must not grow with the cluster (one pod by name, another namespace),
for `describe`, `get -o yaml`, `apply`, for a worker's JSON load + `get pods`, and the JSON
bytes a sandbox stores (what RedisStore writes). No Redis or Django needed.

Between two runs of a command the clock moves on by a second, as it does for a learner, so a
"warm" figure is what the observation memo (``lifecycle/memo.py``) saves at a later instant, not
at the same one. "cold" empties the memo before each run: the first command a worker process
serves, or a cluster where every pod just changed.

    .venv/bin/python bench/sim_cost.py [--repeat N] [--sizes 0,10,100,1000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock  # noqa: E402
from playground.sim.config import SimConfig  # noqa: E402
from playground.sim.lifecycle import memo  # noqa: E402
from playground.sim.sandbox import Sandbox  # noqa: E402

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

# Room for the largest size (pods + namespaces a learner may create is 200 by default).
CONFIG = SimConfig(max_objects=5000)
STEP = 1.0  # seconds the clock moves between two runs


def sandbox_with(pods: int) -> tuple[Sandbox, FixedClock]:
    clock = FixedClock(TRANSCRIPT_EPOCH)
    sandbox = Sandbox(Sandbox.new_state("bench", TRANSCRIPT_EPOCH), clock, CONFIG)
    for i in range(pods):
        image = "ubuntu:focal" if i % 5 == 4 else "httpd"  # a few crash loops among them
        sandbox.execute(f"kubectl run web-{i:03d} --image {image}")
    clock.advance(600)
    sandbox.execute(f"cat > kuard.yaml <<'EOF'\n{MANIFEST}EOF")
    return sandbox, clock


def cpu_ms(
    action: Callable[[], object], repeat: int, clock: FixedClock, *, cold: bool = False
) -> tuple[float, float]:
    """Median and worst CPU milliseconds of ``action`` over ``repeat`` runs."""
    action()  # a first run fills the memo and the printers' caches (the worker's steady state)
    samples = []
    for _ in range(repeat):
        clock.advance(STEP)
        if cold:
            memo.MEMO.clear()
        start = time.process_time()
        action()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples), max(samples)


def serialized_bytes(sandbox: Sandbox) -> int:
    return len(json.dumps(sandbox.state, separators=(",", ":")).encode())


Row = tuple[str, float, float, float]  # name, warm p50, warm max, cold p50


def measure(name: str, sandbox: Sandbox, clock: FixedClock, line: str, repeat: int) -> Row:
    def run() -> object:
        return sandbox.execute(line)

    warm, worst = cpu_ms(run, repeat, clock)
    cold, _ = cpu_ms(run, repeat, clock, cold=True)
    return name, warm, worst, cold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--sizes", default="0,10,100,1000",
                        help="pods in the namespace for the growth curve, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows: list[Row] = []
    largest: tuple[Sandbox, FixedClock] | None = None
    for pods in sizes:
        sandbox, clock = sandbox_with(pods)
        repeat = max(5, args.repeat // (1 + pods // 200))  # big clusters: fewer, longer runs
        rows.append(measure(f"get pods ({pods} pods)", sandbox, clock, "kubectl get pods",
                            repeat))
        if pods == max(sizes):
            largest = (sandbox, clock)
    if largest is not None and max(sizes) > 0:
        sandbox, clock = largest
        total = max(sizes)
        for name, line in (
            (f"get pod web-000 ({total} pods in the cluster)", "kubectl get pod web-000"),
            (f"get pods -n kube-system ({total} in default)", "kubectl get pods -n kube-system"),
            (f"describe pod web-000 ({total} pods in the cluster)",
             "kubectl describe pod web-000"),
        ):
            rows.append(measure(name, sandbox, clock, line, args.repeat))
    sandbox, clock = sandbox_with(10)
    for name, line in (
        ("describe pod web-000", "kubectl describe pod web-000"),
        ("get pod web-000 -o yaml", "kubectl get pod web-000 -o yaml"),
        ("apply -f kuard.yaml (create, then unchanged)", "kubectl apply -f kuard.yaml"),
    ):
        rows.append(measure(name, sandbox, clock, line, args.repeat))

    worker, worker_clock = sandbox_with(100)
    stored = json.dumps(worker.state)

    def load_and_run() -> None:
        # A worker decodes the stored state afresh for every command: new dicts, same content.
        Sandbox(json.loads(stored), worker_clock, CONFIG).execute("kubectl get pods")

    warm, worst = cpu_ms(load_and_run, args.repeat, worker_clock)
    cold, _ = cpu_ms(load_and_run, args.repeat, worker_clock, cold=True)
    rows.append(("JSON load + get pods (100 pods), as a worker does", warm, worst, cold))

    width = max(len(r[0]) for r in rows)
    sys.stdout.write(f"{'command'.ljust(width)}  warm p50 ms  warm max ms  cold p50 ms\n")
    for name, p50, high, cold_p50 in rows:
        sys.stdout.write(f"{name.ljust(width)}  {p50:11.2f}  {high:11.2f}  {cold_p50:11.2f}\n")
    empty, _ = sandbox_with(0)
    sys.stdout.write(f"\nsandbox state, fresh cluster: {serialized_bytes(empty):,} bytes of JSON\n")
    weight = serialized_bytes(sandbox)
    sys.stdout.write(f"sandbox state, 10 pods + kuard: {weight:,} bytes of JSON\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
