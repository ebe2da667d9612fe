"""Grading pages: sign-up, courses, the exercise page (terminal + Check/Submit), authoring,
assignments and the gradebook. Each view parses, checks access, calls one service, renders."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.db.models import Prefetch
from django.forms.models import model_to_dict
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from grading import (
    access,
    authoring,
    deadlines,
    engine_port,
    learner_grade,
    selectors,
    services,
    submissions,
)
from grading.forms import (
    AssignmentForm,
    CourseForm,
    CourseZoneForm,
    ExerciseImportForm,
    ExerciseTextForm,
    ExtensionForm,
    ItemForm,
    OverrideForm,
    SignupForm,
)
from grading.guards import (
    in_course_zone,
    instructor_required,
    mine_or_404,
    require_course,
    staff_required,
)
from grading.http import AuthenticatedHttpRequest
from grading.models import Regrade, Submission, default_time_zone
from lessons.services import lesson_render

TEACH = access.CourseAction.TEACH


def _answers(request: HttpRequest) -> dict[str, str]:
    """Typed answers of ``answer`` checks, posted as ``answer-<check id>``."""
    return {key[7:]: request.POST.get(key, "") for key in request.POST if key.startswith("answer-")}


def _lang(request: HttpRequest) -> str:
    # ?lang= (the page's switch) first, else the browser's language (LocaleMiddleware).
    lang = request.GET.get("lang") or request.POST.get("lang") or request.LANGUAGE_CODE[:2]
    return lang if lang in ("ko", "en") else "en"


# ----- accounts and learners -----


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Several backends (django-axes first): name the one that holds the new account.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("grading:home")
        return HttpResponseRedirect(target)
    return render(request, "registration/signup.html", {"form": form})


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    assignments = list(selectors.assignment_list_for_learner(user=user))
    own = deadlines.assignment_dues_for(user=user)
    for assignment in assignments:  # the learner's own due date: an extension if they have one
        assignment.learner_due_at = own.get(assignment.pk, assignment.due_at)  # type: ignore[attr-defined]
    return render(request, "grading/home.html", {
        "assignments": assignments,
        "is_instructor": access.user_is_staff(user=user),  # a TA's account too
        # Each course labelled with the user's role in it (a TA is not told "instructor").
        "staff_courses": selectors.course_list_staffed(user=user),
    })


@login_required
def course_join(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            joined = services.course_join(token=token, user=request.user)
        except services.GradingError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("grading:home"))
        messages.success(request, _("You joined %(course)s.") % {"course": joined.name})
        return HttpResponseRedirect(reverse("grading:home"))
    course = selectors.Course.objects.filter(join_token=token).first()
    if course is None:
        raise Http404("no such course")
    return render(request, "grading/join.html", {"course": course})


def _learner_item(request: AuthenticatedHttpRequest, item_id: int) -> Any:
    item = selectors.item_get_for_learner(user=request.user, item_id=item_id)
    if item is None:
        raise Http404("no such exercise in your courses")
    return item


@login_required
def item_page(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = _learner_item(request, item_id)
    lang = _lang(request)
    sandbox = services.sandbox_ensure(user=request.user, item=item)
    instance = engine_port.instance_for(item.exercise.yaml_text, sandbox.seed)
    passed = deadlines.reveal_passed(item=item)
    view = engine_port.public_view(instance, lang, due_passed=passed)
    revealed = [engine_port.hint_view(instance, lang, h.index)
                for h in selectors.hint_reveal_list(user=request.user, item=item)]
    with translation.override(lang):
        subs = [services.submission_learner_view(submission=s)
                for s in selectors.submission_list(user=request.user, item=item)]
        grade = learner_grade.summary_for(user=request.user, item=item)
        state = {"submissions": subs, "hints": revealed, "i18n": _submission_strings(),
                 "titles": {c["id"]: c["title"] for c in view["checks"]}}
    context = {
        "item": item, "view": view, "lang": lang,
        "due_at": deadlines.due_for(user=request.user, item=item), "grade": grade,
        "text_html": lesson_render(body_md=view["text"]),
        "tasks_html": [lesson_render(body_md=t) for t in view["tasks"]],
        "ws_path": f"/ws/terminal/?sandbox={sandbox.token}",
        "state_json": state,
    }
    # The page's language (?lang=, the page's switch) for its template words too.
    with translation.override(lang):
        return render(request, "grading/exercise.html", context)


def _submission_strings() -> dict[str, str]:
    """What the page's script says about a submission, in the active language (gettext)."""
    return {
        "grading": _("grading…"),
        "failed": _("grading failed"),
        "retry": _("Retry"),
        "retrying": _("Queued again…"),
        "offline": _("Cannot reach the server; trying again…"),
        "unavailable": _("The server could not be reached. Try again in a moment."),
        "passed": _("passed"),
        "attempt": _("Attempt"),
        "points": _("points"),
        "late": _("late penalty"),
        "visible": _("Visible checks"),
        "hidden": _("Hidden checks: {score} of {points} points."),
        "withheld": _("points are shown after the due date"),
        "checking": _("Checking…"),
        "check": pgettext("the heading of a check's results", "Check"),
    }


