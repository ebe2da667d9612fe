"""``kubectl logs`` answers: the lines a container run wrote up to ``now``.

Which run is read follows the kubelet: the running container, else the terminated one, else
(waiting after a crash) the last terminated run; ``previous`` reads ``lastState``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from playground.sim.lifecycle.engine import observe, simulate_pod, timeline_start
from playground.sim.lifecycle.ephemeral import simulate_ephemeral
from playground.sim.lifecycle.records import INF, Run, Track
from playground.sim.lifecycle.stages import delay

MAX_LOOP_LINES = 5000  # a week-old `while true; echo` loop keeps only its most recent lines


class LogsError(Exception):
    """The API server refused the log request; ``message`` is its text (kubectl adds
    ``Error from server (BadRequest): ``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# kubelet validateContainerLogStatus: two pull reasons get a sentence, any other its reason
_WAITING_TEXT = {
    "ErrImagePull": "image can't be pulled",
    "ImagePullBackOff": "trying and failing to pull image",
}


def _stamp(t: float, kind: str) -> str:
    d = datetime.fromtimestamp(t, UTC)
    if kind == "apache_ts":
        return d.strftime("%a %b %d %H:%M:%S.") + f"{d.microsecond:06d}" + d.strftime(" %Y")
    if kind in ("nginx_ts", "go_ts"):
        return d.strftime("%Y/%m/%d %H:%M:%S")
    if kind == "mysql_ts":
        return d.strftime("%Y-%m-%d %H:%M:%S+00:00")
    if kind == "mysql_iso":
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond:06d}Z"
    if kind == "klog_ts":  # klog/glog header after the severity letter: I1207 00:50:02.123456
        return d.strftime("%m%d %H:%M:%S.") + f"{d.microsecond:06d}"
    if kind == "pg_ts":
        return d.strftime("%Y-%m-%d %H:%M:%S.") + f"{d.microsecond // 1000:03d} UTC"
    if kind == "mongo_ts":
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}+00:00"
    if kind == "redis_ts":
        return d.strftime("%d %b %Y %H:%M:%S.") + f"{d.microsecond // 1000:03d}"
    return d.strftime("%a %b %d %H:%M:%S UTC %Y")


def render(template: str, t: float, fill: dict[str, str]) -> str:
    if "{" not in template:
        return template
    out = template
    for key, value in fill.items():
        out = out.replace("{" + key + "}", value)
    for kind in ("apache_ts", "nginx_ts", "go_ts", "mysql_ts", "mysql_iso", "redis_ts",
                 "klog_ts", "pg_ts", "mongo_ts", "date"):
        token = "{" + kind + "}"
        if token in out:
            out = out.replace(token, _stamp(t, kind))
    return out


