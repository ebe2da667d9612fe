"""The "fix a broken Pod" exercises (lessons/exercises/troubleshoot-*.yaml), one by one: the
prepared start shows the symptom it promises and scores 0; the reference solution scores full
marks; the evidence checks follow what the learner ran, not what they fixed; shortcuts that hide
the symptom (deleting the probe, shrinking the program, recreating a serving pod) fail."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from grading.engine import Instance, grade, instantiate, load_exercise, setup_state, solve
from grading.engine.objects import World, select
from grading.engine.runner import run_script
from tests.unit.grading._helpers import NOW

EXERCISES = Path(__file__).resolve().parents[3] / "lessons" / "exercises"
IDS = sorted(p.stem for p in EXERCISES.glob("troubleshoot-*.yaml"))


def exercise(exercise_id: str) -> Instance:
    path = EXERCISES / f"{exercise_id}.yaml"
    return instantiate(load_exercise(path.read_text(encoding="utf-8"), str(path)), "unit")


def start(exercise_id: str) -> tuple[Instance, dict[str, Any]]:
    instance = exercise(exercise_id)
    return instance, setup_state(instance, seed="unit", now=NOW)


def typed(state: dict[str, Any], *commands: Any, files: dict[str, str] | None = None,
          advance: str = "30s") -> tuple[dict[str, Any], float]:
    """The learner's own steps on a copy of ``state`` from NOW; (state, clock after)."""
    copied = copy.deepcopy(state)
    end = run_script(copied, {"files": files or {}, "commands": list(commands),
                              "advance": advance}, NOW)
    return copied, end


def passed(instance: Instance, state: dict[str, Any], now: float) -> dict[str, bool]:
    return {c.id: c.passed for c in grade(instance, state, now=now).checks}


def pod(state: dict[str, Any], name: str, now: float = NOW) -> dict[str, Any]:
    found = select(World(copy.deepcopy(state), now), {"kind": "Pod", "name": name})
    assert found, name
    return found[0]


def edited(instance: Instance, name: str, old: str, new: str) -> dict[str, str]:
    """The setup's file ``name`` with one edit, as a learner saves it in the editor."""
    text = instance.data["setup"]["files"][name]
    assert old in text
    return {name: text.replace(old, new)}


def test_there_are_at_least_eight_and_each_belongs_to_a_lesson() -> None:
    assert len(IDS) >= 8
    lessons = {p.stem.split("-", 1)[1] for p in (EXERCISES.parent / "content" / "en").glob("*.md")}
    for exercise_id in IDS:
        assert exercise(exercise_id).data["lesson"] in lessons, exercise_id


@pytest.mark.parametrize("exercise_id", IDS)
def test_start_scores_nothing_and_the_solution_everything(exercise_id: str) -> None:
    instance, state = start(exercise_id)
    assert grade(instance, state, now=NOW).score == 0
    solved, end = solve(instance, state, now=NOW)
    result = grade(instance, solved, now=end)
    assert result.score == result.max_score, [c for c in result.checks if not c.passed]
    assert any(c.get("kind") == "activity" for c in instance.checks), "no evidence check"


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_fix_without_the_evidence_loses_only_the_evidence_points(exercise_id: str) -> None:
    instance, state = start(exercise_id)
    script = copy.deepcopy(instance.data["solution"])
    reading = ("describe", "logs", "get pods", "get nodes", "get events")
    script["commands"] = [c for c in script["commands"]
                          if not (isinstance(c, str) and any(f"kubectl {w}" in c for w in reading))]
    fixed = copy.deepcopy(state)
    end = run_script(fixed, script, NOW)
    results = {c.id: c for c in grade(instance, fixed, now=end).checks}
    evidence = {c["id"] for c in instance.checks if c.get("kind") == "activity"
                and c.get("count") != 0}
    assert evidence and all(not results[i].passed for i in evidence), exercise_id
    assert all(r.passed for i, r in results.items() if i not in evidence), exercise_id


