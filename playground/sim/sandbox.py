"""One learner's cluster, files and shell: runs terminal lines against the simulator.

A ``Sandbox`` wraps a JSON-able ``state`` dict and a clock. It never touches storage: the caller
loads the state, calls ``execute``/``resume``/``interrupt``, and saves the state back.

It coordinates objects that each own a part of the state: the tabs' streams (``tab_streams``:
what a tab runs past its first answer), the learner's machine on the network (``host_network``:
its port-forwards, what curl reaches) and container sessions (``containers``,
``container_shell``); the cluster itself is ``Cluster``.
"""

from __future__ import annotations

import logging
import posixpath
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from playground.sim import (
    container_session,
    container_shell,
    containers,
    streams,
    watch_screen,
)
from playground.sim import state as sandbox_state
from playground.sim.base_view import peek_values
from playground.sim.clock import Clock, SkippedClock
from playground.sim.cluster import Cluster
from playground.sim.config import SimConfig
from playground.sim.host_network import HostNetwork
from playground.sim.host_shell import LINE, HostLine
from playground.sim.kubectl import edit_session
from playground.sim.kubectl import main as kubectl_main
from playground.sim.kubectl.commands import edit as edit_command
from playground.sim.kubectl.context import Ctx, Stream
from playground.sim.own_commands import LANGS
from playground.sim.shell import Io, Shell
from playground.sim.shell.fs import HOME, FileSystem, FsError
from playground.sim.state import COMMAND_LOG_SIZE
from playground.sim.tab_streams import TICKING, WATCHING, Chunk, TabStreams
from playground.sim.timeline import before as cluster_before
from playground.sim.timeline import record as timeline_record

log = logging.getLogger(__name__)

_BUSY = "a command is still running in this tab (press Ctrl-C to stop it)\n"
_SIZED_TABS = 16  # terminal sizes kept (a page has a few tabs; each reload may name new ones)
_TTY_VARS = frozenset({"TERM", "COLUMNS", "LINES"})  # a tty session's, not a one-shot exec's
# A terminal whose page never said its size is a real terminal's default (VT100's 80 × 24).
DEFAULT_SIZE = (80, 24)
# The command log keeps the latest COMMAND_LOG_SIZE lines, each cut to a length.
COMMAND_LOG_LINE = 1000
Wakes = dict[str, float]  # tab → when its stream has news


@dataclass
class Result:
    """What one call into the sandbox produced."""

    chunks: list[Chunk] = field(default_factory=list)
    exit_code: int | None = 0  # None while the command is still running
    running: bool = False  # a foreground stream (get -w, logs -f, delete waiting) is open
    wake_at: float | None = None  # when resume() has something new; None: only on interrupt
    prompt: str | None = None  # a container shell's prompt after exec -it / run -it, else None
    # other tabs that now have something to print (a curl through another tab's port-forward)
    wakes: dict[str, float] = field(default_factory=dict)
    # images the line's pods use that the playground's registry does not know (the page says
    # so beside the terminal; kubectl's own output stays what a cluster shows)
    unknown_images: tuple[str, ...] = ()
    # `kubectl edit` waits for its editor: the buffer the page's editor pane opens on
    # ({"name": kubectl's temporary file, "content": the buffer}); None: no editor (re)opened
    editor: dict[str, str] | None = None

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.chunks)


