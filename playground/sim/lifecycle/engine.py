"""``observe(record, now)``: a stored pod record → the pod as the API server shows it at ``now``.

Status is a pure function of the record (spec, ``_sim`` facts, deletion) and ``now``; the same
walk yields the raw event occurrences, the next instant anything changes (for watches) and
when a deleted pod disappears. ``observe_span`` also says until when that observation holds
unchanged, which is what lets ``memo`` reuse it at later instants.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from playground.sim.admission.qos import compute_pod_qos
from playground.sim.lifecycle import ephemeral, mounts, pull_secrets
from playground.sim.lifecycle.container import simulate
from playground.sim.lifecycle.records import PodContext, Track
from playground.sim.lifecycle.stages import delay
from playground.sim.timefmt import rfc3339

_CONDITION_ORDER = ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                    "PodScheduled")


@dataclass(frozen=True)
class PodView:
    obj: dict[str, Any]
    occurrences: list[dict[str, Any]]
    next_change: float | None
    gone_at: float | None


@dataclass
class Horizon:
    """The first instant after ``now`` at which the observed pod may look different: in any
    way (``until``), or other than by its events (``status_until``: the object itself).

    Every change instant, every occurrence still to come and the pod's disappearance mark
    ``until``; all but the instants at which only events change (a repeat's next count) mark
    ``status_until`` too. A status stamped with ``now`` itself pins both to ``now`` (the
    observation holds only then).
    """

    now: float
    until: float = math.inf
    status_until: float = math.inf

    def mark(self, t: float | None) -> None:
        if t is not None and self.now < t:
            self.until = min(self.until, t)
            self.status_until = min(self.status_until, t)

    def mark_event(self, t: float) -> None:
        if self.now < t < self.until:
            self.until = t

    def pin(self) -> None:
        self.until = self.status_until = self.now


def pending_object(record: dict[str, Any]) -> dict[str, Any]:
    """The pod as returned right after creation: status is only phase Pending + qosClass.

    No deep copy: the result shares metadata and containers with ``record`` (only the top
    level and ``spec``, which ``observe`` edits, are new), so neither may be mutated while the
    other is in use. ``memo`` hands ``observe`` a private copy of the record for that reason.
    """
    obj = {k: v for k, v in record.items() if k != "_sim"}
    if isinstance(obj.get("spec"), dict):
        obj["spec"] = dict(obj["spec"])
    obj["status"] = {"phase": "Pending", "qosClass": compute_pod_qos(record)}
    return obj


def _condition(type_: str, status: bool, since: float, reason: str | None = None,
               message: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": type_, "status": "True" if status else "False",
                            "lastProbeTime": None, "lastTransitionTime": rfc3339(since)}
    if reason:
        body["reason"] = reason
    if message:
        body["message"] = message
    return body


def _state_at(track: Track, t: float) -> dict[str, Any] | None:
    chosen = None
    for when, body in track.segments:
        if when <= t:
            chosen = body
        else:
            break
    return chosen() if chosen is not None else None


def _waiting(spec: dict[str, Any], reason: str) -> dict[str, Any]:
    mounts = []
    for m in spec.get("volumeMounts") or []:
        entry = {"mountPath": m["mountPath"], "name": m["name"]}
        if m.get("readOnly"):
            entry.update(readOnly=True, recursiveReadOnly="Disabled")
        mounts.append(entry)
    return {"name": spec["name"], "state": {"waiting": {"reason": reason}}, "lastState": {},
            "ready": False, "restartCount": 0, "image": spec.get("image", ""), "imageID": "",
            "started": False, "volumeMounts": mounts}


def _ready_since(tracks: list[Track], start: float, now: float) -> tuple[bool, float]:
    """Whether every app container is ready at ``now`` and since when that holds (one sweep
    over all readiness flips, so long crash loops stay linear)."""
    flips = sorted(
        (t, i, ready) for i, tr in enumerate(tracks) for t, ready in tr.ready if t <= now
    )
    state = [False] * len(tracks)
    ready_count = 0
    value, since = False, start
    idx = 0
    while idx < len(flips):
        t = flips[idx][0]
        while idx < len(flips) and flips[idx][0] == t:
            _t, i, ready = flips[idx]
            ready_count += int(ready) - int(state[i])
            state[i] = ready
            idx += 1
        all_ready = bool(tracks) and ready_count == len(tracks)
        if all_ready != value:
            value, since = all_ready, max(t, start)
    return value, since


def timeline_start(sim: dict[str, Any]) -> float:
    """When the pod's way to a node began: its creation, or the moment the scheduler placed a
    pod that had been unschedulable (``_sim.start``)."""
    return float(sim.get("start", sim["created"]))


def observe(record: dict[str, Any], now: float) -> PodView:
    """The pod at ``now`` with its full v1 status, raw event occurrences and next change.

    The view shares structure with ``record`` (see ``pending_object``): read it, never edit it.
    """
    return observe_span(record, now)[0]


def observe_span(record: dict[str, Any], now: float) -> tuple[PodView, float, float]:
    """``observe`` plus the instants until which (exclusive) the same view holds, and the same
    object (``view.obj``, events aside); ``now`` itself when it holds only at ``now``."""
    horizon = Horizon(now)
    view = _observe(record, now, horizon)
    return view, horizon.until, horizon.status_until


def _observe(record: dict[str, Any], now: float, horizon: Horizon) -> PodView:
    sim = record["_sim"]
    meta, spec = record["metadata"], record["spec"]
    created = timeline_start(sim)
    delete_at = sim.get("deleteAt")
    obj = pending_object(record)
    status = obj["status"]
    occurrences: list[dict[str, Any]] = []
    times: list[float] = []
    node = sim.get("node")
    # a pod that names its node is the kubelet's at once: no scheduler binds it
    bind = created if sim.get("nodeNamed") else created + delay("bind")
    if sim.get("orphanGone") is not None:  # bound to a missing node: Pending until PodGC
        return _view(obj, [], [], now, float(sim["orphanGone"]), horizon)
    if node is None:
        message = sim.get("unschedulable") or "0/3 nodes are available."
        retry = delay("unschedulable-retry")
        until = now if delete_at is None else min(now, float(delete_at))
        count = int(max(0.0, until - created) // retry) + 1
        occurrences.append({"time": created + (count - 1) * retry, "first": created,
                            "count": count, "type": "Warning", "reason": "FailedScheduling",
                            "message": message, "component": "default-scheduler",
                            "fieldPath": ""})
        times.append(created + count * retry)  # the next count of the event: status stays
        status["conditions"] = [_condition("PodScheduled", False, created, "Unschedulable",
                                           message)]
        gone: float | None = float(delete_at) if delete_at is not None else None
        return _view(obj, occurrences, times, now, gone, horizon)
    if now < bind:
        obj["spec"].pop("nodeName", None)
        horizon.mark(bind)
        return _view(obj, [], [bind], now, float(delete_at) if delete_at is not None else None,
                     horizon)
    earlier = sim.get("failedScheduling")
    if earlier:  # unschedulable until the cluster changed and the scheduler retried it
        retry = delay("unschedulable-retry")
        begin, end = float(earlier["from"]), float(earlier["until"])
        count = int(max(0.0, end - begin) // retry) + 1
        occurrences.append({"time": begin + (count - 1) * retry, "first": begin,
                            "count": count, "type": "Warning", "reason": "FailedScheduling",
                            "message": earlier["message"], "component": "default-scheduler",
                            "fieldPath": ""})
    if not sim.get("nodeNamed"):
        occurrences.append({"time": bind, "type": "Normal", "reason": "Scheduled",
                            "message": f"Successfully assigned {meta['namespace']}/"
                                       f"{meta['name']} to {node}",
                            "component": "default-scheduler", "fieldPath": ""})
    obj["spec"]["nodeName"] = node
    sync = created + delay("kubelet-sync")
    scheduled = _condition("PodScheduled", True, bind)
    if now < sync:
        status["conditions"] = [scheduled]
        horizon.mark(sync)
        return _view(obj, occurrences, [sync], now, _early_gone(delete_at, sync), horizon)
    status_times: list[float] = []
    ctx, init_tracks, app_tracks, initialized_at, more = simulate_pod(record, now, status_times)
    times.extend(more)
    for t in status_times:
        horizon.mark(t)
    waited = mounts.wait(record, created, now)
    occurrences.extend(waited.occurrences)
    if waited.next_attempt is not None:  # it may find the ConfigMap or Secret created since
        times.append(waited.next_attempt)
        horizon.mark(waited.next_attempt)
    sandbox = created + delay("sandbox") + waited.shift
    inits = list(spec.get("initContainers") or [])
    apps = list(spec.get("containers") or [])
    for tr in init_tracks + app_tracks:
        occurrences.extend(tr.occurrences)
        for t in tr.later:
            horizon.mark_event(t)
    # Deleted pods: once every container stopped the kubelet sets the terminal phase, then the
    # object goes away.
    gone = None
    terminal_at: float | None = None
    if ctx.delete_at is not None:
        stops = [ctx.delete_at]
        for tr in app_tracks + init_tracks:
            for run in tr.runs:
                if run.start <= ctx.delete_at < run.end or (
                        run.sigterm_at is not None and run.sigterm_at >= ctx.delete_at):
                    stops.append(run.end)
        terminal_at = max(stops) + delay("terminal")
        gone = terminal_at + delay("reap")
        times.extend([terminal_at, gone])
        horizon.mark(terminal_at)
    status.update(_status(ctx, spec, init_tracks, app_tracks, inits, apps, now, sync, sandbox,
                          initialized_at, terminal_at, scheduled, horizon))
    if spec.get("ephemeralContainers"):
        ephemeral_times: list[float] = []
        phase = status["phase"]
        ended = (terminal_at if terminal_at is not None and terminal_at <= now
                 else _natural_end(app_tracks, phase))
        tracks = ephemeral.simulate_ephemeral(ctx, record, now, sandbox, ephemeral_times, ended)
        for t in ephemeral_times:
            horizon.mark(t)
        times.extend(ephemeral_times)
        for tr in tracks.values():
            occurrences.extend(tr.occurrences)
            for t in tr.later:
                horizon.mark_event(t)
        shown = ephemeral.ephemeral_statuses(record, tracks, now,
                                             "PodInitializing" if inits else "ContainerCreating")
        if shown:
            status["ephemeralContainerStatuses"] = shown
    status["hostIP"] = sim.get("hostIP")
    status["hostIPs"] = [{"ip": sim.get("hostIP")}]
    status["startTime"] = rfc3339(sync)
    if now >= sandbox and sim.get("podIP"):
        status["podIP"] = sim["podIP"]
        status["podIPs"] = [{"ip": sim["podIP"]}]
    secret_warnings, next_sync = pull_secrets.warnings(
        record, sync, occurrences, now, None if delete_at is None else float(delete_at))
    occurrences.extend(secret_warnings)
    if next_sync is not None:
        times.append(next_sync)
        horizon.mark_event(next_sync)
    occurrences.sort(key=lambda o: o["time"])
    return _view(obj, occurrences, times, now, gone, horizon)


def simulate_pod(
    record: dict[str, Any], now: float, status_times: list[float] | None = None
) -> tuple[PodContext, list[Track], list[Track], float | None, list[float]]:
    """Every container's history of a bound pod: (ctx, init tracks, app tracks,
    initialized-at, change instants); ``status_times`` receives the instants among them at
    which more than events change."""
    sim, meta, spec = record["_sim"], record["metadata"], record["spec"]
    created = timeline_start(sim)
    delete_at = sim.get("deleteAt")
    sync = created + delay("kubelet-sync")
    times: list[float] = []
    ctx = PodContext(
        name=meta["name"], namespace=meta["namespace"], uid=meta.get("uid", ""),
        seed=str(sim.get("seed", meta.get("uid", ""))), ip=sim.get("podIP") or "",
        restart_policy=spec.get("restartPolicy", "Always"),
        grace=float(spec.get("terminationGracePeriodSeconds", 30)),
        delete_at=float(delete_at) if delete_at is not None else None,
        delete_grace=float(sim.get("grace", 30)),
        pulls=sim.get("pulls") or {}, image_changes=list(sim.get("imageChanges") or []), now=now,
        shell_exits=list(sim.get("shellExits") or []), record=record,
        signals=list(sim.get("signals") or []),
        file_changes=list(sim.get("fileChanges") or []), dns=sim.get("dns"),
    )
    sandbox = created + delay("sandbox") + mounts.wait(record, created, now).shift
    times.append(sandbox)
    status: list[float] = [] if status_times is None else status_times
    status.append(sandbox)
    inits = list(spec.get("initContainers") or [])
    apps = list(spec.get("containers") or [])
    init_tracks: list[Track] = []
    init_begins: list[float] = []
    begin: float | None = sandbox
    if ctx.delete_at is not None and ctx.delete_at < sandbox:
        begin = None
    for c in inits:
        if begin is None or begin > now:
            if begin is not None:
                times.append(begin)
                status.append(begin)
            begin = None
            break
        tr = simulate(ctx, c, "init", begin, [])
        init_tracks.append(tr)
        init_begins.append(begin)
        # the kubelet moves on once an init container exited 0, or once a sidecar
        # (restartPolicy: Always) has started; the sidecar keeps running beside the others
        done = tr.started_at if c.get("restartPolicy") == "Always" else tr.finished_ok_at
        begin = (done + delay("init-next")) if done is not None else None
        times.extend(tr.times)
        status.extend(tr.status_times)
    initialized_at = begin if inits else sync
    app_tracks: list[Track] = []
    for c in apps:
        if begin is None or begin > now:
            if begin is not None:
                times.append(begin)
                status.append(begin)
            break
        tr = simulate(ctx, c, "app", begin, list(app_tracks))
        app_tracks.append(tr)
        times.extend(tr.times)
        status.extend(tr.status_times)
        begin = (tr.first_attempt_done + delay("next-container")
                 if tr.first_attempt_done is not None else None)
    if len(app_tracks) == len(apps):
        _stop_sidecars(ctx, inits, init_tracks, init_begins, app_tracks, times, status)
    return ctx, init_tracks, app_tracks, initialized_at, times


def _stop_sidecars(ctx: PodContext, inits: list[dict[str, Any]], init_tracks: list[Track],
                   init_begins: list[float], app_tracks: list[Track], times: list[float],
                   status: list[float]) -> None:
    """Once every regular container has stopped for good (restartPolicy Never, or OnFailure
    after success), the kubelet's next sync terminates the sidecars (init containers with
    restartPolicy Always): SIGTERM, then SIGKILL after the pod's grace period, as on deletion.
    Their tracks are walked again with that stop."""
    ends = [tr.stopped_at for tr in app_tracks]
    if not ends or any(end is None for end in ends):
        return
    stop = max(end for end in ends if end is not None) + delay("exit-visible")
    if ctx.delete_at is not None and ctx.delete_at <= stop:
        return  # the pod's deletion stops them first
    stopping = replace(ctx, delete_at=stop, delete_grace=ctx.grace)
    for i, tr in enumerate(init_tracks):
        if inits[i].get("restartPolicy") != "Always" or tr.stopped_at is not None:
            continue
        walked = simulate(stopping, inits[i], "init", init_begins[i], [])
        init_tracks[i] = walked
        times.extend(walked.times)
        status.extend(walked.status_times)


def _early_gone(delete_at: Any, sync: float) -> float | None:
    return None if delete_at is None else max(float(delete_at), sync) + delay("reap")


def _status(ctx: PodContext, spec: dict[str, Any], init_tracks: list[Track],
            app_tracks: list[Track], inits: list[dict[str, Any]], apps: list[dict[str, Any]],
            now: float, sync: float, sandbox: float, initialized_at: float | None,
            terminal_at: float | None, scheduled: dict[str, Any], horizon: Horizon
            ) -> dict[str, Any]:
    init_done = initialized_at is not None and initialized_at <= now
    init_statuses = []
    for i, c in enumerate(inits):
        st = _state_at(init_tracks[i], now) if i < len(init_tracks) else None
        if st is not None and c.get("restartPolicy") != "Always":
            # prober manager: an ordinary init container is ready only once it exited 0
            done = st["state"].get("terminated", {}).get("exitCode") == 0
            st = dict(st, ready=done)
        init_statuses.append(st or _waiting(c, "PodInitializing"))
    first_wait = "ContainerCreating" if not inits else "PodInitializing"
    app_statuses = []
    for i, c in enumerate(apps):
        st = _state_at(app_tracks[i], now) if i < len(app_tracks) else None
        app_statuses.append(st or _waiting(c, first_wait))
    terminal = terminal_at is not None and terminal_at <= now
    phase = _phase(ctx, init_statuses, app_statuses, init_done, init_tracks)
    if terminal and phase not in ("Succeeded", "Failed"):
        codes = [s["state"].get("terminated", {}).get("exitCode", 1) for s in app_statuses]
        phase = "Succeeded" if all(code == 0 for code in codes) else "Failed"
    if terminal:
        app_statuses = [_stopped(s) for s in app_statuses]
    finished = phase in ("Succeeded", "Failed")
    # Conditions, in the kubelet's order.
    end_at = terminal_at if terminal else _natural_end(app_tracks, phase)
    horizon.mark(end_at)
    if finished and not end_at:
        horizon.pin()  # the condition below is stamped with now itself
    sandbox_ready = now >= sandbox and not finished
    ptc = _condition("PodReadyToStartContainers", sandbox_ready,
                     (end_at or now) if finished else (sandbox if now >= sandbox else sync))
    if inits:
        if init_done:
            initialized = _condition("Initialized", True, initialized_at or sync)
        else:
            pending = [c["name"] for c, s in zip(inits, init_statuses, strict=True)
                       if not ("terminated" in s["state"] and
                               s["state"]["terminated"]["exitCode"] == 0)]
            initialized = _condition("Initialized", False, sync, "ContainersNotInitialized",
                                     f"containers with incomplete status: [{' '.join(pending)}]")
    else:
        initialized = _condition("Initialized", True, sync)
    all_ready, since = _ready_since(app_tracks, sync, now)
    if finished:
        all_ready = False
        since = end_at if end_at is not None and end_at <= now else since
    if all_ready:
        ready = _condition("Ready", True, since)
        containers_ready = _condition("ContainersReady", True, since)
    else:
        if phase == "Succeeded":
            reason, message = "PodCompleted", None
        else:
            unready = [s["name"] for s in app_statuses
                       if not (s["ready"] and "running" in s["state"])]
            reason = "ContainersNotReady"
            message = f"containers with unready status: [{' '.join(unready)}]"
        ready = _condition("Ready", False, since, reason, message)
        containers_ready = _condition("ContainersReady", False, since, reason, message)
    out: dict[str, Any] = {
        "phase": phase,
        "conditions": [ptc, initialized, ready, containers_ready, scheduled],
    }
    if inits:
        out["initContainerStatuses"] = init_statuses
    # the kubelet sorts app container statuses by name (SortedContainerStatuses)
    out["containerStatuses"] = sorted(app_statuses, key=lambda st: st["name"])
    return out


def _stopped(status: dict[str, Any]) -> dict[str, Any]:
    if "terminated" in status["state"] or "waiting" not in status["state"]:
        return dict(status, ready=False, started=False)
    last = status["lastState"].get("terminated")
    if last is None:
        return status
    return dict(status, state={"terminated": last}, lastState={}, ready=False, started=False)


def _natural_end(tracks: list[Track], phase: str) -> float | None:
    if phase not in ("Succeeded", "Failed"):
        return None
    ends = [tr.stopped_at for tr in tracks if tr.stopped_at is not None]
    return max(ends) if ends else None


def _phase(ctx: PodContext, inits: list[dict[str, Any]], apps: list[dict[str, Any]],
           init_done: bool, init_tracks: list[Track]) -> str:
    if not init_done:
        for tr in init_tracks:
            last = tr.runs[-1] if tr.runs else None
            if tr.stopped_at is not None and last is not None and last.exit_code != 0:
                return "Failed"
        return "Pending"
    running = restarting = pending = 0
    stopped_codes: list[int] = []
    policy = ctx.restart_policy
    for status in apps:
        state = status["state"]
        if "running" in state:
            running += 1
        elif "terminated" in state:
            code = state["terminated"]["exitCode"]
            if policy == "Always" or (policy == "OnFailure" and code != 0):
                restarting += 1
            else:
                stopped_codes.append(code)
        elif status["lastState"].get("terminated"):
            restarting += 1
        else:
            pending += 1
    if pending:
        return "Pending"
    if running or restarting:
        return "Running"
    return "Succeeded" if all(code == 0 for code in stopped_codes) else "Failed"


def _view(obj: dict[str, Any], occurrences: list[dict[str, Any]], times: list[float],
          now: float, gone: float | None, horizon: Horizon) -> PodView:
    # The callers marked the instants that change the status; the rest change events only.
    for t in times:
        horizon.mark_event(t)
    for o in occurrences:
        horizon.mark_event(o["time"])
    horizon.mark(gone)
    future = [t for t in times if t > now and not math.isinf(t)]
    if gone is not None and gone <= now:
        future = []
    nxt = min(future) if future else None
    if gone is not None and nxt is not None and nxt > gone:
        nxt = None
    return PodView(obj, [o for o in occurrences if o["time"] <= now], nxt, gone)
