"""What the container walk records: the pod facts it needs, each run, each container's track.

``container.py`` fills these in; ``engine.py`` turns tracks into container statuses and
``logs.py`` reads runs back as log text.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playground.sim.images import Image
from playground.sim.lifecycle.process import Process, quantity_bytes
from playground.sim.runtime import termination
from playground.sim.timefmt import go_duration, rfc3339

INF = math.inf


@dataclass
class PodContext:
    """Facts about the pod every container simulation needs."""

    name: str
    namespace: str
    uid: str
    seed: str
    ip: str
    restart_policy: str
    grace: float  # spec.terminationGracePeriodSeconds
    delete_at: float | None
    delete_grace: float
    pulls: dict[str, Any]
    image_changes: list[dict[str, Any]]
    now: float
    # the learner ended an attached shell (PID 1 of a `kubectl run -it` container): when, how
    shell_exits: list[dict[str, Any]] = field(default_factory=list)
    # signals the learner sent to a container's PID 1 (`kill 1` in its shell): when, which
    signals: list[dict[str, Any]] = field(default_factory=list)
    # files the learner created or removed through `kubectl exec`: when, where, which
    file_changes: list[dict[str, Any]] = field(default_factory=list)
    # the stored pod: what the Downward API, env expansion and securityContext read
    record: dict[str, Any] = field(default_factory=dict)
    # what cluster DNS answered when, for a pod whose scripts run nslookup (dns_history.py)
    dns: list[dict[str, Any]] | None = None

    @property
    def pod_ref(self) -> str:
        return f"{self.name}_{self.namespace}({self.uid})"


@dataclass
class Run:
    index: int
    image: Image
    start: float
    end: float  # INF while it runs
    exit_code: int
    reason: str
    proc: Process
    container_id: str
    sigterm_at: float | None = None
    message: str | None = None
    # what its lifecycle handlers wrote: (instant, path, text, appended)
    hook_writes: list[tuple[float, str, str, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class Cause:
    """One decision the walk made, kept so ``why`` can say what caused a state (the walk's own
    record, never re-derived): at ``at``, ``kind`` happened because of ``path`` (a field path
    into the pod's spec, or metadata), with the values the decision used."""

    at: float
    kind: str  # started | exited | restart | not-restarted | probe-failed | probe-kill | ...
    path: str  # the field that decided it
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Track:
    name: str
    kind: str  # "init" | "app"
    spec: dict[str, Any]
    segments: list[tuple[float, Callable[[], dict[str, Any]]]] = field(default_factory=list)
    occurrences: list[dict[str, Any]] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    ready: list[tuple[float, bool]] = field(default_factory=list)
    first_attempt_done: float | None = None  # the kubelet moves on to the next container
    finished_ok_at: float | None = None  # exited 0 and will not run again
    started_at: float | None = None  # first run counted as started (startup probe passed)
    stopped_at: float | None = None  # stopped for good (no restart)
    times: list[float] = field(default_factory=list)  # every change instant found
    status_times: list[float] = field(default_factory=list)  # those that change more than events
    # instants of occurrences after now that the walk dropped (not change instants for watches,
    # but ``describe`` shows them once they happen, so an observation is only reusable before)
    later: list[float] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)  # what the walk decided, in order


def container_id(seed: str, name: str, index: int) -> str:
    return hashlib.sha256(f"{seed}/container/{name}/{index}".encode()).hexdigest()


def frac(seed: str, *purpose: str) -> float:
    digest = hashlib.sha256("/".join((seed, *purpose)).encode()).hexdigest()
    return int(digest[:12], 16) / float(1 << 48)


def pull_text(seconds: float) -> str:
    return go_duration(math.floor(seconds * 1000) / 1000)


def memory_limit(container: dict[str, Any]) -> int:
    limits = (container.get("resources") or {}).get("limits") or {}
    return quantity_bytes(limits.get("memory"))


def mounts(container: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for mount in container.get("volumeMounts") or []:
        entry = {"mountPath": mount["mountPath"], "name": mount["name"]}
        if mount.get("readOnly"):
            entry["readOnly"] = True
            entry["recursiveReadOnly"] = "Disabled"
        out.append(entry)
    return out


def terminated(run: Run) -> dict[str, Any]:
    body: dict[str, Any] = {
        "containerID": f"containerd://{run.container_id}",
        "exitCode": run.exit_code,
        "finishedAt": rfc3339(run.end),
        "reason": run.reason,
        "startedAt": rfc3339(run.start if run.reason != "StartError" else 0.0),
    }
    text = run.message or _termination_message(run)
    if text:
        body["message"] = text
    return body


def _termination_message(run: Run) -> str | None:
    path, policy = run.proc.extras.get("termination") or (termination.DEFAULT_PATH, "File")
    offset = run.end - run.start
    lines = [text for at, text in run.proc.lines if at <= offset] if run.proc.lines else []
    if lines and "{" in "".join(lines):
        from playground.sim.lifecycle.logs import render  # logs reads runs: imported late

        lines = [render(text, run.start + at, {}) for at, text in run.proc.lines
                 if at <= offset]
    return termination.message(path, policy, run.proc.file_text(path, offset), run.exit_code,
                               lines)
