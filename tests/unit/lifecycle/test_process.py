"""The PID 1 interpreter: which common container commands keep running, listen or exit."""

from __future__ import annotations

import pytest

from playground.sim.images import lookup
from playground.sim.lifecycle.process import FOREVER, Process, plan
from playground.sim.lifecycle.script import redirections


def run(image: str, *argv: str) -> Process:
    found = lookup(image)
    assert found is not None
    return plan(found, {"name": "c", "command": list(argv)}, 0)


@pytest.mark.parametrize("argv", [
    ("tail", "-F", "/var/log/app.log"),
    ("tail", "-f", "/var/log/app.log"),
    ("tail", "-n", "+1", "-F", "/data/log"),
    ("tail", "--follow=name", "/data/log"),
    ("sh", "-c", "tail -fn 10 /data/log"),
    ("sleep", "infinity"),
    ("sh", "-c", "while true; do date >> /data/log; sleep 5; done"),
])
def test_plan_log_shippers_and_sleepers_keep_running(argv: tuple[str, ...]) -> None:
    proc = run("busybox", *argv)
    assert proc.exit_after == FOREVER and proc.start_error is None


def test_plan_cat_of_a_regular_file_exits() -> None:
    proc = run("busybox", "cat", "/etc/hosts")
    assert proc.exit_after < 1 and proc.exit_code == 0


def test_plan_tail_without_follow_exits() -> None:
    assert run("busybox", "tail", "-n", "5", "/etc/hosts").exit_after < 1


def test_plan_date_appended_to_file_writes_no_log_but_creates_file() -> None:
    proc = run("busybox", "sh", "-c", "while true; do date >> /data/log; sleep 5; done")
    assert proc.loop is not None and proc.loop[1] == 5.0 and proc.loop[2] == ()
    assert proc.file_exists("/data/log", 1.0)


def test_plan_redirections_only_hide_what_they_redirect() -> None:
    proc = run("busybox", "sh", "-c", "echo hidden > /tmp/x 2>&1; echo shown; nope 2>/dev/null")
    assert [text for _t, text in proc.lines] == ["shown"]
    assert proc.exit_code == 127
    assert redirections(["cmd", "2", ">&", "1"]) == (["cmd"], None, False, False)
    assert redirections(["cmd", "&>", "/dev/null"]) == (["cmd"], "/dev/null", True, False)
    assert redirections(["cmd", ">>", "/data/log"]) == (["cmd"], "/data/log", False, True)


def test_plan_writes_keep_what_the_script_wrote() -> None:
    proc = run("busybox", "sh", "-c",
               "echo one > /tmp/f; echo two >> /tmp/f; echo -n x > /tmp/g; sleep 5; "
               "echo new > /tmp/f")
    assert proc.file_text("/tmp/f", 1.0) == "one\ntwo\n"
    assert proc.file_text("/tmp/g", 1.0) == "x"
    assert proc.file_text("/tmp/f", 10.0) == "new\n"
    assert proc.file_text("/tmp/none", 10.0) is None


def test_plan_echo_flags_and_printenv_read_the_environment() -> None:
    image = lookup("busybox")
    assert image is not None
    container = {"name": "c", "command": ["sh", "-c"],
                 "args": ["echo -en '\\n'; printenv A B; echo $A ${B}x; printenv NOPE"],
                 "_environment": {"A": "1", "B": "2"}}
    proc = plan(image, container, 0)
    assert [text for _t, text in proc.lines] == ["", "1", "2", "1 2x"]
    assert proc.exit_code == 1
    direct = plan(image, {"name": "c", "command": ["echo", "$A"], "_environment": {"A": "1"}}, 0)
    assert [text for _t, text in direct.lines] == ["$A"]


def test_plan_python_http_server_listens_and_ignores_sigterm_as_pid1() -> None:
    proc = run("python:3.12", "python", "-m", "http.server", "8000")
    assert proc.ports == (8000,) and proc.exit_after == FOREVER
    assert proc.on_sigterm == "ignore"  # no SIGTERM handler: PID 1 ignores it (kill(2))


def test_plan_nginx_daemon_off_serves_port_80() -> None:
    proc = run("nginx:1.27", "nginx", "-g", "daemon off;")
    assert proc.ports == (80,) and proc.exit_after == FOREVER


@pytest.mark.parametrize("argv", [
    ("nc", "-l", "-p", "8080"),
    ("nc", "-lk", "-p", "8080"),
    ("sh", "-c", "echo start; nc -l -p 8080"),
])
def test_plan_nc_listen_keeps_port_open(argv: tuple[str, ...]) -> None:
    proc = run("busybox", *argv)
    assert proc.ports == (8080,) and proc.exit_after == FOREVER
