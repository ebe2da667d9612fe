"""Reading kubectl commands out of the command log for evidence checks (activity: kubectl)."""

from __future__ import annotations

import pytest

from grading.engine import evidence
from tests.unit.grading._helpers import NOW, make, sandbox

DESCRIBE_WEB = [{"verb": "describe", "pod": "web"}]
PREVIOUS_LOGS = [{"verb": "logs", "pod": "web", "flag": ["--previous", "-p"]}]
EVENTS = [{"verb": "get", "resource": "events"}, {"verb": "events"}]


@pytest.mark.parametrize("line", [
    "kubectl describe pod web", "kubectl describe pods web", "kubectl describe po/web",
    "k -n default describe pod web", "kubectl describe pod db web",
    "kubectl describe pods", "kubectl describe pod web | grep -A5 Events",
    "kubectl get pods; kubectl describe pod/web",
])
def test_describe_of_the_pod_counts(line: str) -> None:
    assert evidence.line_matches(line, DESCRIBE_WEB), line


@pytest.mark.parametrize("line", [
    "kubectl describe pod db", "kubectl get pod web", "kubectl describe node node2",
    "echo kubectl describe pod web", "[web/nginx] kubectl describe pod web",
    "kubectl run x --image=busybox -- kubectl describe pod web", "kubectl describe 'pod web",
])
def test_other_commands_do_not(line: str) -> None:
    assert not evidence.line_matches(line, DESCRIBE_WEB), line


@pytest.mark.parametrize(("line", "ok"), [
    ("kubectl logs web --previous", True), ("kubectl logs -p web", True),
    ("kubectl logs pod/web --previous=true --tail 20", True), ("kubectl logs web", False),
    ("kubectl logs db -p", False), ("kubectl logs -c web db -p", False),
])
def test_previous_logs(line: str, ok: bool) -> None:
    assert evidence.line_matches(line, PREVIOUS_LOGS) is ok, line


@pytest.mark.parametrize(("line", "ok"), [
    ("kubectl get events", True), ("kubectl get ev -w", True), ("kubectl get pods,events", True),
    ("kubectl events --for pod/web", True), ("kubectl get pods", False),
])
def test_events(line: str, ok: bool) -> None:
    assert evidence.line_matches(line, EVENTS) is ok, line


def test_container_and_follow_flag() -> None:
    spec = [{"verb": "logs", "pod": "site", "container": "render"}]
    assert evidence.line_matches("kubectl logs -f site -c render", spec)
    assert evidence.line_matches("kubectl logs site --container=render", spec)
    assert not evidence.line_matches("kubectl logs site", spec)


def test_an_activity_check_reads_the_command_log() -> None:
    instance = make([{"id": "looked", "points": 1, "kind": "activity",
                      "activity": {"kubectl": DESCRIBE_WEB, "exit": 0}}])
    from grading.engine import grade
    state, end = sandbox("kubectl run web --image=httpd", "kubectl describe pods/web")
    assert grade(instance, state, now=end).score == 1
    state, end = sandbox("kubectl run web --image=httpd", "kubectl describe pod nothere")
    assert grade(instance, state, now=end).score == 0
    assert NOW <= end


def test_a_check_gives_pattern_or_kubectl_not_both() -> None:
    from grading.engine import ExerciseError
    with pytest.raises(ExerciseError) as caught:
        make([{"id": "x", "points": 1, "kind": "activity",
               "activity": {"pattern": "^kubectl", "kubectl": DESCRIBE_WEB}}])
    assert "give either 'pattern' or 'kubectl'" in str(caught.value.problems)
