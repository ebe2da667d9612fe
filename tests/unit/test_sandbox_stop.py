"""Ctrl-C reaching a running line: ``Sandbox(stop=…)`` ends it between two of its commands."""

from __future__ import annotations

from collections.abc import Callable

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox


def _stop_after(commands: int) -> Callable[[], bool]:
    asked = [0]

    def stop() -> bool:
        asked[0] += 1
        return asked[0] > commands

    return stop


def _sandbox(stop: Callable[[], bool] | None) -> Sandbox:
    return Sandbox(Sandbox.new_state("stop", TRANSCRIPT_EPOCH), FixedClock(), stop=stop)


def test_stop_ends_the_line_before_its_next_command_with_status_130() -> None:
    sandbox = _sandbox(_stop_after(1))
    result = sandbox.execute("echo first; kubectl run web --image=nginx; echo never")
    assert (result.text, result.exit_code, result.running) == ("first\n", 130, False)
    sandbox.stop = None
    assert sandbox.execute("kubectl get pods").text == "No resources found in default namespace.\n"
    assert sandbox.execute("echo $?").text == "0\n"


def test_stop_inside_a_command_substitution_ends_the_whole_line() -> None:
    sandbox = _sandbox(_stop_after(1))
    result = sandbox.execute("echo $(echo inner; echo cut); echo never")
    assert (result.text, result.exit_code) == ("", 130)


def test_stop_before_a_stream_opens_leaves_the_tab_free() -> None:
    sandbox = _sandbox(_stop_after(1))
    assert sandbox.execute("echo x; kubectl get pods -w", "1").exit_code == 130
    sandbox.stop = None
    follow = sandbox.execute("echo free", "1")
    assert (follow.text, follow.exit_code, follow.running) == ("free\n", 0, False)


def test_no_stop_callable_runs_the_whole_line() -> None:
    result = _sandbox(None).execute("echo a; echo b | cat")
    assert (result.text, result.exit_code) == ("a\nb\n", 0)


def test_stop_ends_a_loop_in_the_learners_terminal() -> None:
    # `while true; do echo tick; done` would never end: Ctrl-C between two of its commands
    sandbox = _sandbox(_stop_after(5))  # true, echo, true, echo, true, then Ctrl-C
    result = sandbox.execute("while true; do echo tick; done")
    assert (result.text, result.exit_code, result.running) == ("tick\ntick\n", 130, False)


