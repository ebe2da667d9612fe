"""Frames are written and read with orjson as json wrote and read them (and json where not)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from playground.output_stream import frame_json
from playground.terminal.outbox import _loads
from playground.terminal.wire import dumps

FRAMES: list[dict[Any, Any]] = [
    {"type": "output", "tab": "1", "id": 3, "stream": "out",
     "data": "NAME  READY\n이름 \x1b[0m\t\r\\ \" \u2028 \x7f \x00 end", "seq": 12},
    {"type": "done", "tab": "1", "id": 3, "exit": 0, "prompt": None, "seq": 13},
    {"type": "cluster", "namespace": "default", "at": 1765158000.123456, "next": None,
     "nodes": [{"name": "node1", "pods": [1, 2]}], "small": 0.0001, "big": 1e16, "neg": -0.0},
    {"type": "error", "message": "m", "code": "queue_full", "limit": 16, "values": [True]},
    {"type": "odd", "huge": 123456789012345678901234567890, "nan": float("inf")},
    {"type": "odd", 1: "an int key"},
    {"type": "output", "tab": "1", "id": 1, "stream": "out", "data": "\ud800 lone"},
]


def stdlib(frame: dict[Any, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("frame", FRAMES)
def test_dumps_writes_what_json_wrote(frame: dict[Any, Any]) -> None:
    assert dumps(frame) == stdlib(frame)


def test_output_is_sent_in_nfc() -> None:
    frame = {"type": "output", "tab": "1", "id": 1, "stream": "out", "data": "\u1100\u1161"}

    assert json.loads(dumps(frame))["data"] == "\uac00"


@pytest.mark.parametrize("text", [stdlib(frame) for frame in FRAMES[:5]] + ['{"v":NaN}'])
def test_loads_reads_what_json_read(text: str) -> None:
    assert repr(_loads(text)) == repr(json.loads(text))


@pytest.mark.parametrize("frame", FRAMES)
def test_the_worker_publishes_what_json_wrote(frame: dict[str, Any]) -> None:
    assert frame_json(frame) == stdlib(frame)
