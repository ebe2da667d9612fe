"""The transcript replay tool, driven against a fake sandbox with the real interface."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.replay import main, parse_duration


@dataclass
class FakeResult:
    chunks: list[tuple[str, str]] = field(default_factory=list)
    exit_code: int | None = 0
    running: bool = False
    wake_at: float | None = None
    prompt: str | None = None


class FakeSandbox:
    """`echo X`, `fail N`, `wait N` (moves its own clock), `watch` (prints every 2 s)."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.streams: dict[str, float] = {}  # tab → when it started
        self.lines: list[tuple[str, str]] = []

    def _elapsed(self, tab: str) -> int:
        return int(self.clock.now() - self.streams[tab])

    def execute(self, line: str, tab: str = "1", size: tuple[int, int] | None = None
                ) -> FakeResult:
        del size  # the terminal's size: only SizedSandbox shows it
        self.lines.append((tab, line))
        if tab in self.streams:
            return self._tick(tab, f"typed: {line}\n")
        word, _, rest = line.partition(" ")
        if word == "echo":
            return FakeResult([("out", rest + "\n")])
        if word == "fail":
            return FakeResult([("err", "error: boom\n")], int(rest))
        if word == "wait":
            self.clock.advance(float(rest))
            return FakeResult([("out", f"waited {rest}\n")])
        if word == "watch":
            self.streams[tab] = self.clock.now()
            return self._tick(tab, "start\n")
        if word == "cat" and "> f" in line:
            return FakeResult()
        if word == "cat":  # shows the here-document it received
            return FakeResult([("out", line.split("\n", 1)[1].rsplit("\n", 1)[0] + "\n")])
        return FakeResult([("err", f"bash: {word}: command not found\n")], 127)

    def _tick(self, tab: str, text: str) -> FakeResult:
        return FakeResult(
            [("out", text)], None, True, self.clock.now() + 2 - self._elapsed(tab) % 2
        )

    def resume(self, tab: str = "1") -> FakeResult:
        return self._tick(tab, f"tick {self._elapsed(tab)}\n")

    def interrupt(self, tab: str = "1") -> FakeResult:
        self.streams.pop(tab, None)
        return FakeResult([("out", "^C\n")], 130)

    def save_edit(self, tab: str, content: str) -> FakeResult:
        del tab  # no fake command opens an editor: a save has nothing to finish
        return FakeResult([("err", f"no editor is open ({len(content)} bytes)\n")], 1)


