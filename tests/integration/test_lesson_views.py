"""Lesson pages, progress (anonymous, then claimed at login), next/previous and load_lessons."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from lessons.learners import SESSION_LEARNER_KEY, Learner
from lessons.models import Lesson, Progress
from lessons.services import (
    LessonFormatError,
    lesson_parse,
    progress_claim_for_user,
    progress_mark_done,
)

pytestmark = pytest.mark.django_db

LESSON = """---
title: {title}
order: {order}
slug: {slug}
exercise: {slug}
summary: "{title} <b>summary</b>"
sources:
  - title: Pods (kubernetes.io)
    url: https://kubernetes.io/docs/concepts/workloads/pods/
---
Run `kubectl get pods`:

```console
$ kubectl run myweb --image httpd
pod/myweb created
~ 30s
```

```yaml file=myweb.yaml
kind: Pod
```
"""
TITLES = {"en": ("Your first Pod", "More", "Last"), "ko": ("첫 번째 Pod", "더 보기", "마지막")}


@pytest.fixture(autouse=True)
def lessons(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for lang, titles in TITLES.items():
        (content / lang).mkdir(parents=True)
        for order, (slug, title) in enumerate(
            zip(("first-pod", "more", "last"), titles, strict=True), 1
        ):
            (content / lang / f"0{order}-{slug}.md").write_text(
                LESSON.format(title=title, order=order, slug=slug), encoding="utf-8"
            )
    call_command("load_lessons", dir=content, stdout=io.StringIO())


@pytest.fixture
def hamlet() -> object:
    return get_user_model().objects.create_user("hamlet", password="to-be-or-not")


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def ws_token(html: str) -> str:
    """The lesson's own sandbox token, from the page's socket path."""
    found = re.search(r'data-ws-path="/ws/terminal/\?sandbox=([^"]+)"', html)
    assert found, "the lesson page names no sandbox of its own"
    return found.group(1)


def done_in_list(html: str) -> list[str]:
    """Titles of the lessons the list marks done."""
    return re.findall(r'<li class="is-done" data-done="true">\s*<a [^>]*>([^<]*)</a>', html)


def mark_done(client: Client, lang: str, slug: str) -> None:
    response = client.post(f"/lessons/{lang}/{slug}/done/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/lessons/{lang}/{slug}/#lesson-done"


class LessonPageTests:
    def test_load_lessons_loads_shipped_content_with_front_matter(self) -> None:
        call_command("load_lessons", stdout=io.StringIO())
        lesson = Lesson.objects.get(lang="en", slug="first-pod")
        assert lesson.summary and lesson.exercise == "first-pod"
        assert lesson.sources[0]["url"].startswith("https://kubernetes.io/")
        assert Lesson.objects.filter(lang="ko").count() == Lesson.objects.filter(lang="en").count()

    def test_index_redirects_to_first_korean_lesson_by_default(self, client: Client) -> None:
        assert client.get("/").headers["Location"] == "/lessons/ko/first-pod/"
        assert client.get("/?lang=en").headers["Location"] == "/lessons/en/first-pod/"
        assert client.get("/?lang=xx").headers["Location"] == "/lessons/ko/first-pod/"

    def test_lesson_page_renders_widgets_summary_sources_and_keeps_sandbox(
        self, client: Client
    ) -> None:
        html = page(client, "/lessons/en/first-pod/")
        assert "<h1>Your first Pod</h1>" in html
        assert '<p class="lesson-summary">Your first Pod &lt;b&gt;summary&lt;/b&gt;</p>' in html
        assert 'data-run="kubectl run myweb --image httpd"' in html
        assert "Wait about 30 s" in html and 'data-open-file="myweb.yaml"' in html
        assert '<h2 id="sources-title">Sources</h2>' in html
        assert 'href="https://kubernetes.io/docs/concepts/workloads/pods/"' in html
        token = ws_token(html)
        # The same learner keeps the lesson's sandbox, in either language...
        assert ws_token(page(client, "/lessons/ko/first-pod/")) == token
        # ...and every other lesson has a cluster of its own; another learner has their own.
        assert ws_token(page(client, "/lessons/en/more/")) != token
        assert ws_token(page(Client(), "/lessons/en/first-pod/")) != token
        assert 'id="lesson-own-cluster"' in html

    def test_lesson_page_in_korean_uses_korean_labels(self, client: Client) -> None:
        html = page(client, "/lessons/ko/more/")
        assert '<h2 id="sources-title">출처</h2>' in html
        assert ">완료로 표시</button>" in html and "30초 정도 기다리세요" in html
        assert "본문으로 건너뛰기" in html

    def test_lesson_page_of_unknown_lesson_is_404(self, client: Client) -> None:
        assert client.get("/lessons/en/nope/").status_code == 404
        assert client.post("/lessons/en/nope/done/").status_code == 404

    def test_language_switch_links_the_same_lesson(self, client: Client) -> None:
        html = page(client, "/lessons/en/more/")
        assert re.search(r'id="lang-switch" [^>]*href="/lessons/ko/more/" hreflang="ko"', html)
        html = page(client, "/lessons/ko/more/")
        assert re.search(r'id="lang-switch" [^>]*href="/lessons/en/more/" hreflang="en"', html)

    def test_next_and_previous_follow_the_order(self, client: Client) -> None:
        first = page(client, "/lessons/en/first-pod/")
        assert 'rel="prev"' not in first
        assert 'id="next-lesson" href="/lessons/en/more/">Next: More →' in first
        middle = page(client, "/lessons/ko/more/")
        assert 'id="prev-lesson" href="/lessons/ko/first-pod/">← 이전: 첫 번째 Pod' in middle
        assert 'id="next-lesson" href="/lessons/ko/last/">다음: 마지막 →' in middle
        assert 'rel="next"' not in page(client, "/lessons/en/last/")

    def test_exercise_link_opens_the_practice_page(self, client: Client) -> None:
        html = page(client, "/lessons/ko/first-pod/")
        assert 'id="exercise-link" href="/grading/practice/ko/first-pod/"' in html
        assert "곧 열립니다" not in html


class ProgressTests:
    def test_mark_done_needs_post_and_csrf(self, client: Client) -> None:
        assert client.get("/lessons/en/more/done/").status_code == 405
        strict = Client(enforce_csrf_checks=True)
        assert strict.post("/lessons/en/more/done/").status_code == 403
        assert not Progress.objects.exists()

    def test_mark_done_shows_marks_in_both_languages(self, client: Client) -> None:
        html = page(client, "/lessons/en/more/")
        assert 'id="mark-done"' in html and done_in_list(html) == []
        mark_done(client, "en", "more")
        html = page(client, "/lessons/en/more/")
        assert 'id="mark-done"' not in html and "You finished this lesson." in html
        assert done_in_list(html) == ["More"] and "(1/3 done)" in html
        assert done_in_list(page(client, "/lessons/ko/first-pod/")) == ["더 보기"]
        mark_done(client, "en", "more")  # twice is still one record
        assert Progress.objects.count() == 1

    def test_progress_is_per_learner(self, client: Client) -> None:
        mark_done(client, "en", "more")
        assert done_in_list(page(Client(), "/lessons/en/more/")) == []

    def test_login_claims_anonymous_progress(self, client: Client, hamlet: User) -> None:
        mark_done(client, "en", "first-pod")
        mark_done(client, "ko", "more")
        client.force_login(hamlet)  # sends user_logged_in, as the login view does
        assert set(Progress.objects.values_list("user__username", "session_key")) == {
            ("hamlet", "")
        }
        html = page(client, "/lessons/en/last/")
        assert done_in_list(html) == ["Your first Pod", "More"]
        other_browser = Client()
        other_browser.force_login(hamlet)
        assert done_in_list(page(other_browser, "/lessons/ko/last/")) == ["첫 번째 Pod", "더 보기"]

    def test_claim_keeps_the_users_own_record(self, hamlet: User) -> None:
        lesson = Lesson.objects.get(lang="en", slug="more")
        mine = progress_mark_done(learner=Learner(user=hamlet), lesson=lesson)
        progress_mark_done(learner=Learner(user=None, session_key="k1"), lesson=lesson)
        first = Lesson.objects.get(lang="en", slug="first-pod")
        progress_mark_done(learner=Learner(user=None, session_key="k1"), lesson=first)
        assert progress_claim_for_user(session_key="k1", user=hamlet) == 1
        assert Progress.objects.get(lesson_slug="more") == mine
        assert Progress.objects.filter(user=hamlet).count() == 2
        assert progress_claim_for_user(session_key="", user=hamlet) == 0

    def test_passing_the_exercise_marks_done(self, client: Client) -> None:
        page(client, "/lessons/en/last/")
        key = client.session[SESSION_LEARNER_KEY]
        lesson = Lesson.objects.get(lang="ko", slug="last")
        progress_mark_done(
            learner=Learner(user=None, session_key=key), lesson=lesson, how=Progress.How.EXERCISE
        )
        assert done_in_list(page(client, "/lessons/en/last/")) == ["Last"]
        assert Progress.objects.get().how == Progress.How.EXERCISE


def test_parse_lesson_without_front_matter_raises() -> None:
    with pytest.raises(LessonFormatError, match="missing front matter"):
        lesson_parse(text="# hi\n", lang="en", source="x.md")
    with pytest.raises(LessonFormatError, match="lacks order, slug"):
        lesson_parse(text="---\ntitle: a\n---\nbody", lang="en", source="x.md")
    bad = "---\ntitle: a\norder: 1\nslug: a\nsources:\n  - url: javascript:x\n---\nbody"
    with pytest.raises(LessonFormatError, match="source url must be http"):
        lesson_parse(text=bad, lang="en", source="x.md")
