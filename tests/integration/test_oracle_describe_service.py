"""Differential test: `kubectl describe service` as the real kubectl v1.32 prints the simulator's
Services and the EndpointSlices the simulator derives for them (tests/integration/service_stub.py
serves both), against the simulator's own describe.

The services cover the describer's branches: the cluster's own two (no selector; three ports),
named and numbered target ports, a pod without the named port, pods that are not ready, more
than three endpoints, a selector no pod matches (the placeholder slice) and no selector at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from playground.sim import endpoints
from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox
from tests.integration.test_oracle_printers import _free_port, _kubectl_binary

ROOT = Path(__file__).resolve().parents[2]


def _pod(name: str, app: str, port_name: str | None, image: str = "nginx:1.27") -> str:
    ports = f"\n    ports:\n    - containerPort: 80\n      name: {port_name}" if port_name else ""
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels:\n    app: {app}\n"
            f"spec:\n  containers:\n  - name: main\n    image: {image}{ports}\n")


def _service(name: str, selector: dict[str, str] | None, ports: list[dict[str, Any]],
             ip: str) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "clusterIP": ip, "clusterIPs": [ip], "internalTrafficPolicy": "Cluster",
        "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "ports": ports,
        "sessionAffinity": "None", "type": "ClusterIP",
    }
    if selector:
        spec["selector"] = selector
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": "default", "uid": f"uid-{name}",
                         "resourceVersion": "900", "creationTimestamp": "2026-11-01T10:00:00Z",
                         "labels": {"app": name}},
            "spec": spec, "status": {"loadBalancer": {}}}


SERVICES = [
    _service("web", {"app": "web"}, [
        {"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"},
        {"name": "metrics", "port": 9000, "protocol": "TCP", "targetPort": 9000},
    ], "10.96.20.1"),
    _service("solo", {"app": "solo"}, [{"port": 8080, "protocol": "TCP", "targetPort": 80}],
             "10.96.20.2"),
    _service("manual", None, [{"port": 81, "protocol": "UDP", "targetPort": 8081}],
             "10.96.20.3"),
]
CASES = [("default", "kubernetes"), ("kube-system", "kube-dns"), ("default", "web"),
         ("default", "solo"), ("default", "manual")]


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("describe-service", clock.now()), clock)
    pods = [_pod(f"web-{i}", "web", "http") for i in range(5)]
    pods += [_pod("web-noport", "web", None), _pod("web-broken", "web", "http", "nginx:nope")]
    for i, manifest in enumerate(pods):
        box.write_file(f"p{i}.yaml", manifest)
        assert box.execute(f"kubectl create -f p{i}.yaml").exit_code == 0
    clock.advance(120)  # the good pods are Ready; the broken one is in ImagePullBackOff
    for svc in SERVICES:
        box.state["cluster"]["services"][f"default/{svc['metadata']['name']}"] = svc
    return box


@pytest.fixture(scope="module")
def stub(sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    out = sandbox.execute("kubectl get svc -A -o json").text
    services = json.loads(out)["items"]
    pods = json.loads(sandbox.execute("kubectl get pods -A -o json").text)["items"]
    nodes = json.loads(sandbox.execute("kubectl get nodes -o json").text)["items"]
    slices = [s for svc in services for s in endpoints.endpoint_slices(
        svc, pods, endpoints.api_server_address(nodes))]
    fixture = tmp_path_factory.mktemp("services") / "services.json"
    fixture.write_text(json.dumps({"services": services, "slices": slices}))
    with serve_stub(fixture) as port:
        yield port


@contextmanager
def serve_stub(fixture: Path) -> Iterator[int]:
    """service_stub.py serving ``fixture`` (the simulator's objects as JSON) on a free port, for
    the real kubectl to read; every oracle test of a served kind starts it so."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.service_stub", str(port), str(fixture)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port: int) -> None:
    import socket
    import time

    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail("the service stub did not answer within 15 s")
            time.sleep(0.05)  # polling a port that is not open yet, with a deadline


@pytest.mark.parametrize(("namespace", "name"), CASES)
def test_describe_service_matches_kubectl(
    sandbox: Sandbox, stub: int, tmp_path: Path, namespace: str, name: str
) -> None:
    real = subprocess.run(
        [_kubectl_binary(), f"--server=http://127.0.0.1:{stub}", "describe", "service", name,
         "-n", namespace],
        capture_output=True, text=True, timeout=60,
        env={"HOME": str(tmp_path), "KUBECONFIG": str(tmp_path / "none"), "PATH": "/usr/bin"},
    )
    assert real.returncode == 0, real.stderr
    assert sandbox.execute(f"kubectl describe service {name} -n {namespace}").text == real.stdout


def test_the_endpoints_shown_are_the_ready_pods_on_the_named_port(sandbox: Sandbox) -> None:
    text = sandbox.execute("kubectl describe service web").text
    http, metrics = [line for line in text.splitlines() if line.startswith("Endpoints:")]
    # five ready pods name the port: three listed, two more; the broken pod is not ready
    assert http.endswith(" + 2 more...") and http.count(":80") == 3
    # the numbered port reaches the pod without a named port too: six ready pods
    assert metrics.endswith(" + 3 more...")
