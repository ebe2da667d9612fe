"""``ping`` for container shells, in busybox's output format (busybox and alpine images).

ICMP inside the simulated cluster: localhost and the pod's own IP answer at once, other pods
answer across the flat pod network (one routing hop more on the same node, two across nodes;
TTL 64 − hops), a Service's ClusterIP never answers (kube-proxy only forwards its ports), and
names that resolve nowhere fail like busybox. Round-trip times come from a hash of the target
and sequence number, so a replay prints the same numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from playground.sim.shell import Io


@dataclass(frozen=True)
class Route:
    """Where a name leads: its address and, if it answers, the hops to it (None: silence)."""

    ip: str
    hops: int | None


Resolver = Callable[[str], Route | None]  # None: the name does not resolve

_BASE_RTT = {0: 0.04, 1: 0.07, 2: 0.45}  # ms: loopback, same node, across nodes


def _rtt(ip: str, hops: int, seq: int) -> float:
    digest = hashlib.sha256(f"ping/{ip}/{seq}".encode()).hexdigest()
    jitter = int(digest[:8], 16) / float(1 << 32)
    base = _BASE_RTT.get(hops, 0.45)
    return round(base * (0.8 + 0.6 * jitter), 3)


def _usage(io: Io) -> int:
    io.write_err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                 "Usage: ping [OPTIONS] HOST\n")
    return 1


def ping(argv: list[str], io: Io, resolve: Resolver) -> int:
    """busybox ``ping [-c N] [-q] HOST``. Without ``-c`` the learner would stop it with
    Ctrl-C; a command here cannot stream, so it stops after 4 packets as if interrupted."""
    count = 4
    quiet = False
    host = ""
    args = iter(argv[1:])
    for arg in args:
        if arg == "-c" or (arg.startswith("-c") and arg[2:].isdigit()):
            value = arg[2:] or next(args, "")
            if not value.isdigit():
                io.write_err(f"ping: invalid number '{value}'\n")
                return 1
            count = max(1, int(value))
        elif arg == "-q":
            quiet = True
        elif arg in ("-W", "-w", "-s", "-i", "-t", "-I"):
            next(args, "")
        elif arg.startswith("-"):
            continue
        else:
            host = arg
    if not host:
        return _usage(io)
    route = resolve(host)
    if route is None:
        io.write_err(f"ping: bad address '{host}'\n")
        return 1
    io.write_out(f"PING {host} ({route.ip}): 56 data bytes\n")
    times: list[float] = []
    if route.hops is not None:
        ttl = 64 - route.hops
        for seq in range(count):
            times.append(_rtt(route.ip, route.hops, seq))
            if not quiet:
                io.write_out(f"64 bytes from {route.ip}: seq={seq} ttl={ttl} "
                             f"time={times[-1]:.3f} ms\n")
    lost = 100 * (count - len(times)) // count
    io.write_out(f"\n--- {host} ping statistics ---\n"
                 f"{count} packets transmitted, {len(times)} packets received, "
                 f"{lost}% packet loss\n")
    if times:
        avg = sum(times) / len(times)
        io.write_out(f"round-trip min/avg/max = {min(times):.3f}/{avg:.3f}/{max(times):.3f} ms\n")
        return 0
    return 1