@pytest.mark.parametrize("exercise_id", IDS)
def test_reading_alone_fixes_nothing(exercise_id: str) -> None:
    instance, state = start(exercise_id)
    steps = [c for c in instance.data["solution"]["commands"]
             if isinstance(c, str) and " delete " not in c and " label " not in c
             and " apply " not in c]
    looked, end = typed(state, *steps)
    results = passed(instance, looked, end)
    evidence = [c["id"] for c in instance.checks if c.get("kind") == "activity"
                and c.get("count") != 0]
    assert all(results[i] for i in evidence), results
    assert grade(instance, looked, now=end).score < grade(instance, looked, now=end).max_score


class SymptomTests:
    """The prepared start shows what the exercise's text promises (read from computed status)."""

    def test_image_tag(self) -> None:
        _, state = start("troubleshoot-image-tag")
        waiting = pod(state, "web")["status"]["containerStatuses"][0]["state"]["waiting"]
        assert waiting["reason"] in ("ImagePullBackOff", "ErrImagePull")

    def test_exiting_command(self) -> None:
        _, state = start("troubleshoot-exiting-command")
        status = pod(state, "worker")["status"]["containerStatuses"][0]
        assert status["restartCount"] >= 2
        assert status["lastState"]["terminated"]["exitCode"] == 0

    def test_readiness_port(self) -> None:
        _, state = start("troubleshoot-readiness-port")
        status = pod(state, "shop")["status"]
        assert status["phase"] == "Running"
        assert {"type": "Ready", "status": "False"}.items() <= next(
            c for c in status["conditions"] if c["type"] == "Ready").items()

    @pytest.mark.parametrize(("exercise_id", "name"), [
        ("troubleshoot-node-selector", "cache"), ("troubleshoot-requests", "batch")])
    def test_pending(self, exercise_id: str, name: str) -> None:
        _, state = start(exercise_id)
        found = pod(state, name)
        assert found["status"]["phase"] == "Pending" and not found["spec"].get("nodeName")

    def test_liveness(self) -> None:
        _, state = start("troubleshoot-liveness")
        assert pod(state, "api")["status"]["containerStatuses"][0]["restartCount"] >= 2

    def test_init_container(self) -> None:
        _, state = start("troubleshoot-init-container")
        status = pod(state, "site")["status"]
        assert status["phase"] == "Pending"
        assert "running" in status["initContainerStatuses"][0]["state"]

    def test_oom(self) -> None:
        _, state = start("troubleshoot-oom")
        last = pod(state, "hog")["status"]["containerStatuses"][0]["lastState"]["terminated"]
        assert (last["reason"], last["exitCode"]) == ("OOMKilled", 137)

    def test_selector_label(self) -> None:
        _, state = start("troubleshoot-selector-label")
        world = World(copy.deepcopy(state), NOW)
        assert len(select(world, {"kind": "Pod", "selector": "app=shop,tier=frontend"})) == 2


