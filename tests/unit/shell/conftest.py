from __future__ import annotations

from collections.abc import Callable

import pytest

from playground.sim.config import SimConfig
from playground.sim.shell import Io, Shell

Run = Callable[[str], tuple[int, str, str]]


def fake_kubectl(argv: list[str], stdin: str | None, io: Io) -> int:
    io.write_out(f"kubectl {' '.join(argv[1:])}\n")
    if stdin is not None:
        io.write_out(f"stdin: {stdin}")
    return 0


@pytest.fixture
def files() -> dict[str, str]:
    return {"myweb.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: myweb\n"}


@pytest.fixture
def shell(files: dict[str, str]) -> Shell:
    config = SimConfig(max_files=5, max_file_bytes=1024, max_output_bytes=4096)
    return Shell(files, {}, {"kubectl": fake_kubectl}, config)


@pytest.fixture
def run(shell: Shell) -> Run:
    def go(line: str) -> tuple[int, str, str]:
        io = Io()
        status = shell.run(line, io)
        return status, io.stdout, io.stderr

    return go
