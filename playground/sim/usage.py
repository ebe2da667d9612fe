"""What a running container uses, as the kubelet's cAdvisor measures it and metrics-server
reports it: CPU as a rate over the scrape window (nanocores), memory as the working set (bytes).

The figures come from the simulated process: the image's idle figure (catalogue ``usage``)
plus what its program's flags make it take (stress's ``--vm-bytes``/``--cpu``, vish/stress's
``-cpus``: ``Process.cpu_millis``/``memory_bytes``). A CPU limit is a CFS quota: a process
that wants more is throttled to just under it (the CPU page shows 974m for a limit of 1 and a
program spinning two threads). Memory past the limit never shows: the lifecycle ends such a
run OOMKilled first. Readings wobble from one scrape window to the next, as real ones do.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Any

from playground.sim.images import Image, lookup
from playground.sim.lifecycle import programs
from playground.sim.lifecycle.process import plan
from playground.sim.lifecycle.records import memory_limit
from playground.sim.lifecycle.schedule import cpu_millis
from playground.sim.runtime import envvars

NANO_PER_MILLI = 1_000_000
PAGE = 4096
# A throttled process is read this far under its quota (periods lost to throttling).
THROTTLED_SHARE = 0.974
# How far one scrape window's reading strays from the process's steady figure.
CPU_WOBBLE = 0.10
THROTTLED_WOBBLE = 0.002  # a throttled process stays close to its quota
BUSY_WOBBLE = 0.01  # a program spinning whole cores (stress) stays close to them
MEMORY_WOBBLE = 0.02
# What a node itself uses beside its pods (kernel, systemd, kubelet, containerd, page cache
# that counts in its working set): CPU millicores, memory bytes.
NODE_OVERHEAD = {"control-plane": (70, 900 * 1024**2), "worker": (35, 420 * 1024**2)}


@dataclass(frozen=True)
class Reading:
    """One container's usage over a scrape window."""

    name: str
    cpu_nanos: int
    memory: int


def _rng(*purpose: object) -> random.Random:
    digest = hashlib.sha256("/".join(str(p) for p in purpose).encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


@dataclass(frozen=True)
class Steady:
    """What a container's process settles at."""

    cpu_millis: float
    throttled: bool  # held at its CPU limit (or the node's cores)
    busy: bool  # its program spins at least a core of its own
    idle_memory: int  # the image's own working set
    allocated: int  # what its program allocates on top (stress)


def steady(record: dict[str, Any], container: dict[str, Any], node_cpu: int,
           node_memory: int) -> Steady | None:
    """The container's steady usage, or None when its image is not in the catalogue."""
    image: Image | None = lookup(str(container.get("image") or ""))
    if image is None:
        return None
    prepared = envvars.prepared(record, container)
    limit = memory_limit(container)
    proc = programs.plan(image, prepared, limit) or plan(image, prepared, limit)
    cpu = float(image.idle_cpu_millis + proc.cpu_millis)
    quota = cpu_millis(((container.get("resources") or {}).get("limits") or {}).get("cpu"))
    ceiling = min(quota, node_cpu) if quota else node_cpu
    # held at the quota (or at all the node's cores): read just under it, never above
    throttled = cpu > ceiling * THROTTLED_SHARE
    if throttled:
        cpu = ceiling * THROTTLED_SHARE
    allocated = min(proc.memory_bytes, limit or node_memory, node_memory)
    return Steady(cpu, throttled, proc.cpu_millis >= 1000, image.idle_memory, allocated)


def reading(record: dict[str, Any], container: dict[str, Any], window: int, node_cpu: int,
            node_memory: int) -> Reading | None:
    """The container's usage over scrape window number ``window`` (its wobble is seeded by
    the pod, the container and the window)."""
    figures = steady(record, container, node_cpu, node_memory)
    if figures is None:
        return None
    rng = _rng((record.get("_sim") or {}).get("seed", ""), container["name"], window)
    wobble = (THROTTLED_WOBBLE if figures.throttled else BUSY_WOBBLE if figures.busy
              else CPU_WOBBLE)
    cpu_nanos = int(figures.cpu_millis * NANO_PER_MILLI * (1 + rng.uniform(-wobble, wobble)))
    idle = int(figures.idle_memory * (1 + rng.uniform(-MEMORY_WOBBLE, MEMORY_WOBBLE)))
    memory = (idle + figures.allocated) // PAGE * PAGE  # a working set is whole pages
    return Reading(container["name"], max(0, cpu_nanos), memory)


def node_overhead(node: dict[str, Any], window: int) -> tuple[int, int]:
    """(CPU nanocores, memory bytes) a node uses beside its pods over a scrape window."""
    labels = node["metadata"].get("labels") or {}
    role = "control-plane" if "node-role.kubernetes.io/control-plane" in labels else "worker"
    cpu, memory = NODE_OVERHEAD[role]
    rng = _rng(node["metadata"].get("uid", ""), window)
    return (int(cpu * NANO_PER_MILLI * (1 + rng.uniform(-CPU_WOBBLE, CPU_WOBBLE))),
            int(memory * (1 + rng.uniform(-MEMORY_WOBBLE, MEMORY_WOBBLE))) // PAGE * PAGE)