@login_required
@require_POST
def item_check(request: AuthenticatedHttpRequest, item_id: int) -> JsonResponse:
    item = _learner_item(request, item_id)
    try:
        result = services.exercise_check(user=request.user, item=item, lang=_lang(request),
                                         answers=_answers(request))
    except services.GradingError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"result": result})


@login_required
@require_POST
def item_submit(request: AuthenticatedHttpRequest, item_id: int) -> JsonResponse:
    item = _learner_item(request, item_id)
    try:
        submission = services.submission_create(user=request.user, item=item,
                                                lang=_lang(request), answers=_answers(request))
    except services.GradingError as error:
        return JsonResponse({"error": str(error)}, status=400)
    except OperationalError:  # the database stayed busy past its timeout: nothing was stored
        with translation.override(_lang(request)):
            return JsonResponse({"error": _("The server is busy and did not record this "
                                            "submission. Press Submit again.")}, status=503)
    return JsonResponse({"submission": services.submission_learner_view(submission=submission)})


@login_required
def submission_status(request: AuthenticatedHttpRequest, submission_id: int) -> JsonResponse:
    submission = get_object_or_404(Submission, pk=submission_id, user=request.user)
    with translation.override(_lang(request)):
        grade = learner_grade.summary_for(user=request.user, item=submission.item)
        return JsonResponse({"submission": services.submission_learner_view(
            submission=submission), "grade": grade})


@login_required
@require_POST
def submission_retry(request: AuthenticatedHttpRequest, submission_id: int) -> JsonResponse:
    with translation.override(_lang(request)):
        try:
            submission = submissions.submission_retry(submission_id=submission_id,
                                                      user=request.user)
        except submissions.SubmissionError as error:
            return JsonResponse({"error": str(error)}, status=400)
        return JsonResponse({"submission": services.submission_learner_view(
            submission=submission)})


@login_required
@require_POST
def item_hint(request: AuthenticatedHttpRequest, item_id: int, index: int) -> JsonResponse:
    item = _learner_item(request, item_id)
    try:
        hint = services.hint_reveal(user=request.user, item=item, index=index, lang=_lang(request))
    except services.GradingError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"hint": hint})


