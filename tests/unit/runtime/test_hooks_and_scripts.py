"""Lifecycle handlers and the script interpreter's tests, files and unfinished lines."""

from __future__ import annotations

from playground.sim.images import Image, lookup
from playground.sim.lifecycle import hooks
from playground.sim.lifecycle.process import Process, plan


def _image(ref: str = "busybox:1.36") -> Image:
    image = lookup(ref)
    assert image is not None
    return image


def test_exec_handler_succeeds_and_writes() -> None:
    handler = {"exec": {"command": ["/bin/sh", "-c", "echo Hello > /usr/share/message"]}}
    outcome = hooks.run_handler(handler, _image(), {"name": "c"}, Process())
    assert outcome.ok
    assert [(p, t) for _at, p, t, _a in outcome.writes if t] == [("/usr/share/message",
                                                                   "Hello\n")]


def test_exec_handler_fails_on_exit_code_and_missing_program() -> None:
    assert not hooks.run_handler({"exec": {"command": ["sh", "-c", "exit 3"]}}, _image(),
                                 {"name": "c"}, Process()).ok
    assert not hooks.run_handler({"exec": {"command": ["nosuch"]}}, _image(), {"name": "c"},
                                 Process()).ok


def test_http_handler_fails_only_without_a_listener() -> None:
    listening = Process(ports=(80,))
    assert hooks.run_handler({"httpGet": {"port": 80, "path": "/"}}, _image(), {"name": "c"},
                             listening).ok
    assert not hooks.run_handler({"httpGet": {"port": 8080}}, _image(), {"name": "c"},
                                 listening).ok
    named = {"name": "c", "ports": [{"name": "web", "containerPort": 80}]}
    assert hooks.run_handler({"httpGet": {"port": "web"}}, _image(), named, listening).ok


def test_if_and_cat_read_the_kubelets_files() -> None:
    container = {"name": "c", "command": ["sh", "-c"],
                 "args": ["if [[ -e /etc/podinfo/labels ]]; then cat /etc/podinfo/labels; "
                          "else echo missing; fi; if [ -e /nope ]; then echo bad; fi; "
                          "test -z '' && echo empty"],
                 "_files": {"/etc/podinfo/labels": 'a="1"\nb="2"'}}
    proc = plan(_image(), container, 0)
    assert [text for _t, text in proc.lines] == ['a="1"', 'b="2"empty']


def test_a_loop_finishes_the_line_its_last_round_left_open() -> None:
    container = {"name": "c", "command": ["sh", "-c"],
                 "args": ["while true; do echo -en '\\n'; cat /f; sleep 5; done"],
                 "_files": {"/f": "x\ny"}}
    proc = plan(_image(), container, 0)
    assert [text for _t, text in proc.lines] == ["", "x"]
    assert proc.loop is not None
    assert [text for _t, text in proc.loop[2]] == ["y", "x"]
