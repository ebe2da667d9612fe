"""A troubleshooting exercise followed for real against ``live_stack`` (private Redis, the web
server, a Celery worker): from the lesson's "Fix a broken Pod" list to the practice page, the
prepared broken Pod in the learner's own terminal, Check my work before and after the fix (the
evidence check follows what was typed over the websocket), the hint, the solution and Start
over; then a check for understanding on a lesson page, answered from the learner's cluster."""

from __future__ import annotations

import html
import re

import pytest

from scripts.stack import Stack
from tests.integration.grading_client import WebClient
from tests.integration.wsclient import open_socket, run_line, text_of

pytestmark = pytest.mark.integration

FIXED_SHOP = """cat > shop.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: shop
  labels:
    app: shop
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
    readinessProbe:
      httpGet:
        path: /
        port: 80
      periodSeconds: 5
EOF"""


def token_of(page: str) -> str:
    found = re.search(r'data-ws-path="/ws/terminal/\?sandbox=([^"]+)"', page)
    assert found, "the page names no sandbox of its own"
    return found.group(1)


def checks_of(result: dict) -> dict[str, bool]:
    return {check["id"]: check["passed"] for check in result["checks"]}


async def test_fix_a_readiness_probe_from_the_lesson(live_stack_processes: Stack) -> None:
    base = live_stack_processes.base_url
    ana = WebClient(base)
    lesson = ana.get("/lessons/en/health-checks/")
    more = re.search(r'id="more-practice".*?</section>', lesson, re.S)
    assert more, "the lesson lists no troubleshooting practice"
    link = re.search(r'href="(/grading/practice/en/troubleshoot-readiness-port/)"',
                     more.group(0))
    assert link, "the lesson does not list the readiness-probe exercise"
    url = html.unescape(link.group(1))
    page = ana.get(url)
    assert "Fix a broken Pod: a readiness probe that asks the wrong port" in page
    assert 'id="back-to-lesson" href="/lessons/en/health-checks/"' in page
    index = ana.get("/grading/practice/en/")
    assert f'href="{url}"' in index

    # The prepared state is there in the learner's own terminal: Running, never ready.
    ws = await open_socket(base, ana.session_cookie, query=f"sandbox={token_of(page)}")
    listed = text_of(await run_line(ws, "1", 1, "kubectl get pods"))
    assert re.search(r"^shop\s+0/1\s+Running\s+0\s", listed, re.M), listed
    assert text_of(await run_line(ws, "1", 2, "cat shop.yaml")).count("port: 8080") == 1

    first = ana.post_json(url + "check/")["result"]
    assert first["passed"] is False
    assert checks_of(first) == {"probe": False, "ready": False, "looked": False}
    probe = next(c for c in first["checks"] if c["id"] == "probe")
    assert probe["diagnoses"] == ["The probe still asks port 8080, where nothing listens."]
    hint = ana.post_json(url + "hints/0/")["hint"]  # opens after one failed check
    assert "connection refused" in hint["text"]

    # Evidence first, then the fix, all typed over the websocket.
    described = text_of(await run_line(ws, "1", 3, "kubectl describe po/shop"))
    assert "Readiness probe failed" in described
    middle = ana.post_json(url + "check/")["result"]
    assert checks_of(middle) == {"probe": False, "ready": False, "looked": True}
    for cmd_id, line in enumerate((FIXED_SHOP, "kubectl delete pod shop",
                                   "kubectl apply -f shop.yaml"), start=4):
        assert (await run_line(ws, "1", cmd_id, line))[-1]["exit"] == 0, line
    done = ana.post_json(url + "check/")["result"]
    assert done["passed"] is True and done["score"] == done["max_score"] == 8, done
    solution = ana.post_json(url + "solution/")["solution"]
    lines = [step["line"] for step in solution["steps"] if "line" in step]
    assert lines[-1] == "kubectl apply -f shop.yaml" and "shop.yaml" in str(solution["files"])
    # More practice does not mark the lesson done (its own exercise does).
    assert 'data-done="true"' not in ana.get("/lessons/en/health-checks/")

    # Start over brings the broken Pod back.
    assert ana.post_json(url + "reset/") == {"reset": True}
    again = ana.post_json(url + "check/")["result"]
    assert checks_of(again) == {"probe": False, "ready": False, "looked": False}
    await ws.close()


async def test_a_check_for_understanding_reads_the_lesson_cluster(
    live_stack_processes: Stack,
) -> None:
    base = live_stack_processes.base_url
    ana = WebClient(base)
    page = ana.get("/lessons/en/first-pod/")
    action = "/lessons/en/first-pod/understanding/which-node/"
    assert f'action="{action}"' in page
    status, body, _ = ana.post(action, {"answer": "node2"})
    assert status == 200 and '"correct": false' in body and "There is no Pod" in body

    ws = await open_socket(base, ana.session_cookie, query=f"sandbox={token_of(page)}")
    assert text_of(await run_line(ws, "1", 1, "kubectl run myweb --image httpd")) == \
        "pod/myweb created\n"
    # The scheduler binds a moment after the create; the learner's `get -o wide` comes later.
    waited = await run_line(ws, "1", 2, "kubectl wait --for=condition=PodScheduled pod/myweb")
    assert text_of(waited) == "pod/myweb condition met\n"
    node = text_of(await run_line(
        ws, "1", 3, "kubectl get pod myweb -o jsonpath='{.spec.nodeName}'"))
    await ws.close()
    assert node in ("node2", "node3"), node
    wrong = ana.post_json(action, {"answer": "node1"})
    assert wrong["correct"] is False
    right = ana.post_json(action, {"answer": node})
    assert right["correct"] is True and f"`{node}`" in right["message"]
