"""Grading as a whole: modifiers, needs, diagnoses, visibility, purity."""

from __future__ import annotations

import copy
import json
from typing import Any

from grading.engine import grade, hint_view, public_view
from tests.unit.grading._helpers import make, sandbox, text, web_running

RUNNING = {"status": {"phase": "Running"}}


def _check(id_: str, name: str = "web", **extra: Any) -> dict[str, Any]:
    return {"id": id_, "points": 2, "select": {"kind": "Pod", "name": name}, **extra}


class TimeModifierTests:
    def test_within_lets_a_copy_of_the_clock_run(self) -> None:
        state, now = sandbox("kubectl run web --image=httpd")
        snapshot = copy.deepcopy(state)
        assert not grade(make([_check("c", match=RUNNING)]), state, now=now).checks[0].passed
        assert grade(make([_check("c", match=RUNNING, within="60s")]), state,
                     now=now).checks[0].passed
        assert state == snapshot

    def test_stable_for_fails_when_a_crash_loop_comes(self) -> None:
        state, now = sandbox("kubectl run web --image=busybox:1.36",
                             "kubectl run ok --image=busybox:1.36 -- sleep 3600", advance="8s")
        zero = [{"path": "status.containerStatuses[0].restartCount", "op": "eq", "value": 0}]
        crash = make([_check("c", expr=zero, stable_for="2m")])
        steady = make([_check("c", name="ok", expr=zero, stable_for="2m")])
        assert not grade(crash, state, now=now).checks[0].passed
        assert grade(steady, state, now=now).checks[0].passed

    def test_ever_sees_a_past_phase_of_a_current_pod(self) -> None:
        state, now = sandbox("kubectl run job --image=busybox:1.36 --restart=Never -- sleep 20",
                             advance="2m")
        now_running = _check("c", name="job", match=RUNNING)
        assert not grade(make([now_running]), state, now=now).checks[0].passed
        assert grade(make([{**now_running, "ever": True}]), state, now=now).checks[0].passed

    def test_ever_cannot_see_deleted_pods(self) -> None:
        state, now = sandbox("kubectl run web --image=httpd", {"advance": "30s"},
                             "kubectl delete pod web")
        check = _check("c", match=RUNNING, ever=True)
        assert not grade(make([check]), state, now=now).checks[0].passed


class NeedsAndDiagnosesTests:
    def test_needs_skips_with_zero_points(self) -> None:
        state, now = web_running()
        instance = make([_check("a", name="nope"), _check("b", needs=["a"])])
        result = grade(instance, state, now=now)
        assert result.checks[1].skipped and result.checks[1].points == 0
        assert not result.checks[1].passed
        assert (result.score, result.max_score) == (0, 4)

    def test_diagnoses_run_only_on_failure(self) -> None:
        state, now = sandbox("kubectl create ns x", "kubectl run web --image=httpd -n x")
        diagnosis = {"when": {"select": {"kind": "Pod", "name": "web", "namespace": "*"}},
                     "message": {"ko": "다른 네임스페이스", "en": "web exists, but not in default"}}
        instance = make([_check("c", diagnoses=[diagnosis])])
        failed = grade(instance, state, now=now, lang="ko").checks[0]
        assert failed.diagnoses == ["다른 네임스페이스"]
        assert failed.message == "c failed"
        state2, now2 = web_running()
        assert grade(instance, state2, now=now2).checks[0].diagnoses == []


SECRET = "secret-pod-name-xyz"


def _visibility_instance() -> Any:
    return make([
        _check("shown", title=text("Web exists")),
        _check("hidden-one", name=SECRET, visibility="hidden",
               message=text(f"{SECRET} missing"),
               diagnoses=[{"when": {"select": {"kind": "Pod"}}, "message": text(SECRET)}]),
        _check("later", visibility="after_due_date"),
    ], hints=[{"text": text("use kubectl run"), "after_failures": 1, "cost": 1}])


class VisibilityTests:
    def test_public_view_never_shows_hidden_checks_or_internals(self) -> None:
        instance = _visibility_instance()
        view = json.dumps(public_view(instance, "en"))
        assert SECRET not in view and "hidden-one" not in view and '"later"' not in view
        for word in ("select", "expr", "solution", "diagnoses", "kubectl run web", "use kubectl"):
            assert word not in view
        assert [c["id"] for c in public_view(instance, "en")["checks"]] == ["shown"]
        after = public_view(instance, "en", due_passed=True)
        assert [c["id"] for c in after["checks"]] == ["shown", "later"]

    def test_hint_view_gives_one_hint(self) -> None:
        assert hint_view(_visibility_instance(), "en", 0)["text"] == "use kubectl run"

    def test_visible_only_payloads_leave_hidden_checks_out(self) -> None:
        state, now = web_running()
        result = grade(_visibility_instance(), state, now=now)
        assert result.max_score == 6
        payload = result.to_dict(visible_only=True)
        assert SECRET not in json.dumps(payload) and "hidden-one" not in json.dumps(payload)
        assert (payload["score"], payload["max_score"]) == (2, 2)
        assert [c["id"] for c in result.to_dict(visible_only=True, due_passed=True)["checks"]] \
            == ["shown", "later"]
        only = grade(_visibility_instance(), state, now=now, visible_only=True)
        assert SECRET not in json.dumps(only.to_dict())
        assert [c.id for c in only.checks] == ["shown"]


class PurityTests:
    def test_grade_never_mutates_state_and_repeats_exactly(self) -> None:
        state, now = sandbox("kubectl run web --image=httpd", {"advance": "10s"},
                             "kubectl delete pod web --wait=false")
        before = json.dumps(state, sort_keys=True)
        instance = make([_check("a", within="60s"), _check("b", stable_for="30s"),
                         _check("c", ever=True), _check("d")])
        first = grade(instance, state, now=now + 120).to_dict()
        assert json.dumps(state, sort_keys=True) == before
        assert grade(instance, state, now=now + 120).to_dict() == first
