"""Worker-side services against a real Redis, with a stand-in Sandbox to steer the results."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from playground.sim.config import SimConfig
from playground.sim.sandbox import Result, Sandbox
from playground.sim.shell.fs import FsError
from playground.terminal import protocol, services
from playground.terminal.outbox import stream_key


class FakeSandbox:
    """Answers like the real Sandbox; ``next_result`` steers what execute() returns."""

    next_result = Result([("out", "a\n"), ("out", "b\n"), ("err", "warn\n")], 0)

    def __init__(
        self, state: dict[str, Any], clock: Any, config: Any = None, stop: Any = None,
        lang: str = "en",
    ) -> None:
        self.state = state

    def execute(self, line: str, tab: str = "1") -> Result:
        if line == "boom":
            raise RuntimeError("simulator bug")
        if line.startswith("touch "):
            self.state["files"][line.split()[1]] = ""
        return FakeSandbox.next_result

    def write_file(self, name: str, content: str) -> FsError | None:
        self.state["files"][name] = content
        return None


@pytest.fixture
def client(redis_server: str, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    settings.REDIS_URL = redis_server.replace("/0", "/3")
    for cached in (services._redis, services.sandbox_store, services.output_publisher):
        cached.cache_clear()
    monkeypatch.setattr(services, "_sandbox_class", lambda: FakeSandbox)
    conn = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    conn.flushdb()
    yield conn
    conn.flushdb()
    for cached in (services._redis, services.sandbox_store, services.output_publisher):
        cached.cache_clear()


def published(conn: Any, sandbox_id: str) -> list[tuple[int, str, dict[str, Any]]]:
    return [
        (int(entry_id.split("-")[0]), fields["to"], json.loads(fields["f"]))
        for entry_id, fields in conn.xrange(stream_key(sandbox_id))
    ]


def test_run_command_publishes_merged_output_done_and_history(client: Any) -> None:
    services.sandbox_run_command(sandbox_id="sb", client="c1", tab="1", cmd_id=7, line="ls")
    assert published(client, "sb") == [
        (1, "c1", {"type": "output", "tab": "1", "id": 7, "stream": "out", "data": "a\nb\n"}),
        (2, "c1", {"type": "output", "tab": "1", "id": 7, "stream": "err", "data": "warn\n"}),
        (3, "c1", {"type": "done", "tab": "1", "id": 7, "exit": 0, "prompt": None}),
    ]
    state = services.sandbox_store().load("sb")
    assert state is not None and state["history"] == ["ls"]
    # the stand-in changed nothing but the history: one append, no compare-and-set
    assert client.hget("sandbox:sb:state", "rev") == "1"
    services.sandbox_run_command(sandbox_id="sb", client="c1", tab="1", cmd_id=8, line="pwd")
    assert client.hget("sandbox:sb:state", "rev") == "1"
    assert client.lrange("sandbox:sb:history", 0, -1) == ['"ls"', '"pwd"']
    assert 0 < client.ttl(stream_key("sb")) <= 86400


def test_run_command_that_changes_files_broadcasts_only_the_change(client: Any) -> None:
    services.sandbox_save_file(sandbox_id="sb", client="c1", name="a.yaml", content="a: 1\n")
    services.sandbox_run_command(sandbox_id="sb", client="c1", tab="1", cmd_id=1, line="touch f")
    assert published(client, "sb")[-1] == (5, "*", {"type": "file", "name": "f", "content": ""})


def test_run_command_failure_reports_plain_error(client: Any, caplog: Any) -> None:
    services.sandbox_run_command(sandbox_id="sb", client="c1", tab="2", cmd_id=3, line="boom")
    frames = [frame for _, _, frame in published(client, "sb")]
    assert frames == [
        {"type": "error", "message": protocol.INTERNAL, "tab": "2", "id": 3},
        {"type": "done", "tab": "2", "id": 3, "exit": 1, "prompt": None},
    ]
    assert "simulator bug" in caplog.text  # the traceback stays in the server log
    assert services.sandbox_store().load("sb") is None  # nothing half-done was saved


def test_run_command_still_running_publishes_wake(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = Result([("out", "NAME\n")], None, running=True, wake_at=123.5)
    monkeypatch.setattr(FakeSandbox, "next_result", running)
    services.sandbox_run_command(sandbox_id="sb", client="c1", tab="1", cmd_id=1, line="get -w")
    assert published(client, "sb")[-1][2] == {"type": "_wake", "tab": "1", "id": 1, "at": 123.5}


def test_save_file_goes_through_the_store_and_reaches_all_sockets(client: Any) -> None:
    services.sandbox_save_file(sandbox_id="sb", client="c1", name="p.yaml", content="kind: Pod\n")
    services.sandbox_delete_file(sandbox_id="sb", client="c1", name="missing")
    assert [(to, frame) for _, to, frame in published(client, "sb")] == [
        ("*", {"type": "file", "name": "p.yaml", "content": "kind: Pod\n"}),
        ("*", {"type": "file.deleted", "name": "missing"}),
    ]
    state = services.sandbox_store().load("sb")
    assert state is not None and state["files"] == {"p.yaml": "kind: Pod\n"}


def test_a_save_past_the_files_budget_is_refused_in_the_pages_words(
    client: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "_sandbox_class", lambda: Sandbox)
    settings.SIM_CONFIG = SimConfig(max_file_bytes=2048, max_files_bytes=3072)
    services.sandbox_save_file(sandbox_id="sb", client="c1", name="a.yaml", content="a" * 2048)
    services.sandbox_save_file(sandbox_id="sb", client="c1", name="b.yaml", content="b" * 2048)
    refused = {
        "type": "error", "message": protocol.FILES_FULL.format(limit=3), "code": "files_full",
        "limit": 3, "name": "b.yaml",
    }  # fmt: skip
    assert published(client, "sb")[-1][1:] == ("c1", refused)  # only the saving page hears it
    services.sandbox_delete_file(sandbox_id="sb", client="c1", name="a.yaml")
    services.sandbox_save_file(sandbox_id="sb", client="c1", name="b.yaml", content="b" * 2048)
    state = services.sandbox_store().load("sb")
    assert state is not None and state["files"] == {"b.yaml": "b" * 2048}
