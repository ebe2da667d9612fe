"""What the session timeline costs: bytes per point and CPU per command, with 1/10/100 pods.

CPU is median process time of `kubectl label pod p0 n=<i> --overwrite` (a change: a point is
taken) and of `kubectl get pods` (no change: only the before-image is encoded), each with the
timeline's own work alone beside it (``before`` + ``record``). Pure simulator, no Redis.

    .venv/bin/python bench/timeline.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.sim import timeline  # noqa: E402
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock  # noqa: E402
from playground.sim.sandbox import Sandbox  # noqa: E402


def _cpu(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        run()  # type: ignore[operator]
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print("| pods | bytes per point (p50) | 50 points | label (a point) ms | "  # noqa: T201
          "timeline part of it ms | get pods ms | timeline part of it ms |")
    print("|---|---|---|---|---|---|---|")  # noqa: T201
    for pods in (1, 10, 100):
        clock = FixedClock()
        sandbox = Sandbox(Sandbox.new_state("bench", TRANSCRIPT_EPOCH), clock)
        for i in range(pods):
            sandbox.execute(f"kubectl run p{i} --image=nginx:1.27")
        clock.advance(60)
        counter = iter(range(10**9))
        label = _cpu(lambda sandbox=sandbox, counter=counter: sandbox.execute(
            f"kubectl label pod p0 n={next(counter)} --overwrite"), args.repeat)
        get = _cpu(lambda sandbox=sandbox: sandbox.execute("kubectl get pods"), args.repeat)
        state = sandbox.state

        def part_change(state: dict[str, Any] = state, clock: FixedClock = clock) -> None:
            start = timeline.before(state["cluster"])
            state["cluster"]["rv"] = int(state["cluster"]["rv"]) + 1
            timeline.record(state, "x", start, clock.now())

        def part_read(state: dict[str, Any] = state, clock: FixedClock = clock) -> None:
            start = timeline.before(state["cluster"])
            timeline.record(state, "x", start, clock.now())

        change_part, read_part = _cpu(part_change, args.repeat), _cpu(part_read, args.repeat)
        sizes = [len(p["cluster"]) + len(p["line"]) + 60 for p in state["timeline"]]
        print(f"| {pods} | {statistics.median(sizes):,.0f} | {sum(sizes):,} | {label:.2f} | "  # noqa: T201
              f"{change_part:.2f} | {get:.2f} | {read_part:.3f} |")


if __name__ == "__main__":
    main()
