"""``skip``: the sandbox's clock moves ahead (an offset kept in the state), pure and injected."""

from __future__ import annotations

from playground.sim import state as sandbox_state
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox
from playground.sim.skip import short_duration
from playground.sim.store import MemoryStore


def _sandbox(lang: str = "en") -> tuple[Sandbox, FixedClock]:
    clock = FixedClock()
    return Sandbox(Sandbox.new_state("skip", TRANSCRIPT_EPOCH), clock, lang=lang), clock


def test_skip_prints_its_marker_and_moves_ages_without_the_wall_clock() -> None:
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run web --image=nginx:1.27")
    result = sandbox.execute("skip 5m")
    assert (result.chunks, result.exit_code) == ([("out", "[skipped 5m]\n")], 0)
    assert clock.now() == TRANSCRIPT_EPOCH  # the injected clock itself never moved
    assert sandbox.execute("kubectl get pod web --no-headers").text.split()[-1] == "5m"
    assert sandbox.execute("date").text == "Mon Nov 23 14:50:33 UTC 2026\n"


def test_skip_mid_line_moves_the_rest_of_the_line() -> None:
    sandbox, _ = _sandbox()
    sandbox.execute("kubectl run web --image=nginx:1.27")
    text = sandbox.execute("skip 1m; kubectl get pod web --no-headers; skip 10s; date").text
    lines = text.split("\n")
    assert lines[0] == "[skipped 1m]"
    assert lines[1].split()[-1] == "60s"
    assert lines[2:] == ["[skipped 10s]", "Mon Nov 23 14:46:43 UTC 2026", ""]


def test_skip_next_lands_on_the_next_change_the_engine_announces() -> None:
    sandbox, _ = _sandbox()
    sandbox.execute("kubectl run web --image=nginx:1.27")
    cluster = sandbox._cluster()
    due = cluster.next_change(None)
    assert due is not None
    assert sandbox.execute("skip next").text == "[skipped 100ms: to the next change]\n"
    assert sandbox.clock.now() >= due
    assert sandbox.clock.now() - due < 0.001


def test_skip_next_with_nothing_to_come_says_so() -> None:
    sandbox, _ = _sandbox()
    # the default cluster's pods are all steady: nothing is scheduled to change
    result = sandbox.execute("skip next")
    assert (result.chunks, result.exit_code) == (
        [("err", "skip: nothing in the cluster is scheduled to change\n")], 1)


def test_skip_refuses_bad_durations_with_a_usage_line() -> None:
    sandbox, _ = _sandbox()
    usage = "skip: give a duration or next: skip 10s | skip 1m | skip 5m | skip next\n"
    for line in ("skip", "skip 10", "skip -5s", "skip 0s", "skip 1m later", "skip soon"):
        result = sandbox.execute(line)
        assert (result.chunks, result.exit_code) == ([("err", usage)], 1), line
    result = sandbox.execute("skip 25h")
    assert result.chunks == [("err", "skip: at most 24h at a time\n")]
    assert sandbox_state.clock_offset(sandbox.state) == 0.0


def test_an_exercise_that_forbids_skipping_keeps_the_clock() -> None:
    sandbox, _ = _sandbox("ko")
    sandbox_state.forbid_skip(sandbox.state)
    result = sandbox.execute("skip 5m")
    assert (result.chunks, result.exit_code) == (
        [("err", "skip: 이 연습 문제에서는 시간을 건너뛸 수 없습니다\n")], 1)
    assert sandbox_state.clock_offset(sandbox.state) == 0.0


def test_the_command_log_records_the_skipped_time_graders_read() -> None:
    sandbox, _ = _sandbox()
    sandbox.execute("skip 1m")
    sandbox.execute("kubectl get pods")
    log = sandbox_state.command_log_of(sandbox.state)
    assert [e["t"] - TRANSCRIPT_EPOCH for e in log] == [60.0, 60.0]


def test_the_offset_is_stored_and_survives_a_reset() -> None:
    store = MemoryStore(clock=FixedClock())
    store.update("s", lambda st: Sandbox(st, FixedClock()).execute("skip 90s"),
                 create=lambda: Sandbox.new_state("s", TRANSCRIPT_EPOCH))
    loaded = store.load("s")
    assert loaded is not None
    assert sandbox_state.clock_offset(loaded) == 90.0
    sandbox_state.restart(loaded, Sandbox.new_state("s", TRANSCRIPT_EPOCH))
    assert sandbox_state.clock_offset(loaded) == 90.0  # a reset never turns the clock back


def test_a_skip_wakes_watches_in_other_tabs_at_the_new_time() -> None:
    sandbox, _ = _sandbox()
    sandbox.execute("kubectl run web --image=nginx:1.27")
    watching = sandbox.execute("kubectl get pods -w", tab="2")
    assert watching.running
    result = sandbox.execute("skip 30s", tab="1")
    assert result.wakes == {"2": TRANSCRIPT_EPOCH + 30}
    shown = sandbox.resume("2").text
    assert "Running" in shown  # what happened during the skipped 30 s reaches the watch


def test_short_duration_drops_zero_units() -> None:
    assert [short_duration(s) for s in (0.1, 10, 60, 90, 300, 3600, 3660)] == [
        "100ms", "10s", "1m", "1m30s", "5m", "1h", "1h1m"]
