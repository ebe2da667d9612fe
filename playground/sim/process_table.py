"""The processes a shell in a container sees (``ps``, ``kill``'s pids): its container's PID 1,
or with ``shareProcessNamespace`` the pod's pause process and every container's processes."""

from __future__ import annotations

from typing import Any

from playground.sim.containers import container_spec, image_of, main_argv
from playground.sim.runtime import security

_PS_NAMES: dict[str, tuple[tuple[str | None, str], ...]] = {
    "docker.io/library/nginx": ((None, "nginx: master process nginx -g daemon off;"),
                                ("101", "nginx: worker process")),
}


def processes(record: dict[str, Any], container: str, extra: list[str],
              ps_argv: list[str] | None = None) -> list[tuple[int, str, str, str | None]]:
    """(pid, user, command line, container it is the main process of) of what a shell in
    ``container`` sees: its container's PID 1, or with ``shareProcessNamespace`` the pod's
    pause process as PID 1 and every container's processes; then the shell and ``ps``."""
    rows: list[tuple[int, str, str, str | None]] = []

    def add(user: str, line: str, main: str | None) -> None:
        rows.append((rows[-1][0] + 6 if rows else 1, user, line, main))

    respawned: list[tuple[int, str, str]] = []  # (reloads, user, line) of new workers
    if record["spec"].get("shareProcessNamespace"):
        rows.append((1, "root", "/pause", None))
        for spec in record["spec"]["containers"]:
            user = security.identity(record, spec).user
            image = image_of(record, spec["name"])
            named = _PS_NAMES.get(image.repository if image else "", ())
            if spec.get("command") or spec.get("args") or not named:
                named = ((None, main_argv(record, spec["name"])),)
            reloads = _hangups(record, spec["name"]) if len(named) > 1 else 0
            for i, (own_user, line) in enumerate(named):
                if i and reloads:  # SIGHUP: the master started new workers after the shells
                    respawned.append((reloads, own_user or user, line))
                rows.append((rows[-1][0] + (7 if len(rows) == 1 else 6), own_user or user, line,
                             _EXITED if i and reloads else spec["name"] if i == 0 else None))
    else:
        spec = container_spec(record, container) or {}
        add(security.identity(record, spec).user, main_argv(record, container), container)
    user = security.identity(record, container_spec(record, container) or {}).user
    for name in extra:
        add(user, name, None)
    for reloads, own_user, line in respawned:
        # each reload's workers (and the ps of those days) took pids: the newest comes later
        rows.append((rows[-1][0] + 6 * reloads, own_user, line, None))
    add(user, " ".join(ps_argv or ["ps"]), None)
    return [row for row in rows if row[3] != _EXITED]


_EXITED = "\0exited"  # a worker the reload replaced: its pid stays used, the row goes


def _hangups(record: dict[str, Any], container: str) -> int:
    """SIGHUPs sent to the container's main process (a master process reloads on each)."""
    return sum(1 for sent in record["_sim"].get("signals") or []
               if sent.get("container") == container and int(sent.get("signal", 0)) == 1)


def pids(record: dict[str, Any], container: str, extra: list[str]) -> dict[int, str | None]:
    """Each visible pid → the container whose main process it is (None: another process)."""
    return {pid: main for pid, _user, _cmd, main in processes(record, container, extra)}


def ps_lines(record: dict[str, Any], container: str, busybox: bool, extra: list[str],
             ps_argv: list[str] | None = None) -> str:
    """What ``ps`` shows (busybox's columns, or procps' PID TTY TIME CMD)."""
    rows = processes(record, container, extra, ps_argv)
    if busybox:
        head = "PID   USER     TIME  COMMAND\n"
        return head + "".join(f"{pid:>5} {user:<8}  0:00 {cmd}\n" for pid, user, cmd, _m in rows)
    head = "    PID TTY          TIME CMD\n"
    return head + "".join(
        f"{pid:>7} {'?' if pid == 1 else 'pts/0':<8} 00:00:00 {cmd.split()[0].rsplit('/', 1)[-1]}\n"
        for pid, _user, cmd, _main in rows
    )
