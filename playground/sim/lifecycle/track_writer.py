"""How a container's walk writes its track: the instants it changes at, its events (one-off
and repeated every back-off resync), its status entries and the causes `why` reads.

``container._Sim`` decides what happens; this half only records it, so that what a reader sees
(events, statuses, next change) is written in one place.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from playground.sim.lifecycle.records import (
    Cause,
    PodContext,
    Run,
    Track,
    mounts,
    terminated,
)
from playground.sim.lifecycle.stages import delay


class TrackWriter:
    """One container's track being written up to ``ctx.now``."""

    def __init__(self, ctx: PodContext, spec: dict[str, Any], kind: str,
                 holders: list[Track]) -> None:
        self.ctx = ctx
        self.c = spec
        self.kind = kind
        self.holders = holders  # earlier app containers (port clashes)
        self.tr = Track(spec["name"], kind, spec)
        group = {"init": "initContainers", "ephemeral": "ephemeralContainers"}.get(kind,
                                                                                 "containers")
        self.field = f"spec.{group}{{{spec['name']}}}"
        # where a cause sits in the spec, as `why` names it (kubectl explain's paths)
        self.path = f"spec.{group}[{spec['name']}]"
        self.spec_image = spec.get("image", "")
        self.restarts = 0
        self.skipped = 0  # runs jumped over in a steady crash loop
        self.marks: list[tuple[float, int]] = []  # (restart instant, occurrences so far)

    # ------------------------------------------------------------ recording helpers
    def at(self, t: float) -> bool:
        """Remember a change instant; True when it is not after now."""
        self.tr.times.append(t)
        self.tr.status_times.append(t)
        return t <= self.ctx.now

    def at_event(self, t: float) -> None:
        """Remember an instant at which only events change (a repeat's next count), not the
        pod's status: a `get pods` row observed before it still holds after it."""
        self.tr.times.append(t)

    def cause(self, t: float, kind: str, where: str, **values: Any) -> None:
        """Record a decision taken by ``now`` for ``why`` (later ones ride in its values)."""
        if t <= self.ctx.now:
            self.tr.causes.append(Cause(t, kind, where, values))

    def occ(self, t: float, reason: str, message: str, type_: str = "Normal",
            count: int = 1, first: float | None = None) -> None:
        if t > self.ctx.now:
            self.tr.later.append(t)
            return
        o: dict[str, Any] = {
            "time": t, "type": type_, "reason": reason, "message": message,
            "component": "kubelet", "fieldPath": self.field,
        }
        if count != 1 or first is not None:
            o["count"] = count
            o["first"] = t if first is None else first
        self.tr.occurrences.append(o)

    def periodic(self, first: float, until: float, reason: str, message: str,
                 type_: str = "Normal") -> None:
        """An occurrence repeated every back-off resync from ``first`` while before ``until``."""
        period = delay("backoff-resync")
        if first >= until:
            return
        # an open-ended repeat (until = INF) has no last occurrence
        total = math.inf if math.isinf(until) else math.ceil((until - first) / period - 1e-9)
        if first > self.ctx.now:
            self.at_event(first)
            return
        seen = min(total, math.floor((self.ctx.now - first) / period + 1e-9) + 1)
        self.occ(first + (seen - 1) * period, reason, message, type_, count=int(seen), first=first)
        if seen < total:
            self.at_event(first + seen * period)

    def status(self, state: Callable[[], dict[str, Any]], *, ready: bool = False,
               started: bool = False, run: Run | None = None) -> Callable[[], dict[str, Any]]:
        """A builder of the container's status entry (built only if someone reads it)."""
        runs = self.tr.runs
        last = runs[-2] if run is not None and len(runs) >= 2 else (
            runs[-1] if run is None and runs else None)
        shown = run or (runs[-1] if runs else None)
        restarts, spec, image = self.restarts, self.c, self.spec_image

        def build() -> dict[str, Any]:
            body: dict[str, Any] = {
                "name": spec["name"],
                "state": state(),
                "lastState": {"terminated": terminated(last)} if last is not None else {},
                "ready": ready,
                "restartCount": restarts,
                "image": shown.image.ref if shown else image,
                "imageID": shown.image.image_id if shown else "",
                "started": started,
                "volumeMounts": mounts(spec),
            }
            if shown is not None:
                body["containerID"] = f"containerd://{shown.container_id}"
            return body

        return build

    def segment(self, t: float, body: Callable[[], dict[str, Any]]) -> None:
        if self.at(t):
            self.tr.segments.append((t, body))

    def waiting(self, t: float, reason: str, message: str | None = None) -> None:
        state: dict[str, Any] = {"reason": reason}
        if message:
            state["message"] = message
        self.segment(t, self.status(lambda: {"waiting": state}))

