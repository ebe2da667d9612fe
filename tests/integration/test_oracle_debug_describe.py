"""Differential test: real kubectl v1.32 describes pods with ephemeral containers (running,
terminated, waiting on a pull, not yet reported, with seccomp profiles and environment)
exactly as the simulator's describe does.

The pods are the simulator's own objects after `kubectl debug`; the expected text is what the
real client prints for them (through the oracle's stub API server), never our own output.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any

import pytest

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.printers.describe_pod import describe_pod
from playground.sim.sandbox import Sandbox
from tests.integration.test_oracle_printers import Oracle, _kubectl_binary, stub_api_server

_SETUP = [
    ("kubectl run web --image=nginx", 30),
    ("kubectl debug -it web --image=busybox:1.28 --target=web -c shell --profile=general", 0),
    ("exit", 5),
    ("kubectl debug web --image=busybox:1.28 -c sleeper --profile=sysadmin -- sleep 1d", 10),
    ("kubectl run demo --image=registry.k8s.io/pause:3.1 --restart=Never", 30),
    ("kubectl debug demo --image=no-such/image:9 -c broken --profile=general "
     "--env=B=2 --env=A=1", 20),
    ("kubectl debug demo --image=busybox:1.28 -c audited --profile=general "
     "--custom=audit.json -- sleep 1d", 5),
    # added an instant ago: the kubelet has not reported it yet (no status entry)
    ("kubectl debug demo --image=busybox:1.28 -c fresh --profile=restricted -- sleep 1d", 0),
]
_AUDIT = ('{"securityContext": {"seccompProfile": {"type": "Localhost", '
          '"localhostProfile": "profiles/audit.json"}}}')


@pytest.fixture(scope="module")
def pods() -> list[dict[str, Any]]:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("oracle-debug", TRANSCRIPT_EPOCH), clock)
    assert sandbox.write_file("audit.json", _AUDIT) is None
    for line, seconds in _SETUP:
        sandbox.execute(line)
        clock.advance(seconds)
    listed = json.loads(sandbox.execute("kubectl get pods -o json").text)
    out: list[dict[str, Any]] = listed["items"]
    assert all(p["spec"].get("ephemeralContainers") for p in out)
    return out


@pytest.fixture(scope="module")
def oracle(pods: list[dict[str, Any]],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oracle]:
    fixdir = tmp_path_factory.mktemp("debug-fixtures")
    data = {"pods": pods, "events": []}
    (fixdir / "all.json").write_text(json.dumps(data))
    with stub_api_server(fixdir) as port:
        yield Oracle(_kubectl_binary(), port, tmp_path_factory.mktemp("home"), data)


@pytest.mark.parametrize("name", ["demo", "web"])
def test_describe_of_ephemeral_containers_matches_kubectl(
        oracle: Oracle, pods: list[dict[str, Any]], name: str) -> None:
    expected, err, rc, _before, _after = oracle.run("describe", "pod", name,
                                                    "--show-events=false")
    assert rc == 0, err
    assert "Ephemeral Containers:" in expected
    pod = next(p for p in pods if p["metadata"]["name"] == name)
    mine = describe_pod(pod, None, TRANSCRIPT_EPOCH)
    assert mine == expected, "\n".join(difflib.unified_diff(
        expected.splitlines(), mine.splitlines(), "kubectl", "simulator", lineterm=""))
