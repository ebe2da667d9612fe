"""kubectl logs -f: the stream wakes when the container writes its next line, prints that line
then, and closes when the followed run ends."""

from __future__ import annotations

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox


def _out(result: object) -> str:
    return "".join(text for _kind, text in result.chunks)  # type: ignore[attr-defined]


def _sandbox() -> tuple[Sandbox, FixedClock]:
    clock = FixedClock()
    return Sandbox(Sandbox.new_state("logs-follow", TRANSCRIPT_EPOCH), clock), clock


def test_follow_wakes_at_each_line_and_prints_it_then() -> None:
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run tick --image busybox --restart=Never -- "
                    "sh -c 'echo one; sleep 20; echo two; sleep 10; echo done'")
    clock.advance(10)
    first = sandbox.execute("kubectl logs -f tick")
    assert _out(first) == "one\n"
    assert first.running and first.wake_at is not None and first.wake_at > clock.now()
    clock.set(first.wake_at)
    second = sandbox.resume()
    assert _out(second) == "two\n" and second.running
    assert second.wake_at is not None
    clock.set(second.wake_at)
    last = sandbox.resume()
    assert _out(last) == "done\n"
    if last.running:  # the line and the container's exit may fall on different instants
        assert last.wake_at is not None
        clock.set(last.wake_at)
        last = sandbox.resume()
        assert _out(last) == ""
    assert not last.running and last.exit_code == 0


def test_follow_of_a_silent_running_container_waits_without_a_wake() -> None:
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run quiet --image busybox -- sh -c 'echo hi; sleep 3600'")
    clock.advance(10)
    result = sandbox.execute("kubectl logs -f quiet --timestamps")
    assert _out(result).endswith("Z hi\n") and result.running
    # nothing is written until the sleep ends: the next wake is the run's end or later
    assert result.wake_at is None or result.wake_at >= TRANSCRIPT_EPOCH + 3600
