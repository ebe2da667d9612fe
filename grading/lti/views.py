"""LTI pages: the platform's OIDC login and launch (cross-site POSTs, so no CSRF token: the
state cookie, nonce and id_token signature are the check), the tool's JWKS, the Deep Linking
picker, the roster sync and "send scores again" buttons for the course's instructors."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from grading import access, selectors
from grading.guards import mine_or_404
from grading.http import AuthenticatedHttpRequest
from grading.lti import adapter, passback, services
from grading.models import Course

DEEP_LINK_SESSION = "lti_deep_link"


def _refused(request: HttpRequest, reason: str, status: int = 400, *,
             detail: object = "") -> HttpResponse:
    """The page a refused launch lands on: what happened in the page's language, and the
    libraries' technical reason as it is (for whoever reads it to the operator)."""
    return render(request, "grading/lti/refused.html", {"reason": reason, "detail": str(detail)},
                  status=status)


def _origin(url: str) -> str:
    """scheme://host[:port] of a platform URL, for a CSP source (nothing else of it can reach
    the header: a ';' in a path would start a directive)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not re.fullmatch(r"[A-Za-z0-9.\-:\[\]]+",
                                                                   parts.netloc):
        raise Http404("no valid return address")
    return f"{parts.scheme}://{parts.netloc}"


def _launch_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("grading:lti_launch"))


def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(adapter.tool_jwks())


@csrf_exempt
def oidc_login(request: HttpRequest, registration_uuid: str) -> HttpResponse:
    try:
        return adapter.oidc_login(request, registration_uuid=registration_uuid,
                                  launch_url=_launch_url(request))
    except adapter.LaunchRefused as error:
        return _refused(request, _("The LMS log-in was refused."), detail=error)


@csrf_exempt
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    try:
        facts = adapter.launch_validate(request)
    except adapter.LaunchRefused as error:
        return _refused(request, _("The launch from the LMS was refused."), detail=error)
    try:
        user = services.user_for_launch(facts)
        course = services.course_for_launch(facts, user)
        # A fresh session for the platform's user (whoever was signed in here before).
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # What the user may do here is their role in this course (the People page's word
        # over the LMS's), not the launch's claims.
        role = access.course_role_of(user=user, course=course)
        if facts.kind == "deep_link":
            if not access.course_can(user=user, course=course,
                                     action=access.CourseAction.TEACH):
                return _refused(request, _("Only instructors choose content."), status=403)
            assert facts.deep_link is not None
            request.session[DEEP_LINK_SESSION] = {
                "course": course.pk, "registration": facts.deep_link.registration_pk,
                "deployment": facts.deep_link.deployment_id,
                "return_url": facts.deep_link.return_url, "data": facts.deep_link.data}
            return HttpResponseRedirect(reverse("grading:lti_deep_link"))
        assignment = services.assignment_for_launch(facts, course)
    except services.LtiError as error:
        return _refused(request, str(error))
    if role is not None:  # staff of the course, a TA too: the assignment's teach page
        return HttpResponseRedirect(reverse("grading:assignment", args=[assignment.pk]))
    first = assignment.items.order_by("order", "pk").first()
    if first is None:
        return _refused(request, _("This assignment has no exercises yet."))
    return HttpResponseRedirect(reverse("grading:item", args=[first.pk]))


def _deep_link_state(request: AuthenticatedHttpRequest) -> tuple[dict[str, Any], Course]:
    state = request.session.get(DEEP_LINK_SESSION)
    course = (selectors.course_get_taught(user=request.user, course_id=state["course"])
              if state else None)
    if state is None or course is None:
        raise Http404("no content selection under way")
    return state, course


@login_required
def deep_link(request: AuthenticatedHttpRequest) -> HttpResponse:
    state, course = _deep_link_state(request)
    choices = services.deep_link_choices(user=request.user, course=course)
    if request.method == "POST":
        kind, _sep, pk = request.POST.get("choice", "").partition(":")
        try:
            assignment = services.deep_link_pick(user=request.user, course=course, kind=kind,
                                                 pk=int(pk) if pk.isdigit() else 0)
        except services.LtiError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("grading:lti_deep_link"))
        settings = adapter.DeepLinkSettings(
            registration_pk=state["registration"], deployment_id=state["deployment"],
            return_url=state["return_url"], data=state["data"])
        jwt = services.deep_link_response(settings=settings, assignment=assignment,
                                          launch_url=_launch_url(request))
        del request.session[DEEP_LINK_SESSION]
        response = render(request, "grading/lti/deep_link_return.html", {
            "return_url": settings.return_url, "jwt": jwt, "assignment": assignment})
        # The one form that posts to the platform: its origin allowed, for this page only.
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"form-action 'self' {_origin(settings.return_url)}; frame-ancestors 'none'; "
            "base-uri 'none'")
        return response
    return render(request, "grading/lti/deep_link.html", {"course": course, "choices": choices})


@login_required
@require_POST
def roster_sync(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = mine_or_404(
        selectors.course_get_taught(user=request.user, course_id=course_id), "courses"
    )
    try:
        count = services.roster_sync(course=course)
    except (services.LtiError, adapter.ServiceError) as error:
        messages.error(request, _("The roster could not be read: %(why)s") % {"why": error})
    else:
        messages.success(request, _("Roster synchronised: %(count)d members on the LMS.")
                         % {"count": count})
    return HttpResponseRedirect(reverse("grading:course", args=[course.pk]))


@login_required
@require_POST
def scores_resend(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = mine_or_404(
        selectors.assignment_get_taught(user=request.user, assignment_id=assignment_id),
        "assignments",
    )
    count = passback.scores_resend(assignment_id=assignment.pk)
    messages.success(request, _("%(count)d scores queued for the LMS.") % {"count": count})
    return HttpResponseRedirect(reverse("grading:assignment", args=[assignment.pk]))
