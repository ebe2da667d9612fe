"""What reaches a running container from outside its process: a signal the learner sent to
its PID 1 (``kill 1`` in its shell), files the learner changed through ``kubectl exec``."""

from __future__ import annotations

from dataclasses import replace

from playground.sim.lifecycle.process import Process
from playground.sim.lifecycle.records import PodContext, Run
from playground.sim.lifecycle.stages import delay


def signalled(ctx: PodContext, name: str, start: float, end: float, proc: Process
              ) -> tuple[float, int] | None:
    """(end, exit code) when a signal sent from inside the container stops its PID 1.

    PID 1 of a PID namespace receives only the signals it installed a handler for (even
    SIGKILL is dropped when sent from inside), so a program that leaves SIGTERM at its
    default (sleep, a shell script) carries on."""
    for sent in ctx.signals:
        at = float(sent["at"])
        if sent.get("container") != name or not start <= at < end:
            continue
        if int(sent.get("signal", 15)) in (2, 15) and proc.on_sigterm != "ignore":
            code = {"exit0": 0, "exit143": 143, "exit2": 2}.get(proc.on_sigterm, 0)
            return at + delay("sigterm-exit"), code
    return None


def seen_files(ctx: PodContext, name: str, run: Run) -> Process:
    """The run's process with the files the learner changed through `kubectl exec` during
    it (exec probes look at the container's file system, whoever wrote it)."""
    changes = [(float(ch["at"]) - run.start, str(ch["path"]), bool(ch["exists"]))
               for ch in ctx.file_changes
               if ch.get("container") == name and run.start <= ch["at"] < run.end]
    if not changes:
        return run.proc
    return replace(run.proc, files=(*run.proc.files, *changes))
