"""Ephemeral containers (`kubectl debug`): their walk and the statuses the kubelet reports.

The API server keeps each one in ``spec.ephemeralContainers`` and the simulator notes when it
was added (``_sim.ephemeralAdded``). The kubelet's next sync after that starts it like any
container (pull, create, start, the same events with ``spec.ephemeralContainers{NAME}`` as
their field path), but never restarts it and never probes it: its status is always
``ready: false`` and carries no ``started``, and it takes no part in the pod's phase,
conditions or READY column.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from playground.sim.lifecycle.container import simulate
from playground.sim.lifecycle.records import PodContext, Track
from playground.sim.lifecycle.stages import delay


def added_at(record: dict[str, Any], name: str) -> float | None:
    """When the ephemeral container ``name`` was added to the pod (None: it was not)."""
    added: dict[str, float] = record["_sim"].get("ephemeralAdded") or {}
    return float(added[name]) if name in added else None


def simulate_ephemeral(ctx: PodContext, record: dict[str, Any], now: float,
                       sandbox: float, times: list[float],
                       pod_ended: float | None = None) -> dict[str, Track]:
    """Each ephemeral container's track (by name) once the kubelet has seen it; ``times``
    receives the instants at which something about them changes. ``pod_ended``: when the
    pod's own containers stopped for good (phase Succeeded/Failed): the kubelet starts no
    ephemeral container after that and stops those still running, as it stops sidecars."""
    tracks: dict[str, Track] = {}
    for spec in record["spec"].get("ephemeralContainers") or []:
        added = added_at(record, spec["name"])
        if added is None:
            continue
        begin = max(added + delay("ephemeral-sync"), sandbox)
        if ctx.delete_at is not None and ctx.delete_at <= begin:
            continue  # the pod is going away: the kubelet starts nothing more in it
        if pod_ended is not None and pod_ended <= begin:
            continue  # a finished pod runs nothing more; its status never shows it
        if begin > now:
            times.append(begin)
            continue
        walk = ctx
        if pod_ended is not None and (ctx.delete_at is None or pod_ended < ctx.delete_at):
            walk = replace(ctx, delete_at=pod_ended + delay("exit-visible"),
                           delete_grace=ctx.grace)
        track = simulate(walk, spec, "ephemeral", begin, [])
        times.extend(track.times)
        tracks[spec["name"]] = track
    return tracks


def ephemeral_statuses(record: dict[str, Any], tracks: dict[str, Track], now: float,
                       default_wait: str) -> list[dict[str, Any]]:
    """``status.ephemeralContainerStatuses``, in the spec's order: the kubelet's entry for each
    container it has seen, waiting (as its other containers wait) until its first state."""
    out = []
    for spec in record["spec"].get("ephemeralContainers") or []:
        track = tracks.get(spec["name"])
        if track is None:
            continue
        body = None
        for when, build in track.segments:
            if when <= now:
                body = build
        status = body() if body is not None else {
            "name": spec["name"], "state": {"waiting": {"reason": default_wait}},
            "lastState": {}, "ready": False, "restartCount": 0,
            "image": spec.get("image", ""), "imageID": ""}
        status = {k: v for k, v in status.items() if k != "started"}
        status["ready"] = False  # the prober manager never looks at ephemeral containers
        if not status.get("volumeMounts"):
            status.pop("volumeMounts", None)
        out.append(status)
    return out
