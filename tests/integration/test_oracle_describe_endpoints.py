"""Differential test: `kubectl describe endpoints` as the real kubectl v1.32 prints the v1
Endpoints the simulator derives (served by tests/integration/service_stub.py), against the
simulator's own describe: the API server's own, kube-dns (three ports), a service with ready
and not-ready pods on a named port, one whose selector matches nothing."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox
from tests.integration.test_oracle_describe_service import _pod, serve_stub
from tests.integration.test_oracle_printers import _kubectl_binary

CASES = [("default", "kubernetes"), ("kube-system", "kube-dns"), ("default", "web"),
         ("default", "nobody")]


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("describe-endpoints", clock.now()), clock)
    pods = [_pod(f"web-{i}", "web", "http") for i in range(4)]
    pods.append(_pod("web-broken", "web", "http", "nginx:nope"))
    for i, manifest in enumerate(pods):
        box.write_file(f"p{i}.yaml", manifest)
        assert box.execute(f"kubectl create -f p{i}.yaml").exit_code == 0
    assert box.execute("kubectl expose pod web-0 --name=web --port=80 --target-port=http"
                       ).exit_code == 0
    box.write_file("nobody.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: nobody\n"
                   "spec:\n  selector:\n    app: none\n  ports:\n  - port: 80\n")
    assert box.execute("kubectl create -f nobody.yaml").exit_code == 0
    clock.advance(120)  # the good pods are Ready; the broken one is in ImagePullBackOff
    return box


@pytest.fixture(scope="module")
def stub(sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    items = json.loads(sandbox.execute("kubectl get endpoints -A -o json").text)["items"]
    fixture = tmp_path_factory.mktemp("endpoints") / "endpoints.json"
    fixture.write_text(json.dumps({"services": [], "slices": [], "endpoints": items}))
    with serve_stub(fixture) as port:
        yield port


@pytest.mark.parametrize(("namespace", "name"), CASES)
def test_describe_endpoints_matches_kubectl(
    sandbox: Sandbox, stub: int, tmp_path: Path, namespace: str, name: str
) -> None:
    real = subprocess.run(
        [_kubectl_binary(), f"--server=http://127.0.0.1:{stub}", "describe", "endpoints", name,
         "-n", namespace],
        capture_output=True, text=True, timeout=60,
        env={"HOME": str(tmp_path), "KUBECONFIG": str(tmp_path / "none"), "PATH": "/usr/bin"},
    )
    assert real.returncode == 0, real.stderr
    assert sandbox.execute(f"kubectl describe endpoints {name} -n {namespace}").text == \
        real.stdout


def test_the_web_endpoints_split_ready_and_not_ready(sandbox: Sandbox) -> None:
    text = sandbox.execute("kubectl describe endpoints web").text
    ready = next(line for line in text.splitlines() if line.startswith("  Addresses:"))
    not_ready = next(line for line in text.splitlines() if "NotReadyAddresses:" in line)
    assert ready.count(",") == 3 and "<none>" not in not_ready
