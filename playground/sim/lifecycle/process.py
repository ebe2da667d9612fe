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
from typing import Any

from playground.sim.images import Image
from playground.sim.runtime.programs import installed

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
    # what the process wrote into files: (offset, path, text, appended)
    writes: tuple[tuple[float, str, str, bool], ...] = ()
    memory_bytes: int = 0  # what it will try to allocate (OOM check; its working set above idle)
    cpu_millis: int = 0  # the CPU it tries to use above the image's idle figure (kubectl top)
    shell_flavour: str = "sh"
    extras: dict[str, Any] = field(default_factory=dict)

    def file_text(self, path: str, offset: float) -> str | None:
        """What the process had written to ``path`` by ``offset`` (None: never written)."""
        return text_of(list(self.writes), path, offset)

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
    # the script interpreter builds Processes: imported here, where it is needed
    from playground.sim.lifecycle.script import run_script as _script

    exe = argv[0].rsplit("/", 1)[-1]
    default_exe = (list(image.entrypoint) + list(image.cmd) or [""])[0].rsplit("/", 1)[-1]
    if not installed(image, exe) and exe != default_exe:
        return Process(start_error=start_error(argv[0]), exit_code=128, reason="StartError")
    env = dict(container.get("_environment") or {})
    if exe in ("sh", "bash", "ash", "dash") and len(argv) >= 3 and argv[1] == "-c":
        return _script(image, argv[2], exe, env, files=container.get("_files"),
                       dns=container.get("_dns"))
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
    proc = _script(image, script, "sh", env, shell_vars=False)
    # A single program as PID 1 (sleep, tail -f) gets no default SIGTERM action: only SIGKILL
    # after the grace period stops it.
    return replace(proc, on_sigterm="ignore")


def stress_bytes(text: str) -> int:
    """stress's own size argument (``150M``): b, k, m, g in powers of 1024, either case."""
    text = text.strip()
    factor = {"b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}.get(text[-1:].lower())
    number = text[:-1] if factor else text
    try:
        return int(float(number) * (factor or 1))
    except ValueError:
        return 0


def _stress_count(argv: list[str], flag: str) -> int:
    if flag in argv and argv.index(flag) + 1 < len(argv):
        value = argv[argv.index(flag) + 1]
        return int(value) if value.isdigit() else 0
    return 0


def _memory_hog(image: Image, argv: list[str], memory_limit: int) -> Process:
    wanted = 1 << 62  # tail /dev/zero grows until something stops it
    cpu = 1000  # tail reading /dev/zero spins one core
    if argv[0].endswith("stress"):
        # stress --vm N --vm-bytes B: N workers each keep B dirty; without --vm-hang they
        # free and re-dirty it at once (a core each), with it they sleep between rounds
        workers = _stress_count(argv, "--vm")
        size = stress_bytes(argv[argv.index("--vm-bytes") + 1]) if "--vm-bytes" in argv and \
            argv.index("--vm-bytes") + 1 < len(argv) else 256 * 1024**2
        wanted = workers * size
        hang = _stress_count(argv, "--vm-hang")
        per_vm = max(1, round(size / 1024**2 * 0.3 / hang)) if hang else 1000
        cpu = _stress_count(argv, "--cpu") * 1000 + workers * per_vm
    lines: tuple[tuple[float, str], ...] = ()
    if argv[0].endswith("stress"):
        lines = ((0.05, "stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"),)
    if memory_limit and wanted > memory_limit:
        return Process(lines=lines, exit_after=1.2, exit_code=137, reason="OOMKilled",
                       memory_bytes=wanted, cpu_millis=cpu, on_sigterm="exit143")
    return Process(lines=lines, memory_bytes=wanted, cpu_millis=cpu, on_sigterm="exit143")


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


def text_of(writes: list[tuple[float, str, str, bool]], path: str, t: float) -> str | None:
    text: str | None = None
    for at, name, chunk, appended in writes:
        if name == path and at <= t:
            text = (text or "") + chunk if appended else chunk
    return text
