"""postStart and preStop handlers: what running one does (its outcome, how long it takes, the
files it writes) and the kubelet's words when it fails.

An ``exec`` handler runs in the container like a ``kubectl exec`` (the same small interpreter
as a container's command); an ``httpGet`` handler fails only when the connection does (the
kubelet does not judge the status code). The events carry no handler output, as the kubelet
keeps it out of events so that secrets do not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playground.sim.images import Image
from playground.sim.lifecycle.probes import port_of
from playground.sim.lifecycle.process import Process, plan
from playground.sim.lifecycle.records import Run

POST_START_FAILED = ("FailedPostStartHook", "PostStartHook failed")
PRE_STOP_FAILED = ("FailedPreStopHook", "PreStopHook failed")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    seconds: float  # how long the handler runs (the kubelet waits for it)
    writes: tuple[tuple[float, str, str, bool], ...] = ()  # offsets from the handler's start


def handler_of(container: dict[str, Any], which: str) -> dict[str, Any] | None:
    handler = (container.get("lifecycle") or {}).get(which)
    return dict(handler) if handler else None


def run_handler(handler: dict[str, Any], image: Image, prepared: dict[str, Any],
                main: Process) -> Outcome:
    """Run ``handler`` against the container whose process is ``main``."""
    if "exec" in handler:
        argv = [str(a) for a in (handler["exec"] or {}).get("command") or []]
        if not argv:
            return Outcome(False, 0.0)
        proc = plan(image, {**prepared, "command": argv, "args": [], "stdin": False}, 0)
        if proc.start_error:
            return Outcome(False, 0.0)
        seconds = proc.exit_after if proc.exit_after != float("inf") else 0.0
        return Outcome(proc.exit_code == 0 or proc.exit_after == float("inf"), seconds,
                       proc.writes)
    if "httpGet" in handler:
        get = handler["httpGet"] or {}
        if get.get("host"):
            return Outcome(True, 0.01)  # another host: nothing here can refuse it
        return Outcome(port_of(get.get("port"), prepared) in main.ports, 0.01)
    if "sleep" in handler:
        return Outcome(True, float((handler["sleep"] or {}).get("seconds", 0)))
    return Outcome(False, 0.0)


Occur = Callable[..., None]  # _Sim.occ(t, reason, message, type)


def post_start(container: dict[str, Any], run: Run, prepared: dict[str, Any], occ: Occur
               ) -> float | None:
    """Run the postStart handler as the container starts; the instant it failed, if it did
    (the kubelet then kills the container)."""
    handler = handler_of(container, "postStart")
    if handler is None:
        return None
    outcome = run_handler(handler, run.image, prepared, run.proc)
    run.hook_writes.extend((run.start + at, path, text, appended)
                           for at, path, text, appended in outcome.writes)
    if outcome.ok:
        return None
    failed = run.start + outcome.seconds
    occ(failed, POST_START_FAILED[0], POST_START_FAILED[1], "Warning")
    return failed


def pre_stop(container: dict[str, Any], run: Run, prepared: dict[str, Any], when: float,
             occ: Occur) -> float:
    """Run the preStop handler when the container is stopped; how long it took."""
    handler = handler_of(container, "preStop")
    if handler is None:
        return 0.0
    outcome = run_handler(handler, run.image, prepared, run.proc)
    run.hook_writes.extend((when + at, path, text, appended)
                           for at, path, text, appended in outcome.writes)
    if not outcome.ok:
        occ(when + outcome.seconds, PRE_STOP_FAILED[0], PRE_STOP_FAILED[1], "Warning")
    return outcome.seconds
