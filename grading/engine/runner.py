"""Applying an exercise's ``setup`` and ``solution`` scripts to a sandbox, as a learner would:
files through the editor's ``write_file``, lines through ``Sandbox.execute``, time through a
``FixedClock`` (so commands that wait — ``delete``, ``wait`` — return as they would live)."""

from __future__ import annotations

import copy
from typing import Any

from grading.engine.format import duration
from grading.engine.instance import Instance
from playground.sim import state as sandbox_state
from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox


class ScriptError(Exception):
    """A setup or solution step the sandbox refused (a file it would not store)."""


def script_length(script: dict[str, Any] | None) -> float:
    """Seconds of simulated time a script lets pass (its ``advance`` steps and final one)."""
    script = script or {}
    steps = [c["advance"] for c in script.get("commands", []) if isinstance(c, dict)
             and "advance" in c]
    return sum(duration(s) for s in steps) + duration(script.get("advance", 0))


def run_script(state: dict[str, Any], script: dict[str, Any] | None, start: float) -> float:
    """Apply ``script`` to ``state`` (in place) from ``start``; returns the clock after it."""
    script = script or {}
    clock = FixedClock(start)
    sandbox = Sandbox(state, clock)
    for name, content in (script.get("files") or {}).items():
        problem = sandbox.write_file(name, content)
        if problem:
            raise ScriptError(f"file {name}: {problem}")
    for step in script.get("commands", []):
        if isinstance(step, str):
            sandbox.execute(step)
        elif "advance" in step:
            clock.advance(duration(step["advance"]))
        else:
            sandbox.execute(step["line"], tab=step.get("tab", "1"))
    clock.advance(duration(script.get("advance", 0)))
    return clock.now()


def setup_state(instance: Instance, *, seed: str, now: float) -> dict[str, Any]:
    """A fresh sandbox state with the exercise's setup applied, as it stands at ``now``.

    The setup runs ``advance`` earlier than ``now`` so that its objects are that old when the
    learner arrives; its lines are dropped from the command log (the learner did not type them).
    """
    setup = instance.data.get("setup")
    start = now - script_length(setup)
    state = Sandbox.new_state(seed, start)
    if instance.data.get("allow_skip") is False:
        sandbox_state.forbid_skip(state)  # before the setup: its own lines may not skip either
    run_script(state, setup, start)
    sandbox_state.clear_command_log(state)
    return state


def solve(instance: Instance, state: dict[str, Any], *, now: float) -> tuple[dict[str, Any], float]:
    """The reference solution applied to a copy of ``state`` from ``now``."""
    solved = copy.deepcopy(state)
    end = run_script(solved, instance.data["solution"], now)
    return solved, end
