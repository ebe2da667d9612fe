"""The Shell: runs a parsed line's lists, pipelines, redirections and commands."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from playground.sim.config import SimConfig
from playground.sim.shell import (
    builtins,
    conditions,
    flavour,
    tools_base64,
    tools_files,
    tools_sed_awk,
    tools_text,
)
from playground.sim.shell.control import (
    Compounds,
    LineStopped,
    Path,
    Suspended,
)
from playground.sim.shell.expand import (
    ExpansionError,
    expand_heredoc,
    expand_string,
    expand_word,
)
from playground.sim.shell.fs import HOME, HOST_LAYOUT, FileSystem, FsError, Layout
from playground.sim.shell.io import Buffer, CappedIo, Forward, Io, RoutedIo, Sink
from playground.sim.shell.parser import (
    AndOr,
    Command,
    Pipeline,
    ShellSyntaxError,
    parse,
)

CommandFn = Callable[[list[str], "str | None", Io], int]
Tool = Callable[["Shell", list[str], "str | None", Io], int]

TOOLS: dict[str, Tool] = {**builtins.BUILTINS, **conditions.TOOLS, **tools_files.TOOLS,
                          **tools_text.TOOLS, **tools_sed_awk.TOOLS,
                          **tools_base64.TOOLS}  # fmt: skip
USER = "learner"
HOSTNAME = "playground"
DEFAULT_ENV = {
    "HOME": HOME,
    "HOSTNAME": HOSTNAME,
    "LANG": "C.UTF-8",
    "LOGNAME": USER,
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "PWD": HOME,
    "SHELL": "/bin/bash",
    "TERM": "xterm-256color",
    "USER": USER,
}
MAX_SUBSTITUTION_DEPTH = 10
_BIN_DIRS = frozenset({"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin",
                       "/usr/local/sbin"})


@dataclass(frozen=True)
class Profile:
    """Who and where the shell is: the learner's terminal, or a shell inside a container."""

    user: str = USER
    hostname: str = HOSTNAME
    layout: Layout = HOST_LAYOUT
    env: tuple[tuple[str, str], ...] = tuple(DEFAULT_ENV.items())
    # programs installed besides the shell's built-ins; None: every tool this shell knows
    programs: frozenset[str] | None = None
    # the shell's flavour (flavour.py words its errors): bash, dash ("sh: 1: foo: not found")
    # or BusyBox ash ("sh: foo: not found"); shell_program is the name it was started as
    shell_name: str = "bash"
    shell_program: str = "bash"
    tool_style: str = "gnu"  # gnu: coreutils' messages | busybox: the applets' messages
    ip: str = "127.0.1.1"  # what `hostname -i` answers (a container: its pod's IP)
    # bash's PS1: "debian" (/etc/bash.bashrc's user@host:dir) or bash's default ("bash-5.2")
    bash_prompt: str = "debian"
    pid: int = 1  # what `$$` expands to: the shell is its container's PID 1 unless it shares one


HOST_PROFILE = Profile()


