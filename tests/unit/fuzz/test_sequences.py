"""Sequences over time: a learner creates, applies and deletes pods, lets time pass and looks
around (get, describe, logs, exec and other lines that change no pod's existence). After every
step: no internal error, `kubectl get pods` lists exactly the pods that should exist, and the
sandbox's state stored and loaded again answers every question as the live one does."""

from __future__ import annotations

import copy
import json
import logging
import re
import shlex
from typing import Any

import pytest
import yaml
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from playground.sim.sandbox import Sandbox
from playground.sim.store import MemoryStore
from tests.unit.fuzz import harness
from tests.unit.fuzz.shell_lines import container_lines
from tests.unit.fuzz.strategies import kubectl_lines, pod_manifests

NAMES = ["web", "db", "job", "a"]
IMAGES = ["nginx", "busybox", "alpine", "no/such:image"]
# verbs that change no pod's existence (label/annotate/set/edit change fields only)
LOOKING = ["get", "describe", "logs", "exec", "top", "events", "explain", "wait", "label",
           "annotate", "diff", "attach", "port-forward", "cp", "api-resources", "version",
           "set", "cluster-info"]
LOOKS = ["kubectl get pods", "kubectl get pods -o wide", "kubectl get pods -A",
         "kubectl describe pods", "kubectl get events", "kubectl logs {pod}",
         "kubectl logs {pod} --previous", "kubectl logs {pod} -f", "kubectl get pods -w",
         "kubectl describe pod {pod}", "kubectl get pod {pod} -o yaml", "kubectl top pods",
         "kubectl wait --for=condition=Ready pod/{pod} --timeout=5s", "kubectl get events -w"]
# What the live and the reloaded sandbox are asked; none of it changes a pod.
PROBES = ["kubectl get pods -A -o wide", "kubectl get pods -o yaml", "kubectl describe pods",
          "kubectl get events -A", "ls -la", "history", "alias", "echo $X; pwd",
          "kubectl logs --all-containers -l app=web --prefix"]
MADE = re.compile(r"^pod/(\S+) (created|configured|unchanged)", re.MULTILINE)
SLACK = 5.0  # seconds past a deletion's grace period by which the pod is gone


class SandboxMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.box, self.clock = harness.sandbox("sequence")
        self.alive: set[tuple[str, str]] = set()
        # pods being deleted: (namespace, name) -> when they are gone at the latest (None: they
        # may stay, e.g. a finalizer that nothing removes)
        self.deleting: dict[tuple[str, str], float | None] = {}
        self.system = self._listed()
        self.kept: dict[tuple[str, str], dict[str, Any]] = {}

    # -- steps -------------------------------------------------------------------------------
    def _run(self, line: str, waits: tuple[float, ...] = ()) -> str:
        return harness.run(self.box, self.clock, line, waits)

    def _made(self, ns: str, name: str, manifest: dict[str, Any] | None = None,
              how: str = "created") -> None:
        if how != "created" and (ns, name) in self.deleting:
            return  # a patch to a pod being deleted leaves it being deleted
        self.alive.add((ns, name))
        self.deleting.pop((ns, name), None)
        self.kept[(ns, name)] = manifest or {}

    @rule(name=st.sampled_from(NAMES), image=st.sampled_from(IMAGES),
          sleeps=st.booleans(), labels=st.booleans())
    def run_pod(self, name: str, image: str, sleeps: bool, labels: bool) -> None:
        line = f"kubectl run {name} --image {image}" + (" -l app=web" if labels else "") + (
            " -- sleep 3600" if sleeps else "")
        if MADE.search(self._run(line)):
            self._made("default", name)

    @rule(manifest=pod_manifests(), verb=st.sampled_from(["apply", "create"]),
          as_json=st.booleans())
    def apply_manifest(self, manifest: dict[str, Any], verb: str, as_json: bool) -> None:
        body = json.dumps(manifest) if as_json else yaml.safe_dump(manifest, allow_unicode=True)
        text = self._run(f"kubectl {verb} -f - <<'ZZ_END'\n{body}\nZZ_END")
        meta = manifest.get("metadata")
        ns = meta.get("namespace") if isinstance(meta, dict) else None
        for name, how in MADE.findall(text):
            self._made(ns if isinstance(ns, str) and ns else "default", name, manifest, how)

    @rule(data=st.data(), how=st.sampled_from(["--now", "--grace-period=3", "--wait=false",
                                               "--force --grace-period=0", ""]))
    def delete_pod(self, data: st.DataObject, how: str) -> None:
        if not self.alive:
            return
        ns, name = data.draw(st.sampled_from(sorted(self.alive)))
        self._run(f"kubectl delete pod {name} -n {ns} {how}".rstrip())
        self.alive.discard((ns, name))
        self.deleting[(ns, name)] = self._gone_by(ns, name, how)

    def _gone_by(self, ns: str, name: str, how: str) -> float | None:
        meta = self.kept.get((ns, name), {}).get("metadata")
        if isinstance(meta, dict) and meta.get("finalizers"):
            return None
        grace: Any = 30
        spec = self.kept.get((ns, name), {}).get("spec")
        if isinstance(spec, dict) and "terminationGracePeriodSeconds" in spec:
            grace = spec["terminationGracePeriodSeconds"]
        if not isinstance(grace, int) or isinstance(grace, bool) or grace < 0:
            grace = 30
        grace = {"--now": 1, "--grace-period=3": 3, "--force --grace-period=0": 0}.get(how,
                                                                                     grace)
        return self.box.clock.now() + grace + SLACK

    @rule()
    def delete_all(self) -> None:
        self._run("kubectl delete pods --all --now")
        for ns, name in [p for p in self.alive if p[0] == "default"]:
            self.alive.discard((ns, name))
            self.deleting[(ns, name)] = self.box.clock.now() + 1 + SLACK

    @rule(seconds=st.one_of(st.sampled_from([0.5, 1, 5, 30, 61, 300, 3600]),
                            st.floats(0, 600, allow_nan=False)))
    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    @rule(amount=st.sampled_from(["90s", "5m", "1h", "0", "-1m", "abc"]))
    def skip(self, amount: str) -> None:
        self._run(f"skip {amount}")

    @rule(line=kubectl_lines(LOOKING), waits=st.lists(st.sampled_from([1, 30]), max_size=2))
    def kubectl_line(self, line: str, waits: list[float]) -> None:
        self._run(line, tuple(waits))

    @rule(data=st.data(), look=st.sampled_from(LOOKS))
    def look(self, data: st.DataObject, look: str) -> None:
        pods = sorted(name for ns, name in self.alive if ns == "default") or ["web"]
        self._run(look.format(pod=data.draw(st.sampled_from(pods))), (1, 30))

    @rule(data=st.data(), line=container_lines(), interactive=st.booleans())
    def exec_line(self, data: st.DataObject, line: str, interactive: bool) -> None:
        pods = sorted(name for ns, name in self.alive if ns == "default") or ["web"]
        pod = data.draw(st.sampled_from(pods))
        if not interactive:
            self._run(f"kubectl exec {pod} -- sh -c {shlex.quote(line)}")
            return
        opened = harness.text_of(self.box.execute(f"kubectl exec -it {pod} -- sh"))
        harness.check(f"exec -it {pod}", opened)
        if harness.stream_of(self.box) is not None:
            self._run(line, (1,))

    # -- invariants --------------------------------------------------------------------------
    def _listed(self, box: Sandbox | None = None) -> set[tuple[str, str]]:
        text = harness.run(box or self.box, self.clock, "kubectl get pods -A --no-headers "
                           "-o custom-columns=NS:.metadata.namespace,NAME:.metadata.name")
        return {tuple(line.split()) for line in text.splitlines() if line.strip()}  # type: ignore[misc]

    @invariant()
    def get_pods_lists_the_pods_that_exist(self) -> None:
        listed = self._listed() - self.system
        now = self.box.clock.now()
        for pod, gone_by in list(self.deleting.items()):
            if pod not in listed:
                del self.deleting[pod]
            else:
                assert gone_by is None or now < gone_by, f"{pod} outlived its deletion"
        assert self.alive <= listed, f"missing: {self.alive - listed}"
        assert listed - self.alive <= set(self.deleting), f"unexpected: {listed - self.alive}"
        names = {name for ns, name in listed if ns == "default"}
        table = self._run("kubectl get pods")
        shown = {line.split()[0] for line in table.splitlines()[1:] if line.strip()}
        assert shown == names or not names and table.startswith("No resources found"), table

    @invariant()
    def the_stored_state_answers_alike(self) -> None:
        store = MemoryStore(idle_seconds=10**9, clock=self.clock)
        assert store.save_if("s", self.box.state, revision=0)
        loaded = store.load("s")
        assert loaded is not None
        live = Sandbox(copy.deepcopy(self.box.state), self.clock, harness.CONFIG)
        again = Sandbox(loaded, self.clock, harness.CONFIG)
        for probe in PROBES:
            assert harness.run(live, self.clock, probe) == harness.run(again, self.clock,
                                                                       probe), probe


@pytest.fixture(autouse=True)
def _show_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="playground.sim.sandbox")


TestSandboxSequences = SandboxMachine.TestCase
TestSandboxSequences.settings = harness.budget(10, stateful_step_count=10)
