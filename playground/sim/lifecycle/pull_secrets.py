"""The kubelet's ``FailedToRetrieveImagePullSecret`` warning: every time it syncs a pod it
fetches the Secrets ``spec.imagePullSecrets`` names and, when some are missing, emits
``Unable to retrieve some image pull secrets (a, b); attempting to pull the image may not
succeed.`` (kubelet_pods.go, getPullSecretsForPod), then goes on with the pull without them.

A pod is synced at the kubelet's first sight of it, at every pull attempt and back-off resync
(each ``Pulling`` and ``BackOff`` occurrence is one), after a container starts (the PLEG
event), and otherwise about once a minute (``volume-resync``) while the pod lives; the
Secrets' history (``_sim.sources``) says which are missing at each of those instants.
"""

from __future__ import annotations

from typing import Any

from playground.sim.lifecycle.stages import delay
from playground.sim.runtime import sources

REASON = "FailedToRetrieveImagePullSecret"
# kubelet occurrences that each stand for one sync of the pod
_SYNC_REASONS = frozenset({"Pulling", "BackOff", "Started"})


def _missing(record: dict[str, Any], t: float) -> list[str]:
    return [name for name in sources.pull_secret_names(record)
            if sources.at(record, "secret", name, t) is None]


def _sync_instants(first_sync: float, container_occurrences: list[dict[str, Any]],
                   until: float) -> list[float]:
    instants = {first_sync}
    for o in container_occurrences:
        if o.get("component") != "kubelet" or o.get("reason") not in _SYNC_REASONS:
            continue
        count = int(o.get("count", 1))
        first, last = float(o.get("first", o["time"])), float(o["time"])
        step = (last - first) / (count - 1) if count > 1 else 0.0
        instants.update(first + i * step for i in range(count))
    return sorted(t for t in instants if t <= until)


def warnings(record: dict[str, Any], first_sync: float,
             container_occurrences: list[dict[str, Any]], now: float,
             stop: float | None) -> tuple[list[dict[str, Any]], float | None]:
    """The warning's occurrences up to ``now`` (one per distinct message, counted), and the
    instant of the next sync that adds to them (None: none missing now; creating or deleting
    a Secret tells the pod anew)."""
    if not sources.pull_secret_names(record):
        return [], None
    until = now if stop is None else min(now, stop)
    instants = _sync_instants(first_sync, container_occurrences, until)
    period = delay("volume-resync")
    t = (instants[-1] if instants else first_sync) + period
    while t <= until:  # the periodic resyncs after the last event-driven one
        instants.append(t)
        t += period
    series: dict[str, dict[str, Any]] = {}
    for at in instants:
        missing = _missing(record, at)
        if not missing:
            continue
        message = (f"Unable to retrieve some image pull secrets ({', '.join(missing)}); "
                   "attempting to pull the image may not succeed.")
        entry = series.setdefault(message, {
            "first": at, "count": 0, "type": "Warning", "reason": REASON,
            "message": message, "component": "kubelet", "fieldPath": ""})
        entry["time"], entry["count"] = at, entry["count"] + 1
    missing_now = _missing(record, until)
    following = t if missing_now and (stop is None or t < stop) else None
    return list(series.values()), following
