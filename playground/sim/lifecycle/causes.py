"""What caused a pod's state: the decisions the lifecycle walk recorded, nothing re-derived.

``pod_causes(record, now)`` runs the same walk ``observe`` runs (``simulate_pod``) and returns the
``Cause`` records it kept on the way — scheduling, pulls, starts, exits, restart decisions with
their back-off, probe failures and kills, deletion — per container, oldest first. ``sim/why.py``
turns them into the learner's explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.sim.lifecycle.engine import simulate_pod, timeline_start
from playground.sim.lifecycle.ephemeral import simulate_ephemeral
from playground.sim.lifecycle.records import Cause
from playground.sim.lifecycle.schedule import reason_fields
from playground.sim.lifecycle.stages import delay


@dataclass(frozen=True)
class ContainerCauses:
    name: str
    kind: str  # "init" | "sidecar" | "app" | "ephemeral"
    causes: list[Cause]


@dataclass(frozen=True)
class PodCauses:
    pod: list[Cause] = field(default_factory=list)  # scheduling, deletion
    containers: list[ContainerCauses] = field(default_factory=list)


def _unschedulable(begin: float, until: float | None, message: str, now: float) -> Cause:
    retry = delay("unschedulable-retry")
    end = now if until is None else until
    tries = int(max(0.0, end - begin) // retry) + 1
    values: dict[str, Any] = {"message": message, "fields": reason_fields(message),
                              "count": tries}
    if until is None:
        values["next"] = begin + tries * retry
    else:
        values["until"] = until
    where = ", ".join(values["fields"]) or "spec"
    return Cause(begin, "unschedulable", where, values)


def pod_causes(record: dict[str, Any], now: float) -> PodCauses:
    sim, spec = record["_sim"], record["spec"]
    start = timeline_start(sim)
    pod: list[Cause] = []
    earlier = sim.get("failedScheduling")
    if earlier:
        pod.append(_unschedulable(float(earlier["from"]), float(earlier["until"]),
                                  str(earlier["message"]), now))
    node = sim.get("node")
    delete_at = sim.get("deleteAt")
    if delete_at is not None and float(delete_at) <= now:
        pod.append(Cause(float(delete_at), "deleted", "metadata.deletionTimestamp",
                         {"grace": float(sim.get("grace", 30))}))
    if sim.get("orphanGone") is not None:  # no kubelet, no scheduler: nothing happens
        return PodCauses(pod)
    if node is None:
        message = sim.get("unschedulable") or "0/3 nodes are available."
        pod.insert(0, _unschedulable(start, None, str(message), now))
        return PodCauses(pod)
    bind = start if sim.get("nodeNamed") else start + delay("bind")
    if now < bind:
        return PodCauses(pod)
    pod.insert(1 if earlier else 0, Cause(bind, "scheduled", "spec.nodeName", {"node": node}))
    if now < start + delay("kubelet-sync"):
        return PodCauses(pod)
    ctx, inits, apps, _initialized, _times = simulate_pod(record, now)
    containers = []
    init_specs = spec.get("initContainers") or []
    for i, tr in enumerate(inits):
        sidecar = init_specs[i].get("restartPolicy") == "Always"
        containers.append(ContainerCauses(tr.name, "sidecar" if sidecar else "init", tr.causes))
    containers += [ContainerCauses(tr.name, "app", tr.causes) for tr in apps]
    if spec.get("ephemeralContainers"):
        # kubectl debug's containers, walked as observe walks them (their own rules)
        sandbox = start + delay("sandbox")
        tracks = simulate_ephemeral(ctx, record, now, sandbox, [])
        containers += [ContainerCauses(tr.name, "ephemeral", tr.causes) for tr in tracks.values()]
    return PodCauses(pod, containers)
