"""Differential test: `kubectl describe configmap|secret` and `kubectl get configmap|secret NAME
-o yaml|json` as the real kubectl v1.32 prints the simulator's objects (served by
tests/integration/service_stub.py), against the simulator's own output.

Go ranges over the data maps in random order, so a describe with several keys is compared as
the same entries in any order; everything else must match byte for byte.
"""

from __future__ import annotations

import itertools
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox
from tests.integration.test_oracle_describe_service import serve_stub
from tests.integration.test_oracle_printers import _kubectl_binary

ROOT = Path(__file__).resolve().parents[2]
GAME = ("enemies=aliens\nlives=3\nenemies.cheat=true\nenemies.cheat.level=noGoodRotten\n"
        "secret.code.passphrase=UUDDLRLRBABAS\nsecret.code.allowed=true\nsecret.code.lives=30\n")
UI = "color.good=purple\ncolor.bad=yellow\nallow.textmode=true\nhow.nice.to.look=fairlyNice\n"
BINARY = """apiVersion: v1
kind: ConfigMap
metadata:
  name: mixed
  labels:
    app: web
    tier: front
  annotations:
    note: short
binaryData:
  blob: AAEC/w==
data:
  plain: "one line"
"""
SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: test-secret
data:
  username: bXktYXBw
  password: Mzk1MjgkdmRnN0pi
"""
TLS = """apiVersion: v1
kind: Secret
metadata:
  name: tls-one
  labels:
    app: web
type: kubernetes.io/tls
stringData:
  tls.crt: certificate
  tls.key: key
"""
CONSUMER = """apiVersion: v1
kind: Pod
metadata:
  name: consumer
spec:
  containers:
  - name: c
    image: nginx
    envFrom:
    - configMapRef:
        name: special-config
      prefix: X_
    - secretRef:
        name: test-secret
        optional: true
    env:
    - name: A
      valueFrom:
        secretKeyRef: {name: test-secret, key: username}
    - name: B
      valueFrom:
        configMapKeyRef: {name: special-config, key: special.how, optional: true}
    volumeMounts:
    - {name: a, mountPath: /a}
    - {name: b, mountPath: /b, readOnly: true}
    - {name: c, mountPath: /c}
  volumes:
  - name: a
    configMap: {name: game-config, items: [{key: game.properties, path: game}]}
  - name: b
    secret: {secretName: test-secret, defaultMode: 0400, optional: true}
  - name: c
    projected:
      sources:
      - configMap: {name: special-config}
      - secret: {name: user}
      - downwardAPI:
          items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
"""
COMMANDS = [
    "kubectl create configmap game-config --from-file=cm/",
    "kubectl create configmap game-config-2 --from-file=cm/game.properties",
    "kubectl create configmap special-config --from-literal=special.how=very "
    "--from-literal=special.type=charm",
    "kubectl create configmap empty",
    "kubectl apply -f mixed.yaml",
    "kubectl apply -f secret.yaml",
    "kubectl create -f tls.yaml",
    "kubectl create secret generic user --from-file=./username.txt",
    "kubectl create secret generic nothing",
    "kubectl create -f consumer.yaml",
]
CONFIGMAPS = ["game-config", "game-config-2", "special-config", "empty", "mixed",
              "kube-root-ca.crt"]
SECRETS = ["test-secret", "tls-one", "user", "nothing"]


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("describe-configdata", clock.now()), clock)
    box.execute("mkdir cm")
    box.write_file("cm/game.properties", GAME)
    box.write_file("cm/ui.properties", UI)
    box.write_file("mixed.yaml", BINARY)
    box.write_file("secret.yaml", SECRET)
    box.write_file("tls.yaml", TLS)
    box.write_file("username.txt", "admin")
    box.write_file("consumer.yaml", CONSUMER)
    for command in COMMANDS:
        result = box.execute(command)
        assert result.exit_code == 0, (command, result.text)
    clock.advance(90)
    return box


@pytest.fixture(scope="module")
def stub(sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    configmaps = json.loads(sandbox.execute("kubectl get configmaps -A -o json").text)["items"]
    secrets = json.loads(sandbox.execute("kubectl get secrets -o json").text)["items"]
    pods = json.loads(sandbox.execute("kubectl get pods -o json").text)["items"]
    fixture = tmp_path_factory.mktemp("configdata") / "configdata.json"
    fixture.write_text(json.dumps({"services": [], "slices": [], "configmaps": configmaps,
                                   "secrets": secrets, "pods": pods}))
    with serve_stub(fixture) as port:
        yield port


def _real(stub: int, tmp_path: Path, *args: str) -> str:
    real = subprocess.run(
        [_kubectl_binary(), f"--server=http://127.0.0.1:{stub}", *args],
        capture_output=True, text=True, timeout=60,
        env={"HOME": str(tmp_path), "KUBECONFIG": str(tmp_path / "none"), "PATH": "/usr/bin"},
    )
    assert real.returncode == 0, real.stderr
    return real.stdout


def _same_up_to_map_order(real: str, mine: str, entries: list[str]) -> bool:
    """``real`` is ``mine`` with its ``entries`` (which appear in ``mine`` in sorted key order,
    one after the other) in some order."""
    if real == mine:
        return True
    joined = "".join(entries)
    if joined not in mine:
        return False
    return any(real == mine.replace(joined, "".join(order))
               for order in itertools.permutations(entries))


@pytest.mark.parametrize("name", CONFIGMAPS)
def test_describe_configmap_matches_kubectl(sandbox: Sandbox, stub: int, tmp_path: Path,
                                            name: str) -> None:
    real = _real(stub, tmp_path, "describe", "configmap", name)
    mine = sandbox.execute(f"kubectl describe configmap {name}").text
    obj = json.loads(sandbox.execute(f"kubectl get configmap {name} -o json").text)
    data = obj.get("data") or {}
    entries = [f"{key}:\n----\n{data[key]}\n\n" for key in sorted(data)]
    assert _same_up_to_map_order(real, mine, entries), f"{real}\n---\n{mine}"


@pytest.mark.parametrize("name", SECRETS)
def test_describe_secret_matches_kubectl(sandbox: Sandbox, stub: int, tmp_path: Path,
                                         name: str) -> None:
    real = _real(stub, tmp_path, "describe", "secret", name)
    mine = sandbox.execute(f"kubectl describe secret {name}").text
    lines = [line + "\n" for line in mine.split("====\n", 1)[-1].splitlines()]
    assert _same_up_to_map_order(real, mine, lines), f"{real}\n---\n{mine}"


@pytest.mark.parametrize(("kind", "name"), [*(("configmap", n) for n in CONFIGMAPS),
                                            *(("secret", n) for n in SECRETS)])
@pytest.mark.parametrize("form", ["yaml", "json"])
def test_get_output_matches_kubectl(sandbox: Sandbox, stub: int, tmp_path: Path, kind: str,
                                    name: str, form: str) -> None:
    real = _real(stub, tmp_path, "get", kind, name, "-o", form)
    assert sandbox.execute(f"kubectl get {kind} {name} -o {form}").text == real


def test_describe_of_a_pod_that_consumes_them_matches_kubectl(sandbox: Sandbox, stub: int,
                                                              tmp_path: Path) -> None:
    real = _real(stub, tmp_path, "describe", "pod", "consumer", "--show-events=false")
    assert sandbox.execute("kubectl describe pod consumer --show-events=false").text == real
