"""The instants a time modifier samples, each as a ``World`` over one private state copy.

The simulator's state is a pure function of time: advancing a copy of the clock shows what the
cluster will look like without anyone typing. Between two of the cluster's change instants
(``Cluster.next_change``) nothing visible changes, so sampling those instants is exact.

- ``forward(state, now, span)``: now, every change instant in (now, now + span), now + span.
- ``backward(state, now)``: the sandbox's past, from its creation (or the first logged command)
  to now: every change instant and every logged command's instant, pods created later hidden.
  It sees current records only: a pod that was deleted is gone (only its events stay, an hour),
  and labels/annotations/spec edits show their current values at every past instant.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from grading.engine.objects import World
from playground.sim import state as sandbox_state

# A runaway lifecycle (a crash loop is finite, but be safe) must not stall a worker.
MAX_SAMPLES = 400


def forward(state: dict[str, Any], now: float, span: float) -> Iterator[World]:
    private = copy.deepcopy(state)
    world = World(private, now)
    yield world
    end = now + span
    for _ in range(MAX_SAMPLES):
        upcoming = world.next_change()
        if upcoming is None or upcoming >= end:
            break
        world = World(private, upcoming)
        yield world
    if span > 0:
        yield World(private, end)


def backward(state: dict[str, Any], now: float) -> Iterator[World]:
    private = copy.deepcopy(state)
    logged = sorted({float(e["t"]) for e in sandbox_state.command_log_of(state)
                     if float(e["t"]) < now})
    created = sandbox_state.created_of(state)
    start = min([now if created is None else created, *logged[:1]])
    t = min(start, now)
    for _ in range(MAX_SAMPLES):
        if t >= now:
            break
        world = World(private, t, past=True)
        yield world
        upcoming = [x for x in logged if x > t]
        change = world.next_change()
        if change is not None:
            upcoming.append(change)
        t = min(upcoming, default=now)
    yield World(private, now)
