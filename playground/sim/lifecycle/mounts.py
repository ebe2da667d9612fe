"""Volumes the kubelet must set up before the pod's sandbox: a configMap, secret or projected
volume whose object (or listed key) is missing fails with FailedMount
(``MountVolume.SetUp failed for volume "v" : configmap "x" not found``) and is tried again
with exponential back-off (0.5 s doubling to 2m2s); the pod waits in ContainerCreating until
the mount succeeds."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from playground.sim.lifecycle.stages import delay
from playground.sim.runtime import sources


@dataclass
class MountWait:
    shift: float = 0.0  # how much later than usual the sandbox starts (inf: not by now)
    occurrences: list[dict[str, Any]] = field(default_factory=list)
    next_attempt: float | None = None  # the next failed attempt's instant (an event count)


def wait(record: dict[str, Any], created: float, now: float) -> MountWait:
    first = created + delay("kubelet-sync")
    history = (record.get("_sim") or {}).get("sources") or {}
    if not history or not sources.mount_errors(record, first):
        return MountWait()
    stop = (record.get("_sim") or {}).get("deleteAt")
    series: dict[str, dict[str, Any]] = {}
    t, backoff = first, delay("mount-retry")
    out = MountWait()
    while True:
        errors = sources.mount_errors(record, t)
        if not errors:
            out.shift = t - first
            break
        if t > now or (stop is not None and t >= float(stop)):
            out.shift = math.inf
            out.next_attempt = t if t > now else None
            break
        for volume, error in errors:
            message = f'MountVolume.SetUp failed for volume "{volume}" : {error}'
            entry = series.setdefault(message, {
                "first": t, "count": 0, "type": "Warning", "reason": "FailedMount",
                "message": message, "component": "kubelet", "fieldPath": ""})
            entry["time"], entry["count"] = t, entry["count"] + 1
        t, backoff = t + backoff, min(backoff * 2, delay("mount-retry-cap"))
    out.occurrences = list(series.values())
    return out
