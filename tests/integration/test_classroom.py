"""bench/classroom.py's class at a small N against ``live_stack`` (SQLite, or PostgreSQL in
make test's second run): every command answered with gap-free output, every check and submit
answered, every submission graded with full marks. Correctness only; the bench prints times."""

from __future__ import annotations

import pytest

from bench.classroom import PHASES, lesson_commands, run_class
from scripts.stack import Stack

pytestmark = pytest.mark.integration

LEARNERS = 4


async def test_a_small_class_loses_nothing_and_everyone_gets_full_marks(
    live_stack_processes: Stack,
) -> None:
    report = await run_class(live_stack_processes, LEARNERS, think=(0.05, 0.2), tag="-it")
    assert (report.errors, report.lost, report.stuck) == ([], [], [])
    assert report.points == [10.0] * LEARNERS
    expected = {"lesson command": len(lesson_commands()), "exercise command": 3}
    for phase in PHASES:
        assert len(report.latencies[phase]) == expected.get(phase, 1) * LEARNERS, phase
