"""The learner's own shell for one call of the sandbox: a typed line, or a line that slept
going on (``Sandbox.execute`` / ``Sandbox.resume``).

It wires the shell's outside programs (kubectl, curl, wget, watch, the playground's own
commands) to the sandbox and collects what the call leaves behind: a kubectl stream to open
(``get -w``, ``logs -f``), other tabs to wake, and, when a ``sleep`` stopped the line, the
``line`` stream that takes it up again at the sleep's end.

Time: a ``sleep N`` ends N seconds of the sandbox's clock later. With the real clock that is
N seconds of wall time (the clock is wall time plus what the learner skipped, so a ``skip``
in another tab ends the sleep early, as it moves every other wait); a transcript's clock jumps
there, as for a single ``sleep``, unless the sleep is in a loop, which may never end: then
the transcript's ``~`` lines let the time pass, as for a watch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from playground.sim import host_curl, host_downloads, http_tools, watch_screen
from playground.sim.cluster import Cluster
from playground.sim.kubectl import main as kubectl_main
from playground.sim.kubectl.context import Stream
from playground.sim.own_commands import skip_command, timeline_command, why_command
from playground.sim.shell import Io, Shell

if TYPE_CHECKING:
    from playground.sim.sandbox import Sandbox

LINE = "line"  # the stream kind of a line that sleeps


class HostLine:
    """One call's shell in tab ``tab``, and what it leaves behind."""

    def __init__(self, sandbox: Sandbox, tab: str) -> None:
        self.sandbox = sandbox
        self.tab = tab
        self.cluster: Cluster = sandbox._cluster()
        self.pending: list[Stream] = []  # streams kubectl opened; the last one starts
        self.wakes: dict[str, float] = {}
        self.shell = Shell(
            files=sandbox.state.setdefault("files", {}),
            state=sandbox.state.setdefault("shell", {}),
            commands={"kubectl": self._kubectl, "sleep": self._sleep, "date": sandbox._date,
                      "curl": self._curl, "wget": self._wget, "watch": self._watch,
                      "skip": self._skip, "why": self._why, "timeline": self._timeline},
            config=sandbox.config,
            stop=sandbox.stop,
            suspend=True,
        )

    def run(self, line: str, io: Io) -> int:
        return self.shell.run(line, io)

    def resume(self, spec: dict[str, Any], io: Io) -> int:
        return self.shell.resume(str(spec["line"]), list(spec["path"]), io,
                                 dict(spec["aliases"]))

    def sleeping(self, line: str, aliases: dict[str, str]) -> Stream | None:
        """The stream that takes the line up again, if a sleep stopped it."""
        stop = self.shell.suspended
        if stop is None:
            return None
        until = self.sandbox.clock.now() + max(stop.seconds, self.sandbox.config.min_line_wake)
        return Stream(LINE, {"line": line, "path": stop.path, "aliases": aliases,
                             "until": until, "in_loop": stop.in_loop})

    # -- the programs ------------------------------------------------------------------------
    def _kubectl(self, argv: list[str], stdin: str | None, io: Io) -> int:
        ctx = self.sandbox._ctx(self.cluster, io, stdin)
        code = kubectl_main.main(argv[1:], ctx)
        if ctx.stream is not None:
            self.pending.append(ctx.stream)
        if ctx.attach is not None:
            self.pending.append(Stream("shell", ctx.attach))
        return code

    def _sleep(self, argv: list[str], stdin: str | None, io: Io) -> int:
        # a sleep the line cannot stop at (inside $(…), in a pipe): the tab waits after it
        del stdin, io
        until = self.sandbox.clock.now() + float(argv[1])
        self.pending.append(Stream("sleep", {"until": until}))
        return 0

    def _curl(self, argv: list[str], stdin: str | None, io: Io) -> int:
        if host_downloads.for_here(argv):
            return host_curl.curl(argv, io, self.shell.fs)
        return http_tools.curl(argv, stdin, io, self.sandbox.network.fetcher(self.cluster,
                                                                          self.wakes))

    def _wget(self, argv: list[str], stdin: str | None, io: Io) -> int:
        if host_downloads.for_here(argv):
            return host_downloads.wget(argv, io, self.shell.fs, self.sandbox.clock.now())
        # the workstation's wget is GNU's: its options are read with GNU's table
        return http_tools.wget(argv, stdin, io, self.sandbox.network.fetcher(self.cluster,
                                                                          self.wakes), gnu=True)

    def _watch(self, argv: list[str], stdin: str | None, io: Io) -> int:
        del stdin
        parsed = watch_screen.parse_args(argv)
        if isinstance(parsed, str):
            io.write_err(parsed)
            return 1
        spec = {"line": parsed.line, "interval": parsed.interval, "title": parsed.title,
                "tab": self.tab}
        io.write_out(watch_screen.ENTER + self.sandbox._watch_screen(spec, self.cluster))
        self.pending.append(Stream("watch-cmd", spec | {"next": self.cluster.now
                                                        + parsed.interval}))
        return 0

    def _skip(self, argv: list[str], stdin: str | None, io: Io) -> int:
        code = skip_command(self.sandbox.state, argv, io, self.cluster, self.sandbox.lang)
        self.cluster = self.sandbox._cluster()  # the rest of the line runs at the new time
        return code

    def _why(self, argv: list[str], stdin: str | None, io: Io) -> int:
        return why_command(self.sandbox.state, argv, io, self.cluster, self.sandbox.lang)

    def _timeline(self, argv: list[str], stdin: str | None, io: Io) -> int:
        return timeline_command(self.sandbox.state, argv, io, self.cluster, self.sandbox.lang)
