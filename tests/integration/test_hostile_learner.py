"""One hostile learner against a real stack (Redis, a Celery worker, websockets), small sizes.

The hostile learner opens as many sockets as allowed and floods them at once with large file
saves, `sync` requests and commands printing hundreds of KB, all within one socket's burst.
Asserted, without any timing threshold: another learner's every `kubectl get pods` is answered;
every command of the hostile learner gets exactly one answer (done, or an error saying which
budget it hit); Redis stays bounded (INFO memory, the output stream's bytes); what the server
acknowledged is what the sandbox holds; no process logged a traceback. bench/abuse.py runs the
same attacks at full size and prints the other learner's latency beside the echo route.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from playground.output_stream import bytes_key, stream_key
from playground.sim.store import RedisStore
from playground.terminal import protocol
from playground.terminal.jobs import owner_queue_key, owner_sockets_key
from scripts.stack import Stack, wait_for
from tests.integration.wsclient import new_session, next_frame, open_socket, run_line, text_of

OUTPUT_BUDGET = 256 * 1024  # TERMINAL_OUTPUT_MAX_BYTES of this stack
SOCKETS = 8  # TERMINAL_MAX_SOCKETS_PER_OWNER's default
FILE_BYTES = 100 * 1024
SAVES, SYNCS, RUNS = 30, 5, 10  # per socket: 45 frames, inside one socket's burst of 60
# Growth of Redis' used_memory the flood may cause (the hostile sandbox's files and stream, the
# queued messages, allocator slack); the learner sends several times this much.
MEMORY_BOUND = 6 << 20
DRAIN_SECONDS = 90.0  # a guard against a hang, not a measured bound


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, redis_server: str) -> Iterator[Stack]:
    workdir: Path = tmp_path_factory.mktemp("hostile_stack")
    env = {"TERMINAL_OUTPUT_MAX_BYTES": str(OUTPUT_BUDGET)}
    started = Stack(workdir).start(redis_url=redis_server.replace("/0", "/7"), extra_env=env)
    try:
        yield started
    finally:
        started.stop()


def _sandbox_id(client: Any, before: set[str]) -> str:
    """The sandbox whose output stream appeared since ``before`` (the hostile learner's)."""
    streams = {key for key in client.scan_iter("sandbox:*:out")} - before
    assert len(streams) == 1, streams
    return streams.pop().split(":")[1]


async def _flood(ws: Any, index: int) -> int:
    """One socket's share of the attack; returns the bytes it sent."""
    sent = 0
    for n in range(SAVES):
        name = f"h{(index + n) % 4}.yaml"
        content = f"# {index}-{n}\n" + "x" * FILE_BYTES
        text = json.dumps({"type": "file.save", "name": name, "content": content})
        await ws.send(text)
        sent += len(text)
        if n % 6 == 0 and n // 6 < SYNCS:
            await ws.send('{"type": "sync"}')
        if n % 3 == 0 and n // 3 < RUNS:
            run = {"type": "run", "tab": f"s{index}-{n}", "id": 1,
                   "line": "cat h0.yaml h1.yaml h2.yaml h3.yaml"}
            await ws.send(json.dumps(run))
    return sent


async def _drain(ws: Any, index: int) -> tuple[Counter[str], list[dict[str, Any]]]:
    """Read until every command of this socket is answered; the error codes seen and the
    frames about files, in order."""
    waiting = {f"s{index}-{n}" for n in range(0, 3 * RUNS, 3)}
    answers: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    file_frames: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DRAIN_SECONDS
    while waiting:
        try:
            frame = await next_frame(ws, max(0.01, deadline - loop.time()))
        except TimeoutError:
            unanswered = sorted(waiting)
            raise AssertionError(f"socket {index}: no answer for {unanswered}; {codes}") from None
        kind = frame["type"]
        if kind == "error":
            codes[frame.get("code") or frame["message"]] += 1
        _keep_file_news(frame, file_frames)
        tab = frame.get("tab")
        if tab in waiting and kind in {"done", "error"}:
            answers[tab] += 1
            waiting.discard(tab)
        elif tab is not None and tab.startswith(f"s{index}-") and kind in {"done", "error"}:
            answers[tab] += 1  # a second answer for a tab already answered
    assert set(answers.values()) == {1}, answers
    return codes, file_frames


def _keep_file_news(frame: dict[str, Any], file_frames: list[dict[str, Any]]) -> None:
    if frame["type"] in {"file", "file.deleted"}:
        file_frames.append(frame)
    elif frame["type"] == "error" and frame.get("code") == "output_cut":
        file_frames.append({"type": "cut"})


async def _finish(ws: Any, index: int, file_frames: list[dict[str, Any]]) -> None:
    """Once no job of the learner is left: one more command, whose answer comes after every
    frame published before it (a sandbox's frames are delivered in seq order)."""
    await ws.send(json.dumps({"type": "run", "tab": f"end{index}", "id": 1, "line": "true"}))
    while True:
        frame = await next_frame(ws)
        _keep_file_news(frame, file_frames)
        if frame.get("tab") == f"end{index}" and frame["type"] in {"done", "error"}:
            assert frame["type"] == "done", frame
            return


def _last_acknowledged(frames: list[dict[str, Any]]) -> dict[str, str | None]:
    """The last news of each file this socket heard after it was last told output was cut
    (None: deleted); what came before a cut may have been overtaken by news it never got."""
    files: dict[str, str | None] = {}
    for frame in frames:
        if frame["type"] == "cut":
            files.clear()
        elif frame["type"] == "file":
            files[frame["name"]] = frame["content"]
        elif frame["type"] == "file.deleted":
            files[frame["name"]] = None
    return files


async def test_one_hostile_learner_cannot_take_the_platform_down(stack: Stack) -> None:
    client: Any = redis.Redis.from_url(stack.redis_url, decode_responses=True)
    other = await open_socket(stack.base_url, new_session(stack.base_url))
    assert (await run_line(other, "1", 1, "kubectl run web --image=nginx"))[-1]["exit"] == 0
    streams_before = set(client.scan_iter("sandbox:*:out"))
    memory_before = int(client.info("memory")["used_memory"])

    hostile_cookie = new_session(stack.base_url)
    hostile = [await open_socket(stack.base_url, hostile_cookie) for _ in range(SOCKETS)]
    flood = asyncio.gather(*(_flood(ws, n) for n, ws in enumerate(hostile)))
    drains = asyncio.gather(*(_drain(ws, n) for n, ws in enumerate(hostile)))

    # The other learner is answered, every time, while the flood goes on.
    for n in range(2, 12):
        frames = await run_line(other, "1", n, "kubectl get pods")
        assert frames[-1]["exit"] == 0, frames
        assert text_of(frames).startswith("NAME "), frames
        assert all(f["type"] != "error" for f in frames), frames

    sent = sum(await flood)
    results = await drains
    codes: Counter[str] = sum((c for c, _ in results), Counter())
    # The budgets were hit, and each refusal said which one.
    assert codes["save_limited"] > 0 and codes["rate_limited"] > 0, codes
    assert protocol.INTERNAL not in codes, codes
    assert set(codes) <= {"save_limited", "rate_limited", "queue_full", "output_cut"}, codes

    # Redis stayed bounded while the learner sent several times the bound.
    sandbox_id = _sandbox_id(client, streams_before)
    assert sent > 3 * MEMORY_BOUND
    assert int(client.get(bytes_key(sandbox_id)) or 0) <= OUTPUT_BUDGET + 1024 * 1024
    assert int(client.memory_usage(stream_key(sandbox_id), samples=0) or 0) < 2 * (1 << 20)
    assert int(client.info("memory")["used_memory"]) - memory_before < MEMORY_BOUND

    # Nothing acknowledged was lost: what the broadcasts said last is what the sandbox holds.
    owner = "session:" + hostile_cookie.split("=", 1)[1]
    owner_jobs = owner_queue_key(owner)
    wait_for(lambda: client.zcard(owner_jobs) == 0, DRAIN_SECONDS, "the hostile's last jobs")
    await asyncio.gather(*(_finish(ws, n, frames) for n, (ws, (_, frames))
                           in enumerate(zip(hostile, results, strict=True))))
    state = RedisStore(client, idle_seconds=3600).load(sandbox_id)
    assert state is not None
    for _, frames in results:
        for name, content in _last_acknowledged(frames).items():
            assert state["files"].get(name) == content, name
    # What a page does after a cut: ask again. A fresh socket (its own sync bucket) is told
    # exactly what the sandbox holds, one file per frame, every file one the learner saved.
    await hostile.pop().close()
    sockets = owner_sockets_key(owner)
    wait_for(lambda: client.zcard(sockets) < SOCKETS, DRAIN_SECONDS, "the closed socket's slot")
    reader = await open_socket(stack.base_url, hostile_cookie)
    hostile.append(reader)
    await reader.send('{"type": "sync"}')
    listing = (await next_frame(reader))["names"]
    synced = {}
    for _ in listing:
        frame = await next_frame(reader)
        synced[frame["name"]] = frame["content"]
    assert listing == sorted(state["files"]) and synced == state["files"]
    assert set(listing) <= {f"h{n}.yaml" for n in range(4)} and listing
    for content in synced.values():
        assert content.startswith("# ") and content.endswith("x" * FILE_BYTES)

    for ws in [*hostile, other]:
        await ws.close()
    for name in ("web", "worker"):
        assert "Traceback" not in stack.log(name), stack.log(name)[-3000:]
