"""A line that sleeps in the learner's terminal, as the worker runs it: each call of the
sandbox prints one stretch of the line and says when the next is due (``wake_at``); Ctrl-C
ends it at any moment. The clock is injected and has no ``advance``, like the worker's real
one, so nothing here waits: the test moves it."""

from __future__ import annotations

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox

T0 = TRANSCRIPT_EPOCH
POLL = "while true; do kubectl get pods; sleep 2; done"
NO_PODS = "No resources found in default namespace.\n"


class WallClock:
    """Stands for the worker's clock: read-only to the sandbox (no ``advance``)."""

    def __init__(self) -> None:
        self.t = T0

    def now(self) -> float:
        return self.t


def _sandbox(clock: WallClock | FixedClock) -> Sandbox:
    return Sandbox(Sandbox.new_state("sleep", T0), clock)


def test_a_polling_loop_prints_one_round_per_sleep_as_time_passes() -> None:
    clock = WallClock()
    sandbox = _sandbox(clock)
    first = sandbox.execute(POLL)
    assert (first.text, first.running, first.exit_code, first.wake_at) == (
        NO_PODS, True, None, T0 + 2)
    clock.t = T0 + 1  # woken early (another tab's news): nothing yet, the same wake-up
    early = sandbox.resume()
    assert (early.text, early.running, early.wake_at) == ("", True, T0 + 2)
    clock.t = T0 + 2
    second = sandbox.resume()
    assert (second.text, second.running, second.wake_at) == (NO_PODS, True, T0 + 4)
    # another tab changes the cluster between two rounds: the next round shows it
    assert sandbox.execute("kubectl get pod web", "2").text == (
        'Error from server (NotFound): pods "web" not found\n')
    clock.t = T0 + 4.5  # a late wake-up: the next sleep starts from when the round ran
    assert sandbox.resume().wake_at == T0 + 6.5


def test_ctrl_c_while_the_loop_sleeps_ends_it_and_frees_the_tab() -> None:
    clock = WallClock()
    sandbox = _sandbox(clock)
    sandbox.execute(POLL)
    busy = sandbox.execute("echo hi")
    assert busy.text == "a command is still running in this tab (press Ctrl-C to stop it)\n"
    stopped = sandbox.interrupt()
    assert (stopped.text, stopped.exit_code, stopped.running) == ("", 130, False)
    clock.t = T0 + 10
    assert sandbox.resume().text == ""  # the wake-up the socket had set finds nothing
    after = sandbox.execute("echo $?")
    assert (after.text, after.exit_code, after.running) == ("130\n", 0, False)


def test_ctrl_c_during_a_round_ends_the_line_there() -> None:
    clock = WallClock()
    sandbox = _sandbox(clock)
    sandbox.execute("while true; do echo tick; sleep 1; done")
    clock.t = T0 + 1
    sandbox.stop = lambda: True  # pressed while the resumed round runs (the job's flag)
    stopped = sandbox.resume()
    assert (stopped.text, stopped.exit_code, stopped.running) == ("", 130, False)
    sandbox.stop = None
    assert sandbox.execute("echo free").text == "free\n"


def test_a_bounded_loop_ends_with_the_status_of_its_last_command() -> None:
    clock = WallClock()
    sandbox = _sandbox(clock)
    line = "for i in 1 2 3; do kubectl get pod web; sleep 5; done"
    missing = 'Error from server (NotFound): pods "web" not found\n'
    texts = [sandbox.execute(line).text]
    for n in (1, 2, 3):
        clock.t = T0 + 5 * n
        result = sandbox.resume()
        texts.append(result.text)
    assert texts == [missing, missing, missing, ""]
    assert (result.running, result.exit_code) == (False, 0)  # the last sleep's status
    assert sandbox.execute("history").text == f"    1  {line}\n    2  history\n"


def test_a_skip_in_another_tab_ends_the_sleep_at_once() -> None:
    clock = WallClock()
    sandbox = _sandbox(clock)
    sandbox.execute("sleep 60; date")
    sandbox.execute("skip 1m", "2")
    done = sandbox.resume()
    assert (done.text, done.exit_code) == ("Mon Nov 23 14:46:33 UTC 2026\n", 0)


def test_a_watch_after_the_sleep_opens_when_the_line_gets_there() -> None:
    clock = WallClock()
    sandbox = _sandbox(clock)
    assert sandbox.execute("sleep 1; kubectl get pods -w").running
    clock.t = T0 + 1
    watching = sandbox.resume()
    assert (watching.text, watching.running, watching.wake_at) == (NO_PODS, True, None)


def test_a_transcripts_clock_lives_through_a_single_sleep_but_not_a_loop() -> None:
    clock = FixedClock()
    sandbox = _sandbox(clock)
    waited = sandbox.execute("sleep 2; date")
    assert (waited.text, waited.running, waited.exit_code) == (
        "Mon Nov 23 14:45:35 UTC 2026\n", False, 0)
    looping = sandbox.execute("while date; do sleep 2; done")
    assert (looping.text, looping.running) == ("Mon Nov 23 14:45:35 UTC 2026\n", True)


def test_a_container_shell_line_sleeps_and_goes_on_too() -> None:
    clock = WallClock()
    sandbox = _sandbox(clock)
    sandbox.execute("kubectl run box --image=busybox -- sleep 3600")
    clock.t = T0 + 30
    assert sandbox.execute("kubectl exec -it box -- sh").prompt == "/ # "
    first = sandbox.execute("while true; do date; sleep 2; done")
    assert (first.text, first.running, first.wake_at, first.prompt) == (
        "Mon Nov 23 14:46:03 UTC 2026\n", True, T0 + 32, None)
    assert sandbox.execute("echo hi").text == (
        "a command is still running in this tab (press Ctrl-C to stop it)\n")
    clock.t = T0 + 32
    assert sandbox.resume().text == "Mon Nov 23 14:46:05 UTC 2026\n"
    stopped = sandbox.interrupt()  # Ctrl-C: the shell's prompt again, the session goes on
    assert (stopped.exit_code, stopped.prompt) == (130, "/ # ")
    assert sandbox.execute("sleep 1; echo $?").running
    clock.t = T0 + 33
    done = sandbox.resume()
    assert (done.text, done.exit_code, done.running, done.prompt) == ("0\n", 0, False, "/ # ")


def test_a_loop_of_tiny_sleeps_goes_on_no_sooner_than_the_floor() -> None:
    # each stretch of a sleeping line is a call of the worker: they come at most 10 a second
    clock = WallClock()
    sandbox = _sandbox(clock)
    first = sandbox.execute("while true; do sleep 0.001; done")
    assert first.wake_at == T0 + 0.1
