"""Practice from the lesson (grading.practice) through Django's test client: every shipped lesson,
in both languages, links an exercise page that opens; what a learner may and may not see and do
(anonymous, other sessions, hints, the solution after a check, reset, login). Sandboxes live in
a MemoryStore here; tests/integration/test_practice_socket.py runs the same against the stack."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from grading import engine_port
from grading.practice import services as practice_services
from lessons.learners import SESSION_LEARNER_KEY
from lessons.models import Lesson, PracticeSandbox, Progress
from playground.sim.clock import SystemClock
from playground.sim.sandbox import Sandbox
from playground.sim.store import MemoryStore

pytestmark = pytest.mark.django_db

EXERCISES = Path(__file__).resolve().parents[2] / "lessons" / "exercises"


@pytest.fixture(autouse=True)
def store(monkeypatch: pytest.MonkeyPatch) -> MemoryStore:
    memory = MemoryStore()
    monkeypatch.setattr(practice_services, "_store", lambda: memory)
    announced: list[tuple[str, list[dict[str, Any]]]] = []
    monkeypatch.setattr(practice_services, "_announce",
                        lambda sandbox_id, frames: announced.append((sandbox_id, frames)))
    memory.announced = announced  # type: ignore[attr-defined]
    return memory


@pytest.fixture(autouse=True)
def shipped_content(db: Any) -> None:
    call_command("load_lessons", stdout=io.StringIO())
    call_command("load_exercises", stdout=io.StringIO())


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def practice_link(lesson_html: str) -> str:
    found = re.search(r'id="exercise-link" href="([^"]+)"', lesson_html)
    assert found, "the lesson links no exercise"
    return html.unescape(found.group(1))


def ws_token(page_html: str) -> str:
    found = re.search(r'data-ws-path="/ws/terminal/\?sandbox=([^"]+)"', page_html)
    assert found, "the page names no sandbox of its own"
    return found.group(1)


def post(client: Client, url: str, data: dict[str, str] | None = None) -> tuple[int, dict]:
    response = client.post(url, data or {})
    return response.status_code, json.loads(response.content)


def secrets_of(exercise_id: str) -> list[str]:
    """Texts of an exercise a learner must never be served: hidden and after-due-date checks'
    ids, titles, messages and diagnoses."""
    raw = engine_port.load((EXERCISES / f"{exercise_id}.yaml").read_text(encoding="utf-8")).raw
    found: list[str] = []
    for check in raw["checks"]:
        if check.get("visibility", "visible") == "visible":
            continue
        found.append(f'"{check["id"]}"')
        for field in ("title", "message"):
            found += [text for text in (check.get(field) or {}).values() if "{{" not in text]
        for diagnosis in check.get("diagnoses", []):
            found += [t for t in diagnosis["message"].values() if "{{" not in t]
    return found


def learner_state(store: MemoryStore, client: Client, exercise_id: str) -> str:
    """The sandbox id of the client's practice of ``exercise_id``."""
    key = client.session[SESSION_LEARNER_KEY]
    row = PracticeSandbox.objects.get(session_key=key, kind="exercise", name=exercise_id)
    return row.sandbox_id


def run(store: MemoryStore, sandbox_id: str, *lines: str) -> None:
    """Type lines in the sandbox, as the terminal's worker would."""
    def change(state: dict[str, Any]) -> None:
        sandbox = Sandbox(state, SystemClock())
        for line in lines:
            before = len(state.setdefault("history", []))
            sandbox.execute(line)
            if len(state["history"]) == before:  # the worker keeps history when the sim does not
                state["history"].append(line)

    def missing() -> dict[str, Any]:
        raise AssertionError(f"sandbox {sandbox_id} was never set up")

    store.update(sandbox_id, change, create=missing)


