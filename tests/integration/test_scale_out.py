"""A scaled-out stack: 2 Daphne processes + 2 Celery workers on one Redis, end to end.

Learners on different Daphne processes see only their own output; one sandbox written from both
processes at once loses nothing; a watch on one process sees a pod created through the other; a
worker killed mid-command gives the tab a clear error and leaves the sandbox whole; a session's
sockets and queued commands are bounded, and a long wait in the queue is announced.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from playground.terminal import jobs, protocol
from scripts.stack import Stack, wait_for
from tests.integration.wsclient import (
    frames_until,
    new_session,
    next_frame,
    open_socket,
    run_line,
    text_of,
)

WORKERS = ("worker", "worker-2")


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory, redis_server: str) -> Iterator[Stack]:
    workdir: Path = tmp_path_factory.mktemp("scaled_stack")
    stack = Stack(workdir).start(redis_url=redis_server.replace("/0", "/6"), daphnes=2, workers=2)
    try:
        yield stack
    finally:
        for name in WORKERS:  # a test that failed half-way may leave one stopped
            proc = stack.procs.get(name)
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGCONT)
        stack.stop()
        for name in ("web", "web-2", *WORKERS):
            text = stack.log(name)
            if "Traceback" in text:
                print(f"--- {name} log with tracebacks ---\n{text[-5000:]}")  # noqa: T201


def _redis(stack: Stack) -> redis.Redis:
    return redis.Redis.from_url(stack.redis_url, decode_responses=True)


def _owner(cookie: str) -> str:
    return "session:" + cookie.split("=", 1)[1]


def _signal_workers(stack: Stack, sig: signal.Signals) -> None:
    for name in WORKERS:
        os.killpg(stack.procs[name].pid, sig)


async def _send(ws: Any, frame: dict[str, Any]) -> None:
    await ws.send(json.dumps(frame))


async def test_learners_on_different_daphnes_see_their_own_output(scaled: Stack) -> None:
    first, second = scaled.base_urls
    alice = await open_socket(first, new_session(first))
    bob = await open_socket(second, new_session(second))
    for n in range(1, 6):
        got_alice, got_bob = await asyncio.gather(
            run_line(alice, "1", n, f"echo alice-{n}"), run_line(bob, "1", n, f"echo bob-{n}")
        )
        assert text_of(got_alice) == f"alice-{n}\n"
        assert text_of(got_bob) == f"bob-{n}\n"
    with pytest.raises(TimeoutError):
        await next_frame(alice, timeout=0.3)  # nothing of bob's arrives late at alice's socket
    await alice.close()
    await bob.close()


async def test_one_sandbox_written_from_two_daphnes_at_once_loses_nothing(scaled: Stack) -> None:
    first, second = scaled.base_urls
    cookie = new_session(first)
    on_a, on_b = await open_socket(first, cookie), await open_socket(second, cookie)
    count = 7  # 14 commands in flight: within the session's budget of 16

    async def writes(ws: Any, prefix: str) -> None:
        for n in range(count):
            line = f"kubectl run {prefix}{n} --image=nginx"
            await _send(ws, {"type": "run", "tab": f"{prefix}{n}", "id": 1, "line": line})
        await _send(ws, {"type": "file.save", "name": f"{prefix}.yaml", "content": prefix})
        answered: set[str] = set()
        while len(answered) < count:
            frame = await next_frame(ws)
            assert frame["type"] in {"output", "done", "file"}, frame
            if frame["type"] == "done" and frame["tab"].startswith(prefix):
                assert frame["exit"] == 0, frame
                answered.add(frame["tab"])

    await asyncio.gather(writes(on_a, "a"), writes(on_b, "b"))
    names = text_of(await run_line(on_a, "check", 1, "kubectl get pods -o name")).split()
    expected = {f"pod/{prefix}{n}" for prefix in "ab" for n in range(count)}
    assert set(names) == expected
    listing = text_of(await run_line(on_b, "check", 1, "ls"))
    assert {"a.yaml", "b.yaml"} <= set(listing.split())
    await on_a.close()
    await on_b.close()


async def test_watch_on_one_daphne_sees_a_pod_created_through_the_other(scaled: Stack) -> None:
    first, second = scaled.base_urls
    cookie = new_session(first)
    watcher, creator = await open_socket(first, cookie), await open_socket(second, cookie)
    await _send(watcher, {"type": "run", "tab": "w", "id": 1, "line": "kubectl get pods -w"})
    await frames_until(watcher, lambda f: f["type"] == "output" and f["tab"] == "w")
    assert (await run_line(creator, "1", 1, "kubectl run web --image=nginx"))[-1]["exit"] == 0
    seen = await frames_until(
        watcher, lambda f: f["type"] == "output" and f["tab"] == "w" and "web" in f["data"]
    )
    assert any(line.startswith("web ") for line in text_of(seen).splitlines())
    await _send(watcher, {"type": "interrupt", "tab": "w"})
    done = await frames_until(watcher, lambda f: f["type"] == "done" and f["tab"] == "w")
    assert done[-1]["exit"] == 130
    await watcher.close()
    await creator.close()


def _many_pods(count: int) -> str:
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{n}\nspec:\n  containers:\n"
    pod += "  - name: c\n    image: nginx\n"
    return "---\n".join(pod.format(n=n) for n in range(count))


# ~50 s of simulator work over 150 pods, so a kill or a Ctrl-C lands while it runs; its one
# write (the label) comes last, so a command stopped early leaves the state from before it.
HEAVY_LINE = "; ".join(["kubectl get pods -o yaml | wc -c"] * 300) + "; kubectl label pod p0 x=y"


async def _fill_with_pods(ws: Any) -> None:
    await _send(ws, {"type": "file.save", "name": "many.yaml", "content": _many_pods(150)})
    await frames_until(ws, lambda f: f["type"] == "file")
    assert (await run_line(ws, "1", 1, "kubectl apply -f many.yaml"))[-1]["exit"] == 0


def _running_jobs(client: redis.Redis) -> list[str]:
    """Keys of jobs a live worker runs now (a killed worker's job stays "running", unleased)."""
    return [
        key
        for key in client.scan_iter("job:*")
        if client.get(key) == jobs.RUNNING and client.exists(f"{key}:lease")
    ]


async def test_worker_killed_mid_command_tells_the_tab_and_keeps_the_sandbox_whole(
    scaled: Stack,
) -> None:
    base = scaled.base_urls[1]
    ws = await open_socket(base, new_session(base))
    await _fill_with_pods(ws)
    await _send(ws, {"type": "run", "tab": "1", "id": 2, "line": HEAVY_LINE})
    client = _redis(scaled)
    wait_for(lambda: bool(_running_jobs(client)), 60, "a worker to start the heavy command")
    (job,) = _running_jobs(client)
    pid = int(str(client.get(jobs.lease_key(job.removeprefix("job:")))).rsplit(":", 1)[1])
    (victim,) = [name for name in WORKERS if scaled.procs[name].pid == pid]
    killed_at = time.monotonic()
    scaled.kill(victim)  # the other worker lives on and serves the tab afterwards
    frames = await frames_until(ws, lambda f: f["type"] in {"error", "done"} and f["tab"] == "1")
    noticed_after = time.monotonic() - killed_at
    assert frames[-1] == {
        "type": "error",
        "message": protocol.WORKER_LOST,
        "code": "worker_lost",
        "tab": "1",
        "id": 2,
    }
    print(f"worker killed -> tab told in {noticed_after:.2f} s")  # noqa: T201 - the figure
    # The tab is usable again and the sandbox is whole: all 150 pods, the label not applied.
    count = await run_line(ws, "1", 3, "kubectl get pods --no-headers | wc -l")
    assert text_of(count).strip() == "150"
    labelled = await run_line(ws, "1", 4, "kubectl get pods -l x=y")
    assert text_of(labelled) == "No resources found in default namespace.\n"
    await ws.close()
    scaled.start_worker(victim)


async def test_queued_commands_are_bounded_announced_and_cancellable(scaled: Stack) -> None:
    base = scaled.base_urls[0]
    ws = await open_socket(base, new_session(base))
    _signal_workers(scaled, signal.SIGSTOP)  # nothing runs: every admitted command stays queued
    try:
        for n in range(20):
            await _send(ws, {"type": "run", "tab": f"t{n}", "id": 1, "line": f"echo {n}"})
        refused = await frames_until(
            ws, lambda f: f["type"] == "error" and f["tab"] == "t19", timeout=30
        )
        assert [(f["tab"], f["code"], f["limit"]) for f in refused] == [
            (f"t{n}", "queue_full", 16) for n in range(16, 20)
        ]
        # Ctrl-C on a queued command: it will never run (its tab gets only the interrupt's done).
        await _send(ws, {"type": "interrupt", "tab": "t0"})
        notices = await frames_until(ws, lambda f: f["type"] == "notice" and f["tab"] == "t15")
        assert {f["tab"] for f in notices} >= {f"t{n}" for n in range(1, 16)}
        assert all(f["code"] == "queued" and f["seconds"] >= 2 for f in notices)
        # Still in the queue (not lost): each is told how many go before it, in queue order.
        # (A stopped worker may already hold the first one or two: those have no `ahead`.)
        aheads = sorted((int(f["tab"][1:]), f["ahead"]) for f in notices if "ahead" in f)
        assert len(aheads) >= 13
        assert [ahead for _, ahead in aheads] == sorted({ahead for _, ahead in aheads})
    finally:
        _signal_workers(scaled, signal.SIGCONT)
    answers: dict[str, list[dict[str, Any]]] = {}
    while sum(1 for frames in answers.values() if frames[-1]["type"] == "done") < 16:
        frame = await next_frame(ws)
        if frame["type"] != "notice":  # t0's Ctrl-C waited for a worker too, and was told so
            answers.setdefault(frame["tab"], []).append(frame)
    assert [(f["type"], f["exit"]) for f in answers["t0"]] == [("done", 130)]
    for n in range(1, 16):
        assert text_of(answers[f"t{n}"]) == f"{n}\n"
    with pytest.raises(TimeoutError):
        await next_frame(ws, timeout=0.5)  # and no second answer for t0 comes later
    await ws.close()


async def test_sockets_per_session_are_bounded(scaled: Stack) -> None:
    first, second = scaled.base_urls
    cookie = new_session(first)
    sockets = [await open_socket((first, second)[n % 2], cookie) for n in range(8)]
    extra = await open_socket(second, cookie)
    assert await next_frame(extra) == {
        "type": "error",
        "message": protocol.TOO_MANY_SOCKETS.format(limit=8),
        "code": "too_many_sockets",
        "limit": 8,
    }
    await extra.wait_closed()
    assert extra.close_code == 4429
    await sockets.pop().close()
    client = _redis(scaled)
    key = jobs.owner_sockets_key(_owner(cookie))
    wait_for(lambda: client.zcard(key) == 7, 10, "the closed socket to be unregistered")
    again = await open_socket(first, cookie)
    assert text_of(await run_line(again, "1", 1, "echo back")) == "back\n"
    for ws in [*sockets, again]:
        await ws.close()


async def test_ctrl_c_stops_the_command_on_the_worker_and_the_tab_gets_one_done(
    scaled: Stack,
) -> None:
    base = scaled.base_urls[0]
    ws = await open_socket(base, new_session(base))
    await _fill_with_pods(ws)
    await _send(ws, {"type": "run", "tab": "1", "id": 2, "line": HEAVY_LINE})
    client = _redis(scaled)
    wait_for(lambda: bool(_running_jobs(client)), 60, "a worker to start the heavy command")
    (job,) = _running_jobs(client)
    pressed_at = time.monotonic()
    await _send(ws, {"type": "interrupt", "tab": "1"})
    frames = await frames_until(ws, lambda f: f["type"] == "done" and f["tab"] == "1")
    assert [(f["type"], f["id"], f["exit"]) for f in frames] == [("done", 2, 130)]
    wait_for(lambda: client.get(job) == jobs.FINISHED, 30, "the worker to stop the command")
    stopped_after = time.monotonic() - pressed_at
    print(f"Ctrl-C -> worker stopped the line in {stopped_after:.2f} s")  # noqa: T201 - the figure
    # The line's last command never ran, and the stopped command's own answer never arrives.
    after = await run_line(ws, "1", 3, "kubectl get pods -l x=y")
    assert {f["id"] for f in after} == {3}
    assert text_of(after) == "No resources found in default namespace.\n"
    await ws.close()


async def test_closing_the_socket_stops_its_running_command(scaled: Stack) -> None:
    base = scaled.base_urls[1]
    cookie = new_session(base)
    ws = await open_socket(base, cookie)
    await _fill_with_pods(ws)
    await _send(ws, {"type": "run", "tab": "1", "id": 2, "line": HEAVY_LINE})
    client = _redis(scaled)
    wait_for(lambda: bool(_running_jobs(client)), 60, "a worker to start the heavy command")
    (job,) = _running_jobs(client)
    await ws.close()  # a closed page: nobody reads this output any more
    wait_for(lambda: client.get(job) == jobs.FINISHED, 30, "the worker to stop the command")
    again = await open_socket(base, cookie)
    labelled = await run_line(again, "1", 3, "kubectl get pods -l x=y")
    assert text_of(labelled) == "No resources found in default namespace.\n"
    await again.close()
