"""Practice and lesson sandboxes against ``live_stack`` (private Redis, Daphne, Celery worker):
an anonymous learner's page token opens only that learner's terminal; check, hints, solution and
reset over HTTP see what was typed over the websocket; each lesson starts from a fresh cluster."""

from __future__ import annotations

import html
import re

import pytest
from websockets.exceptions import InvalidStatus

from scripts.stack import Stack
from tests.integration.grading_client import WebClient
from tests.integration.wsclient import frames_until, open_socket, run_line, text_of

pytestmark = pytest.mark.integration


def token_of(page: str) -> str:
    found = re.search(r'data-ws-path="/ws/terminal/\?sandbox=([^"]+)"', page)
    assert found, "the page names no sandbox of its own"
    return found.group(1)


def practice_link(page: str) -> str:
    found = re.search(r'id="exercise-link" href="([^"]+)"', page)
    assert found, "the lesson links no exercise"
    return html.unescape(found.group(1))


async def refused(base_url: str, cookie: str | None, token: str) -> None:
    with pytest.raises(InvalidStatus) as error:
        await open_socket(base_url, cookie, query=f"sandbox={token}")
    assert error.value.response.status_code == 403


async def test_anonymous_practice_is_the_learners_own(live_stack_processes: Stack) -> None:
    base = live_stack_processes.base_url
    ana = WebClient(base)
    url = practice_link(ana.get("/lessons/en/first-pod/"))
    assert url == "/grading/practice/en/first-pod/"
    token = token_of(ana.get(url))
    bob = WebClient(base)
    bob.get("/lessons/en/first-pod/")  # a session (and learner) of his own

    # Ana's token opens no terminal for Bob's session, nor for a browser without a session.
    for cookie in (bob.session_cookie, None):
        await refused(base, cookie, token)
    # Bob cannot act on an exercise he never opened (the endpoints know learners by session).
    status, body, _ = bob.post(url + "check/")
    assert (status, body) == (400, '{"error": "Open the exercise first."}')

    # The solution is not served before a first check.
    status, body, _ = ana.post(url + "solution/")
    assert status == 400 and "Check your work once first" in body
    first = ana.post_json(url + "check/")["result"]
    assert (first["passed"], first["score"]) == (False, 0)
    solution = ana.post_json(url + "solution/")["solution"]
    assert solution["steps"][0] == {"line": "kubectl run web --image=httpd:2.4", "tab": "1"}

    # What Ana types in her exercise terminal is what Check my work grades.
    ws = await open_socket(base, ana.session_cookie, query=f"sandbox={token}")
    created = await run_line(ws, "1", 1, "kubectl run web --image=httpd:2.4")
    assert text_of(created) == "pod/web created\n"
    assert (await run_line(ws, "1", 2, "kubectl describe pod web"))[-1]["exit"] == 0
    result = ana.post_json(url + "check/")["result"]
    assert result["passed"] is True, result
    assert 'data-done="true"' in ana.get("/lessons/ko/first-pod/")  # the lesson is done

    # Start over: the open terminal hears it, and the exercise is back at its start.
    assert ana.post_json(url + "reset/") == {"reset": True}
    frames = await frames_until(ws, lambda f: f["type"] == "files")
    assert [f["type"] for f in frames][-2:] == ["reset", "files"]
    assert ana.post_json(url + "check/")["result"]["checks"][0]["passed"] is False
    await ws.close()

    # Bob's own practice is another sandbox, untouched by Ana's pod.
    bob_token = token_of(bob.get(url))
    assert bob_token != token
    assert bob.post_json(url + "check/")["result"]["passed"] is False


async def test_each_lesson_starts_from_a_fresh_cluster(live_stack_processes: Stack) -> None:
    """Lesson 2 (first-pod) and lesson 6 (pod-networking) both run `kubectl run myweb`: the
    second never answers AlreadyExists, and the first lesson's pod stays in its cluster."""
    base = live_stack_processes.base_url
    ana = WebClient(base)
    first = ana.get("/lessons/en/first-pod/")
    later = ana.get("/lessons/en/pod-networking/")
    assert 'data-run="kubectl run myweb --image httpd"' in first
    assert 'data-run="kubectl run myweb --image httpd"' in later
    first_token, later_token = token_of(first), token_of(later)
    assert first_token != later_token
    assert token_of(ana.get("/lessons/ko/first-pod/")) == first_token  # language keeps it

    ws = await open_socket(base, ana.session_cookie, query=f"sandbox={first_token}")
    assert text_of(await run_line(ws, "1", 1, "kubectl run myweb --image httpd")) == \
        "pod/myweb created\n"
    await ws.close()
    ws = await open_socket(base, ana.session_cookie, query=f"sandbox={later_token}")
    done = await run_line(ws, "1", 1, "kubectl run myweb --image httpd")
    assert (text_of(done), done[-1]["exit"]) == ("pod/myweb created\n", 0)
    await ws.close()
    ws = await open_socket(base, ana.session_cookie, query=f"sandbox={first_token}")
    assert (await run_line(ws, "1", 2, "kubectl get pod myweb -o name"))[-1]["exit"] == 0
    await ws.close()

    # A lesson's cluster is its learner's: another session cannot open it.
    await refused(base, None, first_token)
    bob = WebClient(base)
    bob.get("/lessons/en/first-pod/")
    await refused(base, bob.session_cookie, first_token)