def _as_typed(line: str) -> str:
    """The line as a terminal sends it: UTF-8, where a lone surrogate (which JSON may carry
    but no text has) is U+FFFD, as a browser's TextEncoder makes it; the shell's state stays
    storable (orjson refuses surrogates) and its tools need not think of them."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return line.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return line


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
    """Runs lines typed in a tab against the sandbox's cluster, files and shell."""

    def __init__(
        self,
        state: dict[str, Any],
        clock: Clock,
        config: SimConfig | None = None,
        stop: Callable[[], bool] | None = None,
        lang: str = "en",
    ) -> None:
        self.state = state
        self.base_clock = clock
        # Every reading of the sandbox's time includes what the learner skipped (`skip 5m`).
        self.clock = SkippedClock(clock, lambda: sandbox_state.clock_offset(self.state))
        self.config = config or SimConfig()
        # Asked between the commands of a line: True once the learner pressed Ctrl-C (the
        # worker learns it from Redis; the simulator only sees this callable).
        self.stop = stop
        # The page's language: only the playground's own commands (why, skip) use it.
        self.lang = lang if lang in LANGS else "en"
        self.tabs = TabStreams(state)
        self.network = HostNetwork(state, self.tabs, self._klog_time)
        # the tab whose line runs now: a one-shot `kubectl exec -t` reads its terminal's size
        self._line_tab = "1"

    @staticmethod
    def new_state(seed: str, now: float) -> dict[str, Any]:
        """A fresh sandbox's materialised state (its shape is owned by ``sim.state``)."""
        return sandbox_state.new_state(seed, now)

    @property
    def can_wait(self) -> bool:
        """A transcript's clock may jump ahead to when a waiting command returns; the real
        clock cannot, so there the caller resumes the tab at ``wake_at`` instead."""
        return hasattr(self.base_clock, "advance")

    # ------------------------------------------------------------------ terminal lines
    def execute(self, line: str, tab: str = "1", size: tuple[int, int] | None = None) -> Result:
        """Run one terminal line (may hold a here-document's lines after the first);
        ``size``: the tab's terminal (columns, rows) as the page last measured it."""
        if size is not None:
            sizes = self.state.setdefault("terminals", {})
            sizes.pop(tab, None)  # the newest last: tabs of closed pages fall off the front
            sizes[tab] = [int(size[0]), int(size[1])]
            for gone in list(sizes)[:-_SIZED_TABS]:
                del sizes[gone]
        line = _as_typed(line)
        if len(line.encode("utf-8")) > self.config.max_line_bytes:
            limit = self.config.max_line_bytes // 1024
            return Result([("err", f"bash: input line too long (limit {limit} KiB)\n")], 2)
        self._line_tab = tab
        stream = self.tabs.get(tab)
        if stream is not None and stream["kind"] == "shell" and "line" not in stream["spec"]:
            return container_session.run_line(self, tab, stream, line)
        if stream is not None:
            return Result([("err", _BUSY)], None, running=True, wake_at=self._stream_wake(tab))
        io = Io()
        start = cluster_before(self.state["cluster"])  # a point if the line changes it
        run = HostLine(self, tab)
        aliases = dict(self.state.setdefault("shell", {}).get("aliases", {}))
        code = self._guarded(lambda: run.run(line, io), io, line)
        self._log(tab, line, code)
        return self._line_result(tab, run, line, aliases, io, code, start, first=True)

    def _line_result(self, tab: str, run: HostLine, line: str, aliases: dict[str, str], io: Io,
                     code: int, start: Any, first: bool) -> Result:
        """What a call of the learner's shell leaves: its output, and the stream it opened
        (a sleep stopped it: ``line``; kubectl's ``get -w`` and the like), if any."""
        if run.shell.interrupted:
            run.pending.clear()  # a stream the line opened before Ctrl-C does not start
        sleeping = run.sleeping(line, aliases)
        wakes = self._wake_others(tab, run.cluster, run.wakes)
        timeline_record(self.state, line, start, self.clock.now())
        result = Result(io.chunks, code, wakes=wakes)
        # a sleep goes first; kubectl streams opened before it are not kept (a known limit)
        opened = sleeping or (run.pending[-1] if run.pending else None)
        if not first:
            self._end_stream(tab)
        if opened is not None:
            result = self._begin_stream(tab, opened, result, run.cluster)
        result.unknown_images = tuple(run.cluster.unknown_images)
        self._forget_gone_pods(run.cluster)
        return result

    def resume(self, tab: str = "1") -> Result:
        """Continue the tab's foreground stream up to the clock's now."""
        stream = self.tabs.get(tab)
        pending = self.tabs.take_pending(tab)
        if stream is not None and stream["kind"] == "shell" and "line" in stream["spec"]:
            return container_session.resume_line(self, tab, stream, pending)
        if stream is not None and stream["kind"] == edit_command.STREAM:
            # the editor is still open (a reload asks again): the page shows the buffer again
            return Result(pending, None, running=True, editor=_editor(stream["spec"]))
        if stream is None or stream["kind"] == "shell":
            return Result(pending, 0 if stream is None else 0,
                          prompt=self._prompt_of(tab) if stream else None)
        io = Io()
        for chunk in pending:
            io.write(*chunk)
        if stream["kind"] == LINE:
            return self._resume_line(tab, stream["spec"], io)
        cluster = self._cluster()
        if stream["kind"] == "watch-cmd":
            spec = stream["spec"]
            if cluster.now >= float(spec["next"]):
                io.write_out(self._watch_screen(spec, cluster))
                spec["next"] = cluster.now + float(spec["interval"])
            self.tabs.set(tab, stream)
            return Result(io.chunks, None, running=True, wake_at=float(spec["next"]))
        ctx = self._ctx(cluster, io, None)
        outcome = streams.resume(stream, ctx, self.state)
        if outcome.shell is not None:
            self.tabs.set(tab, {"kind": "shell", "spec": outcome.shell})
            return Result(io.chunks, 0, prompt=self._prompt_of(tab))
        if outcome.done:
            self._end_stream(tab)
            return Result(io.chunks, outcome.exit_code)
        self.tabs.set(tab, stream)
        return Result(io.chunks, None, running=True, wake_at=self._stream_wake(tab))

    def _resume_line(self, tab: str, spec: dict[str, Any], io: Io) -> Result:
        """A line stopped by its sleep goes on once the sleep has ended."""
        if self.clock.now() < float(spec["until"]):
            return Result(io.chunks, None, running=True, wake_at=float(spec["until"]))
        start = cluster_before(self.state["cluster"])
        run = HostLine(self, tab)
        line = str(spec["line"])
        code = self._guarded(lambda: run.resume(spec, io), io, line)
        return self._line_result(tab, run, line, dict(spec["aliases"]), io, code, start,
                                 first=False)

    def interrupt(self, tab: str = "1") -> Result:
        """Ctrl-C: end the tab's foreground stream (the terminal echoes ^C itself)."""
        stream = self.tabs.get(tab)
        if stream is not None and stream["kind"] == "shell":
            slept = stream["spec"].pop("line", None)
            if slept is not None:  # a line that slept in it ends
                self.tabs.set(tab, stream)
            # a program that catches the key has its last word and exits 0 (tcpdump's
            # statistics); anything else dies of SIGINT
            last = str((slept or {}).get("on_interrupt") or "")
            return Result([("err", last)] if last else [], 0 if last else 130,
                          prompt=self._prompt_of(tab))
        if stream is not None and stream["kind"] == edit_command.STREAM:
            # Ctrl-C or the pane's Cancel: the editor exits with the buffer as it was shown
            return self.save_edit(tab, str(stream["spec"]["shown"]))
        chunks: list[Chunk] = []
        if stream is not None and stream["kind"] == "watch-cmd":
            chunks.append(("out", watch_screen.LEAVE))
        if stream is not None and stream["kind"] == LINE:
            self.state.setdefault("shell", {})["status"] = 130  # bash's $? after Ctrl-C
        self._end_stream(tab)
        return Result(chunks, 130)

    def terminal_size(self, tab: str) -> tuple[int, int]:
        """The tab's terminal (columns, rows): what a tty session's programs read (TIOCGWINSZ;
        kubectl exec -t passes the learner's terminal on, and its resizes)."""
        size = (self.state.get("terminals") or {}).get(tab)
        return (int(size[0]), int(size[1])) if size else DEFAULT_SIZE

    # ------------------------------------------------------------------ kubectl edit
    def editing(self, tab: str = "1") -> dict[str, str] | None:
        """The buffer `kubectl edit` waits on in ``tab`` (name, content), if any."""
        stream = self.tabs.get(tab)
        if stream is None or stream["kind"] != edit_command.STREAM:
            return None
        return _editor(stream["spec"])

    def restore(self, tab: str = "1") -> Result:
        """A reloaded page takes its tab back: a `kubectl edit` waiting for the editor stays
        (its buffer is sent again); anything else is stopped as by Ctrl-C."""
        if self.editing(tab) is not None:
            return self.resume(tab)
        return self.interrupt(tab)

    def save_edit(self, tab: str, content: str) -> Result:
        """The editor pane saved ``content``: kubectl edit goes on as after its editor exits
        (done, or the buffer reopened with the reasons it failed)."""
        stream = self.tabs.get(tab)
        if stream is not None and stream["kind"] != edit_command.STREAM:
            # a late save (the edit ended) must not answer the tab's next command for it
            return Result([], None, running=True, wake_at=self._stream_wake(tab))
        if stream is None:
            # the edit ended (Ctrl-C, another tab's Cancel) while the pane was saving: as with a
            # temporary file saved after kubectl exited, nothing reads it; no words (they would
            # be the playground's own, in English, on a page of either language)
            return Result([], 0, prompt=self._prompt_of(tab))
        io = Io()
        start = cluster_before(self.state["cluster"])
        cluster = self._cluster()
        ctx = self._ctx(cluster, io, None)
        spec = stream["spec"]
        saved = edit_session.Saved(True, 1)

        def step() -> int:
            nonlocal saved
            saved = edit_session.save(spec, content, ctx)
            return saved.exit_code

        code = self._guarded(step, io, "kubectl edit")
        timeline_record(self.state, "kubectl edit", start, self.clock.now())
        if not saved.done and code == 0:
            self.tabs.set(tab, stream)
            return Result(io.chunks, None, running=True, editor=_editor(spec),
                          unknown_images=tuple(cluster.unknown_images))
        self._end_stream(tab)
        wakes = self._wake_others(tab, cluster, {})
        return Result(io.chunks, code, wakes=wakes, unknown_images=tuple(cluster.unknown_images))

    # ------------------------------------------------------------------ editor's files
    def list_files(self) -> list[str]:
        return sorted(self.state.get("files", {}))

    def read_file(self, name: str) -> str | None:
        files: dict[str, str] = self.state.get("files", {})
        return files.get(name)

    def write_file(self, name: str, content: str) -> FsError | None:
        """Store a file from the editor; returns the refusal (``NoSpace`` past the files' total
        budget) instead of raising: the terminal's writes and the editor's obey one rule."""
        fs = FileSystem(self.state.setdefault("files", {}), self.state.setdefault("shell", {}),
                        self.config)
        try:
            fs.write(posixpath.join(HOME, name), content)
        except FsError as exc:
            return exc
        return None

    # ------------------------------------------------------------------ container shells
    def _container_shell(self, cluster: Cluster, record: dict[str, Any], container: str,
                         program: str = "sh", attached: bool = False) -> Shell:
        return container_shell.build(self.state, self.config, cluster, record, container,
                                     program, self._date, attached)

    def _exec_once(self, cluster: Cluster) -> Any:
        """``kubectl exec POD -- CMD``: run one command in the container and return its status."""

        def run(record: dict[str, Any], container: str, argv: list[str], stdin: str | None,
                io: Io, tty: bool = False) -> int:
            sh = self._container_shell(cluster, record, container)
            # a new process, not a session: no line count, and no TERM (containerd sets
            # TERM=xterm for a tty only) nor the size a session's bash set; the copy keeps them
            # out of the container's shell state
            variables = {k: v for k, v in sh.state["vars"].items() if k not in _TTY_VARS}
            columns = io.columns
            if tty:  # `exec -t`: the program's stdout is the learner's terminal, at its size
                variables["TERM"] = "xterm"
                sh.terminal = self.terminal_size(self._line_tab)
                io.columns = sh.terminal[0]
            sh.state = dict(sh.state, lineno=0, vars=variables)
            line = " ".join(shlex.quote(a) for a in argv)
            if stdin is not None:
                line += " <<'__KUBECTL_STDIN__'\n" + stdin.rstrip("\n") + "\n__KUBECTL_STDIN__"
            try:
                return sh.run(line, io)
            finally:
                io.columns = columns  # the rest of the learner's line writes where it did

        return run

    # ------------------------------------------------------------------ streams
    def _begin_stream(self, tab: str, stream: Stream, result: Result, cluster: Cluster) -> Result:
        record = {"kind": stream.kind, "spec": stream.spec}
        self.tabs.set(tab, record)
        if stream.kind == "port-forward":
            self.network.open_forwards(tab, stream.spec)
        if stream.kind == "shell":
            sh_record = cluster.pod_record(stream.spec["namespace"], stream.spec["pod"])
            prompt = None
            if sh_record is not None:
                containers.begin_session(self.state, sh_record, stream.spec["container"])
                prompt = containers.prompt(self._container_shell(
                    cluster, sh_record, stream.spec["container"],
                    containers.session_program(sh_record, stream.spec)))
            return Result(result.chunks, result.exit_code, prompt=prompt, wakes=result.wakes)
        if stream.kind == edit_command.STREAM:
            return Result(result.chunks, None, running=True, wake_at=None, wakes=result.wakes,
                          editor=_editor(stream.spec))
        if streams.waits(stream.kind, stream.spec) and self.can_wait:
            return self._wait_out(tab, result)
        return Result(result.chunks, None, running=True, wake_at=self._stream_wake(tab),
                      wakes=result.wakes)

    def _wait_out(self, tab: str, first: Result) -> Result:
        """Let a transcript's clock run until the waiting command returns, as a learner would
        live it; streams that never end (watches) are left to the transcript's ``~`` lines."""
        chunks = list(first.chunks)
        wakes = dict(first.wakes)
        # What the command itself changed is news for other tabs before any time passes.
        for name in list(wakes):
            if name != tab and self.tabs.get(name) is not None:
                for chunk in self.resume(name).chunks:
                    self.tabs.add_pending(name, chunk)
        for _ in range(10_000):
            wake = self._stream_wake(tab)
            other = self._next_other_wake(tab)
            if other is not None and (wake is None or other[0] < wake):
                # Another tab's watch or follow has something to print on the way: it prints
                # now (kept for that tab until it is in view), as it would while we wait.
                when, name = other
                self.clock.advance(max(0.0, when - self.clock.now()))
                for chunk in self.resume(name).chunks:
                    self.tabs.add_pending(name, chunk)
                wakes[name] = self.clock.now()
                continue
            if wake is not None and wake > self.clock.now():
                self.clock.advance(wake - self.clock.now())
            resumed = self.resume(tab)
            chunks += resumed.chunks
            if not resumed.running:
                return Result(chunks, resumed.exit_code, prompt=resumed.prompt, wakes=wakes)
            now = self.tabs.get(tab) or {}
            if resumed.wake_at is None or not streams.waits(now.get("kind", ""),
                                                            now.get("spec", {})):
                break  # e.g. the line's sleep is now a loop's: `~` lines let its time pass
        return Result(chunks, None, running=True, wake_at=self._stream_wake(tab), wakes=wakes)

    def _next_other_wake(self, tab: str) -> tuple[float, str] | None:
        """The earliest instant another tab's running stream has news, if any."""
        times = []
        for name in self.tabs.others(tab, TICKING):
            when = self._stream_wake(name)
            if when is not None:
                times.append((when, name))
        return min(times) if times else None

    def _end_stream(self, tab: str) -> None:
        self.network.close_forwards(tab)
        self.tabs.set(tab, None)

    def _wake_others(self, tab: str, cluster: Cluster, wakes: dict[str, float]) -> Wakes:
        """A change made in ``tab`` may be news to watches and log follows in other tabs."""
        for other in self.tabs.others(tab, WATCHING):
            wakes.setdefault(other, cluster.now)
        return wakes

    def _stream_wake(self, tab: str) -> float | None:
        stream = self.tabs.get(tab)
        if stream is None:
            return None
        cluster = self._cluster()
        return streams.wake_at(stream, self._ctx(cluster, Io(), None))

    def _prompt_of(self, tab: str) -> str | None:
        stream = self.tabs.get(tab)
        if stream is None or stream["kind"] != "shell":
            return None
        cluster = self._cluster()
        record = cluster.pod_record(stream["spec"]["namespace"], stream["spec"]["pod"])
        if record is None:
            return None
        return containers.prompt(self._container_shell(
            cluster, record, stream["spec"]["container"],
            containers.session_program(record, stream["spec"])))

    def _watch_screen(self, spec: dict[str, Any], cluster: Cluster) -> str:
        """One refresh of `watch`: the command run again now, without touching the history."""
        io = Io()
        commands = {
            "kubectl": lambda argv, stdin, io_: kubectl_main.main(
                argv[1:], self._ctx(cluster, io_, stdin)),
            "date": self._date,
        }
        shell_state = dict(self.state.setdefault("shell", {}))
        shell_state["history"] = []
        sh = Shell(self.state.setdefault("files", {}), shell_state, commands, self.config)
        self._guarded(lambda: sh.run(str(spec["line"]), io), io, str(spec["line"]))
        moment = datetime.fromtimestamp(cluster.now, tz=UTC)
        return watch_screen.render(spec, io.text, sh.profile.hostname, moment)

    # ------------------------------------------------------------------ plumbing
    def _cluster(self) -> Cluster:
        return Cluster(self.state["cluster"], self.clock.now(), self.config)

    def _ctx(self, cluster: Cluster, io: Io, stdin: str | None) -> Ctx:
        fs = FileSystem(self.state.setdefault("files", {}), self.state.setdefault("shell", {}),
                        self.config)
        kubeconfig = self.state.setdefault("kubeconfig", {})
        ctx = Ctx(cluster=cluster, io=io, files=_Files(fs), stdin=stdin, klog=self._klog,
                  namespace=str(kubeconfig.get("namespace") or "default"))
        ctx.extra["kubeconfig"] = kubeconfig
        ctx.extra["seed"] = str(self.state.get("seed", ""))
        ctx.extra["exec"] = self._exec_once(cluster)
        ctx.extra["home_fs"] = fs  # kubectl cp reads and writes the learner's files
        ctx.extra["container_fs"] = (
            lambda record, container: self._container_shell(cluster, record, container).fs)
        ctx.extra["installed_programs"] = (
            lambda record, container: self._container_shell(cluster, record, container)
            .profile.programs or frozenset())
        ctx.extra["ports_in_use"] = self.network.ports_in_use()
        return ctx

    def _guarded(self, run: Any, io: Io, line: str) -> int:
        try:
            return int(run())
        except Exception:  # a bug must never show a traceback to the learner
            log.exception("sandbox command failed: %r", line[:200])
            io.write_err("internal error: the playground could not run this command; "
                         "it has been logged\n")
            return 1

    def _date(self, argv: list[str], stdin: str | None, io: Io) -> int:
        del argv, stdin
        moment = datetime.fromtimestamp(self.clock.now(), tz=UTC)
        io.write_out(f"{moment:%a %b} {moment.day:>2} {moment:%H:%M:%S} UTC {moment:%Y}\n")
        return 0

    def _klog_time(self) -> str:
        moment = datetime.fromtimestamp(self.clock.now(), tz=UTC)
        return f"{moment:%m%d %H:%M:%S.%f}"

    def _klog(self, level: str, message: str) -> str:
        return f"{level}{self._klog_time()}    4242 helpers.go:702] {message}\n"

    def _log(self, tab: str, line: str, code: int) -> None:
        """The command log graders read (activity checks): what was typed, when, its status."""
        log_ = self.state.setdefault("log", [])
        log_.append({"t": self.clock.now(), "tab": tab, "line": line[:COMMAND_LOG_LINE],
                     "exit": code})
        del log_[:-COMMAND_LOG_SIZE]

    def _forget_gone_pods(self, cluster: Cluster) -> None:
        uids = {r["metadata"]["uid"] for r in peek_values(cluster.state["pods"])}
        containers.forget_missing(self.state, uids)


def _editor(spec: dict[str, Any]) -> dict[str, str]:
    return {"name": str(spec["file"]), "content": str(spec["shown"])}
