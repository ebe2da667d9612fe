"""`watch`: re-runs a command on a full screen every N seconds until Ctrl-C."""

from __future__ import annotations

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox
from playground.sim.watch_screen import CLEAR, ENTER, LEAVE, parse_args


def test_watch_redraws_at_each_interval_and_leaves_on_interrupt() -> None:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("watch", TRANSCRIPT_EPOCH), clock)
    sandbox.execute("kubectl run web --image httpd")
    first = sandbox.execute("watch -n 5 kubectl get pods")
    header = "Every 5.0s: kubectl get pods" + " " * 16 + "playground: Mon Nov 23 14:45:33 2026"
    assert first.text == (
        f"{ENTER}{CLEAR}{header}\n\n"
        "NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          0s\n"
    )
    assert first.running and first.wake_at == TRANSCRIPT_EPOCH + 5
    clock.advance(5)
    again = sandbox.resume("1")
    assert again.text.startswith(CLEAR + "Every 5.0s: kubectl get pods")
    assert "ContainerCreating" in again.text
    stopped = sandbox.interrupt("1")
    assert (stopped.text, stopped.exit_code, stopped.running) == (LEAVE, 130, False)
    # the re-runs are not learner commands: history has what was typed, once
    assert sandbox.state["shell"]["history"][-1] == "watch -n 5 kubectl get pods"


def test_watch_usage_errors() -> None:
    assert isinstance(parse_args(["watch"]), str)
    assert parse_args(["watch", "-n", "x", "date"]) == "watch: failed to parse argument: 'x'\n"
    args = parse_args(["watch", "-n1", "kubectl", "get", "pods"])
    assert not isinstance(args, str) and (args.line, args.interval) == ("kubectl get pods", 1.0)
