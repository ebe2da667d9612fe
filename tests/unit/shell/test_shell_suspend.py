"""``sleep`` in a shell that can wait: the line stops at the sleep and goes on later.

What each line prints in all is GNU bash 5.2.15's output for the same line (checked with
``bash -c`` on the build host, the sleeps shortened); here it arrives one piece per sleep.
Every suspension's path goes through JSON, as it does between the worker's calls.
"""

from __future__ import annotations

import json

import pytest

from playground.sim.config import SimConfig
from playground.sim.shell import Io, Shell
from playground.sim.shell.runner import Profile


def pieces(line: str, config: SimConfig | None = None, rounds: int = 20) -> list[str]:
    """The output of each stretch of the line between two of its sleeps."""
    state: dict[str, object] = {}
    shell = Shell({}, state, config=config, suspend=True)
    io = Io()
    shell.run(line, io)
    out = [io.text]
    for _ in range(rounds):
        stop = shell.suspended
        if stop is None:
            return out
        path = json.loads(json.dumps(stop.path))
        shell = Shell({}, state, config=config, suspend=True)
        io = Io()
        shell.resume(line, path, io, {})
        out.append(io.text)
    return out


@pytest.mark.parametrize(("line", "expected"), [
    ("for i in 1 2 3; do echo round $i; sleep 5; done; echo end",
     ["round 1\n", "round 2\n", "round 3\n", "end\n"]),
    ("i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; sleep 1; done; echo done $?",
     ["1\n", "2\n", "3\n", "done 0\n"]),
    ("for x in a b c; do if [ $x = b ]; then sleep 1; echo in-b; break; fi; echo $x; done; "
     "echo after $x", ["a\n", "in-b\nafter b\n"]),
    ("sleep 1 && echo yes || echo no", ["", "yes\n"]),
    ("! sleep 1 || echo negated", ["", "negated\n"]),
    ("for i in 1 2; do for j in x y; do echo $i$j; sleep 1; continue 2; echo never; done; "
     "done; echo $?", ["1x\n", "2x\n", "0\n"]),
    ("if false; then echo no; elif sleep 1; then echo elif-held; else echo else; fi",
     ["", "elif-held\n"]),
    ("n=0; until [ $n -ge 2 ]; do sleep 1; n=$((n+1)); done; echo n=$n", ["", "", "n=2\n"]),
    ("{ echo a; sleep 1; echo b; }; echo c", ["a\n", "b\nc\n"]),
    ("sleep 1m; echo $?", ["", "0\n"]),
])
def test_a_line_goes_on_after_each_sleep_where_it_stopped(line: str, expected: list[str]) -> None:
    assert pieces(line) == expected


def test_the_suspension_says_how_long_and_whether_a_loop_waits() -> None:
    shell = Shell({}, {}, suspend=True)
    shell.run("sleep 1.5 30s", Io())
    assert shell.suspended is not None
    assert (shell.suspended.seconds, shell.suspended.in_loop) == (31.5, False)
    looping = Shell({}, {}, suspend=True)
    looping.run("while sleep 2; do :; done", Io())
    assert looping.suspended is not None and looping.suspended.in_loop


def test_a_loop_that_sleeps_is_not_stopped_by_the_rounds_budget() -> None:
    # the budget is per stretch of the line (one call of the worker): a sleeping loop's
    # stretches are one round each, so it runs on until Ctrl-C
    out = pieces("while true; do echo tick; sleep 1; done", SimConfig(max_loop_rounds=3), 10)
    assert out == ["tick\n"] * 11


def test_a_loop_without_sleep_still_hits_the_rounds_budget_after_a_resume() -> None:
    out = pieces("sleep 1; while true; do echo hi; done", SimConfig(max_loop_rounds=2))
    assert out == ["", "hi\nhi\nbash: loop stopped after 2 rounds (this playground's limit "
                       "for one line)\n"]


def test_sleep_inside_a_pipe_or_substitution_cannot_stop_the_line() -> None:
    waits: list[list[str]] = []

    def hook(argv: list[str], stdin: str | None, io: Io) -> int:
        waits.append(argv)
        return 0

    shell = Shell({}, {}, {"sleep": hook}, suspend=True)
    io = Io()
    assert shell.run("echo $(sleep 2; echo inner)", io) == 0
    assert (io.text, shell.suspended, waits) == ("inner\n", None, [["sleep", "2"]])
    io = Io()
    assert shell.run("for i in 1 2; do echo $i; sleep 1; done | cat", io) == 1
    assert io.stderr == ("bash: sleep inside a loop is not available in this playground "
                         "inside $(…) or a pipe; run the loop on its own\n")


def test_a_shell_that_cannot_wait_refuses_a_sleeping_loop() -> None:
    io = Io()
    dash = Profile(shell_name="dash", shell_program="sh")
    assert Shell({}, {}, profile=dash).run("while true; do echo tick; sleep 1; done", io) == 1
    assert io.stdout == "tick\n"
    assert io.stderr == ("sh: 1: sleep inside a loop is not available in this playground yet "
                         "in this shell; try it in the playground's own terminal\n")


def test_ctrl_c_after_a_resume_ends_the_line_with_130() -> None:
    state: dict[str, object] = {}
    shell = Shell({}, state, suspend=True)
    shell.run("while true; do echo tick; sleep 1; done", Io())
    assert shell.suspended is not None
    stopped = Shell({}, state, suspend=True, stop=lambda: True)
    io = Io()
    assert stopped.resume("while true; do echo tick; sleep 1; done", shell.suspended.path,
                          io, {}) == 130
    assert (io.text, stopped.interrupted, stopped.suspended) == ("", True, None)


def test_a_resumed_line_keeps_its_history_entry_once() -> None:
    state: dict[str, list[str]] = {}
    shell = Shell({}, state, suspend=True)
    shell.run("sleep 1; echo x", Io())
    assert shell.suspended is not None
    Shell({}, state, suspend=True).resume("sleep 1; echo x", shell.suspended.path, Io(), {})
    assert state["history"] == ["sleep 1; echo x"]
