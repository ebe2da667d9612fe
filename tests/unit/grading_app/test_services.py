"""grading/services.py: versioned exercises, sandboxes, checks, submissions, hints."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone, translation

from grading import services
from grading.models import Assignment, AssignmentItem, Exercise, HintReveal, Submission
from playground.sim.store import MemoryStore
from tests.grading_demo import DEMO_EXERCISE, pod_name, run

pytestmark = pytest.mark.django_db


def solve(store: MemoryStore, user: User, item: AssignmentItem) -> str:
    sandbox = services.sandbox_ensure(user=user, item=item)
    name = pod_name(sandbox.seed)
    run(store, sandbox.sandbox_id, f"kubectl run {name} --image=httpd:2.4")
    run(store, sandbox.sandbox_id, f"kubectl describe pod {name}")
    return name


class ExerciseSaveTests:
    def test_save_same_text_twice_keeps_one_version(self) -> None:
        first = services.exercise_save(text=DEMO_EXERCISE)
        again = services.exercise_save(text=DEMO_EXERCISE)
        assert (first.pk, first.version) == (again.pk, 1)

    def test_save_edited_text_adds_a_version_and_rewrites_its_number(self) -> None:
        services.exercise_save(text=DEMO_EXERCISE)
        edited = services.exercise_save(text=DEMO_EXERCISE.replace("Demo pod", "Demo pod!"))
        assert edited.version == 2
        assert "version: 2" in edited.yaml_text
        assert Exercise.objects.filter(exercise_id="grading-demo").count() == 2

    def test_save_invalid_text_raises_exercise_error(self) -> None:
        from grading import engine_port

        with pytest.raises(engine_port.exercise_error()):
            services.exercise_save(text="id: x\n")

    def test_save_refuses_a_solution_that_fails_for_some_seed_and_changes_nothing(
        self,
    ) -> None:
        saved = services.exercise_save(text=DEMO_EXERCISE)
        # Only seeds whose pod name ends in 7 fail: the error lists those seeds alone.
        flaky = DEMO_EXERCISE.replace(
            "    points: 2\n    title:", "    points: 2\n    expr: [{path: metadata.name, op: "
            "regex, value: '[0-6,8-9]$'}]\n    title:")
        with pytest.raises(services.ExerciseLintError) as error:
            services.exercise_save(text=flaky)
        [problem] = error.value.problems
        assert problem.startswith("grading-demo.yaml: seeds lint-1, lint-3 (lint-1:")
        assert "failing: pod-exists (There is no pod web-17.)" in problem
        assert list(Exercise.objects.values_list("pk", "version")) == [(saved.pk, 1)]

    def test_load_dir_imports_the_shipped_exercises(self) -> None:
        loaded = services.exercise_load_dir()
        assert {e.exercise_id for e in loaded} >= {"first-pod"}


class SandboxTests:
    def test_ensure_sets_up_the_state_in_the_store(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore
    ) -> None:
        sandbox = services.sandbox_ensure(user=hamlet, item=item)
        state = memory_store.load(sandbox.sandbox_id)
        assert state is not None and state["seed"] == sandbox.seed

    def test_ensure_gives_each_learner_their_own_sandbox(
        self, item: AssignmentItem, hamlet: User, cordelia: User
    ) -> None:
        one = services.sandbox_ensure(user=hamlet, item=item)
        two = services.sandbox_ensure(user=cordelia, item=item)
        assert one.sandbox_id != two.sandbox_id and one.token != two.token

    def test_reset_returns_to_the_starting_state(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore
    ) -> None:
        solve(memory_store, hamlet, item)
        sandbox = services.sandbox_ensure(user=hamlet, item=item)
        services.sandbox_reset(sandbox=sandbox)
        assert services.exercise_check(user=hamlet, item=item, lang="en")["score"] == 0


class CheckTests:
    def test_check_start_state_scores_zero_and_counts_a_failure(
        self, item: AssignmentItem, hamlet: User
    ) -> None:
        services.sandbox_ensure(user=hamlet, item=item)
        result = services.exercise_check(user=hamlet, item=item, lang="en")
        assert (result["score"], result["max_score"]) == (0, 3)
        assert [c["id"] for c in result["checks"]] == ["pod-exists", "described"]
        assert Submission.objects.count() == 0
        assert item.learnersandbox_set.get(user=hamlet).failed_checks == 1


class SubmissionTests:
    def test_submit_solved_sandbox_grades_full_points(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        solve(memory_store, hamlet, item)
        with django_capture_on_commit_callbacks(execute=True):
            submission = services.submission_create(user=hamlet, item=item)
        submission.refresh_from_db()
        assert submission.status == Submission.Status.GRADED
        assert (submission.score, submission.max_score, submission.points) == (6, 6, 10.0)
        assert submission.snapshot["log"][-1]["line"].startswith("kubectl describe pod")
        # the snapshot is the materialised state, base cluster included, not the stored delta
        assert "kube-system/etcd-node1" in submission.snapshot["cluster"]["pods"]
        assert sorted(submission.snapshot["cluster"]["nodes"]) == ["node1", "node2", "node3"]

    def test_submit_past_the_attempts_limit_is_refused(
        self, item: AssignmentItem, hamlet: User
    ) -> None:
        Assignment.objects.filter(pk=item.assignment_id).update(attempts_limit=1)
        item.refresh_from_db()
        services.sandbox_ensure(user=hamlet, item=item)
        services.submission_create(user=hamlet, item=item)
        with translation.override("en"), pytest.raises(
                services.GradingError, match=r"^No attempts left \(limit 1\)\.$"):
            services.submission_create(user=hamlet, item=item)

    def test_submit_late_with_penalty_loses_percent_per_day(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        Assignment.objects.filter(pk=item.assignment_id).update(
            due_at=timezone.now() - timedelta(days=1, hours=2),
            late_policy=Assignment.LatePolicy.PENALTY, penalty_percent_per_day=10)
        item.refresh_from_db()
        solve(memory_store, hamlet, item)
        with django_capture_on_commit_callbacks(execute=True):
            submission = services.submission_create(user=hamlet, item=item)
        submission.refresh_from_db()
        assert (submission.late_factor, submission.points) == (0.8, 8.0)

    def test_submit_late_with_no_credit_scores_zero_points(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        Assignment.objects.filter(pk=item.assignment_id).update(
            due_at=timezone.now() - timedelta(minutes=1),
            late_policy=Assignment.LatePolicy.NO_CREDIT)
        item.refresh_from_db()
        solve(memory_store, hamlet, item)
        with django_capture_on_commit_callbacks(execute=True):
            submission = services.submission_create(user=hamlet, item=item)
        submission.refresh_from_db()
        assert submission.points == 0.0

    def test_learner_view_leaves_hidden_checks_out(
        self, item: AssignmentItem, hamlet: User, django_capture_on_commit_callbacks: Any,
    ) -> None:
        services.sandbox_ensure(user=hamlet, item=item)
        with django_capture_on_commit_callbacks(execute=True):
            submission = services.submission_create(user=hamlet, item=item)
        submission.refresh_from_db()
        view = services.submission_learner_view(submission=submission)
        assert [c["id"] for c in view["result"]["checks"]] == ["pod-exists", "described"]
        assert "hidden_max_points" not in view["result"] and view["points"] is None


class HintTests:
    def test_hint_before_enough_failures_is_refused(
        self, item: AssignmentItem, hamlet: User
    ) -> None:
        services.sandbox_ensure(user=hamlet, item=item)
        with translation.override("en"), pytest.raises(
                services.GradingError, match=r"^This hint opens after 1 failed check\.$"):
            services.hint_reveal(user=hamlet, item=item, index=0, lang="en")

    def test_hint_after_a_failed_check_costs_its_points(
        self, item: AssignmentItem, hamlet: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        services.sandbox_ensure(user=hamlet, item=item)
        services.exercise_check(user=hamlet, item=item, lang="en")
        hint = services.hint_reveal(user=hamlet, item=item, index=0, lang="en")
        assert hint["text"] == "Hint: use kubectl run"
        assert HintReveal.objects.get(user=hamlet, item=item).cost == 1
        solve(memory_store, hamlet, item)
        with django_capture_on_commit_callbacks(execute=True):
            submission = services.submission_create(user=hamlet, item=item)
        submission.refresh_from_db()
        assert submission.points == pytest.approx(10 * 5 / 6, abs=1e-3)


class OverrideTests:
    def test_override_without_reason_is_refused(
        self, item: AssignmentItem, hamlet: User, ada: User
    ) -> None:
        with translation.override("en"), pytest.raises(
                services.GradingError, match=r"^A manual grade needs a reason\.$"):
            services.grade_override(user=hamlet, item=item, points=5, reason=" ", by=ada)


class AnswerTests:
    def test_typed_answer_is_graded_and_stored_with_the_snapshot(
        self, course: Any, hamlet: User, memory_store: MemoryStore,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        from grading import engine_port
        from grading.engine import expected_answers

        text = (services.EXERCISES_DIR / "find-the-pod.yaml").read_text()
        assignment = services.assignment_create(course=course, title="Answers")
        item = services.assignment_item_add(
            assignment=assignment, exercise=services.exercise_save(text=text))
        sandbox = services.sandbox_ensure(user=hamlet, item=item)
        instance = engine_port.instance_for(text, sandbox.seed)
        state = memory_store.load(sandbox.sandbox_id)
        assert state is not None
        right = expected_answers(instance, state, now=services._now())["ip"]

        def ip_passed(answer: str) -> bool:
            result = services.exercise_check(user=hamlet, item=item, lang="en",
                                             answers={"ip": answer, "bogus": "x"})
            return next(c["passed"] for c in result["checks"] if c["id"] == "ip")

        assert (ip_passed("10.0.0.1"), ip_passed(right)) == (False, True)
        with django_capture_on_commit_callbacks(execute=True):
            submission = services.submission_create(user=hamlet, item=item,
                                                    answers={"ip": right, "bogus": "x"})
        submission.refresh_from_db()
        assert submission.snapshot["answers"] == {"ip": right}
        assert submission.result is not None
        assert submission.result["checks"][0] == {
            "id": "ip", "passed": True, "points": 3, "max_points": 3, "message": "",
            "diagnoses": [], "visibility": "visible", "skipped": False}
