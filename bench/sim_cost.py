"""What the simulator costs per command, and what a sandbox weighs in Redis.

Prints CPU time per command (process time, so other load on the machine matters less than for
wall time) for `kubectl get pods` with 0/10/100 pods, `describe`, `apply`, `get -o yaml`, and the
JSON bytes a sandbox with 10 pods stores (what RedisStore writes). No Redis or Django needed.

    .venv/bin/python bench/sim_cost.py [--repeat N]
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


def sandbox_with(pods: int) -> tuple[Sandbox, FixedClock]:
    clock = FixedClock(TRANSCRIPT_EPOCH)
    sandbox = Sandbox(Sandbox.new_state("bench", TRANSCRIPT_EPOCH), clock)
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


def serialized_bytes(sandbox: Sandbox) -> int:
    return len(json.dumps(sandbox.state, separators=(",", ":")).encode())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    rows: list[tuple[str, float, float]] = []
    for pods in (0, 10, 100):
        sandbox, _clock = sandbox_with(pods)
        rows.append(
            (
                f"get pods ({pods} pods)",
                *cpu_ms(lambda s=sandbox: s.execute("kubectl get pods"), args.repeat),
            )
        )
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

    def load_and_run() -> None:
        state = json.loads(json.dumps(sandbox.state))
        Sandbox(state, clock).execute("kubectl get pods")

    rows.append(
        ("JSON load + get pods (10 pods), as a worker does", *cpu_ms(load_and_run, args.repeat))
    )
    width = max(len(r[0]) for r in rows)
    sys.stdout.write(f"{'command'.ljust(width)}  cpu p50 ms  cpu max ms\n")
    for name, p50, worst in rows:
        sys.stdout.write(f"{name.ljust(width)}  {p50:10.2f}  {worst:10.2f}\n")
    empty, _ = sandbox_with(0)
    sys.stdout.write(f"\nsandbox state, fresh cluster: {serialized_bytes(empty):,} bytes of JSON\n")
    weight = serialized_bytes(sandbox)
    sys.stdout.write(f"sandbox state, 10 pods + kuard: {weight:,} bytes of JSON\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
