"""Lesson pages: the root redirects to the first lesson; a lesson page carries the terminal."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from lessons import selectors
from playground.terminal.services import sandbox_ensure_id


def index(request: HttpRequest) -> HttpResponse:
    lang = request.GET.get("lang", selectors.DEFAULT_LANG)
    if lang not in selectors.LANGS:
        lang = selectors.DEFAULT_LANG
    lesson = selectors.lesson_first(lang=lang)
    if lesson is None:
        raise Http404("no lessons loaded: run `manage.py load_lessons`")
    return HttpResponseRedirect(reverse("lesson", args=[lesson.lang, lesson.slug]))


def lesson_detail(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    lesson = selectors.lesson_get(lang=lang, slug=slug)
    if lesson is None:
        raise Http404("no such lesson")
    sandbox_ensure_id(request.session)
    other = selectors.lesson_other_lang(lesson=lesson)
    context = {
        "lesson": lesson,
        "lessons": list(selectors.lesson_list(lang=lang)),
        "other_lang_url": reverse("lesson", args=[other.lang, other.slug]) if other else None,
        "ws_path": "/ws/terminal/",
    }
    return render(request, "lessons/lesson.html", context)