class OtherFixesTests:
    """Another correct fix also passes; a shortcut that only hides the symptom does not."""

    def test_node_selector_fixed_on_the_pod_side(self) -> None:
        instance, state = start("troubleshoot-node-selector")
        files = edited(instance, "cache.yaml", "disktype: ssd", "disk: ssd")
        done, end = typed(state, "kubectl describe pod cache", "kubectl delete pod cache",
                          "kubectl apply -f cache.yaml", files=files)
        assert all(passed(instance, done, end).values())

    def test_node_selector_removed_is_not_a_fix(self) -> None:
        instance, state = start("troubleshoot-node-selector")
        files = edited(instance, "cache.yaml", "  nodeSelector:\n    disktype: ssd\n", "")
        done, end = typed(state, "kubectl delete pod cache", "kubectl apply -f cache.yaml",
                          files=files)
        assert passed(instance, done, end)["selector-kept"] is False or \
            passed(instance, done, end)["scheduled"] is False

    def test_readiness_probe_removed(self) -> None:
        instance, state = start("troubleshoot-readiness-port")
        text = instance.data["setup"]["files"]["shop.yaml"]
        files = {"shop.yaml": text[:text.index("    readinessProbe:")]}
        done, end = typed(state, "kubectl delete pod shop", "kubectl apply -f shop.yaml",
                          files=files)
        result = {c.id: c for c in grade(instance, done, now=end, lang="en").checks}
        assert result["probe"].passed is False
        assert any("Keep the probe" in d for d in result["probe"].diagnoses)

    def test_liveness_probe_removed(self) -> None:
        instance, state = start("troubleshoot-liveness")
        text = instance.data["setup"]["files"]["api.yaml"]
        files = {"api.yaml": text[:text.index("    livenessProbe:")]}
        done, end = typed(state, "kubectl delete pod api", "kubectl apply -f api.yaml",
                          files=files)
        assert passed(instance, done, end)["probe"] is False

    def test_liveness_fixed_but_not_recreated_still_restarts(self) -> None:
        instance, state = start("troubleshoot-liveness")
        files = edited(instance, "api.yaml", "/healthz", "/")
        done, end = typed(state, "kubectl apply -f api.yaml", files=files)
        assert passed(instance, done, end)["stable"] is False  # probes are immutable

    def test_oom_by_shrinking_the_program(self) -> None:
        instance, state = start("troubleshoot-oom")
        files = edited(instance, "hog.yaml", '"150M"', '"50M"')
        done, end = typed(state, "kubectl delete pod hog", "kubectl apply -f hog.yaml",
                          files=files)
        assert passed(instance, done, end)["limit"] is False

    def test_oom_limit_just_above_is_not_the_asked_256mi(self) -> None:
        instance, state = start("troubleshoot-oom")
        files = edited(instance, "hog.yaml", "memory: 100Mi", "memory: 200Mi")
        done, end = typed(state, "kubectl delete pod hog", "kubectl apply -f hog.yaml",
                          files=files)
        assert passed(instance, done, end)["limit"] is False

    def test_selector_label_fixed_by_recreating(self) -> None:
        instance, state = start("troubleshoot-selector-label")
        done, end = typed(state, "kubectl get pods --show-labels", "kubectl delete pod shop-2",
                          "kubectl run shop-2 --image=nginx:1.27 --labels=app=shop,tier=frontend")
        results = passed(instance, done, end)
        assert results["all-three"] and results["looked"] and not results["not-deleted"]

    def test_exiting_command_that_loses_its_output(self) -> None:
        instance, state = start("troubleshoot-exiting-command")
        files = edited(instance, "worker.yaml", "\"echo 'worker: ready'\"", '"sleep 3600"')
        done, end = typed(state, "kubectl delete pod worker", "kubectl apply -f worker.yaml",
                          files=files)
        results = passed(instance, done, end)
        assert results["no-restarts"] and not results["still-ready-line"]

    def test_init_container_that_no_longer_writes_the_page(self) -> None:
        instance, state = start("troubleshoot-init-container")
        text = instance.data["setup"]["files"]["site.yaml"]
        start_at = text.index('command: ["sh"')
        line_end = text.index("\n", start_at)
        files = {"site.yaml": text[:start_at] + 'command: ["true"]' + text[line_end:]}
        done, end = typed(state, "kubectl delete pod site", "kubectl apply -f site.yaml",
                          files=files)
        results = passed(instance, done, end)
        assert results["running"] and not results["page-step-kept"]

    def test_image_tag_diagnosis_names_the_swapped_digits(self) -> None:
        instance, state = start("troubleshoot-image-tag")
        first = grade(instance, state, now=NOW, lang="en").checks[0]
        assert first.diagnoses == [
            "The tag `1.72` does not exist in the registry. Look at the order of the two digits."]


def test_image_changed_in_place_fixes_the_pod() -> None:
    """`kubectl set image` on a container that never started: the kubelet pulls the new image
    at once (its back-off is per image), so the fix passes without recreating the pod."""
    instance, state = start("troubleshoot-image-tag")
    done, end = typed(state, "kubectl set image pod/web nginx=nginx:1.27", advance="60s")
    result = {c.id: c for c in grade(instance, done, now=end, lang="en").checks}
    assert result["image"].passed and result["running"].passed
