"""What a container's PID 1 does: a small rule-based interpreter over image + command/args.

A ``Process`` is a plan relative to the run's start: log lines at offsets, an optional repeating
loop, when (and how) it exits on its own, which ports it listens on, which files it touches
(for exec probes) and how it reacts to SIGTERM.  Log templates stay unrendered until someone
reads the logs, so planning thousands of crash-loop runs stays cheap.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict

from playground.sim.images import Image

_QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)([KMGT]i?|[kmgt]|[BKMGTbkmgt]?)$")
_UNITS = {
    "": 1, "b": 1, "B": 1, "k": 1024, "K": 1024, "m": 1024**2, "M": 1024**2, "g": 1024**3,
    "G": 1024**3, "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3, "Ti": 1024**4,
}
FOREVER = float("inf")


@dataclass(frozen=True)
class Process:
    """The plan of one container run; offsets are seconds after the run started."""

    lines: tuple[tuple[float, str], ...] = ()
    loop: tuple[float, float, tuple[tuple[float, str], ...]] | None = None  # start, period, lines
    exit_after: float = FOREVER
    exit_code: int = 0
    reason: str = "Completed"  # terminated reason when it exits on its own
    start_error: str | None = None  # runc's "exec: ... not found" text: never starts
    ports: tuple[int, ...] = ()
    on_sigterm: str = "exit0"  # exit0 | exit143 | exit2 | ignore
    stop_lines: tuple[str, ...] = ()
    files: tuple[tuple[float, str, bool], ...] = ()  # (offset, path, exists afterwards)
    memory_bytes: int = 0  # what it will try to allocate (OOM check)
    shell_flavour: str = "sh"
    extras: dict[str, Any] = field(default_factory=dict)

    def file_exists(self, path: str, offset: float) -> bool:
        state = False
        for at, name, exists in self.files:
            if name == path and at <= offset:
                state = exists
        return state


def quantity_bytes(text: str | int | None) -> int:
    """Memory quantity (``100Mi``, ``150M``, ``1G``) in bytes; 0 when absent or unreadable."""
    if text is None:
        return 0
    match = _QUANTITY.match(str(text).strip())
    if not match:
        return 0
    number, unit = match.groups()
    if unit in ("M", "G", "T", "k") and str(text).strip()[-1] in "MGTk":
        # Kubernetes quantities: M = 10^6; stress's --vm-bytes uses 2^20 for M but the
        # difference never decides an OOM in the lessons.
        factor = {"k": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4}[unit]
        return int(float(number) * factor)
    return int(float(number) * _UNITS.get(unit, 1))


def argv_of(image: Image, container: dict[str, Any]) -> tuple[list[str], bool]:
    """The argv PID 1 runs and whether it is the image's own default program."""
    command = list(container.get("command") or [])
    args = list(container.get("args") or [])
    if command:
        return command + args, False
    if args:
        if image.entrypoint and not image.args_are_command:
            return list(image.entrypoint) + args, True  # args are flags of the image's program
        if image.dash_args_to and args[0].startswith("-"):
            return [image.dash_args_to, *args], False  # bash's entrypoint: `bash -c …`
        return args, False
    return list(image.entrypoint) + list(image.cmd), True


def plan(image: Image, container: dict[str, Any], memory_limit: int) -> Process:
    """The process a run of ``container`` starts."""
    argv, default = argv_of(image, container)
    if default:
        return _default(image, container)
    return _run_argv(image, container, argv, memory_limit)


def _env_names(container: dict[str, Any]) -> set[str]:
    return {str(e.get("name")) for e in container.get("env") or [] if e.get("name")}


def _default(image: Image, container: dict[str, Any]) -> Process:
    if image.needs_env_any and not (_env_names(container) & set(image.needs_env_any)):
        return Process(
            lines=tuple((0.3, line) for line in image.missing_env_logs),
            exit_after=0.4, exit_code=1, reason="Error", on_sigterm=image.on_sigterm,
        )
    if image.behaviour == "serve":
        return Process(
            lines=tuple((0.2, line) for line in image.logs), ports=image.ports,
            on_sigterm=image.on_sigterm, stop_lines=image.stop_logs,
        )
    if image.behaviour == "exit":
        code = image.exit_code
        return Process(
            lines=tuple((0.05, line) for line in image.logs), exit_after=0.1, exit_code=code,
            reason="Completed" if code == 0 else "Error", on_sigterm=image.on_sigterm,
        )
    # An interactive shell without a terminal reads EOF and exits 0 at once; with stdin
    # (kubectl run -i/-t) it waits for input forever.
    if container.get("stdin"):
        return Process(on_sigterm="ignore")
    return Process(exit_after=0.05, on_sigterm="ignore")


