"""Lesson pages: the root redirects to the first lesson; a lesson page carries the terminal of
the lesson's own sandbox and links the lesson's exercise (practised in grading.practice)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from grading.practice import catalog as practice_catalog
from lessons import selectors, understanding
from lessons.learners import learner_from_request
from lessons.models import Lesson, PracticeSandbox
from lessons.services import practice_sandbox_ensure, progress_mark_done
from playground import sandboxes
from playground.sandboxes import sandbox_ensure_id


def index(request: HttpRequest) -> HttpResponse:
    """The first lesson in the learner's language: ``?lang=`` when given, else what
    LocaleMiddleware chose (the language cookie a lesson page sets, then Accept-Language, then
    LANGUAGE_CODE)."""
    lang = request.GET.get("lang", "")
    if lang not in selectors.LANGS:
        lang = translation.get_supported_language_variant(request.LANGUAGE_CODE)[:2]
    if lang not in selectors.LANGS:
        lang = selectors.DEFAULT_LANG
    lesson = selectors.lesson_first(lang=lang)
    if lesson is None:
        raise Http404("no lessons loaded: run `manage.py load_lessons`")
    return HttpResponseRedirect(reverse("lesson", args=[lesson.lang, lesson.slug]))


def remember_language(response: HttpResponse, lang: str) -> HttpResponse:
    """The language of the page the learner reads becomes their choice for ``/`` and the pages
    that carry no language of their own (log-in, grading): Django's language cookie."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, lang, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY)
    return response


def exercise_url(*, lesson: Lesson) -> str | None:
    """The practice page of the lesson's exercise (None for a lesson that names none). A name
    the practice page cannot open is a 404 there, which the lesson walk test reports."""
    if not lesson.exercise:
        return None
    return reverse("grading:exercise_practice", args=[lesson.lang, lesson.exercise])


def inline_code(text: str) -> str:
    """Short Markdown with `code` spans as HTML, everything else escaped."""
    parts = escape(text).split("`")
    return mark_safe("".join(  # noqa: S308 (escaped above; only <code> is added)
        f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts)))


def body_with_checks(request: HttpRequest, lesson: Lesson) -> str:
    """The lesson's HTML with its checks for understanding after the sections they follow."""
    html = lesson.body_html
    groups: dict[int, list[dict[str, str]]] = {}
    for offset, check in understanding.placements(
            html, understanding.checks_for(lesson.slug), lesson.lang):
        groups.setdefault(offset, []).append(
            {"id": check.id, "prompt": inline_code(check.text("prompt", lesson.lang))})
    parts, last = [], 0
    for offset, checks in sorted(groups.items()):
        parts += [html[last:offset], render_to_string("lessons/_understanding.html", {
            "checks": checks, "lang": lesson.lang, "slug": lesson.slug}, request=request)]
        last = offset
    return "".join([*parts, html[last:]])


def lesson_detail(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    lesson = selectors.lesson_get(lang=lang, slug=slug)
    if lesson is None:
        raise Http404("no such lesson")
    # The session's own sandbox stays for sockets that name none (bench, protocol tests).
    sandbox_ensure_id(request.session)
    learner = learner_from_request(request)
    # Each lesson runs in a cluster of its own, fresh as the lesson's blocks expect (they are
    # replayed from a fresh sandbox in the tests), whatever earlier lessons left behind.
    sandbox = practice_sandbox_ensure(
        learner=learner, kind=PracticeSandbox.Kind.LESSON, name=lesson.slug
    )
    done = selectors.progress_done_slugs(learner=learner)
    other = selectors.lesson_other_lang(lesson=lesson)
    previous, following = selectors.lesson_neighbours(lesson=lesson)
    lessons = list(selectors.lesson_list(lang=lang))
    context = {
        "lesson": lesson,
        "lessons": lessons,
        "done_slugs": done,
        "done_count": sum(1 for item in lessons if item.slug in done),
        "is_done": lesson.slug in done,
        "previous": previous,
        "next": following,
        "other_lang": other,
        "other_lang_url": reverse("lesson", args=[other.lang, other.slug]) if other else None,
        "exercise_url": exercise_url(lesson=lesson),
        "more_practice": practice_catalog.more_practice(lesson=lesson),
        "practice_index_url": reverse("grading:practice_index", args=[lesson.lang]),
        "ws_path": f"/ws/terminal/?sandbox={sandbox.token}",
    }
    # The page's language, not the browser's, for the shared templates (account bar, skip link).
    with translation.override(lesson.lang):
        context["body_html"] = body_with_checks(request, lesson)
        response = render(request, "lessons/lesson.html", context)
    return remember_language(response, lesson.lang)


@require_POST
def lesson_done(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    """The "Mark as done" button: record it and go back to the lesson's end."""
    lesson = selectors.lesson_get(lang=lang, slug=slug)
    if lesson is None:
        raise Http404("no such lesson")
    progress_mark_done(learner=learner_from_request(request), lesson=lesson)
    return HttpResponseRedirect(reverse("lesson", args=[lang, slug]) + "#lesson-done")


def _store() -> Any:
    # The product's Redis store; tests replace this function with a MemoryStore.
    return sandboxes.sandbox_store()


@require_POST
def lesson_understanding(request: HttpRequest, lang: str, slug: str, check_id: str) -> HttpResponse:
    """One check for understanding: the typed ``answer`` against the learner's lesson cluster
    as it is now. Answers ``{"correct", "message"}``; nothing is stored."""
    lesson = selectors.lesson_get(lang=lang, slug=slug)
    check = understanding.check_get(slug, check_id) if lesson is not None else None
    if lesson is None or check is None:
        raise Http404("no such check")
    row = selectors.practice_sandbox_get(
        learner=learner_from_request(request), kind=PracticeSandbox.Kind.LESSON, name=slug)
    state = _store().load(row.sandbox_id) if row is not None else None
    result = understanding.verdict(check, state, request.POST.get("answer", ""), lang)
    return JsonResponse({"correct": result.correct, "message": result.message})
