"""A fresh transcript-clock sandbox for verb tests."""

from __future__ import annotations

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Result, Sandbox


class Session:
    def __init__(self) -> None:
        self.clock = FixedClock()
        self.sandbox = Sandbox(Sandbox.new_state("unit", TRANSCRIPT_EPOCH), self.clock)

    def run(self, line: str) -> Result:
        return self.sandbox.execute(line)

    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