def start_error(name: str) -> str:
    return (
        "failed to create containerd task: failed to create shim task: OCI runtime create "
        "failed: runc create failed: unable to start container process: exec: "
        f'"{name}": executable file not found in $PATH: unknown'
    )


def _run_argv(
    image: Image, container: dict[str, Any], argv: list[str], memory_limit: int
) -> Process:
    exe = argv[0].rsplit("/", 1)[-1]
    default_exe = (list(image.entrypoint) + list(image.cmd) or [""])[0].rsplit("/", 1)[-1]
    if not image.has_binary(exe) and exe != default_exe:
        return Process(start_error=start_error(argv[0]), exit_code=128, reason="StartError")
    if exe in ("sh", "bash", "ash", "dash") and len(argv) >= 3 and argv[1] == "-c":
        return _script(image, argv[2], exe)
    if exe in ("sh", "bash", "ash", "dash"):
        return _default(replace(image, behaviour="shell"), container)
    if exe == "stress" or (exe == "tail" and "/dev/zero" in argv):
        return _memory_hog(image, argv, memory_limit)
    if exe == default_exe or exe in ("httpd-foreground", "nginx", "redis-server", "mysqld"):
        return _default(image, container)
    port = listen_port(exe, argv)
    if port is not None:
        proc = _script(image, " ".join(shlex.quote(a) for a in argv), "sh")
        # PID 1 of a container ignores every signal it installed no handler for (kill(2)):
        # python, nc and busybox httpd leave SIGTERM at its default, so only the SIGKILL at
        # the end of the grace period stops them (exit code 137).
        return replace(proc, on_sigterm="ignore")
    script = " ".join(shlex.quote(a) for a in argv)
    proc = _script(image, script, "sh")
    # A single program as PID 1 (sleep, tail -f) gets no default SIGTERM action: only SIGKILL
    # after the grace period stops it.
    return replace(proc, on_sigterm="ignore")


def _memory_hog(image: Image, argv: list[str], memory_limit: int) -> Process:
    wanted = 1 << 62  # tail /dev/zero grows until something stops it
    if "--vm-bytes" in argv:
        idx = argv.index("--vm-bytes")
        wanted = quantity_bytes(argv[idx + 1]) if idx + 1 < len(argv) else 256 * 1024**2
    lines: tuple[tuple[float, str], ...] = ()
    if argv[0].endswith("stress"):
        lines = ((0.05, "stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"),)
    if memory_limit and wanted > memory_limit:
        return Process(lines=lines, exit_after=1.2, exit_code=137, reason="OOMKilled",
                       memory_bytes=wanted, on_sigterm="exit143")
    return Process(lines=lines, memory_bytes=wanted, on_sigterm="exit143")


# ------------------------------------------------------------------ sh -c scripts


def _split(script: str) -> list[tuple[str, list[str]]]:
    """Script → [(separator-before, argv)], separators ';', '&&', '||', '&', '|'.

    Redirection operators stay in argv as their own tokens (``>``, ``>>``, ``>&``, ``<``…);
    ``_Exec.run`` takes them out again.
    """
    lexer = shlex.shlex(script.replace("\n", ";"), posix=True, punctuation_chars=";&|<>")
    lexer.whitespace_split = True
    out: list[tuple[str, list[str]]] = []
    current: list[str] = []
    sep = ";"
    for token in lexer:
        if token in (";", "&&", "||", "&", "|", ";;"):
            if current:
                out.append((sep, current))
            current, sep = [], token
            continue
        current.append(token)
    if current:
        out.append((sep, current))
    return out


_REDIRECT = re.compile(r"^[&]?[<>]+[&|]?$")


