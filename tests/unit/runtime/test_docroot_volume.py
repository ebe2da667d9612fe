"""A volume over nginx's document root hides the image's pages (#16): an empty docroot is
nginx's 403 (index.html missing, no autoindex), a file a container writes is served."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox

MANIFEST = """apiVersion: v1
kind: Pod
metadata:
  name: shell-demo
spec:
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: side
    image: busybox
    command: ["sleep", "1d"]
    volumeMounts:
    - name: shared-data
      mountPath: /data
"""
FORBIDDEN = ("<html>\n<head><title>403 Forbidden</title></head>\n<body>\n"
             "<center><h1>403 Forbidden</h1></center>\n<hr><center>nginx/1.27.3</center>\n"
             "</body>\n</html>\n")


@pytest.fixture()
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture()
def box(clock: FixedClock) -> Sandbox:
    sandbox = Sandbox(Sandbox.new_state("docroot", clock.now()), clock)
    sandbox.write_file("pod.yaml", MANIFEST)
    assert sandbox.execute("kubectl apply -f pod.yaml").exit_code == 0
    clock.advance(30)
    return sandbox


def test_an_empty_volume_over_the_docroot_is_nginx_403(box: Sandbox) -> None:
    assert box.execute("kubectl exec shell-demo -c nginx -- curl -s localhost").text \
        == FORBIDDEN
    assert "404 Not Found" in box.execute(
        "kubectl exec shell-demo -c nginx -- curl -s localhost/50x.html").text


def test_the_file_another_container_writes_is_served(box: Sandbox) -> None:
    box.execute("kubectl exec shell-demo -c side -- sh -c 'echo hi > /data/index.html'")
    assert box.execute("kubectl exec shell-demo -c nginx -- curl -s localhost").text == "hi\n"
    assert box.execute("kubectl exec shell-demo -c side -- wget -qO- localhost").text == "hi\n"
    box.execute("kubectl exec shell-demo -c side -- rm /data/index.html")
    assert box.execute("kubectl exec shell-demo -c nginx -- curl -s localhost").text \
        == FORBIDDEN


def test_removing_the_images_index_is_403_too(box: Sandbox, clock: FixedClock) -> None:
    box.execute("kubectl run web --image=nginx")
    clock.advance(20)
    assert "Welcome to nginx!" in box.execute("kubectl exec web -- curl -s localhost").text
    box.execute("kubectl exec web -- rm /usr/share/nginx/html/index.html")
    assert box.execute("kubectl exec web -- curl -s localhost").text == FORBIDDEN
