"""Regrade pages: an item's regrade history and a regrade job's preview, progress and result.

Everyone with a role in the course reads them (a TA sees who changed and by how much); only a
role that teaches (grading/access.py's ``TEACH``) sees and uses the buttons that start, confirm
or undo a regrade, and every POST here checks that again."""

from __future__ import annotations

from django.contrib import messages
from django.forms.models import ModelChoiceField
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from grading import access, regrades, selectors, submissions
from grading.forms import RegradeForm
from grading.guards import mine_or_404, require_course, staff_required
from grading.http import AuthenticatedHttpRequest
from grading.models import AssignmentItem, RegradeJob

TEACH = access.CourseAction.TEACH


def _staffed_item(request: AuthenticatedHttpRequest, item_id: int) -> AssignmentItem:
    """The item, if the user has a role in its course (404 otherwise: no confirmation that it
    exists); reading is every role's."""
    item = mine_or_404(selectors.item_get_staffed(user=request.user, item_id=item_id), "items")
    require_course(request, item.assignment.course, access.CourseAction.VIEW)
    return item


@staff_required
def item_regrade(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    """The item's regrade history for every role; the form that starts one for teachers."""
    item = _staffed_item(request, item_id)
    can = access.course_abilities(user=request.user, course=item.assignment.course)
    if request.method == "POST":
        require_course(request, item.assignment.course, TEACH)
    form = RegradeForm(request.POST or None)
    versions = form.fields["exercise"]
    assert isinstance(versions, ModelChoiceField)  # RegradeForm declares it; fields is typed Field
    versions.queryset = selectors.exercise_versions(exercise_id=item.exercise.exercise_id)
    if request.method == "POST" and form.is_valid():
        try:
            job = regrades.regrade_preview_start(
                item=item, exercise=form.cleaned_data["exercise"], by=request.user)
        except submissions.SubmissionError as error:
            messages.error(request, str(error))
        else:
            return HttpResponseRedirect(reverse("grading:regrade_job", args=[job.pk]))
    # A TA reads the whole history (it is what explains a grade); a teacher the latest five
    # above the form, as before.
    jobs = item.regrade_jobs.select_related("exercise", "by", "confirmed_by")
    return render(request, "grading/regrade.html", {
        "item": item, "form": form, "can": can,
        "jobs": jobs[:5] if can[TEACH] else jobs})


def _staffed_job(request: AuthenticatedHttpRequest, job_id: int) -> RegradeJob:
    job = get_object_or_404(RegradeJob.objects.select_related("item", "exercise"), pk=job_id)
    _staffed_item(request, job.item_id)
    return job


def _taught_job(request: AuthenticatedHttpRequest, job_id: int) -> RegradeJob:
    job = _staffed_job(request, job_id)
    require_course(request, job.item.assignment.course, TEACH)
    return job


@staff_required
def regrade_job(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """A regrade's preview (the page refreshes itself until the worker has it), with per
    learner the grade before and after and, for teachers, a Confirm button; once confirmed, its
    progress, then the before/after of every submission."""
    job = _staffed_job(request, job_id)
    Status = RegradeJob.Status
    finished = job.status in (Status.DONE, Status.ERROR)
    previewed = job.status == Status.PREVIEW
    regrades_shown = (job.regrades.select_related("submission__user").order_by("pk")
                      if finished or previewed else [])
    changed = sum(1 for r in regrades_shown if r.old_points != r.new_points)
    learners = regrades.regrade_learner_changes(job=job) if previewed else []
    can = access.course_abilities(user=request.user, course=job.item.assignment.course)
    return render(request, "grading/regrade_job.html", {
        "job": job, "item": job.item, "finished": finished, "previewed": previewed,
        "working": not (finished or previewed), "regrades": regrades_shown, "changed": changed,
        "learners": learners, "learners_changed": sum(1 for c in learners if c.changed),
        "can": can,
        "can_undo": can[TEACH] and job.status == Status.DONE
        and job.previous_exercise_id is not None
        and not job.undone_by.exclude(status=Status.ERROR).exists()})


@staff_required
@require_POST
def regrade_confirm(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = _taught_job(request, job_id)
    try:
        regrades.regrade_confirm(job=job, by=request.user)
    except submissions.SubmissionError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(reverse("grading:regrade_job", args=[job.pk]))


@staff_required
@require_POST
def regrade_undo(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """Preview putting back what a regrade replaced (confirmed like any regrade)."""
    job = _taught_job(request, job_id)
    try:
        undo = regrades.regrade_undo_start(job=job, by=request.user)
    except submissions.SubmissionError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("grading:regrade_job", args=[job.pk]))
    return HttpResponseRedirect(reverse("grading:regrade_job", args=[undo.pk]))