def run_timed_lines(run: Run, now: float, fill: dict[str, str]) -> list[tuple[float, str]]:
    """Lines one run wrote up to ``now``, each with the instant it was written."""
    stop = min(now, run.end)
    proc = run.proc
    timed: list[tuple[float, str]] = [
        (run.start + off, text) for off, text in proc.lines if run.start + off <= stop
    ]
    if proc.loop is not None:
        first, period, body = proc.loop
        elapsed = stop - run.start - first
        if elapsed >= 0 and body:
            rounds = math.floor(elapsed / period) + 1
            skip = max(0, rounds - MAX_LOOP_LINES // max(1, len(body)))
            for k in range(skip, rounds):
                for off, text in body:
                    at = run.start + first + k * period + off
                    if at <= stop:
                        timed.append((at, text))
    if run.sigterm_at is not None and run.sigterm_at <= stop:
        timed.extend((run.sigterm_at, text) for text in proc.stop_lines)
    timed.sort(key=lambda pair: pair[0])
    return [(at, render(text, at, fill)) for at, text in timed]


def _find(tracks: list[Track], name: str) -> Track | None:
    return next((tr for tr in tracks if tr.name == name), None)


def container_logs(record: dict[str, Any], container: str, now: float,
                   previous: bool = False) -> str:
    """The log text of ``container`` (current run, or the previous one with ``previous``)."""
    return "".join(line + "\n" for _at, line in container_log_lines(record, container, now,
                                                                    previous))


def container_log_lines(record: dict[str, Any], container: str, now: float,
                        previous: bool = False) -> list[tuple[float, str]]:
    """Each line of ``container_logs`` with the instant the container wrote it."""
    found = _read_run(record, container, now, previous)
    if found is None:
        return []
    run, fill = found
    return run_timed_lines(run, now, fill)


@dataclass(frozen=True)
class Followed:
    """What a ``logs -f`` stream of one container run sees at ``now``: the run's lines so far,
    whether the run has ended (the kubelet then closes the stream) and when it writes next."""

    container_id: str
    lines: list[tuple[float, str]]
    ended: bool
    next_line_at: float | None
    ends_at: float | None  # when the run ends, if that is known and still to come


def follow_run(record: dict[str, Any], container: str, now: float,
               container_id: str = "") -> Followed:
    """The run a follow reads: the one ``logs`` would read now (``container_id`` empty), or the
    run with that id (a follow stays on the run it opened, even after the container restarts)."""
    if container_id:
        found = _run_by_id(record, container, now, container_id)
    else:
        found = _read_run(record, container, now, False)
    if found is None:
        return Followed(container_id, [], True, None, None)
    run, fill = found
    lines = run_timed_lines(run, now, fill)
    ends_at = run.end if now < run.end < INF else None
    return Followed(f"containerd://{run.container_id}", lines, run.end <= now,
                    _next_line_at(run, now), ends_at)


def _next_line_at(run: Run, now: float) -> float | None:
    """The first instant after ``now`` at which the run writes a line (None: it writes no more)."""
    stop = run.end
    proc = run.proc
    candidates = [run.start + off for off, _text in proc.lines if now < run.start + off <= stop]
    if proc.loop is not None and proc.loop[2]:
        first, period, body = proc.loop
        base = run.start + first
        # the round under way at now, and the next one: the earliest body line after now
        k = max(0, math.floor((now - base) / period)) if period > 0 else 0
        for rnd in (k, k + 1):
            for off, _text in body:
                at = base + rnd * period + off
                if now < at <= stop:
                    candidates.append(at)
    if run.sigterm_at is not None and now < run.sigterm_at <= stop and proc.stop_lines:
        candidates.append(run.sigterm_at)
    return min(candidates) if candidates else None


def _fill(record: dict[str, Any], run: Run) -> dict[str, str]:
    sim, pod = record["_sim"], record["metadata"]["name"]
    return {"ip": sim.get("podIP") or "", "hostname": record["spec"].get("hostname") or pod,
            "tid": str(139_900_000_000_000 + int(run.container_id[:8], 16) % 10**12)}


def _run_by_id(record: dict[str, Any], container: str, now: float,
               wanted: str) -> tuple[Run, dict[str, str]] | None:
    ctx, inits, apps, _init_at, _times = simulate_pod(record, now)
    track = _find(inits + apps, container)
    if track is None and record["spec"].get("ephemeralContainers"):
        sandbox = timeline_start(record["_sim"]) + delay("sandbox")
        track = simulate_ephemeral(ctx, record, now, sandbox, []).get(container)
    if track is None:
        return None
    run = next((r for r in track.runs if f"containerd://{r.container_id}" == wanted), None)
    return None if run is None else (run, _fill(record, run))


def _read_run(record: dict[str, Any], container: str, now: float,
              previous: bool) -> tuple[Run, dict[str, str]] | None:
    """The run ``kubectl logs`` reads (see the module's docstring); LogsError when none may be."""
    pod = record["metadata"]["name"]
    sim = record["_sim"]
    if not sim.get("node"):
        raise LogsError(f"pod {pod} does not have a host assigned")
    view = observe(record, now)
    status = view.obj.get("status", {})
    statuses = [*status.get("initContainerStatuses", []), *status.get("containerStatuses", []),
                *status.get("ephemeralContainerStatuses", [])]
    current = next((s for s in statuses if s["name"] == container), None)
    if current is None:
        raise LogsError(f'container "{container}" in pod "{pod}" is waiting to start: '
                        "ContainerCreating")
    last = current["lastState"].get("terminated")
    if previous:
        if last is None:
            raise LogsError(f'previous terminated container "{container}" in pod "{pod}" '
                            "not found")
        wanted = last["containerID"]
    elif "running" in current["state"] or "terminated" in current["state"]:
        wanted = current.get("containerID", "")
    elif last is not None:
        wanted = last["containerID"]
    else:
        reason = current["state"]["waiting"].get("reason", "ContainerCreating")
        raise LogsError(f'container "{container}" in pod "{pod}" is waiting to start: '
                        f"{_WAITING_TEXT.get(reason, reason)}")
    return _run_by_id(record, container, now, wanted)
