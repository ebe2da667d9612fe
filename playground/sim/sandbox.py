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

from playground.sim import container_shell, containers, http_tools, streams, watch_screen
from playground.sim import state as sandbox_state
from playground.sim.clock import Clock, SkippedClock
from playground.sim.cluster import Cluster
from playground.sim.config import SimConfig
from playground.sim.host_network import HostNetwork
from playground.sim.kubectl import main as kubectl_main
from playground.sim.kubectl.context import Ctx, Stream
from playground.sim.own_commands import LANGS, skip_command, timeline_command, why_command
from playground.sim.shell import Io, Shell
from playground.sim.shell.fs import HOME, FileSystem, FsError
from playground.sim.state import COMMAND_LOG_SIZE
from playground.sim.tab_streams import TICKING, WATCHING, Chunk, TabStreams
from playground.sim.timeline import before as cluster_before
from playground.sim.timeline import record as timeline_record

log = logging.getLogger(__name__)

_BUSY = "a command is still running in this tab (press Ctrl-C to stop it)\n"
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
    def execute(self, line: str, tab: str = "1") -> Result:
        """Run one terminal line (may hold a here-document's lines after the first)."""
        if len(line.encode("utf-8", "surrogatepass")) > self.config.max_line_bytes:
            limit = self.config.max_line_bytes // 1024
            return Result([("err", f"bash: input line too long (limit {limit} KiB)\n")], 2)
        stream = self.tabs.get(tab)
        if stream is not None and stream["kind"] == "shell":
            return self._container_line(tab, stream, line)
        if stream is not None:
            return Result([("err", _BUSY)], None, running=True, wake_at=self._stream_wake(tab))
        io, cluster, pending = Io(), self._cluster(), []
        start = cluster_before(self.state["cluster"])  # a point if the line changes it
        wakes: dict[str, float] = {}

        def kubectl(argv: list[str], stdin: str | None, io_: Io) -> int:
            ctx = self._ctx(cluster, io_, stdin)
            code = kubectl_main.main(argv[1:], ctx)
            if ctx.stream is not None:
                pending.append(ctx.stream)
            if ctx.attach is not None:
                pending.append(Stream("shell", ctx.attach))
            return code

        def sleep(argv: list[str], stdin: str | None, io_: Io) -> int:
            del stdin, io_
            pending.append(Stream("sleep", {"until": self.clock.now() + float(argv[1])}))
            return 0

        def curl(argv: list[str], stdin: str | None, io_: Io) -> int:
            return http_tools.curl(argv, stdin, io_, self.network.fetcher(cluster, wakes))

        def wget(argv: list[str], stdin: str | None, io_: Io) -> int:
            return http_tools.wget(argv, stdin, io_, self.network.fetcher(cluster, wakes))

        def watch_cmd(argv: list[str], stdin: str | None, io_: Io) -> int:
            del stdin
            parsed = watch_screen.parse_args(argv)
            if isinstance(parsed, str):
                io_.write_err(parsed)
                return 1
            spec = {"line": parsed.line, "interval": parsed.interval, "title": parsed.title,
                    "tab": tab}
            io_.write_out(watch_screen.ENTER + self._watch_screen(spec, cluster))
            pending.append(Stream("watch-cmd", spec | {"next": cluster.now + parsed.interval}))
            return 0

        def skip_cmd(argv: list[str], stdin: str | None, io_: Io) -> int:
            nonlocal cluster
            code = skip_command(self.state, argv, io_, cluster, self.lang)
            cluster = self._cluster()  # the rest of the line runs at the new time
            return code

        shell = Shell(
            files=self.state.setdefault("files", {}),
            state=self.state.setdefault("shell", {}),
            commands={"kubectl": kubectl, "sleep": sleep, "date": self._date, "curl": curl,
                      "wget": wget, "watch": watch_cmd, "skip": skip_cmd,
                      "why": lambda argv, stdin, io_: why_command(
                          self.state, argv, io_, cluster, self.lang),
                      "timeline": lambda argv, stdin, io_: timeline_command(
                          self.state, argv, io_, cluster, self.lang)},
            config=self.config,
            stop=self.stop,
        )
        code = self._guarded(lambda: shell.run(line, io), io, line)
        if shell.interrupted:
            pending.clear()  # a stream the line opened before Ctrl-C does not start
        wakes = self._wake_others(tab, cluster, wakes)
        self._log(tab, line, code)
        timeline_record(self.state, line, start, self.clock.now())
        result = Result(io.chunks, code, wakes=wakes)
        if pending:
            result = self._begin_stream(tab, pending[-1], result, cluster)
        result.unknown_images = tuple(cluster.unknown_images)
        self._forget_gone_pods(cluster)
        return result

    def resume(self, tab: str = "1") -> Result:
        """Continue the tab's foreground stream up to the clock's now."""
        stream = self.tabs.get(tab)
        pending = self.tabs.take_pending(tab)
        if stream is None or stream["kind"] == "shell":
            return Result(pending, 0 if stream is None else 0,
                          prompt=self._prompt_of(tab) if stream else None)
        io = Io()
        for chunk in pending:
            io.write(*chunk)
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

    def interrupt(self, tab: str = "1") -> Result:
        """Ctrl-C: end the tab's foreground stream (the terminal echoes ^C itself)."""
        stream = self.tabs.get(tab)
        if stream is not None and stream["kind"] == "shell":
            return Result([], 130, prompt=self._prompt_of(tab))
        chunks: list[Chunk] = []
        if stream is not None and stream["kind"] == "watch-cmd":
            chunks.append(("out", watch_screen.LEAVE))
        self._end_stream(tab)
        return Result(chunks, 130)

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
    def _container_line(self, tab: str, stream: dict[str, Any], line: str) -> Result:
        spec = stream["spec"]
        cluster = self._cluster()
        record = cluster.pod_record(spec["namespace"], spec["pod"])
        if record is None or record["metadata"]["uid"] != spec["uid"]:
            self._end_stream(tab)
            return Result([("err", "command terminated with exit code 137\n")], 137)
        io = Io()
        sh = self._container_shell(cluster, record, spec["container"],
                                   containers.session_program(record, spec),
                                   attached=spec.get("mode") == "attach")
        code = self._guarded(lambda: sh.run(line, io), io, line)
        self._log(tab, f"[{spec['pod']}/{spec['container']}] {line}", code)
        if not sh.exited:  # a file, a signal sent from the container may be news elsewhere
            return Result(io.chunks, code, prompt=containers.prompt(sh),
                          wakes=self._wake_others(tab, cluster, {}))
        self._end_stream(tab)
        if spec.get("mode") != "attach":
            if code:
                io.write_err(f"command terminated with exit code {code}\n")
            return Result(io.chunks, code)
        # `kubectl run -it`: the shell was the container's PID 1, so the container ends with it
        name, container, namespace = spec["pod"], spec["container"], spec["namespace"]
        cluster.end_attached_shell(namespace, name, container, code)
        policy = record["spec"].get("restartPolicy", "Always")
        if spec.get("verb") == "attach":
            # kubectl attach waits for nothing; its hint needs -i -t and a pod that restarts
            if policy == "Always" and spec.get("tty"):
                io.write_out(f"Session ended, resume using 'kubectl attach {name} -c "
                             f"{container} -i -t' command when the pod is running\n")
            return Result(io.chunks, 0)
        if policy != "Always":
            # kubectl waits for the pod to complete (Never) or succeed (OnFailure) for its exit
            # code, deleting it first with --rm (run.go); the reattach hint is only for Always
            wait = Stream("attach-wait", {"namespace": namespace, "pod": name,
                                          "uid": spec["uid"], "policy": policy,
                                          "rm": bool(spec.get("rm")),
                                          "quiet": bool(spec.get("quiet"))})
            return self._begin_stream(tab, wait, Result(io.chunks, None), cluster)
        io.write_out(f"Session ended, resume using 'kubectl attach {name} -c {container} -i -t' "
                     "command when the pod is running\n")
        if spec.get("rm"):
            # run's deferred clean-up deletes without waiting for the pod to go
            streams.remove_run_pod(self._ctx(cluster, io, None), namespace, name,
                                   bool(spec.get("quiet")))
        # with restartPolicy Always kubectl does not wait for an exit code: it returns 0
        return Result(io.chunks, 0)

    def _container_shell(self, cluster: Cluster, record: dict[str, Any], container: str,
                         program: str = "sh", attached: bool = False) -> Shell:
        return container_shell.build(self.state, self.config, cluster, record, container,
                                     program, self._date, attached)

    def _exec_once(self, cluster: Cluster) -> Any:
        """``kubectl exec POD -- CMD``: run one command in the container and return its status."""

        def run(record: dict[str, Any], container: str, argv: list[str], stdin: str | None,
                io: Io) -> int:
            sh = self._container_shell(cluster, record, container)
            sh.state["lineno"] = 0  # not a session: nothing counts lines across execs
            line = " ".join(shlex.quote(a) for a in argv)
            if stdin is not None:
                line += " <<'__KUBECTL_STDIN__'\n" + stdin.rstrip("\n") + "\n__KUBECTL_STDIN__"
            return sh.run(line, io)

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
        if stream.kind in streams.WAITING and self.can_wait:
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
            if resumed.wake_at is None:
                break
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
        ctx.extra["exec"] = self._exec_once(cluster)
        ctx.extra["home_fs"] = fs  # kubectl cp reads and writes the learner's files
        ctx.extra["container_fs"] = (
            lambda record, container: self._container_shell(cluster, record, container).fs)
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
        uids = {r["metadata"]["uid"] for r in cluster.pod_records(None)}
        containers.forget_missing(self.state, uids)
