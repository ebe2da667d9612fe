"""procps' ``ps`` (what ``apt-get install procps`` puts in a Debian container): ``ps aux``'s
BSD columns and ``ps -ef``'s, over the processes ``process_table`` lists.

Memory figures are those such processes show on a node (the program's usual VSZ and RSS, %MEM
of the node's memory); CPU is 0.0 (idle programs). PID columns are 7 wide: procps 4 sizes
them by the kernel's pid_max, 4194304 on the nodes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from playground.sim import process_table
from playground.sim.containers import image_of

# program (its whole command line, or its first word) → (VSZ KiB, RSS KiB, multi-threaded)
_USAGE: dict[str, tuple[int, int, bool]] = {
    "nginx: worker process": (11872, 2912, False), "nginx:": (11404, 7448, False),
    "redis-server": (147348, 22044, True),
    "bash": (4188, 3520, False), "sh": (2576, 1536, False), "ps": (8092, 3932, False),
    "/pause": (1020, 512, False), "sleep": (2420, 1028, False),
    "grep": (3324, 1536, False),
}
# an image whose PID 1 renames itself (setproctitle) and drops to its own user
_TITLES: dict[str, tuple[str, str]] = {
    "docker.io/library/redis": ("redis", "redis-server *:6379"),
}
_NODE_KIB = 4015812  # a worker's memory (cluster_defaults)


def ps(record: dict[str, Any], container: str, extra: list[str], argv: list[str], tty: bool,
       now: float, started: float | None, after: list[str] | None = None) -> str | None:
    """procps' output for ``argv`` (None: a form not modelled, shown as procps' default);
    ``after``: the pipeline's later stages, running beside ps (children of the shell too)."""
    args = argv[1:]
    bsd = bool(args) and not args[0].startswith("-") and set(args[0]) <= set("auxwf")
    full = bool(args) and args[0].startswith("-") and set(args[0][1:]) <= set("efA")
    if not (bsd and "u" in args[0]) and not (full and "f" in args[0]):
        return None
    image = image_of(record, container)
    users = {str(u.uid): name for name, u in (image.users if image else {}).items()}
    later = list(after or [])
    rows = process_table.processes(record, container, extra if tty else [], argv,
                                   titles=True, after=later)
    head = ("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
            if bsd else "UID          PID    PPID  C STIME TTY          TIME CMD\n")
    lines = [head]
    # the exec's own processes come last: its shell (on a terminal) and ps
    ps_at = len(rows) - 1 - len(later)
    own = {row[0] for row in rows[ps_at - (1 if tty and extra else 0):]}
    shell_pid = rows[ps_at - 1][0] if tty and extra and ps_at > 0 else 0
    for n, (pid, user, cmd, main) in enumerate(rows):
        title = _TITLES.get(image.repository if image else "") if pid == 1 and main else None
        if title is not None and cmd.split()[0].endswith("docker-entrypoint.sh"):
            user, cmd = title
        user = users.get(user, user)[:8]
        vsz, rss, threads = _USAGE.get(cmd) or _USAGE.get(cmd.split()[0].rsplit("/", 1)[-1]) \
            or _USAGE.get(cmd.split()[0], (2420, 1028, False))
        mine = pid in own
        # STAT: the state, s for a session leader, l for threads, + in the foreground
        stat = "S" + ("s" if pid == 1 or (mine and pid == shell_pid) else "") + \
            ("l" if threads else "")
        if n == ps_at:
            stat = "R+" if tty else "Rs"
        elif n > ps_at:  # waiting on the pipe, in the terminal's foreground group
            stat = "S+" if tty else "S"
        at = now if mine else (started if started is not None else now)
        clock = datetime.fromtimestamp(at, tz=UTC).strftime("%H:%M")
        where = "pts/0" if mine and tty else "?"
        if bsd:
            lines.append(f"{user:<8} {pid:>7} {0.0:>4.1f} {100 * rss / _NODE_KIB:>4.1f} "
                         f"{vsz:>6} {rss:>5} {where:<8} {stat:<4} {clock:>5} {'0:00':>6} "
                         f"{cmd}\n")
        else:
            parent = (shell_pid if n >= ps_at and tty else
                      0 if pid == 1 or mine else 1)
            lines.append(f"{user:<8} {pid:>7} {parent:>7} {0:>2} {clock:>5} {where:<8} "
                         f"{'00:00:00':>8} {cmd}\n")
    return "".join(lines)
