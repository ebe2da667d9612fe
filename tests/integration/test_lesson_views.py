"""Lesson pages and load_lessons, with a stand-in template (the real one is the frontend's)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from lessons.models import Lesson
from lessons.services import LessonFormatError, lesson_parse

pytestmark = pytest.mark.django_db

STAND_IN = (
    "{{ lesson.title }}|{{ lesson.lang }}|{{ lesson.slug }}|{{ ws_path }}|{{ other_lang_url }}|"
    "{% for l in lessons %}{{ l.slug }},{% endfor %}|{{ lesson.body_html|safe }}"
)


LESSON = """---
title: {title}
order: {order}
slug: {slug}
---
Run `kubectl get pods`:

```bash
kubectl run myweb --image httpd
```
"""


@pytest.fixture(autouse=True)
def stand_in_template(settings: Any, tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "lesson.html").write_text(STAND_IN)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path], "APP_DIRS": False}]
    content = tmp_path / "content"
    for lang, title in (("en", "Your first Pod"), ("ko", "첫 번째 Pod")):
        (content / lang).mkdir(parents=True)
        (content / lang / "01-first-pod.md").write_text(
            LESSON.format(title=title, order=1, slug="first-pod")
        )
        (content / lang / "02-more.md").write_text(
            LESSON.format(title="More", order=2, slug="more")
        )
    call_command("load_lessons", dir=content, stdout=io.StringIO())


def test_load_lessons_loads_shipped_content() -> None:
    call_command("load_lessons", stdout=io.StringIO())
    assert Lesson.objects.filter(lang="ko").exists()
    assert Lesson.objects.filter(lang="en").exists()


def test_load_lessons_loads_both_languages() -> None:
    assert set(Lesson.objects.values_list("lang", "slug")) >= {
        ("en", "first-pod"),
        ("ko", "first-pod"),
    }
    assert "<code" in Lesson.objects.get(lang="en", slug="first-pod").body_html


def test_index_redirects_to_first_korean_lesson_by_default(client: Client) -> None:
    assert client.get("/").headers["Location"] == "/lessons/ko/first-pod/"
    assert client.get("/?lang=en").headers["Location"] == "/lessons/en/first-pod/"
    assert client.get("/?lang=xx").headers["Location"] == "/lessons/ko/first-pod/"


def test_lesson_page_renders_context_and_creates_sandbox(client: Client) -> None:
    response = client.get("/lessons/en/first-pod/")
    title, lang, slug, ws_path, other, slugs, body = response.content.decode().split("|", 6)
    assert (title, lang, slug, ws_path) == ("Your first Pod", "en", "first-pod", "/ws/terminal/")
    assert other == "/lessons/ko/first-pod/"
    assert slugs == "first-pod,more,"
    assert "kubectl run myweb --image httpd" in body
    sandbox_id = client.session["sandbox_id"]
    assert len(sandbox_id) >= 20
    client.get("/lessons/ko/first-pod/")
    assert client.session["sandbox_id"] == sandbox_id  # the same learner keeps the sandbox


def test_lesson_page_of_unknown_lesson_is_404(client: Client) -> None:
    assert client.get("/lessons/en/nope/").status_code == 404


def test_parse_lesson_without_front_matter_raises() -> None:
    with pytest.raises(LessonFormatError, match="missing front matter"):
        lesson_parse(text="# hi\n", lang="en", source="x.md")
    with pytest.raises(LessonFormatError, match="lacks order, slug"):
        lesson_parse(text="---\ntitle: a\n---\nbody", lang="en", source="x.md")
