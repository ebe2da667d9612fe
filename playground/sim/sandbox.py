"""One learner's cluster, files and shell: runs terminal lines against the simulator.

A ``Sandbox`` wraps a JSON-able ``state`` dict and a clock. It never touches storage: the caller
loads the state, calls ``execute``/``resume``/``interrupt``, and saves the state back.
"""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from playground.sim.clock import Clock
from playground.sim.cluster import Cluster
from playground.sim.config import SimConfig
from playground.sim.kubectl import main as kubectl_main
from playground.sim.kubectl import watch
from playground.sim.kubectl.commands import logs as logs_command
from playground.sim.kubectl.context import Ctx, Stream
from playground.sim.shell import Io, Shell
from playground.sim.shell.fs import HOME, FileSystem, FsError

log = logging.getLogger(__name__)

Chunk = tuple[str, str]  # ("out" | "err", text)
STATE_VERSION = 1
_BUSY = "a command is still running in this tab (press Ctrl-C to stop it)\n"


@dataclass
class Result:
    """What one call into the sandbox produced."""

    chunks: list[Chunk] = field(default_factory=list)
    exit_code: int | None = 0  # None while the command is still running
    running: bool = False  # a foreground stream (get -w, logs -f, delete waiting) is open
    wake_at: float | None = None  # when resume() has something new; None: only on interrupt
    prompt: str | None = None  # a container shell's prompt after exec -it / run -it, else None

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.chunks)


class _Files:
    """The kubectl side's view of the shell's file system (-f reads files, never writes)."""

    def __init__(self, fs: FileSystem) -> None:
        self.fs = fs

    def read(self, path: str) -> str | None:
        try:
            return self.fs.read(path) if self.fs.is_file(path) else None
        except FsError:
            return None

    def is_dir(self, path: str) -> bool:
        return self.fs.is_dir(path)

    def list_dir(self, path: str) -> list[str]:
        try:
            return self.fs.listdir(path)
        except FsError:
            return []

    def write(self, path: str, content: str) -> str | None:
        try:
            self.fs.write(path, content)
        except FsError as exc:
            return str(exc)
        return None


