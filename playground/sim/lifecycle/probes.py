"""Probe results over one container run, computed per interval instead of per probe.

A run's answers to a probe only change at a few instants (a file touched or removed), so the
prober's schedule — ``start + initialDelay + k × period`` — is walked interval by interval:
a 30-day-old pod with a failing readiness probe costs the same as a fresh one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playground.sim.images import Image, page_of
from playground.sim.lifecycle.process import Process
from playground.sim.timefmt import go_duration

Result = tuple[bool, str]

FIRST_LOOK = 0.1  # seconds after a container's start before a probe can reach it


@dataclass
class ProbeTrack:
    kill_at: float | None = None  # failureThreshold-th consecutive failure (liveness/startup)
    first_success: float | None = None
    transitions: list[tuple[float, bool]] = field(default_factory=list)  # readiness flips
    unhealthy: list[tuple[float, float, int, str]] = field(default_factory=list)  # first,last,n,msg
    next_after_now: float | None = None


def probe_defaults(probe: dict[str, Any]) -> tuple[float, float, int, int]:
    return (
        float(probe.get("initialDelaySeconds") or 0),
        float(probe.get("periodSeconds") or 10),
        int(probe.get("successThreshold") or 1),
        int(probe.get("failureThreshold") or 3),
    )


def port_of(value: Any, container: dict[str, Any]) -> int:
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    for port in container.get("ports") or []:
        if port.get("name") == value:
            return int(port["containerPort"])
    return 0


def answer(
    probe: dict[str, Any], proc: Process, image: Image, container: dict[str, Any], ip: str,
    offset: float,
) -> Result:
    """One probe's outcome against the process ``offset`` seconds after it started."""
    if "httpGet" in probe:
        get = probe["httpGet"]
        port = port_of(get.get("port"), container)
        path = get.get("path") or "/"
        if port not in proc.ports:
            return False, (f'Get "http://{ip}:{port}{path}": dial tcp {ip}:{port}: '
                           "connect: connection refused")
        if proc.extras.get("raw_tcp"):  # accepts the connection, never answers HTTP
            return False, (f'Get "http://{ip}:{port}{path}": context deadline exceeded '
                           "(Client.Timeout exceeded while awaiting headers)")
        code = http_answer(proc, image, path, offset)[0]
        if 200 <= code < 400:
            return True, ""
        return False, f"HTTP probe failed with statuscode: {code}"
    if "tcpSocket" in probe:
        port = port_of(probe["tcpSocket"].get("port"), container)
        if port in proc.ports:
            return True, ""
        return False, f"dial tcp {ip}:{port}: connect: connection refused"
    if "grpc" in probe:
        port = int(probe["grpc"].get("port") or 0)
        if port in proc.ports and port in image.grpc_ports:
            return True, ""
        # kubelet dials with grpc.WithBlock until the probe's timeout (pkg/probe/grpc/grpc.go)
        timeout = go_duration(float(probe.get("timeoutSeconds") or 1))
        return False, (f'timeout: failed to connect service "{ip}:{port}" within {timeout}: '
                       "context deadline exceeded")
    if "exec" in probe:
        argv = list(probe["exec"].get("command") or [])
        if not argv:
            return True, ""
        name = argv[0].rsplit("/", 1)[-1]
        if not image.has_binary(name):
            return False, ("OCI runtime exec failed: exec failed: "
                           "unable to start container "
                           f'process: exec: "{argv[0]}": executable file not found in $PATH: '
                           "unknown")
        if name in ("cat", "ls", "test") and len(argv) > 1:
            path = argv[-1]
            if proc.file_exists(path, offset):
                return True, ""
            if "bash" in image.binaries:
                return False, f"{name}: {path}: No such file or directory"
            return False, f"{name}: can't open '{path}': No such file or directory"
        return (name != "false"), ""
    return True, ""


