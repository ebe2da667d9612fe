"""The files' total budget (SimConfig.max_files_bytes, TERMINAL_FILES_MAX_BYTES): one rule in
fs.py for every writer (redirections, cat >, the editor), ENOSPC in bash's words, and a
sandbox already past it still loads, shrinks and deletes."""

from __future__ import annotations

from playground.sim.clock import FixedClock
from playground.sim.config import SimConfig
from playground.sim.sandbox import Sandbox
from playground.sim.shell import Io, Shell
from playground.sim.shell.fs import NoSpace

CONFIG = SimConfig(max_file_bytes=1024, max_files_bytes=2048)


def run(shell: Shell, line: str) -> tuple[int, str, str]:
    io = Io()
    status = shell.run(line, io)
    return status, io.stdout, io.stderr


def test_a_redirection_past_the_total_fails_with_enospc() -> None:
    files = {"a": "x" * 1000, "b": "y" * 1000}
    shell = Shell(files, {}, config=CONFIG)
    assert run(shell, "printf '%48s' z > c") == (0, "", "")  # 2,048 bytes in all: fits
    assert run(shell, "echo more >> c") == (1, "", "bash: c: No space left on device\n")
    assert len(files["c"]) == 48  # the refused append changed nothing
    assert run(shell, "cat > d <<EOF\nhello\nEOF") == (
        1, "", "bash: d: No space left on device\n")  # fmt: skip
    assert run(shell, "cat a b c | wc -c") == (0, "2048\n", "")


def test_a_sandbox_past_the_total_still_reads_shrinks_and_deletes() -> None:
    files = {"a": "x" * 1000, "b": "y" * 1000, "c": "z" * 1000}  # from before the budget
    shell = Shell(files, {}, config=CONFIG)
    assert run(shell, "wc -c < c") == (0, "1000\n", "")
    assert run(shell, "echo x >> c") == (1, "", "bash: c: No space left on device\n")
    assert run(shell, "echo short > c") == (0, "", "")  # smaller than before: allowed
    assert files["c"] == "short\n"
    assert run(shell, "rm b") == (0, "", "")
    assert run(shell, "echo x >> c") == (0, "", "")  # back under the budget: writes again


def test_the_editor_save_obeys_the_same_rule() -> None:
    state: dict[str, object] = {}
    sandbox = Sandbox(state, FixedClock(), CONFIG)
    assert sandbox.write_file("a.yaml", "a" * 1024) is None
    assert sandbox.write_file("b.yaml", "b" * 1024) is None
    refused = sandbox.write_file("c.yaml", "c")
    assert isinstance(refused, NoSpace)
    assert (str(refused), refused.limit) == ("No space left on device", 2048)
    assert sandbox.list_files() == ["a.yaml", "b.yaml"]
    assert sandbox.write_file("a.yaml", "a" * 10) is None  # a shrinking save is allowed
    assert sandbox.write_file("c.yaml", "c") is None


def test_copies_need_room_and_moves_do_not() -> None:
    files = {"a": "x" * 1000, "b": "y" * 1000}
    shell = Shell(files, {}, config=CONFIG)
    assert run(shell, "cp a c") == (
        1, "", "cp: error writing 'c': No space left on device\n")  # fmt: skip
    assert run(shell, "mv a c && mkdir d && mv b d && mv d e") == (0, "", "")  # renames
    assert files == {"c": "x" * 1000, "e/b": "y" * 1000}