class LessonPracticeWalkTests:
    @pytest.mark.parametrize("lang", ["ko", "en"])
    def test_every_lesson_links_an_exercise_page_that_opens(
        self, client: Client, lang: str
    ) -> None:
        lessons = list(Lesson.objects.filter(lang=lang).order_by("order"))
        assert len(lessons) == len(list((EXERCISES.parent / "content" / lang).glob("*.md")))
        for lesson in lessons:
            assert lesson.exercise, f"{lang}/{lesson.slug} names no exercise"
            link = practice_link(page(client, f"/lessons/{lang}/{lesson.slug}/"))
            assert link == f"/grading/practice/{lang}/{lesson.exercise}/"
            body = page(client, link)
            instance = engine_port.instance_for(
                (EXERCISES / f"{lesson.exercise}.yaml").read_text(encoding="utf-8"), "walk")
            title = engine_port.public_view(instance, lang)["title"]
            assert f'<h1 id="practice-title">{html.escape(title)}</h1>' in body
            assert ws_token(body) and 'id="check-work"' in body
            assert f'href="/lessons/{lang}/{lesson.slug}/"' in body  # back to the lesson
            for secret in secrets_of(lesson.exercise):
                assert secret not in body and html.escape(secret) not in body, secret
            status, answer = post(client, f"{link}check/")
            assert status == 200
            served = json.dumps(answer, ensure_ascii=False)
            for secret in secrets_of(lesson.exercise):
                assert secret not in served, secret

    def test_a_lesson_naming_a_missing_exercise_links_a_page_that_is_404(
        self, client: Client
    ) -> None:
        Lesson.objects.filter(slug="labels").update(exercise="no-such-exercise")
        link = practice_link(page(client, "/lessons/en/labels/"))
        assert client.get(link).status_code == 404  # the walk above would fail on it
        assert client.get("/grading/practice/xx/labels/").status_code == 404

    def test_a_question_check_shows_a_labelled_answer_box(self, client: Client) -> None:
        body = page(client, "/grading/practice/en/find-the-pod/")
        found = re.search(r'<label for="answer-([\w-]+)">What is the IP address of the pod ', body)
        assert found, "no labelled answer box for find-the-pod's question"
        check_id = found.group(1)
        assert f'<input id="answer-{check_id}" name="answer-{check_id}"' in body

    def test_korean_practice_page_is_in_korean(self, client: Client) -> None:
        body = page(client, "/grading/practice/ko/first-pod/")
        for word in (">확인하기</button>", ">처음부터</button>", "<h2>힌트</h2>", ">풀이 보기<",
                     "이 실습에는 실습용으로 준비된 자기 클러스터가 있습니다", "(점수 −1)"):
            assert word in body, word
        for english in ("Check my work", "Start over", "Show the solution", "Hints"):
            assert english not in body, english


