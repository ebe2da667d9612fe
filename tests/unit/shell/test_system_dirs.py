"""The read-only file system around the learner's home (fs.SYSTEM_DIRS, SYSTEM_FILES)."""

from __future__ import annotations

from playground.sim.shell import Io, Shell


def run(shell: Shell, line: str) -> tuple[int, str, str]:
    io = Io()
    status = shell.run(line, io)
    return status, io.stdout, io.stderr


def test_the_system_directories_around_home_exist() -> None:
    """``cd /`` and ``ls /tmp`` do not look broken (fs.SYSTEM_DIRS, read-only)."""
    shell = Shell({}, {})
    assert run(shell, "cd / && pwd && cd /tmp && pwd") == (0, "/\n/tmp\n", "")
    status, listing, _ = run(shell, "ls /")
    assert status == 0 and {"home", "tmp", "etc", "usr"} <= set(listing.split())
