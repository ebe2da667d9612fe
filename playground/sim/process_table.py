"""The processes a shell in a container sees (``ps``, ``kill``'s pids): its container's PID 1,
or with ``shareProcessNamespace`` the pod's pause process and every container's processes; an
ephemeral container with a target lives in the target's namespace, after its processes."""

from __future__ import annotations

from typing import Any

from playground.sim.containers import container_spec, image_of, main_argv
from playground.sim.runtime import security

_PS_NAMES: dict[str, tuple[tuple[str | None, str], ...]] = {
    "docker.io/library/nginx": ((None, "nginx: master process nginx -g daemon off;"),
                                ("101", "nginx: worker process")),
}


def processes(record: dict[str, Any], container: str, extra: list[str],
              ps_argv: list[str] | None = None, titles: bool = False,
              after: list[str] | None = None) -> list[tuple[int, str, str, str | None]]:
    """(pid, user, command line, container it is the main process of) of what a shell in
    ``container`` sees: its container's PID 1, or with ``shareProcessNamespace`` the pod's
    pause process as PID 1 and every container's processes; then the shell and ``ps``
    (``titles``: the container's own main process is named as the program renamed itself and
    its workers are listed, as procps' ``ps aux`` reads /proc; BusyBox's shows the argv);
    ``after``: the pipeline's stages after ps (``ps aux | grep x``), forked right after it."""
    rows: list[tuple[int, str, str, str | None]] = []

    def add(user: str, line: str, main: str | None) -> None:
        rows.append((rows[-1][0] + 6 if rows else 1, user, line, main))

    respawned: list[tuple[int, str, str]] = []  # (reloads, user, line) of new workers

    def add_main(name: str, gap: int, seen_from_outside: bool = True) -> None:
        """A container's main process (and, seen from another container, the workers some
        images fork; a SIGHUP to the master replaces them after the shells)."""
        spec = container_spec(record, name) or {}
        user = security.identity(record, spec).user
        image = image_of(record, name)
        named = _PS_NAMES.get(image.repository if image else "", ()) \
            if seen_from_outside or titles else ()
        if spec.get("command") or spec.get("args") or not named:
            named = ((None, main_argv(record, name)),)
        reloads = _hangups(record, name) if len(named) > 1 else 0
        for i, (own_user, line) in enumerate(named):
            if i and reloads:
                respawned.append((reloads, own_user or user, line))
            rows.append((rows[-1][0] + (gap if i == 0 else 6) if rows else 1, own_user or user,
                         line, _EXITED if i and reloads else name if i == 0 else None))

    if record["spec"].get("shareProcessNamespace"):
        rows.append((1, "root", "/pause", None))
        for i, spec in enumerate(record["spec"]["containers"]):
            add_main(spec["name"], 7 if i == 0 else 6)
    else:
        # an ephemeral container with a target (`kubectl debug --target`) lives in the
        # target's PID namespace: PID 1 is the target's process, its own main process follows
        own = container_spec(record, container) or {}
        target = str(own.get("targetContainerName") or "")
        for name in ([target] if target else []) + [container]:
            add_main(name, 6, name != container)
    user = security.identity(record, container_spec(record, container) or {}).user
    for name in extra:
        add(user, name, None)
    for reloads, own_user, line in respawned:
        # each reload's workers (and the ps of those days) took pids: the newest comes later
        rows.append((rows[-1][0] + 6 * reloads, own_user, line, None))
    add(user, " ".join(ps_argv or ["ps"]), None)
    for line in after or []:
        rows.append((rows[-1][0] + 1, user, line, None))  # the shell forks them one by one
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
             ps_argv: list[str] | None = None, after: list[str] | None = None) -> str:
    """What ``ps`` shows (busybox's columns, or procps' PID TTY TIME CMD)."""
    rows = processes(record, container, extra, ps_argv, after=after)
    if busybox:
        head = "PID   USER     TIME  COMMAND\n"
        # BusyBox prints the user as %-8.8s: a longer name is cut (agnhost's user-def…)
        return head + "".join(f"{pid:>5} {user[:8]:<8}  0:00 {cmd}\n"
                              for pid, user, cmd, _m in rows)
    head = "    PID TTY          TIME CMD\n"
    return head + "".join(
        f"{pid:>7} {'?' if pid == 1 else 'pts/0':<8} 00:00:00 {cmd.split()[0].rsplit('/', 1)[-1]}\n"
        for pid, _user, cmd, _main in rows
    )
