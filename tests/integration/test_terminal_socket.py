"""End to end over a real websocket: Daphne -> Celery worker -> Redis stream -> socket."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidStatus

from playground.terminal import protocol
from tests.integration.wsclient import (
    frames_until,
    new_session,
    next_frame,
    open_socket,
    run_line,
    text_of,
)


async def test_run_unknown_command_answers_bash_error(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    frames = await run_line(ws, "1", 1, "nosuchcmd --flag")
    assert frames[-1] == {
        "type": "done",
        "tab": "1",
        "id": 1,
        "exit": 127,
        "prompt": None,
        "seq": frames[-1]["seq"],
    }
    outputs = [f for f in frames if f["type"] == "output"]
    assert [(f["stream"], f["data"]) for f in outputs] == [
        ("err", "bash: nosuchcmd: command not found\n")
    ]
    assert outputs[0]["seq"] < frames[-1]["seq"]
    await ws.close()


async def test_sync_returns_files_and_history(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    await run_line(ws, "1", 1, "nosuchcmd one")
    await run_line(ws, "1", 2, "nosuchcmd two")
    await ws.send(json.dumps({"type": "sync"}))
    files, history = await next_frame(ws), await next_frame(ws)
    assert files == {"type": "files", "names": []}
    assert history == {"type": "history", "lines": ["nosuchcmd one", "nosuchcmd two"]}
    await ws.close()


async def test_file_save_reaches_every_socket_of_the_sandbox(live_stack: str) -> None:
    cookie = new_session(live_stack)
    first, second = await open_socket(live_stack, cookie), await open_socket(live_stack, cookie)
    save = {"type": "file.save", "name": "pod.yaml", "content": "kind: Pod\n"}
    await first.send(json.dumps(save))
    for ws in (first, second):
        frame = await next_frame(ws)
        assert {k: frame[k] for k in ("type", "name", "content")} == {
            "type": "file", "name": "pod.yaml", "content": "kind: Pod\n"}
    await first.send(json.dumps({"type": "file.delete", "name": "pod.yaml"}))
    for ws in (first, second):
        frame = await next_frame(ws)
        assert (frame["type"], frame["name"]) == ("file.deleted", "pod.yaml")
    await first.close()
    await second.close()


async def test_sandboxes_of_two_sessions_stay_isolated(live_stack: str) -> None:
    alice = await open_socket(live_stack, new_session(live_stack))
    bob = await open_socket(live_stack, new_session(live_stack))
    await alice.send(json.dumps({"type": "file.save", "name": "secret.txt", "content": "a"}))
    await next_frame(alice)
    await run_line(alice, "1", 1, "nosuchcmd alice-only")
    await bob.send(json.dumps({"type": "sync"}))
    assert await next_frame(bob) == {"type": "files", "names": []}
    assert await next_frame(bob) == {"type": "history", "lines": []}
    with pytest.raises(TimeoutError):
        await next_frame(bob, timeout=0.3)  # nothing of alice's leaks to bob
    await alice.close()
    await bob.close()


async def test_connect_from_foreign_origin_is_rejected(live_stack: str) -> None:
    with pytest.raises(InvalidStatus) as error:
        await open_socket(live_stack, new_session(live_stack), origin="http://evil.example")
    assert error.value.response.status_code == 403


async def test_connect_without_session_is_rejected(live_stack: str) -> None:
    with pytest.raises(InvalidStatus) as error:
        await open_socket(live_stack, None)
    assert error.value.response.status_code == 403


async def test_malformed_frames_answer_error_frames(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    await ws.send(b"\x00\x01binary")
    assert await next_frame(ws) == {"type": "error", "message": protocol.BINARY}
    await ws.send("not json {")
    assert await next_frame(ws) == {"type": "error", "message": protocol.NOT_JSON}
    await ws.send(json.dumps({"type": "teleport"}))
    assert await next_frame(ws) == {"type": "error", "message": "unknown frame type: 'teleport'"}
    await ws.send(json.dumps({"type": "run", "tab": "1", "id": "x", "line": "ls"}))
    assert (await next_frame(ws))["message"] == "malformed run frame: field 'id' must be a int"
    huge = "echo " + "x" * (64 * 1024)
    await ws.send(json.dumps({"type": "run", "tab": "1", "id": 5, "line": huge}))
    assert await next_frame(ws) == {
        "type": "error",
        "message": "line too long: 65541 bytes, the limit is 65536",
        "tab": "1",
        "id": 5,
    }
    # The socket still works after all that, and tab 1 is not left busy.
    assert (await run_line(ws, "1", 6, "nosuchcmd"))[-1]["exit"] == 127
    await ws.close()


async def test_reconnect_with_since_resumes_missed_output(live_stack: str) -> None:
    cookie = new_session(live_stack)
    ws = await open_socket(live_stack, cookie, query="client=tabA")
    frames = await run_line(ws, "1", 1, "nosuchcmd before")
    seen = frames[0]["seq"] - 1
    await ws.close()
    again = await open_socket(live_stack, cookie, query=f"client=tabA&since={seen}")
    replay = await frames_until(again, lambda f: f["type"] == "done")
    assert [f["seq"] for f in replay] == [f["seq"] for f in frames]
    assert text_of(replay) == "bash: nosuchcmd: command not found\n"
    await again.close()


async def test_burst_of_150_commands_across_sockets_all_finish(live_stack: str) -> None:
    # 15 per session: within TERMINAL_MAX_QUEUED_PER_OWNER (16), so none is refused.
    sockets = [await open_socket(live_stack, new_session(live_stack)) for _ in range(10)]

    async def fire_and_collect(ws: ClientConnection) -> set[tuple[str, int]]:
        for n in range(15):
            run = {"type": "run", "tab": f"t{n}", "id": 100 + n, "line": f"nosuchcmd {n}"}
            await ws.send(json.dumps(run))
        done: set[tuple[str, int]] = set()
        while len(done) < 15:
            frame = await next_frame(ws, timeout=60)
            # a busy machine may tell a socket its commands wait for a worker: still no loss
            queued = frame["type"] == "notice" and frame.get("code") == "queued"
            assert frame["type"] in {"output", "done"} or queued, frame
            if frame["type"] == "done":
                done.add((frame["tab"], frame["id"]))
        return done

    results = await asyncio.gather(*(fire_and_collect(ws) for ws in sockets))
    expected = {(f"t{n}", 100 + n) for n in range(15)}
    assert all(result == expected for result in results)
    for ws in sockets:
        await ws.close()


async def test_flood_on_one_socket_is_rate_limited(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    for n in range(100):
        await ws.send(json.dumps({"type": "run", "tab": f"t{n}", "id": n, "line": "nosuchcmd"}))
    done: set[int] = set()
    limited: set[int] = set()
    refused: set[int] = set()
    while len(done) + len(limited) + len(refused) < 100:
        frame = await next_frame(ws, timeout=60)
        if frame["type"] == "done":
            done.add(frame["id"])
        elif frame["type"] == "error" and frame["message"] == protocol.RATE_LIMITED:
            limited.add(frame["id"])
        elif frame["type"] == "error":
            # Past the rate limit's burst, the session's queue budget may refuse some too.
            assert frame["code"] == "queue_full", frame
            refused.add(frame["id"])
    assert limited and done and not (done & limited) and not (done & refused)
    await ws.close()


async def test_interrupt_finishes_the_tab(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    await ws.send(json.dumps({"type": "interrupt", "tab": "1"}))
    frames = await frames_until(ws, lambda f: f["type"] == "done")
    assert frames[-1]["tab"] == "1"
    await ws.close()


async def test_run_kubectl_pods_are_private_to_their_sandbox(live_stack: str) -> None:
    alice = await open_socket(live_stack, new_session(live_stack))
    bob = await open_socket(live_stack, new_session(live_stack))
    created = await run_line(alice, "1", 1, "kubectl run myweb --image httpd")
    assert text_of(created) == "pod/myweb created\n"
    listed = await run_line(alice, "1", 2, "kubectl get pods")
    assert text_of(listed).splitlines()[1].split()[0] == "myweb"
    others = await run_line(bob, "1", 1, "kubectl get pods")
    assert text_of(others) == "No resources found in default namespace.\n"
    await alice.close()
    await bob.close()


async def test_complete_answers_from_the_sandbox(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    await run_line(ws, "1", 1, "kubectl run myweb --image httpd")
    frame = {"type": "complete", "tab": "1", "id": 9, "line": "kubectl get pod my", "cursor": 18}
    await ws.send(json.dumps(frame))
    assert await next_frame(ws) == {
        "type": "completion", "tab": "1", "id": 9, "replace_from": 16,
        "candidates": ["myweb"], "common_prefix": "myweb",
    }  # fmt: skip
    await ws.close()


async def test_unknown_image_gets_a_notice_frame_and_kubectls_own_output(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    frames = await run_line(ws, "1", 1, "kubectl run ghost --image registry.example.org/ghost:1")
    # the terminal shows what kubectl prints; the notice is a frame of its own, before done
    assert text_of(frames) == "pod/ghost created\n"
    notices = [f for f in frames if f["type"] == "image.unknown"]
    assert [(n["tab"], n["id"], n["code"], n["images"]) for n in notices] == [
        ("1", 1, "image_unknown", ["registry.example.org/ghost:1"])]
    assert frames.index(notices[0]) < len(frames) - 1 and frames[-1]["type"] == "done"
    known = await run_line(ws, "1", 2, "kubectl run web --image nginx")
    assert not [f for f in known if f["type"] == "image.unknown"]
    await ws.close()


async def test_a_loop_with_sleep_streams_its_rounds_and_stops_on_ctrl_c(live_stack: str) -> None:
    # each round is a resume the socket's timer asks for at the sleep's end: the rounds come
    # as separate output frames, with no done, until Ctrl-C ends the line with 130
    ws = await open_socket(live_stack, new_session(live_stack))
    line = "n=0; while true; do n=$((n+1)); echo tick $n; sleep 1; done"
    await ws.send(json.dumps({"type": "run", "tab": "1", "id": 1, "line": line}))
    frames = await frames_until(
        ws, lambda f: f["type"] == "output" and f["data"] == "tick 3\n" or f["type"] == "done")
    ticks = [f["data"] for f in frames if f["type"] == "output"]
    assert ticks == ["tick 1\n", "tick 2\n", "tick 3\n"]
    await ws.send(json.dumps({"type": "interrupt", "tab": "1"}))
    stopped = await frames_until(ws, lambda f: f["type"] == "done")
    assert (stopped[-1]["id"], stopped[-1]["exit"]) == (1, 130)
    # the tab is free and the shell saw the interrupt; no round of the loop comes after it
    after = await run_line(ws, "1", 2, "echo $?")
    assert [(f["type"], f.get("data")) for f in after if f["type"] == "output"] == [
        ("output", "130\n")]
    again = await run_line(ws, "1", 3, "sleep 1; echo slept")
    assert text_of(again) == "slept\n" and again[-1]["exit"] == 0
    await ws.close()
