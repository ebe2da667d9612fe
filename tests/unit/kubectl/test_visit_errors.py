"""create/apply -f go on past an object that fails and print every error at the end, as
kubectl's ContinueOnError visitor and CheckErr's aggregate do."""

from __future__ import annotations

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox

MIXED = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers: [{name: c, image: nginx}]
"""


def _sandbox() -> Sandbox:
    return Sandbox(Sandbox.new_state("visit", TRANSCRIPT_EPOCH), FixedClock())


def test_a_kind_the_playground_only_shows_does_not_stop_the_pods_after_it() -> None:
    sandbox = _sandbox()
    sandbox.execute(f"cat <<'EOF' > mixed.yaml\n{MIXED}EOF")
    result = sandbox.execute("kubectl create -f mixed.yaml")
    assert result.text == (
        "pod/p created\n"
        "error: the playground runs Pods only; Deployments are shown read-only\n")
    assert result.exit_code == 1


def test_several_errors_print_in_the_aggregate_form() -> None:
    sandbox = _sandbox()
    sandbox.execute(f"cat <<'EOF' > mixed.yaml\n{MIXED}EOF")
    sandbox.execute("kubectl create -f mixed.yaml")
    result = sandbox.execute("kubectl create -f mixed.yaml")
    assert result.text == (
        "the playground runs Pods only; Deployments are shown read-only\n"
        'Error from server (AlreadyExists): error when creating "mixed.yaml": pods "p" already '
        "exists\n")
