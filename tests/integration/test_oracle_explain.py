"""Differential test: our `explain` against the real kubectl v1.32 talking to the stub API server.

The stub serves the full core/v1 OpenAPI v3 with the enum lists of a live server added (the same
lists `scripts/extract_pod_schema.py` adds to our data), so enum rendering is checked too.
"""

from __future__ import annotations

import importlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground.sim.explain import ExplainError, explain
from tests.paths import SHARED

ORACLE_DIR = (SHARED / "tools/kubectl-oracle")
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
GCLOUD = shutil.which("gcloud")
KUBECTL = (
    Path(GCLOUD).resolve().parent / "kubectl.1.32" if GCLOUD else Path("/nonexistent/kubectl.1.32")
)

PATHS = [
    ("pods", False),
    ("po", False),
    ("pod.spec", False),
    ("pods.metadata", False),
    ("pods.metadata.labels", False),
    ("pods.metadata.creationTimestamp", False),
    ("pods.spec.containers", False),
    ("pods.spec.containers.ports", False),
    ("pods.spec.containers.ports.protocol", False),
    ("pods.spec.containers.resources", False),
    ("pods.spec.containers.livenessProbe", False),
    ("pods.spec.containers.livenessProbe.httpGet", False),
    ("pods.spec.containers.livenessProbe.httpGet.port", False),
    ("pods.spec.containers.imagePullPolicy", False),
    ("pods.spec.restartPolicy", False),
    ("pods.spec.dnsPolicy", False),
    ("pods.spec.tolerations", False),
    ("pods.spec.volumes.projected", False),
    ("pods.status", False),
    ("pods.status.phase", False),
    ("pods.spec.containers.ports", True),
    ("pods.spec.containers", True),
    ("pods", True),
    ("configmaps", False),
    ("cm.binaryData", False),
    ("secret", False),
    ("secrets.stringData", False),
    ("secret", True),
]
ERROR_PATHS = ["pods.spec.nope", "pods.spec.containers.name.x", "nope"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert KUBECTL.exists(), f"real kubectl v1.32 not found at {KUBECTL}: cannot run the oracle"
    workdir = tmp_path_factory.mktemp("oracle")
    # the stub's discovery lists no secrets: its copy here does, so that explain can find them
    stub = (ORACLE_DIR / "fakeapi.py").read_text()
    configmaps = ' {"name":"configmaps",'
    assert configmaps in stub
    secrets = (' {"name":"secrets","singularName":"secret","namespaced":True,"kind":"Secret",'
               '"verbs":["get","list"]},\n')
    (workdir / "fakeapi.py").write_text(stub.replace(configmaps, secrets + configmaps, 1))
    sys.path.insert(0, str(SCRIPTS))
    try:
        # A script outside the repository (SHARED), so the type checker cannot follow it.
        extract_pod_schema = importlib.import_module("extract_pod_schema")
    finally:
        sys.path.remove(str(SCRIPTS))
    doc = json.loads((ORACLE_DIR / "api_v1_openapi_v3.json").read_text())
    extract_pod_schema.add_enums(doc["components"]["schemas"])
    # kubectl finds a kind's schema through the paths that serve it; the stub's document has
    # the pods' only: the same for configmaps and secrets, as a real server publishes them
    for plural, kind in (("configmaps", "ConfigMap"), ("secrets", "Secret")):
        doc["paths"][f"/api/v1/namespaces/{{namespace}}/{plural}"] = {"get": {
            "x-kubernetes-group-version-kind": {"group": "", "version": "v1", "kind": kind},
            "x-kubernetes-action": "list", "responses": {}}}
    (workdir / "api_v1_openapi_v3.json").write_text(json.dumps(doc))
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, str(workdir / "fakeapi.py"), str(port)],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/api", timeout=1)  # noqa: S310 - loopback only
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def _kubectl(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KUBECTL), f"--server={url}", "explain", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(("path", "recursive"), PATHS)
def test_explain_matches_real_kubectl(server: str, path: str, recursive: bool) -> None:
    real = _kubectl(server, path, *(["--recursive"] if recursive else []))
    assert real.returncode == 0, real.stderr
    assert explain(path, recursive=recursive) == real.stdout


@pytest.mark.parametrize("path", ERROR_PATHS)
def test_explain_error_matches_real_kubectl(server: str, path: str) -> None:
    real = _kubectl(server, path)
    assert real.returncode == 1
    with pytest.raises(ExplainError) as caught:
        explain(path)
    err = caught.value
    assert ("error: " if err.prefixed else "") + err.message + "\n" == real.stderr
