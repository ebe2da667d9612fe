"""``why pod/NAME``: the chain of causes comes from the lifecycle walk (pure, injected clock)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.lifecycle.causes import pod_causes
from playground.sim.sandbox import Sandbox

SSD_POD = """apiVersion: v1
kind: Pod
metadata:
  name: fast
spec:
  nodeSelector:
    disktype: ssd
  containers:
    - name: nginx
      image: nginx:1.27
"""


def _sandbox(lang: str = "en") -> tuple[Sandbox, FixedClock]:
    clock = FixedClock()
    return Sandbox(Sandbox.new_state("why", TRANSCRIPT_EPOCH), clock, lang=lang), clock


def _status(sandbox: Sandbox, name: str) -> dict[str, Any]:
    """What kubectl shows of the pod: the independent side of each comparison."""
    pod = json.loads(sandbox.execute(f"kubectl get pod {name} -o json").text)
    status: dict[str, Any] = pod["status"]
    return status


def _hms(rfc3339: str) -> str:
    return rfc3339[11:19]


def _plus(rfc3339: str, seconds: int) -> str:
    t = datetime.strptime(rfc3339, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    return f"{datetime.fromtimestamp(t + seconds, tz=UTC):%H:%M:%S}"


def _section(text: str, header: str) -> list[str]:
    lines = text.split("\n")
    start = lines.index(header)
    end = lines.index("", start)
    return lines[start + 1:end]


def test_why_crash_loop_names_exit_restart_policy_back_off_and_next_start() -> None:
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run web --image=ubuntu:focal")
    clock.advance(90)
    status = _status(sandbox, "web")["containerStatuses"][0]
    assert status["restartCount"] == 4
    last = status["lastState"]["terminated"]
    out = sandbox.execute("why pod/web")
    assert out.exit_code == 0
    assert out.text.startswith("why pod/web (a Pod Playground command, not kubectl)\n"
                               "Pod default/web: STATUS CrashLoopBackOff, READY 0/1, RESTARTS 4")
    steps = _section(out.text, "container web:")
    # the 5th restart waits 80 s: back-off 10 s doubled for each restart after the first
    # (lesson 11), counted from the exit kubectl reports as lastState.terminated.finishedAt
    assert steps[-7:-1] == [
        f"  {_hms(last['finishedAt'])}  exited with code 0 (Completed)",
        "            because spec.containers[web].image: ubuntu:focal",
        "            lesson: /lessons/en/when-pods-fail/#section-2",
        f"  {_hms(last['finishedAt'])}  restartPolicy Always: restart 5 after a back-off of "
        "1m20s (CrashLoopBackOff until then)",
        "            because spec.restartPolicy: Always",
        "            lesson: /lessons/en/lifecycle/#section-3",
    ]
    assert steps[-1].startswith(f"        ->  next start at {_plus(last['finishedAt'], 80)} (in ")


def test_why_back_off_matches_the_pod_status_reported_by_kubectl() -> None:
    # the restart number why names is the one after the RESTARTS column's count
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run web --image=ubuntu:focal")
    for _ in range(6):
        clock.advance(97)
        row = sandbox.execute("kubectl get pod web --no-headers").text.split()
        restarts = int(row[3])
        text = sandbox.execute("why web").text
        if row[2] == "CrashLoopBackOff":
            assert f"restart {restarts + 1} after a back-off of" in text


def test_why_failed_scheduling_names_the_node_selector_and_the_labels_lesson() -> None:
    sandbox, clock = _sandbox()
    assert sandbox.write_file("ssd.yaml", SSD_POD) is None
    sandbox.execute("kubectl apply -f ssd.yaml")
    clock.advance(5)
    lines = sandbox.execute("why fast").text.split("\n")
    assert lines[2].startswith("  14:45:33  FailedScheduling (attempt 1): 0/3 nodes are "
                               "available: 1 node(s) had untolerated taint")
    assert lines[3:6] == [
        "            because spec.tolerations, spec.nodeSelector",
        "            lesson: /lessons/en/labels/#section-6",
        "        ->  the scheduler tries again at 14:50:33",
    ]


def test_why_pull_failure_names_the_image_and_the_next_pull() -> None:
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run bad --image=nginx:nope")
    clock.advance(20)
    waiting = _status(sandbox, "bad")["containerStatuses"][0]["state"]["waiting"]
    assert waiting["reason"] == "ImagePullBackOff"
    steps = _section(sandbox.execute("why bad").text, "container bad:")
    assert "  pulling nginx:nope failed (attempt 2): rpc error: code = NotFound" in steps[0]
    assert steps[1:3] == [
        "            because spec.containers[bad].image: nginx:nope",
        "            lesson: /lessons/en/when-pods-fail/#section-5",
    ]
    assert steps[3].startswith("        ->  ImagePullBackOff until the next pull at ")
    assert len(steps) == 4


def test_why_restart_policy_never_is_why_the_pod_stays_in_error() -> None:
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run once --image=busybox --restart=Never -- sh -c 'exit 3'")
    clock.advance(30)
    finished = _status(sandbox, "once")["containerStatuses"][0]["state"]["terminated"]
    text = sandbox.execute("why once").text
    assert f"  {_hms(finished['finishedAt'])}  exited with code 3 (Error)\n" \
           '            because spec.containers[once].args: ["sh","-c","exit 3"]\n' in text
    assert "restartPolicy Never: not restarted after exit code 3\n" \
           "            because spec.restartPolicy: Never\n" in text
    assert text.endswith("\nNothing is scheduled to change.\n")


def test_why_answers_in_korean_for_a_korean_page_but_keeps_field_names() -> None:
    sandbox, clock = _sandbox("ko")
    sandbox.execute("kubectl run web --image=ubuntu:focal")
    clock.advance(90)
    text = sandbox.execute("why pod/web").text
    assert text.startswith("why pod/web (kubectl이 아닌 Pod Playground 명령)\n")
    assert "restartPolicy Always: 1m20s 기다린 뒤 5번째 재시작 (그때까지 CrashLoopBackOff)" in text
    assert "            원인 필드 spec.restartPolicy: Always\n" in text
    assert "            배울 곳: /lessons/ko/lifecycle/#section-3\n" in text


def test_why_errors_are_clear_and_exit_1() -> None:
    sandbox, _ = _sandbox()
    cases = {
        "why": "why: name a pod: why pod/NAME [-n NAMESPACE]\n",
        "why a b c": "why: name a pod: why pod/NAME [-n NAMESPACE]\n",
        "why --bogus web": "why: name a pod: why pod/NAME [-n NAMESPACE]\n",
        "why node/node1": "why: only pods can be explained, not node\n",
        "why pod/missing": 'why: pod "missing" not found in namespace "default"\n',
        "why -n kube-system missing": 'why: pod "missing" not found in namespace "kube-system"\n',
    }
    for line, message in cases.items():
        result = sandbox.execute(line)
        assert (result.chunks, result.exit_code) == ([("err", message)], 1), line


def test_causes_do_not_change_what_kubectl_shows() -> None:
    # recording causes is bookkeeping: the observed pod is the same with or without reading them
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run web --image=ubuntu:focal")
    clock.advance(200)
    before = sandbox.execute("kubectl get pod web -o yaml").text
    record = sandbox.state["cluster"]["pods"]["default/web"]
    found = pod_causes(record, clock.now())
    assert [c.kind for c in found.pod] == ["scheduled"]
    assert {c.kind for c in found.containers[0].causes} >= {"started", "exited", "restart"}
    assert sandbox.execute("kubectl get pod web -o yaml").text == before


INIT_POD = """apiVersion: v1
kind: Pod
metadata:
  name: side
spec:
  initContainers:
    - {name: setup, image: busybox, command: ["sh", "-c", "exit 1"]}
    - {name: logger, image: busybox, restartPolicy: Always, command: ["sleep", "3600"]}
  containers:
    - {name: web, image: nginx:1.27}
"""


def test_why_init_containers_say_how_the_pod_s_policy_applies_to_them() -> None:
    sandbox, clock = _sandbox()
    assert sandbox.write_file("side.yaml", INIT_POD) is None
    sandbox.execute("kubectl apply -f side.yaml")
    clock.advance(60)
    text = sandbox.execute("why side").text
    assert "Pod default/side: STATUS Init:CrashLoopBackOff" in text
    steps = _section(text, "init container setup:")
    assert any("restartPolicy Always, which an init container follows as OnFailure: restart "
               in step for step in steps)
    assert "sidecar container logger (init, restartPolicy Always):" not in text  # not started
