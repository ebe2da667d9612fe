"""Reset cluster: the sandbox goes back to its starting state; history and aliases stay."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from playground.terminal import protocol, services
from playground.terminal.outbox import stream_key


@pytest.fixture
def client(redis_server: str, settings: Any) -> Iterator[Any]:
    settings.REDIS_URL = redis_server.replace("/0", "/4")
    for cached in (services._redis, services.sandbox_store, services.output_publisher):
        cached.cache_clear()
    conn = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    conn.flushdb()
    yield conn
    conn.flushdb()
    for cached in (services._redis, services.sandbox_store, services.output_publisher):
        cached.cache_clear()


def frames(conn: Any, sandbox_id: str) -> list[dict[str, Any]]:
    return [json.loads(fields["f"]) for _id, fields in conn.xrange(stream_key(sandbox_id))]


def run(sandbox_id: str, line: str, cmd_id: int) -> None:
    services.sandbox_run_command(sandbox_id=sandbox_id, client="c1", tab="1", cmd_id=cmd_id,
                                 line=line)


def test_reset_restores_starting_state_and_keeps_history(client: Any) -> None:
    run("sbx", "alias k=kubectl", 1)
    run("sbx", "kubectl run web --image httpd", 2)
    run("sbx", "echo hi > notes.txt", 3)
    services.sandbox_reset(sandbox_id="sbx", client="c1")
    state = services.sandbox_store().load("sbx")
    assert state is not None
    assert "default/web" not in state["cluster"]["pods"]
    assert state["files"] == {}
    assert state["history"][-3:] == ["alias k=kubectl", "kubectl run web --image httpd",
                                     "echo hi > notes.txt"]
    sent = frames(client, "sbx")
    assert {"type": "reset"} in sent and {"type": "files", "names": []} in sent
    run("sbx", "k get pods", 4)
    output = [f["data"] for f in frames(client, "sbx") if f.get("id") == 4 and "data" in f]
    assert output == ["No resources found in default namespace.\n"]


def test_reset_frame_parses() -> None:
    frame = protocol.parse_frame('{"type": "reset"}', None, max_frame_bytes=1000,
                                 max_line_bytes=1000)
    assert isinstance(frame, protocol.Reset)
