"""Differential test: `kubectl top pod/node` against the real kubectl v1.32.

The simulator's metrics-server answers (sim/metrics.py) are served by a stub Metrics API
(metrics_stub.py) with the same pods and nodes; real kubectl then prints the tables (columns,
tabwriter padding, rounding, percentages, sorting, --containers, --sum, --no-headers) and the
simulator must print the same bytes from the same figures.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from playground.sim import metrics
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox
from tests.integration.test_oracle_printers import _free_port, _kubectl_binary

ROOT = Path(__file__).resolve().parents[2]
TWO_CONTAINERS = """apiVersion: v1
kind: Pod
metadata:
  name: duo
  labels: {app: duo}
spec:
  containers:
  - name: web
    image: nginx
  - name: sidecar
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
"""
STRESS = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: {name}-ctr
    image: {image}
    resources:
      limits: {{{limits}}}
    {argv}
"""
SETUP = [
    "kubectl run web --image=nginx --labels=app=web",
    "kubectl run cache --image=redis",
    "kubectl create namespace quiet",
]
LINES = [
    "top pod", "top pods -A", "top pod --containers", "top pod --sort-by=cpu",
    "top pod -A --sort-by=memory", "top pod --sum", "top pod -A --containers --sum",
    "top pod -A --no-headers --sum", "top pod --no-headers --containers --sum",
    "top pod -l app=web", "top pod web", "top pod duo --containers --sort-by=memory",
    "top pod -n kube-system --sort-by=cpu --sum", "top pod --field-selector=metadata.name=duo",
    "top pod -n quiet", "top pod -A -l app=nothing", "top pod cpu-demo --containers",
    "top pod web -A",
    "top node", "top nodes --sort-by=cpu", "top node --sort-by=memory", "top node node2",
    "top no --show-capacity", "top node --no-headers", "top node -l kubernetes.io/hostname=node3",
]


def _sandbox() -> Sandbox:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("oracle-top", TRANSCRIPT_EPOCH), clock)
    files = {
        "duo.yaml": TWO_CONTAINERS,
        "mem.yaml": STRESS.format(name="memory-demo", image="polinux/stress",
                                  limits='memory: "200Mi"',
                                  argv='command: ["stress"]\n    args: ["--vm", "1", '
                                       '"--vm-bytes", "150M", "--vm-hang", "1"]'),
        "cpu.yaml": STRESS.format(name="cpu-demo", image="vish/stress", limits='cpu: "1"',
                                  argv='args: ["-cpus", "2"]'),
    }
    for name, text in files.items():
        sandbox.write_file(name, text)
    for line in [*SETUP, *(f"kubectl apply -f {name}" for name in files)]:
        assert sandbox.execute(line).exit_code == 0, line
    clock.advance(90)
    return sandbox


def _quantities(reading: Any) -> dict[str, str]:
    return {"cpu": f"{reading.cpu_nanos}n", "memory": str(reading.memory)}


def _fixture(sandbox: Sandbox) -> dict[str, Any]:
    cluster = sandbox._cluster()  # noqa: SLF001 (the view the commands read)
    pods = [json.loads(json.dumps(p)) for p in cluster.pods(None)]
    podmetrics = [
        {"kind": "PodMetrics", "apiVersion": metrics_stub_gv(),
         "metadata": {"name": m.name, "namespace": m.namespace, "labels": m.labels,
                      "creationTimestamp": "2026-11-23T14:47:03Z"},
         "timestamp": "2026-11-23T14:47:00Z", "window": "15s",
         "containers": [{"name": c.name, "usage": _quantities(c)} for c in m.containers]}
        for m in metrics.pod_metrics(cluster, None)]
    nodemetrics = [
        {"kind": "NodeMetrics", "apiVersion": metrics_stub_gv(),
         "metadata": {"name": m.name, "labels": next(
             n["metadata"]["labels"] for n in cluster.nodes() if n["metadata"]["name"] == m.name),
                      "creationTimestamp": "2026-11-23T14:47:03Z"},
         "timestamp": "2026-11-23T14:47:00Z", "window": "15s",
         "usage": {"cpu": f"{m.cpu_nanos}n", "memory": str(m.memory)}}
        for m in metrics.node_metrics(cluster)]
    return {"pods": pods, "nodes": [json.loads(json.dumps(n)) for n in cluster.nodes()],
            "podmetrics": podmetrics, "nodemetrics": nodemetrics}


def metrics_stub_gv() -> str:
    return f"{metrics.GROUP}/{metrics.VERSION}"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Sandbox, int]]:
    sandbox = _sandbox()
    fixture = tmp_path_factory.mktemp("top") / "metrics.json"
    fixture.write_text(json.dumps(_fixture(sandbox)))
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.metrics_stub", str(port), str(fixture)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the metrics stub did not answer within 15 s")
                time.sleep(0.05)  # polling a port that is not open yet, with a deadline
        yield sandbox, port
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_fixture_has_what_the_lines_need(served: tuple[Sandbox, int]) -> None:
    cluster = served[0]._cluster()  # noqa: SLF001
    names = {m.name for m in metrics.pod_metrics(cluster, "default")}
    assert {"web", "cache", "duo", "memory-demo", "cpu-demo"} <= names
    assert len(metrics.node_metrics(cluster)) == 3


@pytest.mark.parametrize("line", LINES)
def test_top_prints_as_kubectl(line: str, served: tuple[Sandbox, int], tmp_path: Path) -> None:
    sandbox, port = served
    result = sandbox.execute(f"kubectl {line}")
    simulated = ("".join(t for k, t in result.chunks if k == "out"),
                 "".join(t for k, t in result.chunks if k == "err"), result.exit_code)
    proc = subprocess.run(
        [_kubectl_binary(), f"--server=http://127.0.0.1:{port}", *line.split()],
        capture_output=True, text=True, timeout=60,
        env={"HOME": str(tmp_path), "KUBECONFIG": str(tmp_path / "none"), "PATH": "/usr/bin"})
    assert simulated == (proc.stdout, proc.stderr, proc.returncode)
