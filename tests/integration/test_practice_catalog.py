"""Troubleshooting practice is reachable (grading.practice.catalog) through Django's test client:
every exercise the practice index lists opens in both languages; every lesson page lists its
"Fix a broken Pod" exercises and each opens; every troubleshooting exercise is listed by the
lesson it names; passing one does not mark the lesson done (only the lesson's own exercise
does). Sandboxes live in a MemoryStore here; test_troubleshooting_practice.py uses the stack."""

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

from grading.engine.runner import run_script
from grading.practice import services as practice_services
from lessons.learners import SESSION_LEARNER_KEY
from lessons.models import Lesson, PracticeSandbox, Progress
from playground.sim.store import MemoryStore

pytestmark = pytest.mark.django_db

EXERCISES = Path(__file__).resolve().parents[2] / "lessons" / "exercises"
TROUBLESHOOTING = sorted(p.stem for p in EXERCISES.glob("troubleshoot-*.yaml"))


@pytest.fixture(autouse=True)
def store(monkeypatch: pytest.MonkeyPatch) -> MemoryStore:
    memory = MemoryStore()
    monkeypatch.setattr(practice_services, "_store", lambda: memory)
    monkeypatch.setattr(practice_services, "_announce", lambda sandbox_id, frames: None)
    return memory


@pytest.fixture(autouse=True)
def shipped_content(db: Any) -> None:
    call_command("load_lessons", stdout=io.StringIO())
    call_command("load_exercises", stdout=io.StringIO())


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_exercise_the_index_lists_opens(client: Client, lang: str) -> None:
    index = page(client, f"/grading/practice/{lang}/")
    listed = re.search(r'id="troubleshooting-list">(.*?)</ol>', index, re.S)
    assert listed
    troubleshooting = re.findall(rf'href="/grading/practice/{lang}/([a-z0-9-]+)/"',
                                 listed.group(1))
    assert set(troubleshooting) == set(TROUBLESHOOTING)
    lessons = Lesson.objects.filter(lang=lang)
    own = {lesson.exercise for lesson in lessons}
    every = set(re.findall(rf'href="/grading/practice/{lang}/([a-z0-9-]+)/"', index))
    assert own | set(TROUBLESHOOTING) <= every
    for exercise_id in sorted(every):
        body = page(client, f"/grading/practice/{lang}/{exercise_id}/")
        assert 'id="check-work"' in body and 'id="practice-index-link"' in body


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_lesson_lists_the_troubleshooting_exercises_that_name_it(
    client: Client, lang: str
) -> None:
    seen: list[str] = []
    for lesson in Lesson.objects.filter(lang=lang).order_by("order"):
        body = page(client, f"/lessons/{lang}/{lesson.slug}/")
        assert f'id="all-practice" href="/grading/practice/{lang}/"' in body
        more = re.search(r'id="more-practice".*?</section>', body, re.S)
        links = re.findall(rf'href="/grading/practice/{lang}/([a-z0-9-]+)/"',
                           more.group(0)) if more else []
        assert lesson.exercise not in links
        for exercise_id in links:
            practice = page(client, f"/grading/practice/{lang}/{exercise_id}/")
            assert f'id="back-to-lesson" href="/lessons/{lang}/{lesson.slug}/"' in practice
        seen += links
    assert sorted(seen) == TROUBLESHOOTING


def test_passing_troubleshooting_does_not_mark_the_lesson_done(
    client: Client, store: MemoryStore
) -> None:
    url = "/grading/practice/en/troubleshoot-node-selector/"
    body = page(client, url)
    assert "Every check passes." in body and "the lesson is marked done" not in body
    row = PracticeSandbox.objects.get(session_key=client.session[SESSION_LEARNER_KEY],
                                      kind="exercise", name="troubleshoot-node-selector")
    now = time.time()

    def solve(state: dict[str, Any]) -> None:
        run_script(state, {"commands": ["kubectl describe pod cache",
                                        "kubectl label node node3 disktype=ssd"]}, now)

    store.update(row.sandbox_id, solve, create=lambda: {})
    response = client.post(url + "check/")
    result = json.loads(response.content)["result"]
    assert result["passed"] is True, result
    assert not Progress.objects.filter(lesson_slug="labels").exists()
