"""describe node / namespace against kubectl v1.32's own output (tests/unit/kubectl/data: the same
objects served by a stub API server; timestamps differ, so date lines are compared by shape)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.unit.kubectl._sandbox import Session

DATA = Path(__file__).parent / "data"
_DATE = re.compile(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000")
_POD = """apiVersion: v1
kind: Pod
metadata:
  name: myweb
  labels: {run: myweb}
spec:
  containers:
  - name: myweb
    image: httpd
    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}
"""


def _mask(text: str) -> str:
    return _DATE.sub("DATE", text)


def test_describe_node_matches_kubectl_layout() -> None:
    s = Session()
    s.sandbox.write_file("p.yaml", _POD)
    s.run("kubectl create -f p.yaml")
    s.wait(101)
    out = s.run("kubectl describe node node3").text
    expected = (DATA / "describe_node3.kubectl-1.32.txt").read_text()
    # the stub's pods carry the simulator's random suffixes of another seed
    names = re.compile(r"(calico-node|kube-proxy)-[a-z0-9]{5}")
    assert names.sub(r"\1-X", _mask(out)) == names.sub(r"\1-X", _mask(expected))


def test_describe_namespace_matches_kubectl() -> None:
    out = Session().run("kubectl describe namespace default").text
    assert out == (DATA / "describe_namespace_default.kubectl-1.32.txt").read_text()


def test_describe_node_control_plane_taint() -> None:
    out = Session().run("kubectl describe node node1").text
    assert "Roles:              control-plane\n" in out
    assert "Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n" in out
