"""kubectl edit over a real websocket: the `editor` frame, `edit.save`, Ctrl-C, and a reload
that finds the buffer again (the session lives in the sandbox, not in the page)."""

from __future__ import annotations

import json
from typing import Any

from websockets.asyncio.client import ClientConnection

from tests.integration.wsclient import frames_until, new_session, open_socket, run_line, text_of

HEADER = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"


async def _open_editor(ws: ClientConnection, cmd_id: int) -> dict[str, Any]:
    await ws.send(json.dumps({"type": "run", "tab": "1", "id": cmd_id,
                              "line": "kubectl edit pod x"}))
    frames = await frames_until(ws, lambda f: f["type"] in ("editor", "done"))
    assert frames[-1]["type"] == "editor", frames
    return frames[-1]


async def test_edit_save_changes_the_image_and_answers_edited(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    await run_line(ws, "1", 1, "kubectl run x --image nginx")
    editor = await _open_editor(ws, 2)
    assert (editor["tab"], editor["id"]) == ("1", 2)
    assert editor["content"].startswith(HEADER)
    assert editor["name"].startswith("/tmp/kubectl-edit-")
    content = editor["content"].replace("image: nginx", "image: nginx:1.27", 1)
    await ws.send(json.dumps({"type": "edit.save", "tab": "1", "content": content}))
    frames = await frames_until(ws, lambda f: f["type"] == "done")
    assert text_of(frames) == "pod/x edited\n"
    assert (frames[-1]["id"], frames[-1]["exit"]) == (2, 0)
    image = await run_line(ws, "1", 3, "kubectl get pod x -o jsonpath={.spec.containers[0].image}")
    assert text_of(image) == "nginx:1.27"
    await ws.close()


async def test_refused_change_reopens_and_ctrl_c_gives_up(live_stack: str) -> None:
    ws = await open_socket(live_stack, new_session(live_stack))
    await run_line(ws, "1", 1, "kubectl run x --image nginx")
    editor = await _open_editor(ws, 2)
    content = editor["content"].replace("restartPolicy: Always", "restartPolicy: Never")
    await ws.send(json.dumps({"type": "edit.save", "tab": "1", "content": content}))
    frames = await frames_until(ws, lambda f: f["type"] in ("editor", "done"))
    assert frames[-1]["type"] == "editor"
    assert text_of(frames) == 'error: pods "x" is invalid\n'
    assert '# pods "x" was not valid:\n' in frames[-1]["content"]
    await ws.send(json.dumps({"type": "interrupt", "tab": "1"}))
    ended = await frames_until(ws, lambda f: f["type"] == "done")
    assert text_of(ended).endswith("error: Edit cancelled, no valid changes were saved.\n")
    assert (ended[-1]["id"], ended[-1]["exit"]) == (2, 1)
    await ws.close()


async def test_a_reload_gets_the_buffer_back_and_can_still_save(live_stack: str) -> None:
    cookie = new_session(live_stack)
    ws = await open_socket(live_stack, cookie)
    await run_line(ws, "1", 1, "kubectl run x --image nginx")
    editor = await _open_editor(ws, 2)
    await ws.close()
    again = await open_socket(live_stack, cookie)
    # the page's load-time interrupt: a waiting edit stays and its buffer comes back
    await again.send(json.dumps({"type": "interrupt", "tab": "1", "restore": True}))
    frames = await frames_until(again, lambda f: f["type"] in ("editor", "done"))
    assert frames[-1]["type"] == "editor"
    assert frames[-1]["content"] == editor["content"]
    await again.send(json.dumps({"type": "edit.save", "tab": "1",
                                 "content": editor["content"]}))
    done = await frames_until(again, lambda f: f["type"] == "done")
    assert text_of(done) == "Edit cancelled, no changes made.\n"
    assert done[-1]["exit"] == 0
    await again.close()