@login_required
@require_POST
def item_reset(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = _learner_item(request, item_id)
    sandbox = services.sandbox_ensure(user=request.user, item=item)
    services.sandbox_reset(sandbox=sandbox)
    messages.info(request, _("The exercise was reset to its starting state."))
    return HttpResponseRedirect(reverse("grading:item", args=[item.pk]))


# ----- instructors: courses and assignments -----


@staff_required
def teach(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The courses the user has a role in; for an instructor account also the course form and
    the exercises they may use (a TA's account has neither)."""
    can_author = access.user_can_author(user=request.user)
    if request.method == "POST" and not can_author:
        raise PermissionDenied("instructors only")
    form = CourseForm(request.POST or None, initial={"time_zone": _suggested_zone(request)})
    if request.method == "POST" and form.is_valid():
        course = services.course_create(name=form.cleaned_data["name"], instructor=request.user,
                                        time_zone=form.cleaned_data["time_zone"])
        messages.success(request, _("Course %(course)s created.") % {"course": course.name})
        return HttpResponseRedirect(reverse("grading:course", args=[course.pk]))
    return render(request, "grading/teach.html", {
        "courses": selectors.course_list_staffed(user=request.user), "can_author": can_author,
        "exercises": access.exercise_latest_usable(user=request.user) if can_author else [],
        "form": form,
    })


def _suggested_zone(request: HttpRequest) -> str:
    # A Korean class is in Seoul unless the site says otherwise.
    configured = getattr(settings, "GRADING_DEFAULT_TIME_ZONE", "")
    if not configured and request.LANGUAGE_CODE.startswith("ko"):
        return "Asia/Seoul"
    return default_time_zone()


@staff_required
@in_course_zone
def course_detail(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = mine_or_404(
        selectors.course_get_staffed(user=request.user, course_id=course_id), "courses"
    )
    if request.method == "POST":
        require_course(request, course, TEACH)
    if request.method == "POST" and "zone-time_zone" in request.POST:
        return _course_zone_set(request, course)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assignment = services.assignment_create(course=course, **form.cleaned_data)
        messages.success(request, _("Assignment %(title)s created.") % {"title": assignment.title})
        return HttpResponseRedirect(reverse("grading:assignment", args=[assignment.pk]))
    join_url = request.build_absolute_uri(reverse("grading:join", args=[course.join_token]))
    return render(request, "grading/course.html", {
        "course": course, "form": form, "join_url": join_url,
        "can": access.course_abilities(user=request.user, course=course),
        "people": selectors.course_people(course=course),
        "zone_form": CourseZoneForm(prefix="zone", initial={"time_zone": course.time_zone})})


def _course_zone_set(request: AuthenticatedHttpRequest, course: Any) -> HttpResponse:
    form = CourseZoneForm(request.POST, prefix="zone")
    if form.is_valid():
        deadlines.course_time_zone_set(course=course, name=form.cleaned_data["time_zone"])
        messages.success(request, _("Time zone saved."))
    else:
        for error in form.errors.get("time_zone", []):
            messages.error(request, str(error))
    return HttpResponseRedirect(reverse("grading:course", args=[course.pk]))


@staff_required
@in_course_zone
def assignment_detail(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _staffed_assignment(request, assignment_id)
    if request.method == "POST":
        require_course(request, assignment.course, TEACH)
    editing = request.method == "POST" and "settings-title" in request.POST
    form = ItemForm(request.POST if request.method == "POST" and not editing else None,
                    exercises=access.exercise_latest_usable(user=request.user))
    settings_form = AssignmentForm(request.POST if editing else None, prefix="settings",
                                   initial=model_to_dict(assignment))
    if editing and settings_form.is_valid():
        services.assignment_update(assignment=assignment, **settings_form.cleaned_data)
        messages.success(request, _("Assignment settings saved."))
        return HttpResponseRedirect(reverse("grading:assignment", args=[assignment.pk]))
    if form.is_bound and form.is_valid():
        services.assignment_item_add(assignment=assignment, **form.cleaned_data)
        messages.success(request, _("Exercise added."))
        return HttpResponseRedirect(reverse("grading:assignment", args=[assignment.pk]))
    return render(request, "grading/assignment.html", {
        "assignment": assignment, "form": form, "settings_form": settings_form,
        "can": access.course_abilities(user=request.user, course=assignment.course)})


# ----- instructors: gradebook -----


def _staffed_assignment(request: AuthenticatedHttpRequest, assignment_id: int) -> Any:
    assignment = mine_or_404(
        selectors.assignment_get_staffed(user=request.user, assignment_id=assignment_id),
        "assignments",
    )
    return assignment


@staff_required
@in_course_zone
def assignment_extensions(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    """Per-learner due dates of an assignment (or one of its exercises), in the course's zone."""
    assignment = _staffed_assignment(request, assignment_id)
    if request.method == "POST":
        require_course(request, assignment.course, TEACH)
    form = ExtensionForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            deadlines.extension_set(assignment=assignment, by=request.user, **form.cleaned_data)
        except deadlines.DeadlineError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Extension saved."))
            return HttpResponseRedirect(reverse("grading:extensions", args=[assignment.pk]))
    return render(request, "grading/extensions.html", {
        "assignment": assignment, "form": form,
        "can": access.course_abilities(user=request.user, course=assignment.course),
        "extensions": assignment.extensions.select_related("user", "item__exercise", "by")})


@staff_required
@in_course_zone
def gradebook(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _staffed_assignment(request, assignment_id)
    book = selectors.gradebook_get(assignment=assignment,
                                   exercise_id=request.GET.get("exercise", ""),
                                   status=request.GET.get("status", ""))
    return render(request, "grading/gradebook.html", {
        "book": book, "assignment": assignment,
        "exercise_ids": sorted({i.exercise.exercise_id for i in assignment.items.all()}),
        "statuses": ["missing", "pending", "graded", "error", "overridden"],
        "filters": {"exercise": request.GET.get("exercise", ""),
                    "status": request.GET.get("status", "")},
        "can": access.course_abilities(user=request.user, course=assignment.course),
    })


@staff_required
def gradebook_csv(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _staffed_assignment(request, assignment_id)
    require_course(request, assignment.course, access.CourseAction.EXPORT_GRADES)
    shape = "long" if request.GET.get("shape") == "long" else "wide"
    book = selectors.gradebook_get(assignment=assignment,
                                   exercise_id=request.GET.get("exercise", ""),
                                   status=request.GET.get("status", ""))
    response = HttpResponse(selectors.gradebook_csv(book=book, shape=shape),
                            content_type="text/csv; charset=utf-8")
    name = f"gradebook-{assignment.pk}-{shape}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_required
@in_course_zone
def cell_detail(request: AuthenticatedHttpRequest, item_id: int, user_id: int) -> HttpResponse:
    item = selectors.item_get_staffed(user=request.user, item_id=item_id)
    learner = item.assignment.course.learners.filter(pk=user_id).first() if item else None
    if item is None or learner is None:
        raise Http404("no such learner in this assignment")
    if request.method == "POST":
        require_course(request, item.assignment.course, TEACH)
    if request.method == "POST" and "undo" in request.POST:
        try:
            services.grade_override_undo(user=learner, item=item, by=request.user)
        except services.GradingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The manual grade was undone."))
        return HttpResponseRedirect(request.path)
    form = OverrideForm(request.POST or None, max_points=float(item.points))
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_override(user=learner, item=item, by=request.user,
                                    **form.cleaned_data)
        except services.GradingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Manual grade saved."))
            return HttpResponseRedirect(request.path)
    return render(request, "grading/cell.html", {
        "item": item, "learner": learner, "form": form,
        # Regrades written, not previews nobody confirmed.
        "submissions": selectors.submission_list(user=learner, item=item).prefetch_related(
            Prefetch("regrades", queryset=Regrade.objects.filter(applied=True).select_related(
                "old_exercise", "new_exercise"))),
        "overrides": selectors.override_list(item=item).filter(user=learner),
        "grade": learner_grade.grade_for(user=learner, item=item),
        "can": access.course_abilities(user=request.user, course=item.assignment.course),
    })


# ----- instructors: exercise authoring -----


@staff_required
def exercise_edit(request: AuthenticatedHttpRequest, exercise_id: str = "") -> HttpResponse:
    """Write a new exercise or a version of one's own; read (hidden checks and solution
    included) one used in a course the user has a role in, a TA's too."""
    if (request.method == "POST" or not exercise_id) \
            and not access.user_can_author(user=request.user):
        raise PermissionDenied("instructors only")
    current = selectors.exercise_get_latest(exercise_id=exercise_id) if exercise_id else None
    if exercise_id and (current is None or not access.exercise_can_read(
            user=request.user, exercise_id=exercise_id)):
        raise Http404("no such exercise")
    can_save = access.user_can_author(user=request.user) and (
        access.exercise_can_save(user=request.user, exercise_id=exercise_id)
        if exercise_id else True)
    # A new exercise's draft is kept under the id its text names (?draft=, the author's own).
    draft_key = exercise_id or request.GET.get("draft", "")
    draft = services.exercise_draft_get(user=request.user, exercise_id=draft_key) \
        if can_save else None
    # A draft first, else the latest version; a new exercise starts from a working example.
    start = draft.yaml_text if draft else (current.yaml_text if current
                                           else authoring.exercise_template())
    form = ExerciseTextForm(request.POST or None, initial={"yaml_text": start})
    errors: list[str] = []
    if request.method == "POST" and can_save and form.is_valid() and "save-draft" in request.POST:
        return _exercise_draft_save(request, form.cleaned_data["yaml_text"], exercise_id)
    if request.method == "POST" and "discard-draft" in request.POST and draft is not None:
        draft.delete()
        messages.success(request, _("Draft discarded."))
        return HttpResponseRedirect(request.path)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.exercise_save(text=form.cleaned_data["yaml_text"], user=request.user)
        except services.ExerciseLintError as error:  # the lint's problems, each once
            errors = [str(error), *error.problems]
        except services.GradingError as error:
            errors = [str(error)]
        except engine_port.exercise_error() as error:
            errors = list(getattr(error, "problems", [str(error)]))
        else:
            services.exercise_drafts_clear(user=request.user, exercise_id=saved.exercise_id)
            messages.success(request, _("Saved %(id)s version %(version)s.") % {
                "id": saved.exercise_id, "version": saved.version})
            return HttpResponseRedirect(reverse("grading:exercise_edit", args=[saved.exercise_id]))
    return render(request, "grading/exercise_edit.html", {
        "form": form, "current": current, "errors": errors, "draft": draft,
        "versions": selectors.exercise_versions(exercise_id=exercise_id) if current else [],
        "can_save": can_save, "import_form": ExerciseImportForm(),
        "can_author": access.user_can_author(user=request.user),
        "can_export": bool(current) and access.exercise_can_export(user=request.user,
                                                                    exercise_id=exercise_id),
        "new_drafts": [] if exercise_id else services.exercise_drafts_new(user=request.user),
    })


def _exercise_draft_save(request: AuthenticatedHttpRequest, text: str,
                         exercise_id: str) -> HttpResponse:
    try:
        draft = services.exercise_draft_save(text=text, user=request.user,
                                             exercise_id=exercise_id)
    except services.GradingError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(request.path)
    messages.success(request, _("Draft saved. It is not published: learners and assignments "
                                "keep the saved versions until Save passes the lint."))
    if draft.exercise_id and exercise_id and draft.exercise_id == exercise_id:
        return HttpResponseRedirect(reverse("grading:exercise_edit", args=[exercise_id]))
    return HttpResponseRedirect(reverse("grading:exercise_new") + (
        f"?draft={draft.exercise_id}" if draft.exercise_id else ""))


def exercise_format(request: HttpRequest) -> HttpResponse:
    """The exercise format's documentation, in the page's language (public: it is in the
    repository too)."""
    lang = _lang(request)
    html = lesson_render(body_md=authoring.exercise_format_markdown(lang), lang=lang)
    with translation.override(lang):
        return render(request, "grading/exercise_format.html", {"html": html, "lang": lang})


def _posted_text(request: HttpRequest) -> str:
    if request.content_type == "application/json":
        return str(json.loads(request.body or b"{}").get("yaml_text", ""))
    return request.POST.get("yaml_text", "")


@staff_required  # the read-only page previews too; nothing is written
@require_POST
def exercise_preview(request: AuthenticatedHttpRequest) -> JsonResponse:
    preview = services.exercise_preview(text=_posted_text(request), lang=_lang(request))
    view = preview.view
    html = "" if view is None else lesson_render(body_md=view["text"])
    return JsonResponse({"errors": preview.errors, "view": view, "html": html})


@staff_required
@require_POST
def exercise_test(request: AuthenticatedHttpRequest) -> JsonResponse:
    problems = services.exercise_test(text=_posted_text(request))
    return JsonResponse({"ok": not problems, "problems": problems})


@instructor_required
@require_POST
def exercise_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ExerciseImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an exercise file to import."))
        return HttpResponseRedirect(reverse("grading:exercise_new"))
    upload = form.cleaned_data["file"]
    try:
        saved = services.exercise_save(text=upload.read().decode("utf-8"), user=request.user,
                                       source=upload.name)
    except (engine_port.exercise_error(), services.GradingError, UnicodeDecodeError) as error:
        lint = error.problems if isinstance(error, services.ExerciseLintError) else []
        detail = " ".join([str(error), *lint])
        messages.error(request, _("Import failed: %(error)s") % {"error": detail})
        return HttpResponseRedirect(reverse("grading:exercise_new"))
    messages.success(request, _("Imported %(id)s version %(version)s.") % {
        "id": saved.exercise_id, "version": saved.version})
    return HttpResponseRedirect(reverse("grading:exercise_edit", args=[saved.exercise_id]))


@instructor_required
def exercise_export(request: AuthenticatedHttpRequest, exercise_id: str) -> HttpResponse:
    exercise = selectors.exercise_get_latest(exercise_id=exercise_id)
    if exercise is None or not access.exercise_can_export(user=request.user,
                                                          exercise_id=exercise_id):
        raise Http404("no such exercise")
    response = HttpResponse(exercise.yaml_text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exercise.exercise_id}.yaml"'
    return response
