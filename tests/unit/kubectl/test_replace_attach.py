"""kubectl replace and attach: texts from kubectl v1.32 (client) and spec §6.2/§6.6 (server)."""

from __future__ import annotations

from tests.unit.kubectl._sandbox import Session

_POD = """apiVersion: v1
kind: Pod
metadata:
  name: myweb
spec:
  containers:
  - name: myweb
    image: {image}
"""


def test_replace_errors_and_success() -> None:
    s = Session()
    s.sandbox.write_file("p.yaml", _POD.format(image="httpd"))
    s.sandbox.write_file("n.yaml", _POD.format(image="nginx"))
    assert s.run("kubectl replace").text == "error: must specify one of -f and -k\n"
    assert s.run("kubectl replace -f p.yaml").text == (
        'Error from server (NotFound): error when replacing "p.yaml": pods "myweb" not found\n')
    s.run("kubectl create -f p.yaml")
    forbidden = s.run("kubectl replace -f n.yaml")
    assert forbidden.exit_code == 1
    assert forbidden.text.startswith('The Pod "myweb" is invalid: spec: Forbidden: ')
    s.run("kubectl get pod myweb -o yaml > live.yaml")
    s.run("sed -i 's/image: httpd/image: nginx/' live.yaml")
    assert s.run("kubectl replace -f live.yaml").text == "pod/myweb replaced\n"
    assert s.run("kubectl replace -f live.yaml").text.startswith("Error from server (Conflict)")


def test_replace_force_deletes_then_creates() -> None:
    s = Session()
    s.sandbox.write_file("p.yaml", _POD.format(image="httpd"))
    s.run("kubectl create -f p.yaml")
    s.wait(30)
    result = s.run("kubectl replace --force -f p.yaml")
    assert (result.text, result.exit_code) == ('pod "myweb" deleted\npod/myweb replaced\n', 0)


def test_attach_messages() -> None:
    s = Session()
    assert s.run("kubectl attach").text == "error: at least 1 argument is required for attach\n"
    assert s.run("kubectl attach a b c").text == (
        "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [a b c]\n")
    assert s.run("kubectl attach nope").text == (
        'Error from server (NotFound): pods "nope" not found\n')
    s.run("kubectl run done --image busybox --restart Never -- true")
    s.wait(30)
    assert s.run("kubectl attach done").text == (
        "error: cannot attach a container in a completed pod; current phase is Succeeded\n")
