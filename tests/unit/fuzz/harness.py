"""Running fuzzed lines the way the terminal does, and telling an internal error apart.

The sandbox catches any exception a command raises and prints its "internal error" line (the
traceback goes to the log), so a line reached a bug exactly when that line is in its output.
A line may leave a stream open (a watch, a follow, a sleeping loop, a container shell): the
driver lets some of the injected clock pass, resumes it, and ends it with Ctrl-C or ``exit``,
so the resumed and the interrupted paths run too.
"""

from __future__ import annotations

import os

from hypothesis import settings

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.config import SimConfig
from playground.sim.sandbox import Result, Sandbox

INTERNAL = "internal error:"
# A loop that never sleeps runs to the shell's round limit: a small one keeps an example cheap
# (the limit's own answer is the same at any size).
CONFIG = SimConfig(max_loop_rounds=40)


def budget(ci: int, **more: int) -> settings:
    """``ci`` examples in `make test` (the profile's other settings kept); `make fuzz`'s own
    budget (PLAYGROUND_FUZZ_EXAMPLES) when fuzzing. ``more``: other settings (a stateful
    test's steps), in both."""
    if os.environ.get("PLAYGROUND_FUZZ"):
        return settings(**more)  # type: ignore[arg-type]
    return settings(max_examples=ci, **more)  # type: ignore[arg-type]


def sandbox(seed: str = "fuzz") -> tuple[Sandbox, FixedClock]:
    clock = FixedClock()
    return Sandbox(Sandbox.new_state(seed, TRANSCRIPT_EPOCH), clock, CONFIG), clock


def text_of(result: Result) -> str:
    return "".join(chunk for _, chunk in result.chunks)


def check(line: str, text: str) -> str:
    assert INTERNAL not in text, f"{line!r} reached an internal error:\n{text}"
    return text


def stream_of(box: Sandbox, tab: str = "1") -> dict | None:
    stream: dict | None = box.state.get("tabs", {}).get(tab, {}).get("stream")
    return stream


def finish(box: Sandbox, clock: FixedClock, line: str, result: Result,
           waits: tuple[float, ...] = ()) -> str:
    """Let ``waits`` seconds pass one after the other on what ``line`` left running (resuming
    it after each), then end it: a container shell with ``exit``, anything else with Ctrl-C."""
    text = text_of(result)
    for seconds in waits:
        if stream_of(box) is None:
            break
        clock.advance(seconds)
        text += text_of(box.resume())
    for _ in range(5):
        stream = stream_of(box)
        if stream is None:
            break
        if stream.get("kind") == "shell" and "line" not in stream.get("spec", {}):
            text += text_of(box.execute("exit"))
        else:
            text += text_of(box.interrupt())
    return check(line, text)


def run(box: Sandbox, clock: FixedClock, line: str, waits: tuple[float, ...] = ()) -> str:
    """Type ``line``, let what it opened run for ``waits``, end it; asserts no internal error."""
    return finish(box, clock, line, box.execute(line), waits)
