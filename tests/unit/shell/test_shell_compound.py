"""if/for/while/until, break/continue, test/[ ], $(( )) and syntax errors, against real shells.

The expected texts in data/compound_oracle.json were recorded from GNU bash 5.2.15 (an
interactive ``bash --norc -i`` reading the line) and dash 0.5.12 (``dash -c``) on the build
host, never from the simulator.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playground.sim.config import SimConfig
from playground.sim.shell import Io, Shell
from playground.sim.shell.runner import Profile

ORACLE = json.loads((Path(__file__).parent / "data" / "compound_oracle.json").read_text())


def run(line: str, profile: Profile, config: SimConfig | None = None) -> tuple[str, str, int]:
    io = Io()
    status = Shell({}, {}, profile=profile, config=config).run(line, io)
    return io.stdout, io.stderr, status


@pytest.mark.parametrize("case", ORACLE["cases"], ids=lambda c: c["line"][:40])
def test_bash_matches_real_bash(case: dict[str, dict[str, str]]) -> None:
    out, err, _ = run(str(case["line"]), Profile())
    assert (out, err) == (case["bash"]["stdout"], case["bash"]["stderr"])


@pytest.mark.parametrize(
    "case",
    # a null "dash" marks arithmetic dash lacks (**, base#) or words its own way: the
    # simulator's $(( )) speaks bash
    [c for c in ORACLE["cases"] if c["dash"] is not None],
    ids=lambda c: c["line"][:40],
)
def test_dash_matches_real_dash(case: dict[str, dict[str, str]]) -> None:
    dash = Profile(shell_name="dash", shell_program="dash")
    out, err, _ = run(str(case["line"]), dash)
    assert (out, err) == (case["dash"]["stdout"], case["dash"]["stderr"])


def test_ash_words_syntax_errors_as_busybox() -> None:
    # BusyBox ash (shell/ash.c): raise_error_syntax prefixes "syntax error: ", and
    # raise_error_unexpected_syntax writes "unexpected <token>" plus "(expecting <token>)"
    ash = Profile(shell_name="ash", shell_program="sh")
    assert run("done", ash)[1:] == ('sh: syntax error: unexpected "done"\n', 2)
    assert run("if true; then echo", ash)[1] == (
        'sh: syntax error: unexpected end of file (expecting "fi")\n'
    )
    assert run("for x in a; echo", ash)[1] == 'sh: syntax error: unexpected word (expecting "do")\n'


def test_endless_loop_is_stopped_by_the_round_limit() -> None:
    out, err, status = run("while true; do echo hi; done", Profile(),
                           SimConfig(max_loop_rounds=5))
    assert out == "hi\n" * 5
    assert err == "bash: loop stopped after 5 rounds (this playground's limit for one line)\n"
    assert status == 1


def test_sleep_in_a_loop_of_a_shell_that_cannot_wait_says_it_is_not_available() -> None:
    waits: list[list[str]] = []

    def sleep_hook(argv: list[str], stdin: str | None, io: Io) -> int:
        waits.append(argv)
        return 0

    io = Io()
    shell = Shell({}, {}, {"sleep": sleep_hook})  # no suspend=True (the sandbox's terminal has)
    status = shell.run("while true; do echo tick; sleep 2; done", io)
    assert io.stdout == "tick\n"
    assert "sleep inside a loop is not available in this playground yet" in io.stderr
    assert status == 1 and waits == []
    # outside a loop the hook still runs: the line's wait begins after it
    assert shell.run("sleep 2", Io()) == 0 and waits == [["sleep", "2"]]


def test_sleep_in_a_loop_of_a_container_shell_stops_the_loop_too() -> None:
    # a container shell has no clock hook (its sleep is instant): a loop would burst
    dash = Profile(shell_name="dash", shell_program="sh")
    out, err, status = run("while true; do echo tick; sleep 1; done", dash)
    assert out == "tick\n" and status == 1
    assert err.startswith("sh: 1: sleep inside a loop is not available in this playground yet")
    assert run("for i in 1 2; do echo $i; sleep 0; done", dash)[0] == "1\n2\n"


def test_ctrl_c_ends_a_running_loop() -> None:
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 5  # true, echo, true, echo, true: then Ctrl-C

    io = Io()
    shell = Shell({}, {}, stop=stop)
    assert shell.run("while true; do echo x; done", io) == 130
    assert io.stdout == "x\n" * 2 and shell.interrupted


def test_compound_commands_redirected_whole_are_refused_clearly() -> None:
    _, err, status = run("for x in a; do echo $x; done > out.txt", Profile())
    assert "redirecting a whole compound command is not available" in err and status == 2


def test_break_outside_a_loop_and_case_is_refused() -> None:
    assert run("break", Profile())[1:] == (
        "bash: break: only meaningful in a `for', `while', or `until' loop\n", 0)
    assert "not available in this playground" in run("case x in x) echo;; esac", Profile())[1]