def redirections(argv: list[str]) -> tuple[list[str], str | None, bool]:
    """(argv without redirections, file stdout goes to, whether stderr is discarded).

    ``date >> /data/log`` writes nothing to the container log; ``2>/dev/null`` hides errors.
    """
    words: list[str] = []
    stdout_to: str | None = None
    quiet_errors = False
    i = 0
    while i < len(argv):
        token = argv[i]
        if not _REDIRECT.match(token):
            words.append(token)
            i += 1
            continue
        fd = "1"
        if words and words[-1] in ("0", "1", "2") and ">" in token:
            fd = words.pop()
        target = argv[i + 1] if i + 1 < len(argv) else ""
        i += 2
        if token.startswith("<"):
            continue
        if token.endswith("&") and target.isdigit():
            continue  # 2>&1: stderr follows stdout into the log
        if token.startswith("&"):
            stdout_to, quiet_errors = target, True
        elif fd == "2":
            quiet_errors = True
        else:
            stdout_to = target
    return words, stdout_to, quiet_errors


def _not_found(flavour: str, name: str) -> str:
    if flavour == "bash":
        return f"bash: line 1: {name}: command not found"
    if flavour == "dash":
        return f"sh: 1: {name}: not found"
    return f"sh: {name}: not found"


def follows(argv: list[str]) -> bool:
    """Whether ``tail`` keeps following (``-f``, ``-F``, ``-fn 5``, ``--follow[=name]``)."""
    for arg in argv[1:]:
        if arg.startswith("--follow") or arg == "--retry":
            return True
        if arg.startswith("-") and not arg.startswith("--") and arg[1:2].isalpha():
            flags = re.match(r"-([a-zA-Z]*)", arg)
            if flags and ("f" in flags.group(1) or "F" in flags.group(1)):
                return True
    return False


def listen_port(name: str, argv: list[str]) -> int | None:
    """The TCP port a server command blocks on (None when it is not a server)."""
    args = argv[1:]
    if name in ("python", "python3") and args[:2] == ["-m", "http.server"]:
        numbers = [a for a in args[2:] if a.isdigit()]
        return int(numbers[0]) if numbers else 8000
    if name in ("nc", "netcat", "ncat") and any(
            a.startswith("-") and "l" in a and not a.startswith("--") for a in args):
        for i, arg in enumerate(args):
            if arg.startswith("-") and arg.endswith("p") and i + 1 < len(args):
                if args[i + 1].isdigit():
                    return int(args[i + 1])
        numbers = [a for a in args if a.isdigit()]
        return int(numbers[-1]) if numbers else None
    if name == "httpd" and "-f" in args:  # busybox httpd in the foreground
        if "-p" in args and args.index("-p") + 1 < len(args):
            port = args[args.index("-p") + 1].rsplit(":", 1)[-1]
            return int(port) if port.isdigit() else 80
        return 80
    return None


@dataclass
class _Exec:
    image: Image
    flavour: str
    t: float = 0.05
    lines: list[tuple[float, str]] = field(default_factory=list)
    files: list[tuple[float, str, bool]] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    status: int = 0
    exited: bool = False
    forever: bool = False
    http_server: bool = False

    def say(self, text: str, stdout_to: str | None) -> None:
        if stdout_to is None:
            self.lines.append((self.t, text))
        elif stdout_to != "/dev/null":
            self.files.append((self.t, stdout_to, True))

    def run(self, raw: list[str]) -> None:
        argv, stdout_to, quiet = redirections(raw)
        if stdout_to is not None and stdout_to != "/dev/null":
            self.files.append((self.t, stdout_to, True))  # the shell creates it first
        if not argv:
            self.status = 0
            return
        name = argv[0].rsplit("/", 1)[-1]
        port = listen_port(name, argv) if self.image.has_binary(name) else None
        if name == "echo":
            words = [a for a in argv[1:] if a != "-n"]
            self.say(" ".join(words), stdout_to)
            self.status = 0
        elif name == "sleep":
            arg = argv[1] if len(argv) > 1 else "0"
            if arg in ("infinity", "inf"):
                self.forever = True
            else:
                try:
                    self.t += float(re.sub(r"[smhd]$", "", arg) or 0) * {
                        "s": 1, "m": 60, "h": 3600, "d": 86400}.get(arg[-1], 1)
                except ValueError:
                    self.status = 1
                    return
            self.status = 0
        elif name == "exit":
            self.status = int(argv[1]) if len(argv) > 1 and argv[1].lstrip("-").isdigit() else 0
            self.exited = True
        elif name == "touch":
            for path in argv[1:]:
                self.files.append((self.t, path, True))
            self.status = 0
        elif name == "rm":
            for path in argv[1:]:
                if not path.startswith("-"):
                    self.files.append((self.t, path, False))
            self.status = 0
        elif name in ("true", ":"):
            self.status = 0
        elif name == "false":
            self.status = 1
        elif name == "tail" and follows(argv):
            self.forever = True  # a log shipper: waits for new lines forever
        elif port is not None:
            self.forever = True
            self.ports.append(port)
            self.http_server = name.startswith("python") or name == "httpd"
            if name.startswith("python"):
                self.say(f"Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...",
                         stdout_to)
        elif name == "date":
            self.say("{date}", stdout_to)
            self.status = 0
        elif name == "hostname":
            self.say("{hostname}", stdout_to)
            self.status = 0
        elif not self.image.has_binary(name):
            if not quiet:
                self.lines.append((self.t, _not_found(self.flavour, name)))
            self.status = 127
        else:
            self.status = 0


