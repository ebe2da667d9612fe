"""Grading and the learner's ``skip``: the grader reads the sandbox's clock, and an exercise may
forbid skipping."""

from __future__ import annotations

from grading.engine import grade, setup_state
from grading.engine.grade import accepted_answers
from playground.sim import state as sandbox_state
from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox
from tests.unit.grading._helpers import NOW, make, sandbox

RUNNING = {"status": {"phase": "Running"}}
CHECK = {"id": "c", "points": 1, "select": {"kind": "Pod", "name": "web"}, "match": RUNNING}


class SkipClockTests:
    def test_grading_sees_what_the_learner_skipped_to(self) -> None:
        state, now = sandbox("kubectl run web --image=httpd")
        assert not grade(make([dict(CHECK)]), state, now=now).checks[0].passed
        Sandbox(state, FixedClock(now)).execute("skip 1m")
        # the wall clock has not moved, the sandbox's has: the pod is Running on its clock
        assert grade(make([dict(CHECK)]), state, now=now).checks[0].passed

    def test_answers_for_understanding_see_what_the_learner_skipped_to(self) -> None:
        check = {"select": {"kind": "Pod", "name": "web"}, "compute": "status.phase"}
        state, now = sandbox("kubectl run web --image=httpd")
        assert accepted_answers(check, state, now=now) == ["Pending"]
        Sandbox(state, FixedClock(now)).execute("skip 1m")
        assert accepted_answers(check, state, now=now) == ["Running"]

    def test_an_exercise_with_allow_skip_false_starts_with_skipping_refused(self) -> None:
        forbidding = make([dict(CHECK)], allow_skip=False)
        state = setup_state(forbidding, seed="x", now=NOW)
        assert not sandbox_state.skip_allowed(state)
        result = Sandbox(state, FixedClock(NOW)).execute("skip 5m")
        assert result.exit_code == 1
        assert sandbox_state.clock_offset(state) == 0.0
        assert sandbox_state.skip_allowed(setup_state(make([dict(CHECK)]), seed="x", now=NOW))
