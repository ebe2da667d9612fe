"""Practice pages: a lesson's exercise with its own terminal, for anonymous learners too.
Each view parses, finds the learner, calls one service, renders or answers JSON."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from grading import engine_port
from grading.practice import catalog, services
from lessons import selectors as lesson_selectors
from lessons.learners import learner_from_request
from lessons.services import lesson_render

View = Callable[..., HttpResponse]


def in_language(view: View) -> View:
    """The page's language comes from its path (``/grading/practice/<lang>/...``); unknown
    languages and unknown exercises are 404, never a page that pretends."""

    @wraps(view)
    def wrapped(request: HttpRequest, lang: str, exercise_id: str, **kwargs: Any) -> HttpResponse:
        if lang not in lesson_selectors.LANGS:
            raise Http404("no such language")
        with translation.override(lang):
            try:
                return view(request, lang, exercise_id, **kwargs)
            except services.PracticeNotFound as missing:
                raise Http404(f"no exercise {missing}: run `manage.py load_exercises`") from None
            except services.PracticeError as error:
                return JsonResponse({"error": str(error)}, status=400)

    return wrapped


def _answers(request: HttpRequest) -> dict[str, str]:
    """Typed answers of ``answer`` checks, posted as ``answer-<check id>``."""
    return {key[7:]: request.POST.get(key, "") for key in request.POST if key.startswith("answer-")}


def _hints(practice: services.Practice, lang: str) -> list[dict[str, Any]]:
    revealed = set(practice.sandbox.hints_revealed)
    return [
        {**hint, **({"text": engine_port.hint_view(practice.instance, lang, hint["index"])["text"]}
                    if hint["index"] in revealed else {})}
        for hint in engine_port.public_view(practice.instance, lang)["hints"]
    ]


def practice_index(request: HttpRequest, lang: str) -> HttpResponse:
    """Every exercise a learner can practise, by lesson, the "fix a broken Pod" ones apart."""
    if lang not in lesson_selectors.LANGS:
        raise Http404("no such language")
    entries = catalog.practice_entries(lang=lang)
    other = next(code for code in lesson_selectors.LANGS if code != lang)
    with translation.override(lang):
        return render(request, "grading/practice_index.html", {
            "lang": lang, "other_lang": other,
            "other_lang_url": reverse("grading:practice_index", args=[other]),
            "own": [e for e in entries if e.own],
            "more": [e for e in entries if e.lesson is not None and not e.own],
            "other": [e for e in entries if e.lesson is None],
        })


@in_language
def practice_page(request: HttpRequest, lang: str, exercise_id: str) -> HttpResponse:
    practice = services.practice_open(learner=learner_from_request(request),
                                      exercise_id=exercise_id)
    view = engine_port.public_view(practice.instance, lang)
    other = next(code for code in lesson_selectors.LANGS if code != lang)
    sandbox = practice.sandbox
    entry = catalog.entry_for(exercise_id=exercise_id, lang=lang)
    return render(request, "grading/practice.html", {
        "lang": lang, "view": view, "exercise_id": exercise_id,
        "lesson": entry.lesson if entry else None,
        "marks_lesson": bool(entry and entry.own),
        "other_lang": other,
        "other_lang_url": reverse("grading:exercise_practice", args=[other, exercise_id]),
        "text_html": lesson_render(body_md=view["text"], lang=lang),
        "tasks_html": [lesson_render(body_md=task, lang=lang) for task in view["tasks"]],
        "hints": _hints(practice, lang),
        "hidden_points": services.hidden_points(practice.instance),
        "hint_cost": services.hint_cost(sandbox=sandbox, instance=practice.instance),
        "checks_run": sandbox.checks_run,
        "ws_path": f"/ws/terminal/?sandbox={sandbox.token}",
        "state_json": {"titles": {c["id"]: c["title"] for c in view["checks"]}},
    })


@require_POST
@in_language
def practice_check(request: HttpRequest, lang: str, exercise_id: str) -> HttpResponse:
    result = services.practice_check(learner=learner_from_request(request),
                                     exercise_id=exercise_id, lang=lang, answers=_answers(request))
    return JsonResponse({"result": result})


@require_POST
@in_language
def practice_hint(request: HttpRequest, lang: str, exercise_id: str, index: int) -> HttpResponse:
    hint = services.practice_hint(learner=learner_from_request(request),
                                  exercise_id=exercise_id, index=index, lang=lang)
    return JsonResponse({"hint": hint})


@require_POST
@in_language
def practice_solution(request: HttpRequest, lang: str, exercise_id: str) -> HttpResponse:
    solution = services.practice_solution(learner=learner_from_request(request),
                                          exercise_id=exercise_id)
    return JsonResponse({"solution": solution})


@require_POST
@in_language
def practice_reset(request: HttpRequest, lang: str, exercise_id: str) -> HttpResponse:
    services.practice_reset(learner=learner_from_request(request), exercise_id=exercise_id)
    return JsonResponse({"reset": True})
