"""`make run`: migrate, collect static files, load lessons, find or start Redis, then the web
server (uvicorn), a Celery worker and Celery beat (the grading sweep). DATABASE_URL picks the
database (default: SQLite under var/run/).

Ctrl-C (or SIGTERM) stops every process this started; if one of them dies, the rest are stopped
too, so nothing is left running behind the terminal.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from pathlib import Path

from scripts.stack import ROOT, Stack, free_port, redis_answers


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    stack = Stack(Path(os.environ.get("PLAYGROUND_VAR", ROOT / "var" / "run")))
    stack.workdir.mkdir(parents=True, exist_ok=True)
    redis_url = os.environ.get("REDIS_URL")
    if redis_url and not redis_answers(redis_url):
        print(f"REDIS_URL={redis_url} does not answer; starting a private redis-server")  # noqa: T201
        redis_url = None
    wanted = int(os.environ.get("PORT", "8000"))
    port = wanted if _port_free(wanted) else free_port()
    # Explicit: a shell may start us with SIGINT ignored, and Ctrl-C must still stop everything.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        stack.start(redis_url=redis_url, port=port, quiet=False, persist_redis=True, brotli=True,
                    database=os.environ.get("DATABASE_URL") or "sqlite")
        print(  # noqa: T201
            f"\nPod Playground is running: {stack.base_url}/   (Redis: {stack.redis_url}, "
            f"database: {stack.database_url.split('@')[-1]})\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        while True:
            for name, proc in stack.procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with status {proc.returncode}; stopping.")  # noqa: T201
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nstopping...", flush=True)  # noqa: T201
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
