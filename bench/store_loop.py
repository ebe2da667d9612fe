"""Instructions per command of the worker's store loop, no Celery: load + command + save.

Runs ``COUNT`` commands through a ``MemoryStore`` on one warm sandbox (a fresh sandbox that
ran the command once already: its base built, its memo warm), or with ``--fresh`` each on a
sandbox of its own (its first command: its base built). Run it twice under callgrind, with 0
and with N commands, and divide the difference by N (valgrind's counts repeat on a shared
machine where wall time does not):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python \
        bench/store_loop.py 0 'kubectl get pods'     # then 200, same command
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock  # noqa: E402
from playground.sim.sandbox import Sandbox  # noqa: E402
from playground.sim.store import MemoryStore  # noqa: E402

APPEND_ONLY = frozenset({"log", "history"})  # as the terminal's worker runs a command


def main() -> int:
    args = sys.argv[1:]
    fresh = "--fresh" in args
    if fresh:
        args.remove("--fresh")
    count = int(args[0])
    lines = args[1:] or ["kubectl get pods"]
    clock = FixedClock(TRANSCRIPT_EPOCH)
    store = MemoryStore(clock=clock)

    def run(line: str, sandbox: str = "bench") -> object:
        return store.update(sandbox, lambda state: Sandbox(state, clock).execute(line),
                            create=lambda: Sandbox.new_state(sandbox, TRANSCRIPT_EPOCH),
                            append_only=APPEND_ONLY)

    for line in lines:  # warm: the modules loaded, the memo filled, each line once
        run(line)
    for i in range(count):
        clock.advance(1)
        run(lines[i % len(lines)], f"fresh-{i}" if fresh else "bench")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
