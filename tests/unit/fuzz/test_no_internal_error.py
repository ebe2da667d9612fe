"""No input reaches an internal error: random Pod manifests and kubectl command lines get
kubectl's or the API server's answer, never the sandbox's "internal error" line."""

from __future__ import annotations

import json
import logging

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox
from tests.unit.fuzz.strategies import kubectl_lines, pod_manifests

INTERNAL = "internal error:"
# What a learner does next with a pod from a manifest: every printer and describer sees it.
AFTER_CREATE = ["kubectl get pods", "kubectl get pods -o wide", "kubectl get pods -o yaml",
                "kubectl get pods -o json", "kubectl describe pods", "kubectl get events",
                "kubectl logs --all-containers -l app=web", "kubectl get pods -o name"]


POD_YAML = """apiVersion: v1
kind: Pod
metadata:
  name: shell
spec:
  containers:
  - name: sh
    image: busybox
    command: ["sh"]
    stdin: true
    tty: true"""


FILE_VERBS = ["diff -f -", "get -f - -o wide", "describe -f -", "label a=b -f -",
              "set image c=httpd -f -", "replace -f -", "delete -f - --now"]


def _sandbox() -> tuple[Sandbox, FixedClock]:
    clock = FixedClock()
    return Sandbox(Sandbox.new_state("fuzz", TRANSCRIPT_EPOCH), clock), clock


def _run(sandbox: Sandbox, line: str) -> str:
    result = sandbox.execute(line)
    text = "".join(chunk for _, chunk in result.chunks)
    while result.running or sandbox.state.get("tabs", {}).get("1", {}).get("stream"):
        # a stream (watch, logs -f, attach, a container shell) ends with Ctrl-C or `exit`
        stream = sandbox.state["tabs"]["1"]["stream"]
        result = sandbox.execute("exit") if stream.get("kind") == "shell" else sandbox.interrupt()
        text += "".join(chunk for _, chunk in result.chunks)
        if not result.running and not sandbox.state["tabs"]["1"].get("stream"):
            break
    assert INTERNAL not in text, f"{line!r} reached an internal error:\n{text}"
    return text


def _heredoc(command: str, body: str) -> str:
    return f"{command} <<'ZZ_END'\n{body}\nZZ_END"


@pytest.fixture(autouse=True)
def _show_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="playground.sim.sandbox")


@given(manifest=pod_manifests(), as_json=st.booleans(), verb=st.sampled_from(
    ["create -f -", "apply -f -", "create --dry-run=client -o yaml -f -",
     "apply --dry-run=server -f -", "replace --force -f -"]))
def test_pod_manifests_never_reach_an_internal_error(
    manifest: dict, as_json: bool, verb: str
) -> None:
    sandbox, clock = _sandbox()
    body = json.dumps(manifest) if as_json else yaml.safe_dump(manifest, allow_unicode=True)
    _run(sandbox, _heredoc(f"kubectl {verb}", body))
    for line in AFTER_CREATE[:4]:
        _run(sandbox, line)
    clock.advance(90)
    for line in AFTER_CREATE[4:]:
        _run(sandbox, line)
    _run(sandbox, _heredoc("kubectl apply -f -", body))
    for verb in FILE_VERBS:  # the verbs that look -f objects up by name
        _run(sandbox, _heredoc(f"kubectl {verb}", body))
    _run(sandbox, "kubectl delete pods --all --now")


@given(lines=st.lists(kubectl_lines(), min_size=1, max_size=4))
def test_kubectl_lines_never_reach_an_internal_error(lines: list[str]) -> None:
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run web --image nginx --labels app=web")
    # files the command lines name (-f pod.yaml, go-template-file=t.tmpl)
    sandbox.execute(_heredoc("cat > pod.yaml", POD_YAML))
    sandbox.execute("echo '{{.metadata.name}}' > t.tmpl")
    clock.advance(30)
    for line in lines:
        _run(sandbox, line)
