"""PID 1 programs the catalogue describes beyond "serve its port": multi-mode binaries chosen by
their first argument (agnhost's ``liveness``, ``netexec``, ``serve-hostname``, ``pause``) and
programs whose behaviour follows their flags (vish/stress ``-mem-total``/``-cpus``).

The data (ports, log lines, pages, signal handling) is in ``data/images.json``; this module only
reads a program's argv against it.
"""

from __future__ import annotations

import math
import re
from typing import Any

from playground.sim.images import Image, Mode
from playground.sim.lifecycle.process import Process, argv_of, quantity_bytes

_GO_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$")
_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0,
                   "h": 3600.0}


def plan(image: Image, container: dict[str, Any], memory_limit: int) -> Process | None:
    """The Process of the container's PID 1 when it is the image's own program and that
    program has rules here, else None (``process.plan`` decides)."""
    if not (image.modes or image.program):
        return None
    argv, _default = argv_of(image, container)
    own = (list(image.entrypoint) + list(image.cmd) or [""])[0]
    if not argv or argv[0].rsplit("/", 1)[-1] != own.rsplit("/", 1)[-1]:
        return None
    if image.modes:
        return _moded(image, argv[1:] if argv else [])
    if image.program == "vish-stress":
        return _vish_stress(argv[1:], memory_limit)
    return None


def _flag(args: list[str], name: str) -> str | None:
    """A Go/cobra flag's value: ``--name=v``, ``--name v``, ``-name=v`` or ``-name v``."""
    bare = name.lstrip("-")
    for i, arg in enumerate(args):
        for spelling in (f"--{bare}", f"-{bare}"):
            if arg == spelling and i + 1 < len(args):
                return args[i + 1]
            if arg.startswith(spelling + "="):
                return arg.split("=", 1)[1]
    return None


def _moded(image: Image, args: list[str]) -> Process:
    words = [a for a in args if not a.startswith("-")]
    name = words[0] if words else (image.cmd[0] if image.cmd else "")
    mode = image.modes.get(name)
    if mode is None:
        said = tuple((0.05, line.replace("{mode}", name)) for line in image.unknown_mode_logs)
        return Process(lines=said, exit_after=0.06, exit_code=1, reason="Error",
                       on_sigterm="exit0")
    ports = _ports(mode, args)
    fill = {f"{{port{i}}}": str(p) for i, p in enumerate(ports)}
    lines: list[tuple[float, str]] = []
    for line in mode.logs:
        for key, value in fill.items():
            line = line.replace(key, value)
        lines.append((0.05, line))
    extras = {"http": mode.http, "http_after": mode.http_after} if mode.http else {}
    return Process(lines=tuple(lines), ports=ports, on_sigterm=mode.on_sigterm,
                   stop_lines=mode.stop_logs, extras=extras)


def _ports(mode: Mode, args: list[str]) -> tuple[int, ...]:
    ports = list(mode.ports)
    for flag, index in mode.port_flags:
        value = _flag(args, flag)
        if value is not None and value.isdigit() and index < len(ports):
            ports[index] = int(value)
    return tuple(ports)


def _seconds(text: str) -> float:
    match = _GO_DURATION.match(text)
    return float(match.group(1)) * _DURATION_UNITS[match.group(2)] if match else 0.001


def _vish_stress(args: list[str], memory_limit: int) -> Process:
    """github.com/vishh/stress: logs its plan through glog, spins ``-cpus`` threads, then
    allocates ``-mem-total`` in ``-mem-alloc-size`` steps ``-mem-alloc-sleep`` apart and waits
    forever; a memory limit below the total ends it OOMKilled on the step that crosses it."""
    total = _flag(args, "mem-total") or "0"
    step = _flag(args, "mem-alloc-size") or "4Ki"
    pause = _flag(args, "mem-alloc-sleep") or "1ms"
    cpus = _flag(args, "cpus") or "0"
    head = "I{klog_ts}       1 main.go:"
    lines = [(0.05, f'{head}26] Allocating "{total}" memory, in "{step}" chunks, with a '
                    f"{pause} sleep between allocations")]
    lines += [(0.05, f"{head}39] Spawning a thread to consume CPU")] * max(0, int(
        cpus) if cpus.isdigit() else 0)
    total_bytes, step_bytes = quantity_bytes(total), max(1, quantity_bytes(step))
    steps = total_bytes // step_bytes
    every = _seconds(pause)
    spin = 1000 * (int(cpus) if cpus.isdigit() else 0)  # each thread spins a core
    if memory_limit and total_bytes > memory_limit:
        crossing = math.floor(memory_limit / step_bytes) + 1
        return Process(lines=tuple(lines), exit_after=0.05 + crossing * every, exit_code=137,
                       reason="OOMKilled", memory_bytes=total_bytes, cpu_millis=spin,
                       on_sigterm="ignore")
    lines.append((0.05 + steps * every, f'{head}29] Allocated "{total}" memory'))
    return Process(lines=tuple(lines), memory_bytes=total_bytes, cpu_millis=spin,
                   on_sigterm="ignore")
