"""The server's frames on the wire, as PROTOCOL.md lists them."""

from __future__ import annotations

from playground import frames


def test_command_frames() -> None:
    assert frames.Output("1", 3, "err", "x\n").wire() == {
        "type": "output", "tab": "1", "id": 3, "stream": "err", "data": "x\n"}
    assert frames.Done("1", 3, 127).wire() == {
        "type": "done", "tab": "1", "id": 3, "exit": 127, "prompt": None}
    assert frames.Wake("2", None, 5.0).wire() == {"type": "_wake", "tab": "2", "id": None,
                                                  "at": 5.0}
    assert frames.Editor("1", 4, "/tmp/kubectl-edit-1.yaml", "kind: Pod\n").wire() == {
        "type": "editor", "tab": "1", "id": 4, "name": "/tmp/kubectl-edit-1.yaml",
        "content": "kind: Pod\n"}


def test_errors_carry_their_code_values_and_place_only_when_given() -> None:
    assert frames.Error("bad").wire() == {"type": "error", "message": "bad"}
    assert frames.Error("wait", tab="1", id=2, code="save_limited", name="a.yaml",
                        values={"seconds": 3}).wire() == {
        "type": "error", "message": "wait", "code": "save_limited", "seconds": 3,
        "name": "a.yaml", "tab": "1", "id": 2}


def test_file_and_sync_frames() -> None:
    assert frames.Files(("a", "b")).wire() == {"type": "files", "names": ["a", "b"]}
    assert frames.File("a", "x").wire() == {"type": "file", "name": "a", "content": "x"}
    assert frames.FileDeleted("a").wire() == {"type": "file.deleted", "name": "a"}
    assert frames.History(("ls",)).wire() == {"type": "history", "lines": ["ls"]}
    assert frames.Reset().wire() == {"type": "reset"}


def test_notice_completion_and_picture() -> None:
    assert frames.Notice("1", 4, "queued", "busy", {"seconds": 2}).wire() == {
        "type": "notice", "tab": "1", "id": 4, "code": "queued", "message": "busy", "seconds": 2}
    assert frames.Completion("1", 5, 8, ("pod", "pods"), "pod").wire() == {
        "type": "completion", "tab": "1", "id": 5, "replace_from": 8,
        "candidates": ["pod", "pods"], "common_prefix": "pod"}
    assert frames.Cluster("*", 10.0, {"nodes": []}, None).wire() == {
        "type": "cluster", "namespace": "*", "at": 10.0, "nodes": [], "next": None}
