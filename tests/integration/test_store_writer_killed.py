"""A writer process killed in the middle of ``RedisStore.update`` leaves no half-written sandbox.

The process loads the state, changes it in memory and is SIGKILLed before (or just after) its
compare-and-set: the stored state is then exactly the one from before (or after) the change, and
the next writer updates it normally.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import redis

from playground.sim import state as sandbox_state
from playground.sim.store import RedisStore


def _fresh() -> sandbox_state.State:
    return sandbox_state.new_state(seed="killed", now=1_700_000_000.0)


def _items(state: sandbox_state.State | None) -> list[str]:
    assert state is not None
    return sorted(sandbox_state.files(state))


# The child changes two things; it blocks (reading stdin) either before or after saving them.
_WRITER = """
import sys, redis
from playground.sim import state as sandbox_state
from playground.sim.store import RedisStore
store = RedisStore(redis.Redis.from_url(sys.argv[1], decode_responses=True))
pause_before_save = sys.argv[2] == "before"

def change(state):
    sandbox_state.files(state)["first-half.yaml"] = "a: 1"
    sandbox_state.files(state)["second-half.yaml"] = "b: 2"
    if pause_before_save:
        print("changed", flush=True)
        sys.stdin.readline()

store.update("killed", change, create=lambda: sandbox_state.new_state(seed="killed", now=0.0))
print("saved", flush=True)
sys.stdin.readline()
"""


@pytest.mark.parametrize(("pause", "expected"), [
    ("before", ["kept.yaml"]),
    ("after", ["first-half.yaml", "kept.yaml", "second-half.yaml"]),
])  # fmt: skip
def test_writer_killed_leaves_state_from_before_or_after(
    redis_server: str, pause: str, expected: list[str]
) -> None:
    url = redis_server.replace("/0", "/7")
    store = RedisStore(redis.Redis.from_url(url, decode_responses=True))
    store.delete("killed")
    store.update("killed", lambda state: sandbox_state.files(state).update({"kept.yaml": "k: 0\n"}),
                 create=_fresh)
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, url, pause],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == ("changed" if pause == "before" else "saved")
        child.kill()
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert _items(store.load("killed")) == expected
    store.update("killed", lambda state: sandbox_state.files(state).update({"next.yaml": "n: 1\n"}),
                 create=_fresh)
    assert _items(store.load("killed")) == sorted([*expected, "next.yaml"])
