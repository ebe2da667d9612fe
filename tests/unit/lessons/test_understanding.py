"""Checks for understanding inside lessons (lessons/understanding.py, lessons.views): every
check file is valid and sits after a heading both languages have; the lesson page shows the
question there; the server's verdict comes from the learner's own lesson cluster."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from grading.engine.objects import World, select
from lessons import understanding, views
from lessons.learners import SESSION_LEARNER_KEY
from lessons.models import Lesson, PracticeSandbox
from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox
from playground.sim.store import MemoryStore

pytestmark = pytest.mark.django_db
CONTENT = Path(__file__).resolve().parents[3] / "lessons" / "content"


@pytest.fixture(autouse=True)
def store(monkeypatch: pytest.MonkeyPatch) -> MemoryStore:
    memory = MemoryStore()
    monkeypatch.setattr(views, "_store", lambda: memory)
    return memory


@pytest.fixture(autouse=True)
def lessons(db: Any) -> None:
    call_command("load_lessons", stdout=io.StringIO())


def lesson_cluster(store: MemoryStore, client: Client, slug: str, *lines: str,
                   age: float = 120) -> dict[str, Any]:
    """The client's lesson cluster with ``lines`` typed ``age`` seconds ago (what the terminal
    would have done); returns the state as stored."""
    key = client.session[SESSION_LEARNER_KEY]
    row = PracticeSandbox.objects.get(session_key=key, kind="lesson", name=slug)
    start = time.time() - age

    def typed(state: dict[str, Any]) -> None:
        sandbox = Sandbox(state, FixedClock(start))
        for line in lines:
            sandbox.execute(line)

    store.update(row.sandbox_id, typed, create=lambda: Sandbox.new_state(row.seed, start))
    found = store.load(row.sandbox_id)
    assert found is not None
    return found


def ask(client: Client, lang: str, slug: str, check_id: str, answer: str) -> dict[str, Any]:
    response = client.post(f"/lessons/{lang}/{slug}/understanding/{check_id}/",
                           {"answer": answer})
    assert response.status_code == 200, response.content
    return json.loads(response.content)


class CheckFileTests:
    def test_every_check_file_names_a_lesson_and_a_heading_of_it_in_both_languages(self) -> None:
        files = sorted(understanding.CHECKS_DIR.glob("*.yaml"))
        assert len(files) >= 3
        for path in files:
            checks = understanding.parse(path.read_text(encoding="utf-8"), str(path))
            assert checks, path
            for lang in ("ko", "en"):
                lesson = Lesson.objects.get(lang=lang, slug=path.stem)
                headings = re.findall(r'<h2 id="section-\d+">(.*?)</h2>', lesson.body_html)
                plain = [re.sub(r"<[^>]+>", "", h) for h in headings]
                for check in checks:
                    assert any(check.after[lang] in h for h in plain), (path.name, check.id, lang)

    def test_a_bad_file_names_each_problem(self) -> None:
        text = ("checks:\n  - id: Bad\n  - id: ok\n    prompt: {en: x}\n"
                "    select: {kind: Pod}\n    compute: 'spec.['\n")
        with pytest.raises(understanding.CheckFileError) as caught:
            understanding.parse(text, "x.yaml")
        message = str(caught.value)
        assert "x.yaml: checks[0]: needs an id" in message
        assert "checks[1].prompt: needs ko and en text" in message
        assert "checks[1].compute: not a JMESPath expression" in message


class LessonPageTests:
    @pytest.mark.parametrize(("lang", "words"), [
        ("en", ("Check your understanding", "Which node is your Pod <code>myweb</code>",
                ">Check<")),
        ("ko", ("이해했는지 확인하기", "파드 <code>myweb</code>은 어느 노드에서", ">확인<")),
    ])
    def test_the_question_follows_its_section(self, client: Client, lang: str,
                                              words: tuple[str, ...]) -> None:
        body = client.get(f"/lessons/{lang}/first-pod/").content.decode()
        for word in words:
            assert word in body, word
        form = body.index('id="understanding-which-node"')
        assert body.index('id="section-3"') < form < body.index('id="section-4"')
        assert f'action="/lessons/{lang}/first-pod/understanding/which-node/"' in body

    def test_a_lesson_without_checks_has_no_box(self, client: Client) -> None:
        assert "understanding-check" not in client.get("/lessons/en/labels/").content.decode()


class VerdictTests:
    def test_which_node_is_read_from_the_learners_cluster(self, client: Client,
                                                          store: MemoryStore) -> None:
        client.get("/lessons/en/first-pod/")
        missing = ask(client, "en", "first-pod", "which-node", "node2")
        assert missing["correct"] is False and "There is no Pod `myweb`" in missing["message"]
        state = lesson_cluster(store, client, "first-pod", "kubectl run myweb --image httpd")
        node = state_node(state, "myweb")
        other = "node2" if node != "node2" else "node3"
        assert ask(client, "en", "first-pod", "which-node", other) == {
            "correct": False,
            "message": "Not that one. Look again at the `NODE` column of "
                       "`kubectl get pods -o wide`."}
        right = ask(client, "en", "first-pod", "which-node", f"  {node.upper()} ")
        assert right["correct"] is True and f"`{node}`" in right["message"]

    def test_why_did_it_restart(self, client: Client, store: MemoryStore) -> None:
        client.get("/lessons/ko/when-pods-fail/")
        lesson_cluster(store, client, "when-pods-fail", "kubectl run myubuntu --image ubuntu:focal")
        assert ask(client, "ko", "when-pods-fail", "why-restart", "CrashLoopBackOff")[
            "correct"] is False
        right = ask(client, "ko", "when-pods-fail", "why-restart", "completed")
        assert right == {"correct": True, "message": "맞습니다. `Completed`: 프로그램이 오류 없이 "
                         "끝났고, `restartPolicy: Always`라서 kubelet이 다시 시작한 것입니다."}
        assert ask(client, "ko", "when-pods-fail", "exit-code", "0")["correct"] is True

    def test_oomkilled(self, client: Client, store: MemoryStore) -> None:
        client.get("/lessons/en/resources/")
        manifest = (CONTENT / "en" / "13-resources.md").read_text(encoding="utf-8")
        memhog = re.search(r"```yaml file=memhog.yaml\n(.*?)```", manifest, re.S)
        assert memhog
        lesson_cluster(store, client, "resources",
                       f"cat > memhog.yaml <<'EOF'\n{memhog.group(1)}EOF",
                       "kubectl apply -f memhog.yaml")
        assert ask(client, "en", "resources", "why-memhog-restarted", "OOMKilled")["correct"]
        assert ask(client, "en", "resources", "memhog-exit-code", "137")["correct"]

    def test_the_ip_of_a_two_container_pod(self, client: Client, store: MemoryStore) -> None:
        client.get("/lessons/en/pod-networking/")
        manifest = (CONTENT / "en" / "06-pod-networking.md").read_text(encoding="utf-8")
        shared = re.search(r"```yaml file=shared.yaml\n(.*?)```", manifest, re.S)
        assert shared
        state = lesson_cluster(store, client, "pod-networking",
                               f"cat > shared.yaml <<'EOF'\n{shared.group(1)}EOF",
                               "kubectl apply -f shared.yaml", "kubectl run myweb --image httpd")
        assert 'id="understanding-shared-ip"' in client.get("/lessons/en/pod-networking/") \
            .content.decode()
        world = World(state, time.time())
        ips = {p["metadata"]["name"]: p["status"]["podIP"]
               for p in select(world, {"kind": "Pod"})}
        assert ips["shared"] != ips["myweb"]
        wrong = ask(client, "en", "pod-networking", "shared-ip", ips["myweb"])
        assert wrong["correct"] is False and "not the one of `myweb`" in wrong["message"]
        right = ask(client, "en", "pod-networking", "shared-ip", ips["shared"])
        assert right["correct"] is True and f"`{ips['shared']}`" in right["message"]

    def test_another_learner_is_asked_about_their_own_cluster(self, client: Client,
                                                             store: MemoryStore) -> None:
        client.get("/lessons/en/first-pod/")
        state = lesson_cluster(store, client, "first-pod", "kubectl run myweb --image httpd")
        other = Client()
        other.get("/lessons/en/first-pod/")
        answer = ask(other, "en", "first-pod", "which-node", state_node(state, "myweb"))
        assert answer["correct"] is False and "There is no Pod" in answer["message"]

    def test_unknown_checks_and_get_requests(self, client: Client) -> None:
        client.get("/lessons/en/first-pod/")
        assert client.post("/lessons/en/first-pod/understanding/nope/").status_code == 404
        assert client.post("/lessons/en/labels/understanding/which-node/").status_code == 404
        assert client.get("/lessons/en/first-pod/understanding/which-node/").status_code == 405


def state_node(state: dict[str, Any], pod: str) -> str:
    node = state["cluster"]["pods"][f"default/{pod}"]["spec"]["nodeName"]
    assert node
    return str(node)
