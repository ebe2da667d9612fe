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

from playground.sim.store import RedisStore


def _empty() -> dict[str, list[str]]:
    return {"items": []}


# The child changes two things; it blocks (reading stdin) either before or after saving them.
_WRITER = """
import sys, redis
from playground.sim.store import RedisStore
store = RedisStore(redis.Redis.from_url(sys.argv[1], decode_responses=True))
pause_before_save = sys.argv[2] == "before"

def change(state):
    state["items"].append("first half")
    state["items"].append("second half")
    if pause_before_save:
        print("changed", flush=True)
        sys.stdin.readline()

store.update("killed", change, create=lambda: {"items": []})
print("saved", flush=True)
sys.stdin.readline()
"""


@pytest.mark.parametrize(("pause", "expected"), [
    ("before", ["kept"]),
    ("after", ["kept", "first half", "second half"]),
])  # fmt: skip
def test_writer_killed_leaves_state_from_before_or_after(
    redis_server: str, pause: str, expected: list[str]
) -> None:
    url = redis_server.replace("/0", "/7")
    store = RedisStore(redis.Redis.from_url(url, decode_responses=True))
    store.delete("killed")
    store.update("killed", lambda state: state["items"].append("kept"), create=_empty)
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
    assert store.load("killed") == {"items": expected}
    store.update("killed", lambda state: state["items"].append("next"), create=dict)
    assert store.load("killed") == {"items": [*expected, "next"]}
