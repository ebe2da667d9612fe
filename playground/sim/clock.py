"""The simulator's only source of wall-clock time; everything else takes ``now`` as an argument."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

# Every replayed transcript (and every fresh in-memory sandbox) starts at this instant, so ages,
# timestamps and seeded choices are the same on every run.
TRANSCRIPT_EPOCH: float = datetime(2026, 11, 23, 14, 45, 33, tzinfo=UTC).timestamp()


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the Unix epoch."""
        ...


class SystemClock:
    """The real clock, used only at the edge (Celery workers)."""

    def now(self) -> float:
        return time.time()


class FixedClock:
    """A clock that stands still until told to move (tests, transcripts)."""

    def __init__(self, start: float = TRANSCRIPT_EPOCH) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def set(self, instant: float) -> None:
        self._now = instant


class SkippedClock:
    """``base`` plus the time a learner skipped ahead (``offset()``, read from the sandbox state
    on every call, so a ``skip`` mid-line moves every later reading of the clock).

    ``advance`` moves the base (a transcript's FixedClock); a real clock has none, which is how
    callers tell the two apart (``Sandbox.can_wait``).
    """

    def __init__(self, base: Clock, offset: Callable[[], float]) -> None:
        self.base = base
        self.offset = offset

    def now(self) -> float:
        return self.base.now() + self.offset()

    def advance(self, seconds: float) -> None:
        self.base.advance(seconds)  # type: ignore[attr-defined]
