"""CreateContainerConfigError from ConfigMaps and Secrets: before creating a container the
kubelet makes its environment; a ConfigMap, Secret or key it needs that is missing fails the
attempt (``Error: configmap "x" not found``), tried again at every sync until it is there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playground.sim.lifecycle.records import INF
from playground.sim.lifecycle.stages import delay
from playground.sim.runtime import envvars, sources

if TYPE_CHECKING:
    from playground.sim.lifecycle.track_writer import TrackWriter


def source_errors(sim: TrackWriter, t: float, ref: str) -> float | None:
    """The instant the container's environment can be made, first tried at ``t`` (None: not
    by now); the failed attempts are written to the track."""
    record = sim.ctx.record
    if record is None:
        return t
    last_change = max((float(when) for history in (record["_sim"].get("sources") or {}).values()
                       for when, _p in history), default=t)
    period = delay("backoff-resync")
    until = INF if sim.ctx.delete_at is None else sim.ctx.delete_at
    pulled = f'Container image "{ref}" already present on machine'
    first, attempt, message = t, t, None
    while True:
        stop = sim.ctx.delete_at is not None and sim.ctx.delete_at <= attempt
        try:
            envvars.declared_env(record, sim.c, attempt)
            error = None
        except sources.EnvError as exc:
            error = str(exc)
        if stop or error != message:
            if message is not None:  # the series of the previous message ends here
                sim.periodic(first, attempt, "Failed", f"Error: {message}", "Warning")
            if error is not None and not stop:
                sim.waiting(attempt, "CreateContainerConfigError", error)
            first, message = attempt, error
        if stop:
            sim.tr.stopped_at = sim.ctx.delete_at
            sim.tr.first_attempt_done = t
            return None
        if attempt > t:
            sim.occ(attempt, "Pulled", pulled)
        if error is None:
            return attempt
        if attempt > last_change or attempt + period > sim.ctx.now:
            if attempt <= last_change:
                sim.at(attempt + period)  # the next try may find what was created since
            # nothing changes any more: the same failure at every sync from here on
            sim.periodic(first, until, "Failed", f"Error: {message}", "Warning")
            sim.periodic(attempt + period, until, "Pulled", pulled)
            sim.tr.first_attempt_done = t
            if sim.ctx.delete_at is not None:
                sim.tr.stopped_at = sim.ctx.delete_at
            return None
        attempt += period
