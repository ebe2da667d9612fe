"""The socket side's Redis connections pack commands with hiredis into redis-py's own bytes."""

from __future__ import annotations

from typing import Any

import pytest
import redis.asyncio as aioredis

from playground.terminal.services import _CONNECTION


@pytest.mark.parametrize("args", [
    ("XREAD", "COUNT", 1000, "BLOCK", 10000, "STREAMS", "hub:w", "sandbox:a:out", "0-0", "5-0"),
    ("EVALSHA", "0123abcd", 3, "owner:x:jobs", "celery", "celery\x06\x169", "job", 16, 120,
     '{"body":"이름"}', 2),
    ("SET", "key", b"raw bytes", 1.5),
    ("CONFIG GET", "maxmemory"),
])
def test_packed_bytes_are_redis_pys(args: tuple[Any, ...]) -> None:
    packed = b"".join(_CONNECTION().pack_command(*args))

    assert packed == b"".join(aioredis.Connection().pack_command(*args))


def test_hiredis_packs_when_it_is_installed() -> None:
    assert _CONNECTION is not aioredis.Connection
