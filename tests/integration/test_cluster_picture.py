"""The cluster picture, `why` and `skip` over a real websocket, real web server, real worker."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.integration.wsclient import frames_until, new_session, open_socket, run_line, text_of


def _pods(frame: dict[str, Any]) -> dict[str, dict[str, Any]]:
    pods = [p for node in frame["nodes"] for p in node["pods"]] + frame["unscheduled"]
    return {p["name"]: p for p in pods}


def _is_cluster(frame: dict[str, Any]) -> bool:
    return frame["type"] == "cluster"


async def test_no_picture_is_drawn_while_the_panel_is_closed(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    first = await run_line(ws, "1", 1, "kubectl run web --image=nginx:1.27")
    # frames of one sandbox arrive in the order the worker published them: a picture drawn
    # for the first command would come before the second command's answer
    second = await run_line(ws, "1", 2, "kubectl get pods")
    assert not [f for f in first + second if _is_cluster(f)]
    await ws.close()


async def test_panel_gets_a_picture_on_open_after_each_command_and_when_time_changes_it(
    live_stack: str,
) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    await run_line(ws, "1", 1, "kubectl run web --image=nginx:1.27 -l tier=front")
    await ws.send(json.dumps({"type": "picture", "open": True, "namespace": "default"}))
    opened = (await frames_until(ws, _is_cluster))[-1]
    assert [n["name"] for n in opened["nodes"]] == ["node1", "node2", "node3"]
    assert opened["nodes"][0]["roles"] == ["control-plane"]
    assert "default" in opened["namespaces"] and "kube-system" in opened["namespaces"]
    web = _pods(opened)["web"]
    assert set(_pods(opened)) == {"web"}  # the filter: kube-system's pods are not drawn
    assert web["labels"] == {"tier": "front"}
    assert web["containers"][0]["name"] == "web" and web["containers"][0]["kind"] == "app"
    if web["status"] != "Running":
        # nothing is typed: the socket asks for the next picture when the engine says the pod
        # changes, and it arrives by itself
        later = await frames_until(ws, lambda f: _is_cluster(f)
                                   and _pods(f)["web"]["status"] == "Running")
        web = _pods(later[-1])["web"]
    assert (web["tone"], web["ready"], web["restarts"]) == ("ok", "1/1", "0")
    assert web["ip"].startswith("10.233.")

    sent = time.monotonic()
    frames = await run_line(ws, "1", 2, "kubectl run crash --image=ubuntu:focal")
    done_at = time.monotonic()
    picture = (frames + await frames_until(ws, _is_cluster) if not any(
        _is_cluster(f) for f in frames) else frames)
    arrived = time.monotonic()
    drawn = [f for f in picture if _is_cluster(f)][-1]
    assert "crash" in _pods(drawn)
    size = len(json.dumps(drawn))
    print(f"\npicture after a command: {1000 * (arrived - done_at):.1f} ms after its done "
          f"({1000 * (done_at - sent):.1f} ms command round trip), {size} bytes")

    frames = await run_line(ws, "1", 3, "skip 5m; kubectl get pod crash --no-headers")
    assert text_of(frames).startswith("[skipped 5m]\n")
    row = text_of(frames).split("\n")[1].split()
    assert row[2] == "CrashLoopBackOff"
    drawn = (await frames_until(ws, lambda f: _is_cluster(f)
                                and _pods(f)["crash"]["restarts"] != "0"))[-1]
    assert _pods(drawn)["crash"]["tone"] == "bad"

    await ws.send(json.dumps({"type": "picture", "open": False}))
    closed = await run_line(ws, "1", 4, "kubectl delete pod crash --wait=false")
    closed += await run_line(ws, "1", 5, "kubectl get pods")
    assert not [f for f in closed if _is_cluster(f)]
    await ws.close()


async def test_why_answers_in_the_page_language_and_skip_moves_the_socket_clock(
    live_stack: str,
) -> None:
    ws = await open_socket(live_stack, new_session(live_stack, "ko"), query="lang=ko")
    await run_line(ws, "1", 1, "kubectl run web --image=ubuntu:focal")
    frames = await run_line(ws, "1", 2, "skip 90s; why pod/web")
    text = text_of(frames)
    assert text.startswith("[1m30s 건너뜀]\nwhy pod/web (kubectl이 아닌 Pod Playground 명령)\n")
    assert "원인 필드 spec.restartPolicy: Always" in text
    # a watch in another tab follows the skipped clock: after `skip 5m` in tab 1 the rows of
    # those five minutes reach tab 2 at once (its timer is set in wall-clock time)
    await ws.send(json.dumps({"type": "run", "tab": "2", "id": 1,
                              "line": "kubectl get pod web -w --no-headers"}))
    await frames_until(ws, lambda f: f["type"] == "output" and f["tab"] == "2")
    await run_line(ws, "1", 3, "skip 5m")
    rows = await frames_until(ws, lambda f: f["type"] == "output" and f["tab"] == "2"
                              and "CrashLoopBackOff" in f["data"], timeout=20)
    assert rows
    await ws.send(json.dumps({"type": "interrupt", "tab": "2"}))
    await frames_until(ws, lambda f: f["type"] == "done" and f["tab"] == "2")
    await ws.close()


async def test_timeline_points_are_appended_unread_and_restored_through_the_worker(
    live_stack: str,
) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    await run_line(ws, "1", 1, "kubectl run web --image=nginx:1.27")
    await run_line(ws, "1", 2, "kubectl label pod web env=prod")
    await run_line(ws, "1", 3, "kubectl get pods")  # no change: no point
    listed = text_of(await run_line(ws, "1", 4, "timeline"))
    lines = listed.split("\n")
    assert lines[1].startswith("#1   ")
    assert lines[1].endswith("  kubectl run web --image=nginx:1.27")
    assert lines[2] == "       + pod/web"
    assert lines[3].startswith("#2   ") and lines[3].endswith("  kubectl label pod web env=prod")
    assert lines[4:] == ["       ~ pod/web labels +env=prod", ""]
    frames = await run_line(ws, "1", 5, "timeline restore 1")
    assert text_of(frames) == "[restored the cluster to #1: kubectl run web --image=nginx:1.27]\n"
    shown = text_of(await run_line(ws, "1", 6, "kubectl get pod web --show-labels --no-headers"))
    assert shown.split()[-1] == "run=web"
    # a line that does not name the command leaves the timeline unread, and says so
    await run_line(ws, "1", 7, "alias tl=timeline")
    frames = await run_line(ws, "1", 8, "tl")
    assert text_of(frames) == "timeline: type timeline by its own name to read it\n"
    assert frames[-1]["exit"] == 1
    await ws.close()