class ExitShell(Exception):
    """``exit`` stops the rest of the line."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Interrupted(Exception):
    """Ctrl-C reached the line while it ran: the rest of it does not run (status 130)."""


INTERRUPTED_STATUS = 130  # 128 + SIGINT, what bash reports


class Shell(Compounds):
    """A small bash: ``run(text, io)`` runs one terminal line against the sandbox's files.

    ``stop`` (optional) is asked before every command of the line, pipeline stages included;
    once it answers True the line ends there with status 130, as Ctrl-C ends a bash line.
    """

    def __init__(
        self,
        files: dict[str, str],
        state: dict[str, Any],
        commands: Mapping[str, CommandFn] | None = None,
        config: SimConfig | None = None,
        profile: Profile = HOST_PROFILE,
        stop: Callable[[], bool] | None = None,
        suspend: bool = False,
    ) -> None:
        self.config = config or SimConfig()
        self.stop = stop
        self.interrupted = False
        # `sleep` may stop the line to go on later (the caller keeps Suspended's path); where
        # a line cannot be taken up again (inside $(…), in a pipe) it is instant
        self.suspends = suspend
        self._no_suspend = 0
        self.suspended: Suspended | None = None
        self.state = state
        self.profile = profile
        env = dict(profile.env)
        state.setdefault("cwd", profile.layout.home)
        state.setdefault("oldpwd", None)
        state.setdefault("vars", env)
        state.setdefault("exported", sorted(k for k in env if k != "HOSTNAME"))
        state.setdefault("aliases", {})
        state.setdefault("status", 0)
        state.setdefault("history", [])
        self.fs = FileSystem(files, state, self.config, profile.layout)
        self.commands: Mapping[str, CommandFn] = commands or {}
        self.home = profile.layout.home
        # the session's terminal (cols, rows) when it has a tty, for stty and tput
        self.terminal: tuple[int, int] | None = None
        # command lines of the running pipeline's stages after the current one (for ps)
        self.pipe_after: list[str] = []
        self.exited = False  # `exit` was typed at the top level; the sandbox decides what it means
        self._err: Sink = lambda text: None
        self._depth = 0
        self.loop_depth = 0  # loops around the command running now (break/continue ask)
        self._rounds = 0  # loop rounds this line ran, against config.max_loop_rounds

    # -- the Context that expand.py needs ---------------------------------------------------
    def get_var(self, name: str) -> str | None:
        if name == "?":
            return str(self.state["status"])
        if name == "$":
            return str(self.profile.pid)
        if name == "#":
            return "0"
        if name == "0":
            return "bash"
        if name in "123456789@*!-":
            return None
        value: str | None = self.state["vars"].get(name)
        return value

    def substitute(self, command: str) -> str:
        if self._depth >= MAX_SUBSTITUTION_DEPTH:
            self._err("bash: command substitution nested too deeply\n")
            return ""
        out = Buffer(self.config.max_output_bytes)
        self._depth += 1
        self._no_suspend += 1
        try:
            self._run_text(command, RoutedIo(out, self._err), record=False)
        finally:
            self._depth -= 1
            self._no_suspend -= 1
        return out.value

    def can_suspend(self) -> bool:
        """Whether ``sleep`` may stop the line here to go on later (see Suspended)."""
        return self.suspends and self._no_suspend == 0

    def glob(self, pattern: str) -> list[str]:
        return self.fs.glob(pattern)

    # -- variables ---------------------------------------------------------------------------
    def set_var(self, name: str, value: str, export: bool = False) -> None:
        self.state["vars"][name] = value
        if export and name not in self.state["exported"]:
            self.state["exported"].append(name)

    def environment(self) -> dict[str, str]:
        return {k: self.state["vars"][k] for k in self.state["exported"] if k in self.state["vars"]}

    # -- running -----------------------------------------------------------------------------
    def run(self, text: str, io: Io) -> int:
        """Run one terminal line (and its here-document lines); returns the exit status."""
        self._record(text)
        # dash names the line it read in its errors ("sh: 3: ps: not found"), bash only in a
        # script; an interactive bash (the learner's own) counts nothing, so a read-only
        # command leaves the sandbox's document as it was
        if self.profile.shell_name == "dash" or self.state.get("script"):
            self.state["lineno"] = int(self.state.get("lineno", 0)) + 1
        capped = CappedIo(io, self.config.max_output_bytes)
        if len(text.encode()) > self.config.max_line_bytes:
            capped.write_err(
                f"bash: line too long (limit {self.config.max_line_bytes // 1024} KiB)\n"
            )
            self.state["status"] = 1
            return 1
        return self._top(text, capped, None)

    def resume(self, text: str, path: Path, io: Io, aliases: dict[str, str]) -> int:
        """Go on with a line that ``Suspended`` at ``path`` (its sleep has ended, status 0),
        parsed with the aliases it was first parsed with, so it is the same tree."""
        return self._top(text, CappedIo(io, self.config.max_output_bytes), list(path), aliases)

    def _top(self, text: str, io: Io, path: Path | None,
             aliases: dict[str, str] | None = None) -> int:
        try:
            status = self._run_text(text, io, record=True, path=path, aliases=aliases)
        except Interrupted:  # raised at any depth (a $(…) too): the whole line ends
            self.state["status"] = status = INTERRUPTED_STATUS
            self.interrupted = True
        except LineStopped as e:
            io.write_err(f"{e}\n")
            self.state["status"] = status = 1
        except Suspended as e:
            self.suspended = e
            status = self.state["status"]
        return status

    def _record(self, text: str) -> None:
        # Like Ubuntu's HISTCONTROL=ignoreboth: no blank lines, no lines starting with a space,
        # no repeat of the previous line.
        history: list[str] = self.state["history"]
        if not text.strip() or text.startswith(" ") or (history and history[-1] == text):
            return
        history.append(text)
        del history[: max(0, len(history) - self.config.max_history)]

    def _run_text(self, text: str, io: Io, record: bool, path: Path | None = None,
                  aliases: dict[str, str] | None = None) -> int:
        saved_err = self._err
        self._err = io.write_err
        try:
            try:
                script = parse(text, self.state["aliases"] if aliases is None else aliases)
            except ShellSyntaxError as e:
                io.write_err(flavour.syntax_error(self, e))
                if record and self.profile.shell_name == "dash" and "lineno" in self.state:
                    # dash drops the rest of a refused line, its newline too: the next line
                    # read gets the same number (checked with dash 0.5.12 on a terminal)
                    self.state["lineno"] = int(self.state["lineno"]) - 1
                # bash refuses a bad `for` name as an error of that command (status 1)
                refused = 1 if e.kind == "bad-for" and self.profile.shell_name == "bash" else 2
                self.state["status"] = refused
                return refused
            for warning in script.warnings if path is None else ():
                io.write_err(warning)
            try:
                self._list(script.items, io, path)
            except ExitShell as e:
                self.state["status"] = e.status
                if record:
                    self.exited = True

            status: int = self.state["status"]
            return status
        finally:
            self._err = saved_err

    # Each of these takes ``path`` when it resumes a line that Suspended inside it (see
    # Suspended): it starts at the position the path names, and adds its own when a sleep
    # inside it suspends the line.
    def _list(self, items: list[AndOr], io: Io, path: Path | None = None) -> int:
        first = int(path.pop()) if path is not None else 0
        for i in range(first, len(items)):
            try:
                self._and_or(items[i], io, path if i == first else None)
            except Suspended as e:
                e.path.append(i)
                raise
        status: int = self.state["status"]
        return status

    def _and_or(self, item: AndOr, io: Io, path: Path | None = None) -> None:
        first = int(path.pop()) if path is not None else 0
        status: int = self.state["status"]
        for j in range(first, len(item.pipelines)):
            if j > first and (item.ops[j - 1] == "&&") != (status == 0):
                continue
            try:
                status = self._pipeline(item.pipelines[j], io, path if j == first else None)
            except Suspended as e:
                e.path.append(j)
                raise

    def _pipeline(self, pipe: Pipeline, io: Io, path: Path | None = None) -> int:
        status = 0
        if self.stop is not None and self.stop():
            raise Interrupted
        if path is not None:
            # resumed: a lone command that was the sleep (status 0) or a compound holding it
            cmd = pipe.commands[0]
            status = 0 if isinstance(cmd, Command) else self._compound(
                cmd, None, Forward(io), io.write_err, path)
        else:
            piped = len(pipe.commands) > 1
            self._no_suspend += piped  # a pipe's stages run one after the other here
            try:
                status = self._stages(pipe, io)
            finally:
                self._no_suspend -= piped
        if pipe.negated:
            status = int(status == 0)
        self.state["status"] = status
        return status

    def _stages(self, pipe: Pipeline, io: Io) -> int:
        outer = self.pipe_after
        try:
            return self._each_stage(pipe, io)
        finally:
            self.pipe_after = outer

    def _each_stage(self, pipe: Pipeline, io: Io) -> int:
        stdin: str | None = None
        status = 0
        for n, cmd in enumerate(pipe.commands):
            if n and self.stop is not None and self.stop():
                raise Interrupted
            # the stages after this one are processes already, blocked on their pipe (ps sees
            # them); those before may have ended
            self.pipe_after = [self._stage_title(c) for c in pipe.commands[n + 1:]]
            last = n == len(pipe.commands) - 1
            buf = None if last else Buffer(self.config.max_output_bytes)
            out: Sink = Forward(io) if buf is None else buf
            if isinstance(cmd, Command):
                status = self._command(cmd, stdin, out, io.write_err)
            else:
                status = self._compound(cmd, stdin, out, io.write_err)
            stdin = None if buf is None else buf.value
        return status

    def _stage_title(self, cmd: Command | Any) -> str:
        """How ps shows a pipeline stage not started here yet: its words with quotes taken off
        (not expanded: that happens when it runs), or, for a compound, the forked shell."""
        if not isinstance(cmd, Command) or not cmd.words:
            return self.profile.shell_program
        return " ".join(re.sub(r"""["']""", "", word) for word in cmd.words)

    def _words(self, cmd: Command) -> list[str]:
        argv: list[str] = []
        for raw in cmd.words:
            argv.extend(expand_word(raw, self))
        return argv

    def _command(self, cmd: Command, stdin: str | None, out: Sink, err: Sink) -> int:
        self._err = err
        try:
            argv = self._words(cmd)
            values = [
                (a.split("=", 1)[0], expand_string(a.split("=", 1)[1], self, True))
                for a in cmd.assignments
            ]
        except ExpansionError as e:
            err(f"{e}\n")
            return 1
        sinks: dict[int, Sink] = {1: out, 2: err}
        pending_files: list[tuple[str, Buffer, bool]] = []
        for redir in cmd.redirects:
            fd = redir.fd
            try:
                if redir.op in ("<<", "<<-") and redir.heredoc is not None:
                    doc = redir.heredoc
                    stdin = doc.body if doc.quoted else expand_heredoc(doc.body, self)
                    continue
                if redir.op == "<<<":
                    stdin = expand_string(redir.target, self) + "\n"
                    continue
                words = expand_word(redir.target, self)
            except ExpansionError as e:
                err(f"{e}\n")
                return 1
            if len(words) != 1:
                err(f"bash: {redir.target}: ambiguous redirect\n")
                return 1
            target = words[0]
            if redir.op in (">&", "<&") and (target.isdigit() or target == "-"):
                src = 1 if fd is None and redir.op == ">&" else (0 if fd is None else fd)
                if target == "-" or src == 0:
                    continue
                if int(target) not in sinks:
                    err(f"bash: {target}: Bad file descriptor\n")
                    return 1
                sinks[src] = sinks[int(target)]
                continue
            try:
                if redir.op in ("<", "<>"):
                    stdin = self.fs.read(target)
                    continue
                append = redir.op in (">>", "&>>")
                if self.fs.abspath(target) == "/dev/null":
                    sink: Sink = lambda text: None  # noqa: E731
                else:
                    self.fs.check_writable(target)
                    if not append:
                        self.fs.write(target, "")
                    buf = Buffer(self.config.max_file_bytes + 1)
                    pending_files.append((target, buf, append))
                    sink = buf
            except FsError as e:
                err(flavour.cannot_redirect(self, target, str(e)))
                return flavour.redirect_status(self)
            if redir.op in ("&>", "&>>", ">&"):
                sinks[1] = sinks[2] = sink
            else:
                sinks[1 if fd is None else fd] = sink
        if not argv:
            for name, value in values:
                self.set_var(name, value)
            status = 0
        else:
            status = self.dispatch(argv, stdin, RoutedIo(sinks[1], sinks[2]))
        for target, buf, append in pending_files:
            try:
                self.fs.write(target, buf.value, append=append)
            except FsError as e:
                err(f"bash: {target}: {e}\n")
                status = status or 1
        return status

    def installed(self, name: str) -> bool:
        """Whether a program is on this shell's PATH (containers have only their image's)."""
        programs = self.profile.programs
        return programs is None or name in builtins.SHELL_BUILTINS or name in programs

    def dispatch(self, argv: list[str], stdin: str | None, io: Io) -> int:
        name = argv[0]
        # a container's programs may be named by their PATH folder: /bin/sh, /usr/bin/env
        program = name.rsplit("/", 1)[-1] if self.profile.programs is not None and \
            name.rsplit("/", 1)[0] in _BIN_DIRS else name
        tool = TOOLS.get(program) if self.installed(program) else None
        if tool is not None:
            return tool(self, argv, stdin, io)
        command = self.commands.get(program) if self.installed(program) else None
        if command is not None:
            return command(argv, stdin, io)
        if self.profile.programs is not None and program in self.profile.programs:
            # the image has it, the playground does not run it: say so, never "not found"
            io.write_err(f"{name}: not available in this playground yet\n")
            return 127
        if self.profile.shell_name != "bash":
            io.write_err(flavour.not_found(self, name))
            return 127
        if "/" in name:
            if self.fs.is_dir(name):
                io.write_err(f"bash: {name}: Is a directory\n")
                return 126
            if self.fs.is_file(name):
                io.write_err(f"bash: {name}: Permission denied\n")
                return 126
            io.write_err(f"bash: {name}: No such file or directory\n")
            return 127
        io.write_err(flavour.not_found(self, name))
        return 127

    def is_program(self, name: str) -> bool:
        """Whether ``which`` finds it: a tool or registered command that is not a bash built-in."""
        known = name in TOOLS or name in self.commands
        return known and name not in builtins.SHELL_BUILTINS and self.installed(name)

    def kind_of(self, name: str) -> str | None:
        """ "alias", "builtin", "file" (a tool or a registered command) or None."""
        if name in self.state["aliases"]:
            return "alias"
        if name in builtins.SHELL_BUILTINS:
            return "builtin"
        if name in TOOLS or name in self.commands:
            return "file"
        return None

    @staticmethod
    def path_of(name: str) -> str:
        return (
            f"/usr/local/bin/{name}"
            if re.fullmatch(r"kubectl|helm|k9s", name)
            else f"/usr/bin/{name}"
        )