def replay(tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    path = tmp_path / "t.session"
    path.write_text(text)
    out = io.StringIO()
    status = main([*args, str(path)], out, factory=FakeSandbox)
    return status, out.getvalue().replace(str(tmp_path) + "/", "")


def test_parse_duration_accepts_units() -> None:
    assert parse_duration("1h30m") == 5400
    assert parse_duration("500ms") == 0.5


def test_replay_passing_transcript_prints_summary(tmp_path: Path) -> None:
    text = "# hello\n$ echo hi   \nhi\n\n$ fail 3\nerror: boom\n? exit 3\n"
    assert replay(tmp_path, text) == (0, "1 passed, 0 failed\n")


def test_replay_failing_block_prints_unified_diff(tmp_path: Path) -> None:
    status, out = replay(tmp_path, "$ echo a\na\n$ echo b\nc\n")
    assert status == 1
    assert out == (
        "--- t.session:3 (expected)\n+++ t.session:3 (actual)\n@@ -1,1 +1,1 @@\n"
        "-c\n+b\n1 failed\n".replace("1 failed", "0 passed, 1 failed")
    )


def test_replay_wrong_exit_code_is_reported(tmp_path: Path) -> None:
    assert replay(tmp_path, "$ fail 2\nerror: boom\n? exit 1\n") == (
        1,
        "t.session:3: expected exit 1, got 2\n0 passed, 1 failed\n",
    )


def test_replay_wildcards_match_within_line_and_many_lines(tmp_path: Path) -> None:
    text = "$ echo pod-7f9c ready\npod-<*> ready\n$ cat <<EOF\na\nb\nc\nEOF\na\n<...>\nc\n"
    assert replay(tmp_path, text) == (0, "1 passed, 0 failed\n")
    assert replay(tmp_path, "$ echo a\n<...>\na\n<...>\n") == (0, "1 passed, 0 failed\n")


def test_replay_stream_prints_while_time_passes_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    text = "$ watch\nstart\n~ 5s\ntick 2\ntick 4\n^C\n? exit 130\n$ echo done\ndone\n"
    assert replay(tmp_path, text) == (0, "1 passed, 0 failed\n")


def test_replay_command_in_running_stream_goes_to_the_stream(tmp_path: Path) -> None:
    text = "$ watch\nstart\n$ ls\ntyped: ls\n? exit 0\n"
    status, out = replay(tmp_path, text)
    assert out == "t.session:5: expected exit 0, got none (still running)\n0 passed, 1 failed\n"


def test_replay_other_tab_output_is_shown_at_switch(tmp_path: Path) -> None:
    text = "$ watch\nstart\n@ 2\n$ wait 3\nwaited 3\n~ 2s\n@ 1\ntick 3\ntick 4\n^C\n"
    assert replay(tmp_path, text) == (0, "1 passed, 0 failed\n")


def test_replay_update_rewrites_blocks_keeping_wildcards(tmp_path: Path) -> None:
    text = "$ echo x-1 y\nx-<*> z\n\n$ echo new\n$ fail 4\n? exit 1\n"
    status, out = replay(tmp_path, text, "--update")
    assert status == 1 and out.endswith("t.session: updated\n0 passed, 1 failed\n")
    assert (tmp_path / "t.session").read_text() == (
        "$ echo x-1 y\nx-1 y\n\n$ echo new\nnew\n$ fail 4\nerror: boom\n? exit 4\n"
    )
    text = "$ echo a1\na<*>\n<...>\n$ echo b\nb\n"
    replay(tmp_path, text.replace("$ echo b\nb", "$ echo b\nq"), "--update")
    assert (tmp_path / "t.session").read_text() == text
    assert replay(tmp_path, text) == (0, "1 passed, 0 failed\n")


def test_replay_no_transcripts_found_fails(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main([str(tmp_path)], out, factory=FakeSandbox) == 1
    assert out.getvalue() == f"no transcripts (*.session) found in {tmp_path}\n0 passed, 0 failed\n"


def test_replay_heredoc_lines_belong_to_the_command(tmp_path: Path) -> None:
    text = (
        "$ cat <<'EOF' > f\n$ not a command\n? exit 9\nEOF\n$ nope\nbash: nope: command not found\n"
    )
    assert replay(tmp_path, text) == (0, "1 passed, 0 failed\n")


def test_replay_clock_starts_at_transcript_epoch() -> None:
    assert FixedClock().now() == TRANSCRIPT_EPOCH


class SizedSandbox(FakeSandbox):
    """Prints the terminal size each command was given (None: the sandbox's default)."""

    def execute(self, line: str, tab: str = "1", size: tuple[int, int] | None = None
                ) -> FakeResult:
        return FakeResult([("out", f"{tab} {size}\n")])


def test_terminal_directive_sizes_the_current_tabs_commands(tmp_path: Path) -> None:
    path = tmp_path / "t.session"
    path.write_text("$ a\n1 None\n% terminal 120x40\n$ b\n1 (120, 40)\n@ 2\n$ c\n2 None\n"
                    "@ 1\n$ d\n1 (120, 40)\n")
    out = io.StringIO()
    assert main([str(path)], out, factory=SizedSandbox) == 0, out.getvalue()


def test_a_bad_terminal_directive_says_how_to_write_it(tmp_path: Path) -> None:
    status, out = replay(tmp_path, "% terminal wide\n")
    assert status == 1 and "write the terminal size as '% terminal 80x24'" in out