class Sandbox:
    """Runs lines typed in a tab; keeps per-tab foreground streams in ``state["tabs"]``."""

    def __init__(self, state: dict[str, Any], clock: Clock, config: SimConfig | None = None) -> None:
        self.state = state
        self.clock = clock
        self.config = config or SimConfig()

    @staticmethod
    def new_state(seed: str, now: float) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "seed": seed,
            "created": now,
            "cluster": Cluster.new_state(seed, now),
            "files": {},
            "shell": {},
            "tabs": {},
        }

    # ------------------------------------------------------------------ terminal lines
    def execute(self, line: str, tab: str = "1") -> Result:
        """Run one terminal line (may hold a here-document's lines after the first)."""
        if len(line.encode("utf-8", "surrogatepass")) > self.config.max_line_bytes:
            limit = self.config.max_line_bytes // 1024
            return Result([("err", f"bash: input line too long (limit {limit} KiB)\n")], 2)
        if self._stream(tab) is not None:
            return Result([("err", _BUSY)], None, running=True, wake_at=self._stream_wake(tab))
        io = Io()
        pending: list[Stream] = []
        cluster = self._cluster()

        def kubectl(argv: list[str], stdin: str | None, io_: Io) -> int:
            ctx = self._ctx(cluster, io_, stdin)
            code = kubectl_main.main(argv[1:] if argv and argv[0] == "kubectl" else argv, ctx)
            if ctx.stream is not None:
                pending.append(ctx.stream)
            return code

        def sleep(argv: list[str], stdin: str | None, io_: Io) -> int:
            del stdin
            seconds = _seconds(argv[1] if len(argv) > 1 else "")
            if seconds is None:
                io_.write_err(f"sleep: invalid time interval ‘{argv[1] if len(argv) > 1 else ''}’\n")
                return 1
            pending.append(Stream("sleep", {"until": self.clock.now() + seconds}))
            return 0

        def date(argv: list[str], stdin: str | None, io_: Io) -> int:
            del argv, stdin
            moment = datetime.fromtimestamp(self.clock.now(), tz=UTC)
            io_.write_out(moment.strftime("%a %b %e %H:%M:%S UTC %Y").replace("  ", " ") + "\n")
            return 0

        shell = Shell(
            files=self.state.setdefault("files", {}),
            state=self.state.setdefault("shell", {}),
            commands={"kubectl": kubectl, "sleep": sleep, "date": date},
            config=self.config,
        )
        try:
            code = shell.run(line, io)
        except Exception:  # a bug must never show a traceback to the learner
            log.exception("sandbox command failed: %r", line[:200])
            io.write_err("internal error: the playground could not run this command; "
                         "it has been logged\n")
            code = 1
        result = Result(io.chunks, code)
        if pending:
            return self._begin_stream(tab, pending[-1], result)
        return result

    def resume(self, tab: str = "1") -> Result:
        """Continue the tab's foreground stream up to the clock's now."""
        stream = self._stream(tab)
        if stream is None:
            return Result()
        io = Io()
        cluster = self._cluster()
        ctx = self._ctx(cluster, io, None)
        kind, spec = stream["kind"], stream["spec"]
        done = False
        code = 0
        now = self.clock.now()
        if kind in ("wait-deleted", "sleep"):
            done = now >= float(spec["until"])
            code = int(spec.get("exit", 0))
        elif kind == "watch":
            watch.resume(spec, ctx)
        elif kind == "logs":
            done = logs_command.resume_follow(spec, ctx)
        else:
            done = True
        if done:
            self._set_stream(tab, None)
            return Result(io.chunks, code)
        self._set_stream(tab, stream)
        return Result(io.chunks, None, running=True, wake_at=self._stream_wake(tab))

    def interrupt(self, tab: str = "1") -> Result:
        """Ctrl-C: end the tab's foreground stream (the terminal echoes ^C itself)."""
        if self._stream(tab) is None:
            return Result([], 130)
        self._set_stream(tab, None)
        return Result([], 130)

    # ------------------------------------------------------------------ editor's files
    def list_files(self) -> list[str]:
        return sorted(self.state.get("files", {}))

    def read_file(self, name: str) -> str | None:
        files: dict[str, str] = self.state.get("files", {})
        return files.get(name)

    def write_file(self, name: str, content: str) -> str | None:
        """Store a file from the editor; returns an error message instead of raising."""
        fs = FileSystem(self.state.setdefault("files", {}), self.state.setdefault("shell", {}),
                        self.config)
        try:
            fs.write(posixpath.join(HOME, name), content)
        except FsError as exc:
            return str(exc)
        return None

    # ------------------------------------------------------------------ internals
    def _cluster(self) -> Cluster:
        return Cluster(self.state["cluster"], self.clock.now(), self.config)

    def _ctx(self, cluster: Cluster, io: Io, stdin: str | None) -> Ctx:
        fs = FileSystem(self.state.setdefault("files", {}), self.state.setdefault("shell", {}),
                        self.config)
        return Ctx(cluster=cluster, io=io, files=_Files(fs), stdin=stdin, klog=self._klog)

    def _klog(self, level: str, message: str) -> str:
        moment = datetime.fromtimestamp(self.clock.now(), tz=UTC)
        return f"{level}{moment:%m%d %H:%M:%S.%f}    4242 helpers.go:702] {message}\n"

    def _begin_stream(self, tab: str, stream: Stream, result: Result) -> Result:
        record = {"kind": stream.kind, "spec": stream.spec}
        self._set_stream(tab, record)
        if stream.kind in ("wait-deleted", "sleep"):
            until = float(stream.spec["until"])
            # A transcript's clock may jump ahead: a waiting command returns as a learner
            # would live it. The real clock cannot, so the caller resumes at wake_at instead.
            if hasattr(self.clock, "advance"):
                self.clock.advance(max(0.0, until - self.clock.now()))  # type: ignore[attr-defined]
                resumed = self.resume(tab)
                return Result(result.chunks + resumed.chunks, resumed.exit_code
                              if stream.kind == "wait-deleted" else result.exit_code)
        return Result(result.chunks, None, running=True, wake_at=self._stream_wake(tab))

    def _stream(self, tab: str) -> dict[str, Any] | None:
        stream: dict[str, Any] | None = self.state.setdefault("tabs", {}).get(tab, {}).get("stream")
        return stream

    def _set_stream(self, tab: str, stream: dict[str, Any] | None) -> None:
        tabs = self.state.setdefault("tabs", {})
        if stream is None:
            tabs.pop(tab, None)
        else:
            tabs[tab] = {"stream": stream}

    def _stream_wake(self, tab: str) -> float | None:
        stream = self._stream(tab)
        if stream is None:
            return None
        kind, spec = stream["kind"], stream["spec"]
        if kind in ("wait-deleted", "sleep"):
            return float(spec["until"])
        cluster = self._cluster()
        if kind == "watch":
            return watch.next_wake(spec, self._ctx(cluster, Io(), None))
        return cluster.next_change(spec.get("namespace"))


def _seconds(text: str) -> float | None:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    if text and text[-1] in units:
        number, factor = text[:-1], units[text[-1]]
    else:
        number, factor = text, 1
    try:
        value = float(number) * factor
    except ValueError:
        return None
    return value if value >= 0 else None