def http_answer(proc: Process, image: Image, path: str, offset: float = 0.0) -> tuple[int, str]:
    """What the process answers ``GET path`` with ``offset`` seconds after it started."""
    if proc.extras.get("python_http"):
        return (200, "") if path in ("/", "") else (404, "")
    table = proc.extras.get("http")
    if table is None:
        return image.respond(path)
    # a mode's own pages, some of which change after a while (agnhost liveness: /healthz)
    merged = dict(table)
    for at, later in proc.extras.get("http_after", ()):
        if offset >= at:  # Go: `time.Since(started).Seconds() > 10`, probed at whole periods
            merged.update(later)
    code, body = page_of(merged, path)
    return code, body.replace("{uptime}", go_duration(offset)).replace(
        "{uptime_seconds}", repr(round(offset, 9)))


def change_offsets(proc: Process) -> list[float]:
    """When a probe's answer may change: the process's file writes and its pages' turns."""
    turns = (at for at, _table in proc.extras.get("http_after", ()))
    return sorted({0.0, *(at for at, _p, _e in proc.files), *turns})


def track(
    probe: dict[str, Any], result: Callable[[float], Result], changes: list[float],
    start: float, active_from: float, end: float, now: float, *, stop_on_kill: bool,
) -> ProbeTrack:
    """Walk a probe's schedule over [active_from, end) of a run that started at ``start``."""
    delay, period, success_th, failure_th = probe_defaults(probe)
    out = ProbeTrack()
    base = start + delay
    k = max(0, math.ceil((active_from - base) / period - 1e-9))
    # A probe due at the very instant the container started cannot see it younger than
    # FIRST_LOOK (the kubelet learns of the start from its runtime, then execs or dials): the
    # shell's first commands (`touch /tmp/ready; …`) have run by then.
    offsets = sorted({0.0 if c <= FIRST_LOOK else c for c in changes})
    bounds = [start + c for c in offsets] + [end]
    fails = oks = 0
    ready: bool | None = None
    for i in range(len(bounds) - 1):
        lo, hi = max(bounds[i], active_from), bounds[i + 1]
        if hi <= lo:
            continue
        k0 = max(k, math.ceil((lo - base) / period - 1e-9))
        if math.isinf(hi):
            k1 = max(k0, math.floor((now - base) / period)) + 1 + failure_th + success_th
        else:
            k1 = math.ceil((hi - base) / period - 1e-9) - 1  # last probe strictly before hi
        if k1 < k0:
            continue
        # The offset itself, not ``bounds[i] - start``: epoch-sized floats would round an
        # offset of 0.05 s down to 0.0499…, before the file the probe looks for exists.
        ok, message = result(offsets[i] or FIRST_LOOK)
        n = k1 - k0 + 1
        if ok:
            need = max(1, success_th - oks)
            if out.first_success is None:
                out.first_success = base + k0 * period
            if ready is not True and need <= n:
                ready = True
                out.transitions.append((base + (k0 + need - 1) * period, True))
            oks, fails = oks + n, 0
        else:
            need = failure_th - fails
            last_k = k1
            if need <= n:
                if stop_on_kill:
                    last_k = k0 + need - 1
                    out.kill_at = base + last_k * period
                if ready is not False:
                    out.transitions.append((base + (k0 + need - 1) * period, False))
                    ready = False
            _record_unhealthy(out, base, period, k0, last_k, message, now)
            fails, oks = fails + n, 0
            if out.kill_at is not None:
                break
        k = k1 + 1
    return out


def _record_unhealthy(
    out: ProbeTrack, base: float, period: float, k0: int, k1: int, message: str, now: float
) -> None:
    first = base + k0 * period
    if first > now:
        out.next_after_now = _min(out.next_after_now, first)
        return
    last_k = min(k1, math.floor((now - base) / period + 1e-9))
    out.unhealthy.append((first, base + last_k * period, last_k - k0 + 1, message))
    if last_k < k1:
        out.next_after_now = _min(out.next_after_now, base + (last_k + 1) * period)


def _min(a: float | None, b: float) -> float:
    return b if a is None else min(a, b)
