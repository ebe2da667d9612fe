"""Frame validation (PROTOCOL.md): every bad input becomes one clear ProtocolError."""

from __future__ import annotations

import json

import pytest

from playground.terminal import protocol

LIMITS = {"max_frame_bytes": 1000, "max_line_bytes": 100}


def parse(obj: object) -> protocol.ClientFrame:
    return protocol.parse_frame(json.dumps(obj), None, **LIMITS)


def test_parse_run_frame_returns_run() -> None:
    assert parse({"type": "run", "tab": "1", "id": 3, "line": "kubectl get pods"}) == protocol.Run(
        "1", 3, "kubectl get pods"
    )


def test_parse_other_frames_return_their_types() -> None:
    assert parse({"type": "interrupt", "tab": "2"}) == protocol.Interrupt("2")
    assert parse({"type": "file.save", "name": "a.yaml", "content": "x"}) == protocol.FileSave(
        "a.yaml", "x"
    )
    assert parse({"type": "file.delete", "name": "a.yaml"}) == protocol.FileDelete("a.yaml")
    assert parse({"type": "sync"}) == protocol.Sync()
    assert parse({"type": "interrupt", "tab": "2", "restore": True}) == protocol.Interrupt(
        "2", restore=True)
    assert parse({"type": "edit.save", "tab": "1", "content": "kind: Pod\n"}) == (
        protocol.EditSave("1", "kind: Pod\n"))


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        ([1, 2], protocol.NOT_JSON),
        ({"type": "run", "tab": "1", "id": True, "line": "x"}, "must be a int"),
        ({"type": "run", "tab": "", "id": 1, "line": "x"}, "1-64 characters"),
        ({"type": "run", "tab": "1", "id": 1}, "field 'line' must be a str"),
        ({"type": "file.save", "name": "../etc/passwd", "content": ""}, "invalid file name"),
        ({"type": "file.delete", "name": ".."}, "invalid file name"),
        ({"type": None}, "unknown frame type: 'None'"),
        ({"type": "edit.save", "tab": "1"}, "field 'content' must be a str"),
        ({"type": "interrupt", "tab": "1", "restore": 1}, "field 'restore' must be a bool"),
    ],
)
def test_parse_bad_frame_raises_protocol_error(frame: object, message: str) -> None:
    with pytest.raises(protocol.ProtocolError) as error:
        parse(frame)
    assert message in error.value.message


def test_parse_binary_frame_is_refused() -> None:
    with pytest.raises(protocol.ProtocolError, match="binary frames"):
        protocol.parse_frame(None, b"\x00", **LIMITS)


def test_parse_oversized_frame_is_refused() -> None:
    with pytest.raises(protocol.ProtocolError, match="frame too large: the limit is 1000 bytes"):
        protocol.parse_frame(json.dumps({"type": "sync", "pad": "x" * 1000}), None, **LIMITS)


def test_parse_long_line_names_the_command() -> None:
    with pytest.raises(protocol.ProtocolError) as error:
        parse({"type": "run", "tab": "1", "id": 9, "line": "한" * 40})
    assert error.value.frame() == {
        "type": "error",
        "message": "line too long: 120 bytes, the limit is 100",
        "tab": "1",
        "id": 9,
    }


def test_parse_complete_frame_defaults_cursor_to_line_end() -> None:
    assert parse({"type": "complete", "tab": "1", "id": 4, "line": "kubectl ge"}) == (
        protocol.Complete("1", 4, "kubectl ge", 10)
    )


@pytest.mark.parametrize(("frame", "field"), [
    ({"type": "file.save", "name": "pod.yaml", "content": "a\ud800b"},
     "file.save frame: field 'content'"),
    ({"type": "edit.save", "tab": "1", "content": "\udfff"}, "edit.save frame: field 'content'"),
    ({"type": "complete", "tab": "1", "id": 1, "line": "kubectl \ud800"},
     "complete frame: field 'line'"),
])
def test_a_lone_surrogate_in_text_is_refused_before_it_reaches_the_queue(
    frame: dict[str, object], field: str,
) -> None:
    # JSON may carry "\ud800" (json.dumps writes it as an escape); the task queue's JSON and the
    # sandbox's UTF-8 state cannot: the frame is refused with words, the socket stays open
    with pytest.raises(protocol.ProtocolError, match=f"malformed {field} is not valid text"):
        parse(frame)