class PracticeAuthorisationTests:
    URL = "/grading/practice/en/first-pod/"

    def test_actions_need_post_and_csrf(self, client: Client) -> None:
        page(client, self.URL)
        for action in ("check/", "hints/0/", "solution/", "reset/"):
            assert client.get(self.URL + action).status_code == 405
        strict = Client(enforce_csrf_checks=True)
        page(strict, self.URL)
        assert strict.post(self.URL + "check/").status_code == 403

    def test_a_session_that_never_opened_the_exercise_is_refused(self, client: Client) -> None:
        page(client, self.URL)
        stranger = Client()
        page(stranger, "/lessons/en/first-pod/")  # a learner of its own, on the lesson only
        for action in ("check/", "hints/0/", "solution/", "reset/"):
            assert post(stranger, self.URL + action) == (400, {"error": "Open the exercise first."})
        assert PracticeSandbox.objects.get(kind="exercise").checks_run == 0

    def test_solution_opens_only_after_a_check(self, client: Client) -> None:
        page(client, self.URL)
        status, answer = post(client, self.URL + "solution/")
        assert (status, answer["error"]) == (400, "Check your work once first; then the "
                                                  "solution opens.")
        assert post(client, self.URL + "check/")[0] == 200
        status, answer = post(client, self.URL + "solution/")
        assert status == 200
        assert {"line": "kubectl run web --image=httpd:2.4", "tab": "1"} in \
            answer["solution"]["steps"]
        assert {"wait": 20.0} in answer["solution"]["steps"]
        # The button is enabled when the page is opened again (the try is remembered).
        assert '<button type="button" id="show-solution">' in page(client, self.URL)

    def test_hint_opens_after_its_failed_checks_and_its_cost_is_shown(
        self, client: Client
    ) -> None:
        body = page(client, self.URL)
        assert "(score −1)" in body and "opens after 2 failed checks" in body
        assert post(client, self.URL + "hints/0/") == (
            400, {"error": "This hint opens after 2 failed checks."})
        assert post(client, self.URL + "hints/9/") == (400, {"error": "No such hint."})
        for _ in range(2):
            assert post(client, self.URL + "check/")[1]["result"]["passed"] is False
        status, answer = post(client, self.URL + "hints/0/")
        assert (status, answer["hint"]["text"]) == (200, "`kubectl run web --image=httpd:2.4`")
        assert answer["hint"]["hint_cost"] == 1
        assert post(client, self.URL + "check/")[1]["result"]["hint_cost"] == 1
        assert '<p class="hint-text">`kubectl run web --image=httpd:2.4`</p>' in page(
            client, self.URL)

    def test_passing_marks_the_lesson_done_and_login_claims_sandbox_and_progress(
        self, client: Client, store: MemoryStore
    ) -> None:
        token = ws_token(page(client, self.URL))
        sandbox_id = learner_state(store, client, "first-pod")
        run(store, sandbox_id, "kubectl run web --image=httpd:2.4", "kubectl describe pod web")
        status, answer = post(client, self.URL + "check/")
        result = answer["result"]
        assert status == 200 and result["passed"] is True, result
        assert [c["id"] for c in result["checks"]] == [
            "exists", "image-and-label", "running", "described"]
        assert Progress.objects.get(lesson_slug="first-pod").how == Progress.How.EXERCISE
        hamlet = get_user_model().objects.create_user("hamlet", password="to-be-or-not")
        client.force_login(hamlet)
        assert ws_token(page(client, self.URL)) == token  # the same sandbox, now the user's
        assert PracticeSandbox.objects.get(token=token).user == hamlet
        assert Progress.objects.get(lesson_slug="first-pod").user == hamlet

    def test_reset_puts_the_exercise_back_and_tells_open_terminals(
        self, client: Client, store: MemoryStore, django_capture_on_commit_callbacks: Any
    ) -> None:
        page(client, self.URL)
        sandbox_id = learner_state(store, client, "first-pod")
        run(store, sandbox_id, "kubectl run web --image=httpd:2.4")
        assert post(client, self.URL + "check/")[1]["result"]["checks"][0]["passed"] is True
        with django_capture_on_commit_callbacks(execute=True):
            assert post(client, self.URL + "reset/") == (200, {"reset": True})
        assert post(client, self.URL + "check/")[1]["result"]["checks"][0]["passed"] is False
        state = store.load(sandbox_id)
        assert state is not None and state["history"] == ["kubectl run web --image=httpd:2.4"]
        assert store.announced == [  # type: ignore[attr-defined]
            (sandbox_id, [{"type": "reset"}, {"type": "files", "names": []}])]

    def test_two_learners_have_two_sandboxes(self, client: Client, store: MemoryStore) -> None:
        mine = ws_token(page(client, self.URL))
        other = Client()
        theirs = ws_token(page(other, self.URL))
        assert mine != theirs
        run(store, learner_state(store, client, "first-pod"), "kubectl run web --image=httpd:2.4")
        assert post(other, self.URL + "check/")[1]["result"]["checks"][0]["passed"] is False
