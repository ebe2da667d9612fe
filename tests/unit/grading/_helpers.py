"""Helpers for the grading engine tests: small inline exercises and sandboxes built by script."""

from __future__ import annotations

from typing import Any

import yaml

from grading.engine import Instance, instantiate, load_exercise
from grading.engine.runner import run_script
from playground.sim.clock import TRANSCRIPT_EPOCH
from playground.sim.sandbox import Sandbox

NOW = TRANSCRIPT_EPOCH


def text(en: str) -> dict[str, str]:
    return {"ko": en, "en": en}


def exercise_dict(checks: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A minimal valid exercise around ``checks`` (messages filled in from the ids)."""
    for check in checks:
        check.setdefault("message", text(f"{check['id']} failed"))
    return {
        "id": "demo", "version": 1, "title": text("Demo"), "text": text("Do it."),
        "tasks": [text("Task")], "checks": checks,
        "solution": {"commands": ["kubectl run web --image=httpd"], "advance": "30s"},
        **extra,
    }


def make(checks: list[dict[str, Any]], seed: str = "s1", **extra: Any) -> Instance:
    raw = exercise_dict(checks, **extra)
    return instantiate(load_exercise(yaml.safe_dump(raw, allow_unicode=True), "demo.yaml"), seed)


def sandbox(*commands: Any, files: dict[str, str] | None = None,
            advance: str = "0s") -> tuple[dict[str, Any], float]:
    """A fresh sandbox (seed "t") with ``commands`` run from NOW; returns (state, clock)."""
    state = Sandbox.new_state("t", NOW)
    end = run_script(state, {"files": files or {}, "commands": list(commands),
                             "advance": advance}, NOW)
    return state, end


def web_running() -> tuple[dict[str, Any], float]:
    """``web`` (httpd, label run=web) running in default for 30 s."""
    return sandbox("kubectl run web --image=httpd", advance="30s")
