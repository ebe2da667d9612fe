"""Every page a learner or instructor can reach, with Korean active, shows no English UI text
(tests/korean_pages.py says what counts): lesson pages and the lesson list, practice pages, the
account pages, the learner's grading pages and every instructor page. And ``/`` picks the
language: the cookie a lesson page sets, else Accept-Language."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from grading import services
from grading.models import AssignmentItem, Exercise, GradeOverride, Submission
from grading.practice import services as practice_services
from lessons.models import Lesson
from playground.sim.store import MemoryStore
from tests.grading_demo import client_for
from tests.korean_pages import HANGUL, english_literals


@pytest.fixture(autouse=True)
def shipped_content(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = MemoryStore()
    monkeypatch.setattr(practice_services, "_store", lambda: memory)
    monkeypatch.setattr(practice_services, "_announce", lambda sandbox_id, frames: None)
    call_command("load_lessons", stdout=io.StringIO())
    call_command("load_exercises", stdout=io.StringIO())


def user_content() -> frozenset[str]:
    """What users typed (names, titles, exercise texts, graders' messages): shown as written."""
    words = {u.get_username() for u in User.objects.all()}
    words |= {e.title for e in Exercise.objects.all()} | {"Pods 101", "Week 1"}
    words |= {e.exercise_id for e in Exercise.objects.all()}
    words |= {o.reason for o in GradeOverride.objects.all()}
    for sub in Submission.objects.exclude(result=None):
        checks = (sub.result or {}).get("checks", [])
        words |= {c["message"] for c in checks if c.get("message")}
        words |= {d for c in checks for d in c.get("diagnoses", [])}
    return frozenset(words)


def korean_page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    text = response.content.decode()
    assert re.search(r'<html lang="ko"', text), (path, "the page does not say it is Korean")
    problems = english_literals(text, user_content=user_content())
    assert not problems, f"{path} shows English:\n" + "\n".join(problems)
    return text


def test_every_korean_lesson_and_its_practice_page_is_korean() -> None:
    client = client_for(None, lang="ko")
    lessons = list(Lesson.objects.filter(lang="ko").order_by("order"))
    assert len(lessons) >= 13
    for lesson in lessons:
        html = korean_page(client, reverse("lesson", args=["ko", lesson.slug]))
        link = re.search(r'id="exercise-link" href="([^"]+)"', html)
        assert link, (lesson.slug, "links no exercise")
        korean_page(client, link.group(1))


def test_the_practice_index_and_every_troubleshooting_page_are_korean() -> None:
    client = client_for(None, lang="ko")
    index = korean_page(client, reverse("grading:practice_index", args=["ko"]))
    listed = re.search(r'id="troubleshooting-list">(.*?)</ol>', index, re.S)
    assert listed, "the index lists no troubleshooting exercises"
    links = re.findall(r'href="(/grading/practice/ko/[^"]+/)"', listed.group(1))
    assert len(links) >= 8
    for link in links:
        korean_page(client, link)


def test_lesson_pages_follow_the_page_not_the_browser() -> None:
    """A browser asking for English reads a Korean lesson with a Korean account bar."""
    client = client_for(None, lang="en")
    lesson = Lesson.objects.filter(lang="ko").order_by("order").first()
    assert lesson is not None
    korean_page(client, reverse("lesson", args=["ko", lesson.slug]))


def test_account_pages_are_korean() -> None:
    client = client_for(None, lang="ko")
    for name in ("login", "grading:signup"):
        korean_page(client, reverse(name))
    failed = client.post(reverse("grading:signup"), {"username": "viola", "password1": "a",
                                                     "password2": "b"})
    assert not english_literals(failed.content.decode(), user_content=frozenset({"viola"}))


def test_learner_and_instructor_pages_are_korean(
    item: AssignmentItem, hamlet: User, ada: User, cordelia: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.sandbox_ensure(user=hamlet, item=item)
    services.submission_create(user=hamlet, item=item)
    services.grade_override(user=cordelia, item=item, points=4, reason="late, agreed", by=ada)
    learner = client_for(hamlet, lang="ko")
    for path in (reverse("grading:home"), reverse("grading:item", args=[item.pk]),
                 reverse("grading:join", args=[item.assignment.course.join_token])):
        korean_page(learner, path)
    # The words the exercise page's script shows (results, submissions) come with the page.
    html = client_for(hamlet, lang="en").get(reverse("grading:item", args=[item.pk]) + "?lang=ko")
    state = re.search(r'<script id="grading-state" type="application/json">(.*?)</script>',
                      html.content.decode(), re.S)
    assert state
    words = json.loads(state.group(1))["i18n"]
    assert words and all(HANGUL.search(text) for text in words.values()), words
    assert not english_literals(html.content.decode(), user_content=user_content())
    lesson = Lesson.objects.filter(lang="ko").order_by("order").first()
    assert lesson is not None
    korean_page(learner, reverse("lesson", args=["ko", lesson.slug]))  # logged-in account bar
    teacher = client_for(ada, lang="ko")
    a = item.assignment
    for path in (reverse("grading:teach"), reverse("grading:course", args=[a.course_id]),
                 reverse("grading:people", args=[a.course_id]),
                 reverse("grading:assignment", args=[a.pk]),
                 reverse("grading:gradebook", args=[a.pk]),
                 reverse("grading:cell", args=[item.pk, hamlet.pk]),
                 reverse("grading:cell", args=[item.pk, cordelia.pk]),
                 reverse("grading:item_regrade", args=[item.pk]),
                 reverse("grading:exercise_new"),
                 reverse("grading:exercise_format") + "?lang=ko",
                 reverse("grading:exercise_edit", args=["grading-demo"])):
        korean_page(teacher, path)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's preview
        response = teacher.post(reverse("grading:item_regrade", args=[item.pk]),
                                {"exercise": item.exercise.pk})
    assert response.status_code == 302, response.status_code
    assert "regrade-confirm" in korean_page(teacher, response["Location"])  # the preview
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = teacher.post(response["Location"] + "confirm/")
    assert confirmed.status_code == 302, confirmed.status_code
    korean_page(teacher, confirmed["Location"])  # the regrade done


def test_a_tas_pages_and_the_owners_people_messages_are_korean(
    item: AssignmentItem, hamlet: User, ada: User,
) -> None:
    viola = User.objects.create_user("viola")
    owner = client_for(ada, lang="ko")
    people = reverse("grading:people", args=[item.assignment.course_id])
    added = owner.post(people, {"add-username": "viola", "add-role": "ta"}, follow=True)
    refused = owner.post(people, {"add-username": "hamlet", "add-role": "instructor"},
                         follow=True)
    for response in (added, refused):  # the page with the service's message, both Korean
        assert not english_literals(response.content.decode(), user_content=user_content())
    assert "조교" in added.content.decode() and "학습자" in refused.content.decode()
    services.sandbox_ensure(user=hamlet, item=item)
    services.submission_create(user=hamlet, item=item)
    ta = client_for(viola, lang="ko")
    a = item.assignment
    for path in (reverse("grading:teach"), reverse("grading:course", args=[a.course_id]),
                 people, reverse("grading:assignment", args=[a.pk]),
                 reverse("grading:extensions", args=[a.pk]),
                 reverse("grading:gradebook", args=[a.pk]),
                 reverse("grading:cell", args=[item.pk, hamlet.pk]),
                 reverse("grading:exercise_edit", args=["grading-demo"])):
        korean_page(ta, path)


class RootLanguageTests:
    def test_accept_language_picks_the_first_lesson(self) -> None:
        ko = client_for(None, lang="ko").get("/")
        en = client_for(None, lang="en-US,en;q=0.9").get("/")
        assert ko.status_code == en.status_code == 302
        assert ko["Location"].startswith("/lessons/ko/")
        assert en["Location"].startswith("/lessons/en/")

    def test_the_cookie_wins_once_a_lesson_set_it(self) -> None:
        client = client_for(None, lang="ko")
        english = client.get("/?lang=en")["Location"]
        page = client.get(english)
        assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
        assert client.get("/")["Location"].startswith("/lessons/en/")  # Accept-Language says ko
        korean = client.get("/?lang=ko")["Location"]
        client.get(korean)
        assert client.get("/")["Location"].startswith("/lessons/ko/")
