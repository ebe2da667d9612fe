"""One container's history: pulls, runs, exits, restarts with back-off, probe kills, stops.

``simulate`` walks the container's life run by run up to ``now`` (a crash loop costs one
iteration per restart, at most about age/300 s) and stops at the first instant after ``now``,
which becomes a candidate for the pod's ``next_change``.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from playground.sim.images import pull_outcome, reference_error
from playground.sim.lifecycle import hooks, outside, probes, programs
from playground.sim.lifecycle.process import Process, plan
from playground.sim.lifecycle.records import (
    INF,
    PodContext,
    Run,
    Track,
    container_id,
    frac,
    memory_limit,
    pull_text,
    terminated,
)
from playground.sim.lifecycle.source_errors import source_errors
from playground.sim.lifecycle.stages import delay
from playground.sim.lifecycle.track_writer import TrackWriter
from playground.sim.runtime import envvars, security, termination
from playground.sim.timefmt import go_duration, rfc3339

__all__ = ["PodContext", "Run", "Track", "simulate"]


class _Sim(TrackWriter):
    """Mutable walk over one container's life: what happens, decided step by step."""

    def __init__(self, ctx: PodContext, spec: dict[str, Any], kind: str,
                 holders: list[Track]) -> None:
        super().__init__(ctx, spec, kind, holders)
        self.changes_seen = -INF  # image changes up to here are acted on already

    def program_field(self) -> str:
        """Its command decides how the process behaves, else the image's entrypoint."""
        key = next((k for k in ("command", "args") if self.c.get(k)), "image")
        return f"{self.path}.{key}"

    # ------------------------------------------------------------ life
    def image_at(self, t: float) -> str:
        image = self.spec_image
        changes = [ch for ch in self.ctx.image_changes if ch.get("container") == self.c["name"]]
        if changes and "from" in changes[0]:
            image = changes[0]["from"]
            for ch in changes:
                if ch["at"] <= t:
                    image = ch["image"]
        return image

    def _image_after(self, t: float) -> str:
        """The image the spec names at ``t`` (the latest change made by then)."""
        image = self.spec_image
        for ch in self.ctx.image_changes:
            if ch.get("container") == self.c["name"] and ch["at"] <= t:
                image = ch["image"]
        return image

    def shell_exit(self, start: float, end: float) -> dict[str, Any] | None:
        """The learner's exit from this container's attached shell during [start, end)."""
        for ended in self.ctx.shell_exits:
            if ended.get("container") == self.c["name"] and start <= float(ended["at"]) < end:
                return ended
        return None

    def next_change(self, after: float) -> dict[str, Any] | None:
        for ch in self.ctx.image_changes:
            if ch.get("container") == self.c["name"] and ch["at"] > after:
                return ch
        return None

    def run(self, begin: float) -> Track:
        t = begin
        fresh = True  # first pull of this image reference
        backoff: float | None = None
        last_restart: float | None = None
        while True:
            ref = self.image_at(t) if self.tr.runs == [] else self.spec_image
            self.spec_image = ref
            ready_t = self.pull(t, ref, fresh)
            if ready_t is None:
                return self.tr
            refused = security.config_error(self.ctx.record, self.c) if self.ctx.record else None
            if refused is not None:
                self.config_error(ready_t, ref, refused)
                return self.tr
            fixed = source_errors(self, ready_t, ref)
            if fixed is None:
                return self.tr
            ready_t = fixed
            created = ready_t + delay("create")
            if self.ctx.delete_at is not None and self.ctx.delete_at < created:
                self.tr.stopped_at = self.ctx.delete_at
                return self.tr
            if not self.at(created):
                return self.tr
            self.occ(created, "Created", f"Created container {self.c['name']}")
            start = created + delay("start")
            # an image change already taken up while pulling is no reason to restart the run
            run, cause = self.one_run(start, since=max(t, self.changes_seen))
            if self.tr.first_attempt_done is None:
                self.tr.first_attempt_done = start
            if math.isinf(run.end) or not self.at(run.end):
                return self.tr
            self.record_end(run, cause)
            if cause == "delete":
                self.tr.stopped_at = run.end
                return self.tr
            if cause == "change":
                self.spec_image = self._image_after(run.sigterm_at or start)
                t, fresh = run.end + delay("exit-visible"), True
                self.restarts += 1
                continue
            if not self.should_restart(run.exit_code):
                if self.kind != "ephemeral":  # never restarted whatever the pod's policy
                    self.cause(run.end, "not-restarted", self.policy_field(),
                               code=run.exit_code, policy=self.effective_policy(),
                               declared=self.ctx.restart_policy)
                self.tr.stopped_at = run.end
                if run.exit_code == 0:
                    self.tr.finished_ok_at = run.end
                return self.tr
            if backoff is None or (last_restart is not None and run.end - last_restart > delay(
                    "backoff-reset")):
                restart_at, backoff = run.end + delay("exit-visible"), delay("backoff-initial")
            else:
                restart_at = run.end + backoff
                visible = run.end + delay("exit-visible")
                text = (f"back-off {go_duration(backoff)} restarting failed container="
                        f"{self.c['name']} pod={self.ctx.pod_ref}")
                self.waiting(visible, "CrashLoopBackOff", text)
                self.periodic(visible, restart_at, "BackOff",
                              f"Back-off restarting failed container {self.c['name']} in pod "
                              f"{self.ctx.pod_ref}", "Warning")
                backoff = min(backoff * 2, delay("backoff-cap"))
            self.cause(run.end, "restart", self.policy_field(), policy=self.effective_policy(),
                       declared=self.ctx.restart_policy, code=run.exit_code,
                       wait=restart_at - run.end, restart=self.restarts + 1, next=restart_at,
                       backoff=restart_at - run.end > delay("exit-visible"))
            if self.ctx.delete_at is not None and self.ctx.delete_at < restart_at:
                self.tr.stopped_at = max(run.end, self.ctx.delete_at)
                return self.tr
            if not self.at(restart_at):
                return self.tr
            restart_at = self.jump(restart_at, cause)
            self.restarts += 1
            t, fresh, last_restart = restart_at, False, restart_at

    def config_error(self, t: float, ref: str, message: str) -> None:
        """The kubelet will not create the container (runAsNonRoot): it waits in
        CreateContainerConfigError and tries again at every sync, finding the image present."""
        self.waiting(t, "CreateContainerConfigError", message)
        until = INF if self.ctx.delete_at is None else self.ctx.delete_at
        self.periodic(t, until, "Failed", f"Error: {message}", "Warning")
        again = t + delay("backoff-resync")
        self.periodic(again, until, "Pulled", f'Container image "{ref}" already present on machine')
        if self.ctx.delete_at is not None:
            self.tr.stopped_at = self.ctx.delete_at
        self.tr.first_attempt_done = t

    def jump(self, restart_at: float, cause: str) -> float:
        """Skip whole cycles of a crash loop in steady state (back-off at its cap, identical
        runs): their events become counted series, the restart count and the last run move on.
        Returns the (possibly later) instant of the next restart."""
        self.marks.append((restart_at, len(self.tr.occurrences)))
        if cause != "exit" or len(self.marks) < 3:
            return restart_at
        (t1, _), (t2, occ_from), (t3, _) = self.marks[-3:]
        period = t3 - t2
        if abs((t2 - t1) - period) > 1e-6 or period < delay("backoff-cap"):
            return restart_at
        limit = self.ctx.now
        if self.ctx.delete_at is not None:
            limit = min(limit, self.ctx.delete_at)
        pending = self.next_change(t3)
        if pending is not None:
            limit = min(limit, float(pending["at"]))
        n = math.floor((limit - t3) / period) - 1
        if n < 1:
            return restart_at
        shift = n * period
        for o in self.tr.occurrences[occ_from:]:
            if o["time"] >= t3:
                continue
            first = float(o.get("first", o["time"])) + period
            self.tr.occurrences.append(dict(o, time=o["time"] + shift, first=first,
                                            count=int(o.get("count", 1)) * n))
        last = self.tr.runs[-1]
        self.skipped += n
        moved = Run(last.index + n, last.image, last.start + shift, last.end + shift,
                    last.exit_code, last.reason, last.proc,
                    container_id(self.ctx.seed, self.c["name"], last.index + n),
                    None if last.sigterm_at is None else last.sigterm_at + shift, last.message)
        self.tr.runs[-1] = moved
        # the last run's causes (start, exit, restart) happened again n cycles later
        for c in [c for c in self.tr.causes if c.at >= last.start]:
            values = dict(c.values)
            if "next" in values:
                values["next"] += shift
            if "restart" in values:
                values["restart"] += n
            self.cause(c.at + shift, c.kind, c.path, **values)
        self.restarts += n
        self.tr.ready.append((moved.end, False))
        self.marks.append((t3 + shift, len(self.tr.occurrences)))
        self.segment(moved.end, self.status(lambda: {"terminated": terminated(moved)},
                                            run=moved))
        visible = moved.end + delay("exit-visible")
        text = (f"back-off {go_duration(delay('backoff-cap'))} restarting failed container="
                f"{self.c['name']} pod={self.ctx.pod_ref}")
        self.waiting(visible, "CrashLoopBackOff", text)
        return restart_at + shift

    def effective_policy(self) -> str:
        """A sidecar always restarts; other init containers retry only failures; an ephemeral
        container never runs again (the kubelet never restarts one)."""
        policy = self.ctx.restart_policy
        if self.kind == "ephemeral":
            return "Never"
        if self.kind == "init" and self.c.get("restartPolicy") == "Always":
            return "Always"
        if self.kind == "init" and policy == "Always":
            return "OnFailure"
        return policy

    def policy_field(self) -> str:
        if self.kind == "init" and self.c.get("restartPolicy") == "Always":
            return f"{self.path}.restartPolicy"
        return "spec.restartPolicy"

    def should_restart(self, code: int) -> bool:
        policy = self.effective_policy()
        return policy == "Always" or (policy == "OnFailure" and code != 0)

    def record_end(self, run: Run, cause: str) -> None:
        """Why this run ended: its program's exit, a probe, the pod's deletion, a new image."""
        at = run.sigterm_at or run.end
        if cause == "exit":
            oom = run.reason == "OOMKilled"
            where = f"{self.path}.resources.limits.memory" if oom else self.program_field()
            self.cause(run.end, "exited", where, code=run.exit_code, reason=run.reason,
                       image=run.image.ref)
        elif cause in ("liveness", "startup"):
            self.cause(at, "probe-kill", f"{self.path}.{cause}Probe", probe=cause,
                       threshold=probes.probe_defaults(self.c[f"{cause}Probe"])[3])
        elif cause == "delete":
            self.cause(at, "killed-deleted", "metadata.deletionTimestamp", code=run.exit_code)
        elif cause == "change":
            self.cause(at, "image-changed", f"{self.path}.image", image=self._image_after(at))

    def pull(self, t: float, ref: str, fresh: bool) -> float | None:
        """Pull (or find) the image from ``t``; the instant it is ready, None if never."""
        policy = self.c.get("imagePullPolicy", "IfNotPresent")
        info = self.ctx.pulls.get(self.c["name"], {})
        first_ever = fresh and not self.tr.runs
        present = bool(info.get("present")) if first_ever else (not fresh or policy == "Never")
        unparsable = reference_error(ref)
        if unparsable is not None:  # the image manager gives up before any pull
            message = (f'Failed to apply default image tag "{ref}": couldn\'t parse image name '
                       f'"{ref}": {unparsable}')
            self.waiting(t, "InvalidImageName", message)
            self.cause(t, "invalid-image", f"{self.path}.image", image=ref)
            until = INF if self.ctx.delete_at is None else self.ctx.delete_at
            self.periodic(t, until, "InspectFailed", message, "Warning")
            self.periodic(t, until, "Failed", "Error: InvalidImageName", "Warning")
            self.tr.first_attempt_done = t
            return None
        if policy == "Never" and not present:
            message = f'Container image "{ref}" is not present with pull policy of Never'
            self.waiting(t, "ErrImageNeverPull", message)
            self.cause(t, "never-pull", f"{self.path}.imagePullPolicy", image=ref)
            # every sync: the image manager's event, then kuberuntime's "Error: <err>"
            until = INF if self.ctx.delete_at is None else self.ctx.delete_at
            self.periodic(t, until, "ErrImageNeverPull", message, "Warning")
            self.periodic(t, until, "Failed", "Error: ErrImageNeverPull", "Warning")
            self.tr.first_attempt_done = t
            return None
        outcome = pull_outcome(ref)
        if present and outcome.image is not None and policy != "Always":
            self.occ(t, "Pulled", f'Container image "{ref}" already present on machine')
            self.cause(t, "image-present", f"{self.path}.image", image=ref)
            return t
        if outcome.image is None:
            switch = self.failing_pull(t, ref, outcome.error or "")
            if switch is None or not self.at(switch):
                return None
            self.spec_image = self._image_after(switch)
            self.changes_seen = switch
            self.cause(switch, "image-changed", f"{self.path}.image", image=self.spec_image)
            return self.pull(switch, self.spec_image, fresh=True)
        if first_ever and info.get("seconds") is not None:
            seconds = float(info["seconds"])
        elif not fresh:
            seconds = delay("repull-cached") * (0.6 + frac(self.ctx.seed, "repull", str(t)))
        else:
            low, high = outcome.image.pull_range
            seconds = low + (high - low) * frac(self.ctx.seed, "pull", ref, str(t))
        size = int(info.get("size") or outcome.image.size) if first_ever else outcome.image.size
        self.occ(t, "Pulling", f'Pulling image "{ref}"')
        done = t + seconds
        self.cause(t, "pulling", f"{self.path}.image", image=ref, done=done)
        if not self.at(done):
            return None
        text = pull_text(seconds)
        self.cause(done, "pulled", f"{self.path}.image", image=ref, seconds=seconds)
        self.occ(done, "Pulled", f'Successfully pulled image "{ref}" in {text} ({text} including '
                 f"waiting). Image size: {size} bytes.")
        return done

    def failing_pull(self, t: float, ref: str, error: str) -> float | None:
        """Attempts at an image the registry refuses, backing off between them. Returns the
        instant the container's image changes (``set image``, ``edit``): the kubelet starts the
        new image at once, since the back-off is kept per image. None: still retrying."""
        attempt = 0
        message = f'Failed to pull image "{ref}": {error}'
        change = self.next_change(t)
        switch = float(change["at"]) if change is not None else INF
        while True:
            self.occ(t, "Pulling", f'Pulling image "{ref}"')
            failed = t + delay("pull-fail")
            if not self.at(failed):
                return None
            self.occ(failed, "Failed", message, "Warning")
            self.occ(failed, "Failed", "Error: ErrImagePull", "Warning")
            self.waiting(failed, "ErrImagePull", message)
            retry = failed + min(delay("backoff-initial") * 2**attempt, delay("backoff-cap"))
            self.cause(failed, "pull-failed", f"{self.path}.image", image=ref, error=error,
                       attempt=attempt + 1, next=min(retry, switch))
            if self.tr.first_attempt_done is None:
                self.tr.first_attempt_done = failed
            if switch <= failed:
                return failed  # changed during the attempt: taken up once it has failed
            visible = failed + delay("pull-backoff-visible")
            until = min(retry, switch)
            if visible < until:
                self.waiting(visible, "ImagePullBackOff", f'Back-off pulling image "{ref}"')
                self.periodic(visible, until, "BackOff", f'Back-off pulling image "{ref}"')
                self.periodic(visible, until, "Failed", "Error: ImagePullBackOff", "Warning")
            if self.ctx.delete_at is not None and self.ctx.delete_at < until:
                self.tr.stopped_at = self.ctx.delete_at
                return None
            if switch < retry:
                return switch
            if not self.at(retry):
                return None
            t, attempt = retry, attempt + 1

    def clash_port(self, start: float, proc: Process) -> int | None:
        for other in self.holders:
            for run in other.runs:
                if run.start <= start < run.end:
                    shared = set(run.proc.ports) & set(proc.ports)
                    if shared:
                        return min(shared)
        return None

    def one_run(self, start: float, since: float | None = None) -> tuple[Run, str]:
        """Start one container run at ``start``; returns it and what ended it."""
        image = pull_outcome(self.spec_image).image
        assert image is not None
        prepared = (envvars.prepared(self.ctx.record, self.c, start) if self.ctx.record
                    else self.c)
        if self.ctx.dns is not None:  # its scripts' nslookup answers as DNS did at each moment
            prepared = {**prepared, "_dns": {"history": self.ctx.dns, "start": start,
                                             "namespace": self.ctx.namespace}}
        limit = memory_limit(self.c)
        proc = programs.plan(image, prepared, limit) or plan(image, prepared, limit)
        proc = replace(proc, extras={**proc.extras,
                                     "termination": termination.settings(self.c)})
        port = self.clash_port(start, proc) if proc.ports else None
        if port is not None:
            lines = tuple((0.05, line.replace("{port}", str(port))) for line in image.clash_logs)
            proc = Process(lines=lines, exit_after=0.1, exit_code=1, reason="Error")
        index = len(self.tr.runs) + self.skipped
        cid = container_id(self.ctx.seed, self.c["name"], index)
        if proc.start_error:
            run = Run(index, image, start, start, 128, "StartError", proc, cid,
                      message=proc.start_error)
            self.tr.runs.append(run)
            self.occ(start, "Failed", f"Error: {proc.start_error}", "Warning")
            self.cause(start, "start-error", self.program_field(), message=proc.start_error)
            self.segment(start, self.status(lambda: {"terminated": terminated(run)}, run=run))
            return run, "exit"
        self.occ(start, "Started", f"Started container {self.c['name']}")
        self.cause(start, "started", self.program_field(), image=image.ref, port_clash=port)
        run = Run(index, image, start, start + proc.exit_after, proc.exit_code,
                  proc.reason, proc, cid)
        post_start_failed = hooks.post_start(self.c, run, prepared, self.occ)
        ended = self.shell_exit(start, run.end)
        if ended is not None:
            # the attached shell that is PID 1 was left with `exit`: the container ends with it
            run.end, run.exit_code = float(ended["at"]), int(ended["code"])
            run.reason = "Completed" if run.exit_code == 0 else "Error"
        signalled = outside.signalled(self.ctx, self.c["name"], start, run.end, proc)
        if signalled is not None:
            run.end, run.exit_code = signalled
            run.reason = "Completed" if run.exit_code == 0 else "Error"
        self.tr.runs.append(run)
        # Probes decide readiness and may kill; SIGTERM sources race with the natural exit.
        started_at, ready_changes, kill = self.run_probes(run)
        cause = "exit"
        candidates: list[tuple[float, str, str]] = []
        if kill is not None:
            candidates.append(kill)
        if post_start_failed is not None:
            candidates.append((post_start_failed, "poststart", hooks.POST_START_FAILED[0]))
        if self.ctx.delete_at is not None and self.ctx.delete_at >= start:
            candidates.append(
                (self.ctx.delete_at, "delete", f"Stopping container {self.c['name']}"))
        # A spec change that arrived while this attempt was pulling or being created is seen by
        # the kubelet's next sync after the start: the container is killed and recreated.
        change = self.next_change(start if since is None else since)
        if change is not None:
            when = max(float(change["at"]), start + delay("sync-after-start"))
            candidates.append((when, "change",
                               f"Container {self.c['name']} definition changed, will be restarted"))
        candidates = [c for c in candidates if c[0] < run.end]
        if candidates:
            when, cause, text = min(candidates)
            self.occ(when, "Killing", text)
            self.at(when)
            grace = self.ctx.delete_grace if cause == "delete" else self.ctx.grace
            stop_hook = hooks.pre_stop(self.c, run, prepared, when, self.occ)
            # the kubelet waits for the preStop handler (within the grace period) before SIGTERM
            when, grace = when + min(stop_hook, grace), max(grace - stop_hook, 0.0)
            run.sigterm_at = when
            behaviour = proc.on_sigterm
            if behaviour == "ignore":
                run.end, run.exit_code = when + grace, 137
            else:
                run.end = when + min(delay("sigterm-exit"), grace)
                run.exit_code = {"exit0": 0, "exit143": 143, "exit2": 2}.get(behaviour, 0)
            run.reason = "Completed" if run.exit_code == 0 else "Error"
        self.segment_run(run, started_at, ready_changes)
        return run, cause

    def run_probes(
        self, run: Run
    ) -> tuple[float, list[tuple[float, bool]], tuple[float, str, str] | None]:
        c, proc, image = self.c, outside.seen_files(self.ctx, self.c["name"], run), run.image
        changes = probes.change_offsets(proc)

        def answer(probe: dict[str, Any]) -> Any:
            return lambda off: probes.answer(probe, proc, image, c, self.ctx.ip, off)

        end, now = run.end, self.ctx.now
        started_at = run.start
        kill: tuple[float, str, str] | None = None
        label = {"startupProbe": "Startup", "livenessProbe": "Liveness",
                 "readinessProbe": "Readiness"}
        if c.get("startupProbe"):
            st = probes.track(c["startupProbe"], answer(c["startupProbe"]), changes, run.start,
                              run.start, end, now, stop_on_kill=True)
            self.unhealthy(st, label["startupProbe"])
            if st.kill_at is not None and (st.first_success is None or
                                           st.kill_at < st.first_success):
                kill = (st.kill_at, "startup",
                        f"Container {c['name']} failed startup probe, will be restarted")
                started_at = INF
            else:
                started_at = st.first_success if st.first_success is not None else INF
                if st.next_after_now is not None:
                    self.at_event(st.next_after_now)
        ready_changes: list[tuple[float, bool]] = []
        if not math.isinf(started_at) and c.get("livenessProbe"):
            lv = probes.track(c["livenessProbe"], answer(c["livenessProbe"]), changes, run.start,
                              started_at, end, now, stop_on_kill=True)
            self.unhealthy(lv, label["livenessProbe"])
            if lv.kill_at is not None:
                kill = (lv.kill_at, "liveness",
                        f"Container {c['name']} failed liveness probe, will be restarted")
        stop = kill[0] if kill else end
        if math.isinf(started_at):
            pass
        elif c.get("readinessProbe"):
            rd = probes.track(c["readinessProbe"], answer(c["readinessProbe"]), changes,
                              run.start, started_at, stop, now, stop_on_kill=False)
            self.unhealthy(rd, label["readinessProbe"])
            ready_changes = rd.transitions
        else:
            ready_changes = [(started_at, True)]
        return started_at, ready_changes, kill

    def unhealthy(self, pt: probes.ProbeTrack, label: str) -> None:
        for first, last, n, message in pt.unhealthy:
            self.occ(last, "Unhealthy", f"{label} probe failed: {message}", "Warning",
                     count=n, first=first)
            self.cause(last, "probe-failed",
                       f"{self.path}.{label.lower()}Probe", probe=label.lower(),
                       message=message, count=n, first=first,
                       threshold=probes.probe_defaults(self.c[f"{label.lower()}Probe"])[3])
        if pt.next_after_now is not None:
            self.at_event(pt.next_after_now)

    def segment_run(self, run: Run, started_at: float, ready_changes: list[tuple[float, bool]]
                    ) -> None:
        has_startup = bool(self.c.get("startupProbe"))
        started = not has_startup
        def running() -> dict[str, Any]:
            return {"running": {"startedAt": rfc3339(run.start)}}

        self.segment(run.start, self.status(running, started=started, run=run))
        self.tr.ready.append((run.start, False))
        first = run.start if not has_startup else started_at
        if self.tr.started_at is None and first < run.end:
            self.tr.started_at = first
        ready = False
        if has_startup and started_at < run.end:
            started = True
            self.segment(started_at, self.status(running, started=True, run=run))
        for t, value in ready_changes:
            if t >= run.end or value == ready:
                continue
            ready = value
            self.tr.ready.append((t, value))
            self.segment(t, self.status(running, ready=value, started=started, run=run))
        if not math.isinf(run.end):
            self.tr.ready.append((run.end, False))
            self.segment(run.end, self.status(lambda: {"terminated": terminated(run)}, run=run))


def simulate(ctx: PodContext, spec: dict[str, Any], kind: str, begin: float,
             holders: list[Track]) -> Track:
    """The history of one container whose turn in the kubelet's sync starts at ``begin``."""
    return _Sim(ctx, spec, kind, holders).run(begin)
