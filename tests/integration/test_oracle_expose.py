"""Differential test: `kubectl expose pod … --dry-run=client -o yaml` as the real kubectl v1.32
builds the Service from the simulator's pods (served by tests/integration/service_stub.py),
against the simulator's own expose; and the errors it gives for pods it cannot expose."""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox
from tests.integration.test_oracle_describe_service import serve_stub
from tests.integration.test_oracle_printers import _kubectl_binary

PODS = {
    "web": "  labels:\n    app: web\n    tier: front\nspec:\n  containers:\n  - name: web\n"
           "    image: nginx\n    ports:\n    - containerPort: 80\n",
    "multi": "  labels:\n    app: m\nspec:\n  containers:\n  - name: a\n    image: nginx\n"
             "    ports:\n    - containerPort: 80\n      name: http\n    - containerPort: 53\n"
             "      protocol: UDP\n  - name: b\n    image: busybox\n    ports:\n"
             "    - containerPort: 8080\n",
    "dns": "  labels:\n    app: dns\nspec:\n  containers:\n  - name: a\n    image: nginx\n"
           "    ports:\n    - containerPort: 53\n      protocol: UDP\n",
    "bare": "spec:\n  containers:\n  - name: bare\n    image: nginx\n",
    "noport": "  labels:\n    run: noport\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
}
CASES = [
    "web --dry-run=client -o yaml",
    "web --port=8080 --target-port=80 --name=front --dry-run=client -o yaml",
    "web --port=80 --protocol=UDP --selector=app=web --labels=x=y --dry-run=client -o yaml",
    "web --port=80 --target-port=http --cluster-ip=None --dry-run=client -o yaml",
    "web --port=80,81 --dry-run=client -o yaml",
    "multi --dry-run=client -o yaml",
    "multi --protocol=TCP --target-port=9000 --dry-run=client -o yaml",
    "dns --port=53 --dry-run=client -o yaml",
    "web --port=80 --session-affinity=ClientIP --type=ClusterIP --dry-run=client -o json",
    "web --port=80 --dry-run=client",
    "web --port=80 --type=NodePort --external-ip=1.2.3.4 --dry-run=client -o yaml",
    """web --port=80 --overrides='{"spec":{"sessionAffinity":"ClientIP"}}' --dry-run=client"""
    " -o yaml",
    """web --port=80 --overrides='[{"op":"add","path":"/metadata/labels/z","value":"1"}]'"""
    " --override-type=json --dry-run=client -o yaml",
    "web --port=80 --save-config --dry-run=client -o yaml",
    "web --port=80 --overrides='{bad' --dry-run=client",
    "web --port=80 --override-type=bogus --overrides='{}' --dry-run=client",
    "web --port=80 --selector=bad --dry-run=client",
    "web --port=80 --labels=bad --dry-run=client",
    "web --port=80 -o bogus",
    "web --port=80 -o name --dry-run=client",
    "bare --port=80 --dry-run=client",
    "noport --dry-run=client",
    "web --port=x8 --dry-run=client",
    "nope --port=80 --dry-run=client",
]


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("expose-oracle", clock.now()), clock)
    for name, rest in PODS.items():
        box.write_file(f"{name}.yaml", f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n"
                       + rest)
        assert box.execute(f"kubectl create -f {name}.yaml").exit_code == 0
    clock.advance(60)
    return box


@pytest.fixture(scope="module")
def stub(sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    pods = json.loads(sandbox.execute("kubectl get pods -o json").text)["items"]
    fixture = tmp_path_factory.mktemp("expose") / "pods.json"
    fixture.write_text(json.dumps({"services": [], "slices": [], "pods": pods}))
    with serve_stub(fixture) as port:
        yield port


@pytest.mark.parametrize("args", CASES)
def test_expose_matches_kubectl(sandbox: Sandbox, stub: int, tmp_path: Path, args: str) -> None:
    real = subprocess.run(
        [_kubectl_binary(), f"--server=http://127.0.0.1:{stub}", "expose", "pod",
         *shlex.split(args)],
        capture_output=True, text=True, timeout=60,
        env={"HOME": str(tmp_path), "KUBECONFIG": str(tmp_path / "none"), "PATH": "/usr/bin"},
    )
    ours = sandbox.execute(f"kubectl expose pod {args}")
    assert (ours.text, ours.exit_code) == (real.stdout + real.stderr, real.returncode)
