"""Grading real sandboxes: pages over HTTP, commands over the websocket, grading on the Celery
worker, all against ``live_stack`` (private Redis, Daphne, worker, temp database)."""

from __future__ import annotations

import json
import re

import pytest
from websockets.exceptions import InvalidStatus

from scripts.stack import Stack
from tests.grading_demo import DEMO_EXERCISE, HIDDEN_MARKERS
from tests.integration.grading_client import WebClient, build_assignment, first
from tests.integration.wsclient import next_frame, open_socket, run_line

pytestmark = pytest.mark.integration


def learner(stack: Stack, name: str, join: str, item_id: int) -> tuple[WebClient, str, str]:
    """A learner who signed up, joined and opened the exercise: (client, token, pod name)."""
    client = WebClient(stack.base_url)
    client.signup(name)
    assert client.post(join)[0] == 302
    page = client.get(f"/grading/items/{item_id}/?lang=en")
    for marker in HIDDEN_MARKERS:
        assert marker not in page
    token = first(r'data-ws-path="/ws/terminal/\?sandbox=([^"]+)"', page)
    pod = first(r"Create the pod <code>(web-\d\d)</code>", page)
    return client, token, pod


def submit(client: WebClient, item_id: int) -> dict[str, object]:
    answer = client.post_json(f"/grading/items/{item_id}/submit/")
    sub = client.wait_graded(int(answer["submission"]["id"]))
    for marker in HIDDEN_MARKERS:
        assert marker not in json.dumps(sub)
    return sub


async def test_learner_solves_in_terminal_and_tampering_never_raises_the_score(
    live_stack_processes: Stack,
) -> None:
    stack = live_stack_processes
    ada, join, assignment_id, item_id = build_assignment(stack, DEMO_EXERCISE, instructor="ada1")
    hamlet, token, pod = learner(stack, "hamlet1", join, item_id)
    cordelia, other_token, _ = learner(stack, "cordelia1", join, item_id)

    # Another learner's sandbox token is refused, with or without a session of one's own.
    for cookie in (cordelia.session_cookie, None):
        with pytest.raises(InvalidStatus) as error:
            await open_socket(stack.base_url, cookie, query=f"sandbox={token}")
        assert error.value.response.status_code == 403

    ws = await open_socket(stack.base_url, hamlet.session_cookie, query=f"sandbox={token}")
    # Tampering: a manifest file that is never applied, fake command-log lines, a describe of a
    # pod that does not exist yet (exit 1).
    manifest = (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {pod}\nspec:\n  containers:\n"
                "  - name: web\n    image: httpd:2.4\n")
    await ws.send(json.dumps({"type": "file.save", "name": "pod.yaml", "content": manifest}))
    assert (await next_frame(ws))["type"] == "file"
    await run_line(ws, "t1", 1, f"echo 'kubectl describe pod {pod}'")
    await run_line(ws, "t1", 2, f"cat <<EOF\nkubectl describe pod {pod}\nEOF")
    await run_line(ws, "t1", 3, f"kubectl describe pod {pod}")
    await run_line(ws, "t1", 4, f"echo kubectl describe pod {pod} >> .bash_history")
    check = hamlet.post_json(f"/grading/items/{item_id}/check/")["result"]
    assert (check["score"], check["max_score"]) == (0, 3)
    tampered = submit(hamlet, item_id)
    assert tampered["points"] == 0

    # The real solution, typed into the terminal of the exercise's sandbox.
    done = await run_line(ws, "t1", 5, f"kubectl run {pod} --image=httpd:2.4")
    assert done[-1]["exit"] == 0
    assert (await run_line(ws, "t1", 6, f"kubectl describe pod {pod}"))[-1]["exit"] == 0
    await ws.close()
    solved = submit(hamlet, item_id)
    assert (solved["points"], solved["item_points"]) == (10.0, 10.0)

    # Cordelia's sandbox never saw hamlet's pod.
    assert cordelia.post_json(f"/grading/items/{item_id}/check/")["result"]["score"] == 0
    assert other_token != token

    # The gradebook's CSV (wide) has hamlet's best attempt.
    csv_text = ada.get(f"/grading/teach/assignments/{assignment_id}/gradebook.csv?shape=wide")
    # username, user id, name, e-mail, the item, the total
    assert any(re.fullmatch(r"hamlet1,\d+,,,10\.0,10\.0", line) for line in csv_text.splitlines())


async def test_regrade_with_same_version_is_exact_and_fixed_version_shows_the_difference(
    live_stack_processes: Stack,
) -> None:
    stack = live_stack_processes
    text = DEMO_EXERCISE.replace("id: grading-demo", "id: regrade-demo")  # ada1 owns the demo
    ada, join, assignment_id, item_id = build_assignment(stack, text, instructor="ada2")
    hamlet, token, pod = learner(stack, "hamlet2", join, item_id)
    ws = await open_socket(stack.base_url, hamlet.session_cookie, query=f"sandbox={token}")
    await run_line(ws, "t1", 1, f"kubectl run {pod} --image=httpd:2.4")
    await run_line(ws, "t1", 2, f"kubectl describe pod {pod}")
    await ws.close()
    assert submit(hamlet, item_id)["points"] == 10.0

    regrade = f"/grading/teach/items/{item_id}/regrade/"
    current = first(r'<option value="(\d+)"[^>]*>regrade-demo v1<', ada.get(regrade))
    page = ada.wait_regrade(ada.post(regrade, {"exercise": current})[2])
    assert "제출 1개를 재채점했습니다. 0개가 바뀌었습니다." in page  # Korean: no Accept-Language

    # The instructor "fixes" the hidden check (a new version); the stored snapshot is regraded.
    fixed = text.replace("httpd:2.4", "httpd:2.5")  # the check and the solution
    assert ada.post("/grading/teach/exercises/regrade-demo/", {"yaml_text": fixed})[0] == 302
    version = first(r'<option value="(\d+)"[^>]*>regrade-demo v\d+<', ada.get(regrade))
    page = ada.wait_regrade(ada.post(regrade, {"exercise": version})[2])
    assert "제출 1개를 재채점했습니다. 1개가 바뀌었습니다." in page
    assert "<td>10.0</td><td>5.0</td><td><code>secret-image-check: 3→0</code></td>" in page
