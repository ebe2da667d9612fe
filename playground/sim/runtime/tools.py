"""Programs of a container shell that read what the kubelet set up: ``printenv``, ``id`` and
the ``kill`` built-in (whose signal to PID 1 may end the container)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playground.sim.runtime import security
from playground.sim.shell import Io, Shell

CommandFn = Callable[[list[str], "str | None", Io], int]
_SIGNALS = {"HUP": 1, "INT": 2, "QUIT": 3, "KILL": 9, "USR1": 10, "USR2": 12, "TERM": 15}


def commands(record: dict[str, Any], name: str, shell: Callable[[], Shell],
             signal_main: Callable[[str, int], None], attached: bool = False
             ) -> dict[str, CommandFn]:
    """The commands of a shell in container ``name`` (``shell()`` is that shell, made after
    them); ``signal_main(signal)`` delivers a signal to the container's PID 1 (its process
    decides what it does with it; a pod sharing its process namespace has the pause process
    as PID 1, which ignores what it is sent)."""
    # containers builds the shells these run in
    from playground.sim import container_processes, containers

    container = containers.container_spec(record, name) or {"name": name}
    who = security.identity(record, container)
    shell_name = "bash" if containers.profile(record, name).shell_name == "bash" else "sh"

    def environment() -> dict[str, str]:
        return shell().environment()

    def pids() -> dict[int, str | None]:
        return container_processes.pids(record, name,
                                        [] if attached else [shell().profile.shell_name])

    def printenv(argv: list[str], stdin: str | None, io: Io) -> int:
        del stdin
        env = environment()
        if len(argv) == 1:
            io.write_out("".join(f"{k}={v}\n" for k, v in env.items()))
            return 0
        for name in argv[1:]:
            if name in env:
                io.write_out(env[name] + "\n")
        return 0 if all(name in env for name in argv[1:]) else 1

    def id_(argv: list[str], stdin: str | None, io: Io) -> int:
        del stdin
        flags = "".join(a[1:] for a in argv[1:] if a.startswith("-"))
        if "u" in flags:
            io.write_out((who.user if "n" in flags else str(who.uid)) + "\n")
        elif "G" in flags:
            io.write_out(" ".join(str(g) for g in who.groups) + "\n")
        elif "g" in flags:
            io.write_out((who.group if "n" in flags else str(who.gid)) + "\n")
        else:
            io.write_out(security.id_line(who) + "\n")
        return 0

    def kill(argv: list[str], stdin: str | None, io: Io) -> int:
        del stdin
        args = argv[1:]
        signal = 15
        if args and args[0] == "-s" and len(args) > 1:
            signal, args = _SIGNALS.get(args[1].upper().removeprefix("SIG"), 0), args[2:]
        elif args and args[0].startswith("-") and args[0] != "--":
            name = args[0][1:].upper().removeprefix("SIG")
            signal = int(name) if name.isdigit() else _SIGNALS.get(name, 0)
            args = args[1:]
        if args and args[0] == "--":
            args = args[1:]
        if not args or signal == 0:
            io.write_err(_usage(shell_name))
            return 2 if shell_name == "bash" else 1
        status = 0
        visible = pids()
        for pid in args:
            if not pid.isdigit() or int(pid) not in visible:
                io.write_err(_no_such(shell_name, pid))
                status = 1
            elif visible[int(pid)] is not None:
                signal_main(str(visible[int(pid)]), signal)
        return status

    return {"printenv": printenv, "id": id_, "kill": kill}


def _usage(shell_name: str) -> str:
    if shell_name == "bash":
        return ("bash: kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... "
                "or kill -l [sigspec]\n")
    return ("sh: kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\n"
            "kill -l [exitstatus]\n")


def _no_such(shell_name: str, pid: str) -> str:
    if not pid.isdigit():
        if shell_name == "bash":
            return f"bash: kill: {pid}: arguments must be process or job IDs\n"
        return f"sh: kill: invalid number '{pid}'\n"
    if shell_name == "bash":
        return f"bash: kill: ({pid}) - No such process\n"
    return f"sh: can't kill pid {pid}: No such process\n"