def _script(image: Image, script: str, shell: str) -> Process:
    flavour = "bash" if shell == "bash" else ("dash" if "bash" in image.binaries else "sh")
    try:
        commands = _split(script)
    except ValueError:
        line = f"{shell}: -c: line 1: unexpected EOF while looking for matching quote"
        return Process(lines=((0.05, line),), exit_after=0.06, exit_code=2, reason="Error",
                       on_sigterm="ignore")
    ex = _Exec(image, flavour)
    i = 0
    while i < len(commands) and not (ex.exited or ex.forever):
        sep, argv = commands[i]
        if sep == "&&" and ex.status != 0 or sep == "||" and ex.status == 0:
            i += 1
            continue
        if argv[0] == "while":
            body, i = _loop_body(commands, i)
            return _looping(ex, body, image, flavour)
        ex.run(argv)
        i += 1
    base = _ShellPlan(lines=tuple(ex.lines), files=tuple(ex.files), on_sigterm="ignore",
                      shell_flavour=flavour)
    if ex.forever:
        return Process(ports=tuple(ex.ports), extras=_server_extras(ex),
                       **base)
    code = ex.status
    return Process(exit_after=ex.t + 0.01, exit_code=code,
                   reason="Completed" if code == 0 else "Error", **base)


class _ShellPlan(TypedDict):
    """The Process fields a shell script's run sets whether it serves forever or exits."""

    lines: tuple[tuple[float, str], ...]
    files: tuple[tuple[float, str, bool], ...]
    on_sigterm: str
    shell_flavour: str


def _server_extras(ex: _Exec) -> dict[str, Any]:
    if not ex.ports:
        return {}
    return {"python_http": True} if ex.http_server else {"raw_tcp": True}


def _loop_body(
    commands: list[tuple[str, list[str]]], i: int
) -> tuple[list[tuple[str, list[str]]], int]:
    """Commands between ``do`` and ``done`` of a ``while …; do …; done`` starting at i."""
    body: list[tuple[str, list[str]]] = []
    j = i + 1
    while j < len(commands) and commands[j][1][0] != "do":
        j += 1
    if j < len(commands):
        first = commands[j][1][1:]
        if first:
            body.append((";", first))
        j += 1
    while j < len(commands) and commands[j][1][0] != "done":
        body.append(commands[j])
        j += 1
    return body, j + 1


def _looping(ex: _Exec, body: list[tuple[str, list[str]]], image: Image, flavour: str) -> Process:
    start = ex.t
    inner = _Exec(image, flavour, t=0.0)
    for _sep, argv in body:
        inner.run(argv)
        if inner.exited or inner.forever:
            break
    if inner.exited:
        lines = tuple(ex.lines) + tuple((start + t, text) for t, text in inner.lines)
        code = inner.status
        return Process(lines=lines, exit_after=start + inner.t + 0.01, exit_code=code,
                       reason="Completed" if code == 0 else "Error", on_sigterm="ignore")
    period = inner.t if inner.t > 0 else 1.0  # a busy loop still needs a finite log rate
    return Process(
        lines=tuple(ex.lines), loop=(start, period, tuple(inner.lines)),
        files=tuple(ex.files) + tuple((start + t, p, e) for t, p, e in inner.files),
        on_sigterm="ignore", shell_flavour=flavour,
    )
