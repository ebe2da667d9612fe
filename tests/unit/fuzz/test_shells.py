"""No line typed into a shell reaches an internal error: the workstation's bash (pipelines,
lists, redirections, here-documents, quoting, expansions, loops that sleep, watch, aliases) and
the shells inside running containers of several images, by `kubectl exec POD -- sh -c LINE`
and in interactive `kubectl exec -it POD -- sh` sessions."""

from __future__ import annotations

import logging
import shlex

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.fuzz import harness
from tests.unit.fuzz.shell_lines import MANIFEST, container_lines, host_lines

# Time the clock moves on what a line left running: a sleep's end, a watch's refresh or two.
WAITS = st.lists(st.sampled_from([0.05, 1, 2.5, 30, 600]), max_size=3).map(tuple)

# Running pods of several catalogue images, each with an emptyDir at /data to write into.
POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
  labels: {{app: {name}}}
spec:
  containers:
  - name: {name}
    image: {image}
{extra}    volumeMounts: [{{name: data, mountPath: /data}}]
  volumes: [{{name: data, emptyDir: {{}}}}]
"""
SLEEPER = "    command: [sleep, '3600']\n"
PODS = {
    "busybox": ("busybox:1.36", SLEEPER),
    "nginx": ("nginx", ""),
    "debian": ("debian", SLEEPER),
    "alpine": ("alpine", SLEEPER),
    "agnhost": ("registry.k8s.io/e2e-test-images/agnhost:2.39", "    args: [netexec]\n"),
    "bash": ("bash", SLEEPER),
}
SHELLS = {"busybox": ["sh"], "nginx": ["sh", "bash"], "debian": ["sh", "bash"],
          "alpine": ["sh"], "agnhost": ["sh"], "bash": ["bash"]}


@pytest.fixture(autouse=True)
def _show_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="playground.sim.sandbox")


@harness.budget(100)
@given(lines=st.lists(host_lines(), min_size=1, max_size=3), waits=WAITS)
def test_host_shell_lines_never_reach_an_internal_error(lines: list[str],
                                                        waits: tuple[float, ...]) -> None:
    box, clock = harness.sandbox()
    box.execute("cat > f.yaml <<'EOF'\n" + MANIFEST.format(name="web", image="nginx") + "EOF")
    box.execute("mkdir dir && echo a > dir/a && X=web.example.com")
    for line in lines:
        harness.run(box, clock, line, waits)


def _cluster() -> tuple[harness.Sandbox, harness.FixedClock]:
    box, clock = harness.sandbox()
    for name, (image, extra) in PODS.items():
        box.execute("kubectl apply -f - <<'EOF'\n" + POD.format(name=name, image=image,
                                                                extra=extra) + "EOF")
    box.execute("kubectl expose pod nginx --name web --port 80")
    clock.advance(60)  # every pod is Running
    return box, clock


@harness.budget(60)
@given(pod=st.sampled_from(sorted(PODS)), lines=st.lists(container_lines(), min_size=1,
                                                          max_size=3), waits=WAITS)
def test_exec_sh_c_lines_never_reach_an_internal_error(pod: str, lines: list[str],
                                                       waits: tuple[float, ...]) -> None:
    box, clock = _cluster()
    for line in lines:
        program = SHELLS[pod][0]
        harness.run(box, clock, f"kubectl exec {pod} -- {program} -c {shlex.quote(line)}",
                    waits)


@harness.budget(60)
@given(pod=st.sampled_from(sorted(PODS)), data=st.data(),
       lines=st.lists(container_lines(), min_size=1, max_size=4), waits=WAITS)
def test_interactive_container_shells_never_reach_an_internal_error(
    pod: str, data: st.DataObject, lines: list[str], waits: tuple[float, ...]
) -> None:
    box, clock = _cluster()
    program = data.draw(st.sampled_from(SHELLS[pod]))
    opened = f"kubectl exec -it {pod} -- {program}"
    text = harness.text_of(box.execute(opened))
    harness.check(opened, text)
    for line in lines:
        if harness.stream_of(box) is None:
            break  # the session ended (`exit`, the pod stopped): the rest is the host's
        result = box.execute(line)
        text = harness.text_of(result)
        for seconds in waits:  # a line that sleeps in the session goes on later
            if "line" not in (harness.stream_of(box) or {}).get("spec", {}):
                break
            clock.advance(seconds)
            text += harness.text_of(box.resume())
        if "line" in (harness.stream_of(box) or {}).get("spec", {}):
            text += harness.text_of(box.interrupt())
        harness.check(line, text)
    harness.finish(box, clock, opened, harness.Result())
