"""Differential test: the real kubectl v1.32 `edit`, its $EDITOR a script that saves scripted
buffers, against the simulator's objects (served by the oracle's fakeapi.py, which applies
patches and refuses spec changes with the simulator's own Forbidden cause) and the simulator's
edit session: the buffers kubectl opens and reopens, and what it prints.

`--validate=false` where the buffer would go to client-side validation: the stub does not
announce server-side field validation, so kubectl would validate against its schema first, which
a real API server spares it (the paths compared are those a learner's cluster takes)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.cluster import Cluster, InvalidError
from playground.sim.sandbox import Sandbox
from tests.integration.test_oracle_describe_service import _free_port, _wait_for
from tests.integration.test_oracle_printers import _kubectl_binary
from tests.paths import SHARED

FAKEAPI = SHARED / "tools/kubectl-oracle/fakeapi.py"
EDITOR = """import json, os, shutil, sys
d = os.environ["EDIT_DIR"]
n = len([f for f in os.listdir(d) if f.startswith("buf")]) + 1
shutil.copy(sys.argv[1], os.path.join(d, "buf%d" % n))
steps = json.load(open(os.path.join(d, "steps.json")))
step = steps[n - 1] if n <= len(steps) else None
if step is not None:
    text = open(sys.argv[1]).read()
    open(sys.argv[1], "w").write(text.replace(step[0], step[1], 1))
"""
REFUSED = ("restartPolicy: Always", "restartPolicy: Never")
CASES: dict[str, tuple[str, list[tuple[str, str] | None]]] = {
    "unchanged": ("", [None]),
    "image": ("--output-patch", [("image: nginx\n", "image: nginx:1.27\n")]),
    "label": ("--output-patch --validate=false", [("run: x", "run: web")]),
    "refused_then_unchanged": ("", [REFUSED, None]),
    "refused_then_undone": ("", [REFUSED, (REFUSED[1], REFUSED[0])]),
    "syntax_then_unchanged": ("--validate=false", [("kind: Pod\n", "kind: Pod: x\n"), None]),
    "json_unchanged": ("-o json", [None]),
}


def _sandbox() -> Sandbox:
    sandbox = Sandbox(Sandbox.new_state(seed="oracle-edit", now=TRANSCRIPT_EPOCH),
                      clock=FixedClock(TRANSCRIPT_EPOCH))
    sandbox.execute("kubectl run x --image nginx")
    return sandbox


def _forbidden_cause() -> str:
    """The simulator's Forbidden message for the refused change (the stub answers with it)."""
    sandbox = _sandbox()
    try:
        pod = json.loads(sandbox.execute("kubectl get pod x -o json").text)
        pod["spec"]["restartPolicy"] = "Never"
        Cluster(sandbox.state["cluster"], TRANSCRIPT_EPOCH, sandbox.config).update_pod(
            "default", "x", pod)
    except InvalidError as exc:
        return 'Pod "x" is invalid: ' + exc.causes[0]
    raise AssertionError("the simulator took a restartPolicy change")


@pytest.fixture(scope="module")
def stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("edit-oracle")
    pod = json.loads(_sandbox().execute("kubectl get pod x -o json").text)
    (folder / "fixture").mkdir()
    (folder / "fixture" / "pods.json").write_text(json.dumps({"pods": [pod], "events": []}))
    (folder / "editor.py").write_text(EDITOR)
    env = dict(os.environ, FIXDIR=str(folder / "fixture"), FORBID_SPEC=_forbidden_cause())
    yield folder, env


def _stub_env(env: dict[str, str], steps: list[Any]) -> dict[str, str]:
    """The stub refuses every spec patch when told the cause: only for the refused cases."""
    if REFUSED in steps:
        return env
    return {k: v for k, v in env.items() if k != "FORBID_SPEC"}


def _real(folder: Path, env: dict[str, str], name: str, args: str,
          steps: list[Any]) -> tuple[str, int, list[str]]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, str(FAKEAPI), str(port)],
                              env=_stub_env(env, steps),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = folder / name
    work.mkdir()
    (work / "steps.json").write_text(json.dumps(steps))
    try:
        _wait_for(port)
        run = subprocess.run(
            [_kubectl_binary(), f"--server=http://127.0.0.1:{port}", "edit", "pod", "x",
             *args.split()],
            env=dict(env, EDIT_DIR=str(work),
                     KUBE_EDITOR=f"{sys.executable} {folder / 'editor.py'}"),
            capture_output=True, text=True, timeout=60, check=False)
    finally:
        server.terminate()
        server.wait(timeout=10)
    buffers = sorted(work.glob("buf*"), key=lambda p: int(p.name[3:]))
    return run.stdout + run.stderr, run.returncode, [p.read_text() for p in buffers]


def _simulated(args: str, steps: list[Any]) -> tuple[str, int, list[str]]:
    sandbox = _sandbox()
    result = sandbox.execute(f"kubectl edit pod x {args}".strip())
    text, buffers = result.text, []
    for step in steps:
        assert result.editor is not None, text
        buffer = result.editor["content"]
        buffers.append(buffer)
        result = sandbox.save_edit("1", buffer if step is None else
                                   buffer.replace(step[0], step[1], 1))
        text += result.text
        if not result.running:
            break
    assert result.exit_code is not None
    return text, result.exit_code, buffers


def _same_file_names(text: str) -> str:
    # os.CreateTemp's random digits, after the binary's own name
    return re.sub(r"/tmp/kubectl(\.1\.32)?-edit-\d+\.", "/tmp/kubectl-edit-N.", text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_edit_matches_kubectl(stub: tuple[Path, dict[str, str]], name: str) -> None:
    folder, env = stub
    args, steps = CASES[name]
    real_text, real_exit, real_buffers = _real(folder, env, name, args, steps)
    sim_text, sim_exit, sim_buffers = _simulated(args, steps)
    # kubectl's stdout and stderr land in one terminal; a failed save interleaves no stdout
    assert _same_file_names(sim_text) == _same_file_names(real_text)
    assert sim_exit == real_exit
    assert sim_buffers == real_buffers
