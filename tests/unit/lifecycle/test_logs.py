"""container_logs: run lines, errors in the API server's words (spec §6.7), http_get."""

from __future__ import annotations

import pytest

from playground.sim.lifecycle import ConnectionRefused, LogsError, container_logs, http_get
from tests.unit.lifecycle.helpers import T0, container, pod


def test_container_logs_echo_hello_after_completion() -> None:
    record = pod("hello", [container("hello", "busybox:1.36", args=["echo", "hello"])],
                 restart="Never", pulls={"hello": {"present": True}})
    assert container_logs(record, "hello", T0 + 300) == "hello\n"


def test_container_logs_port_clash_prints_httpd_bind_errors() -> None:
    record = pod("myweb", [container("myweb", "httpd"), container("myweb2", "httpd")],
                 node="node3", ip="10.233.92.11",
                 pulls={"myweb": {"present": False, "seconds": 3.2},
                        "myweb2": {"present": False, "seconds": 1.1}})
    assert container_logs(record, "myweb2", T0 + 431) == (
        "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
        "using 10.233.92.11. Set the 'ServerName' directive globally to suppress this message\n"
        "(98)Address already in use: AH00072: make_sock: could not bind to address [::]:80\n"
        "(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:80\n"
        "no listening sockets available, shutting down\n"
        "AH00015: Unable to open logs\n")
    assert container_logs(record, "myweb", T0 + 431).startswith("AH00558: httpd: Could not")


def test_container_logs_bad_image_is_waiting_to_start() -> None:
    record = pod("badimg", [container("badimg", "nginx:1.99-nope")])
    with pytest.raises(LogsError) as err:
        container_logs(record, "badimg", T0 + 95)
    assert err.value.message == ('container "badimg" in pod "badimg" is waiting to start: '
                                 "trying and failing to pull image")


def test_container_logs_while_creating_names_the_reason() -> None:
    record = pod("newpod", [container("newpod", "httpd")],
                 pulls={"newpod": {"present": False, "seconds": 10}})
    with pytest.raises(LogsError) as err:
        container_logs(record, "newpod", T0 + 3)
    assert err.value.message == ('container "newpod" in pod "newpod" is waiting to start: '
                                 "ContainerCreating")


def test_container_logs_previous_without_earlier_run_is_not_found() -> None:
    record = pod("api-1", [container("app", "httpd:2.4")], pulls={"app": {"present": True}})
    with pytest.raises(LogsError) as err:
        container_logs(record, "app", T0 + 60, previous=True)
    assert err.value.message == 'previous terminated container "app" in pod "api-1" not found'


def test_container_logs_loop_writes_a_line_per_period() -> None:
    c = container("loop", "busybox:1.36",
                  command=["sh", "-c", "while true; do echo tick; sleep 5; done"])
    record = pod("loop", [c], pulls={"loop": {"present": True}})
    assert container_logs(record, "loop", T0 + 13) == "tick\ntick\ntick\n"


def test_http_get_httpd_root_and_refused_port() -> None:
    record = pod("myweb", [container("myweb", "httpd:2.4")], pulls={"myweb": {"present": True}})
    assert http_get(record, 80, "/", T0 + 10) == (
        200, "<html><body><h1>It works!</h1></body></html>\n")
    with pytest.raises(ConnectionRefused):
        http_get(record, 8080, "/", T0 + 10)


def test_container_logs_waiting_pull_reasons_use_kubelet_words() -> None:
    # kubelet validateContainerLogStatus: ErrImagePull and ImagePullBackOff have their own
    # sentence; every other waiting reason (ErrImageNeverPull, …) is named as it is
    record = pod("badimg", [container("badimg", "nginx:1.99-nope")])
    with pytest.raises(LogsError) as err:
        container_logs(record, "badimg", T0 + 1.5)
    assert err.value.message.endswith("is waiting to start: image can't be pulled")
    never = pod("never", [container("app", "myapp:local", imagePullPolicy="Never")])
    with pytest.raises(LogsError) as err:
        container_logs(never, "app", T0 + 30)
    assert err.value.message == ('container "app" in pod "never" is waiting to start: '
                                 "ErrImageNeverPull")
