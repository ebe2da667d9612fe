"""The LMS parts of the instructor's pages: score passback status on an assignment, the roster
sync on a course (nothing for what was not created from an LMS)."""

from __future__ import annotations

from typing import Any

from django import template

from grading.lti import passback
from grading.lti.models import LtiAssignmentLink, LtiCourse, LtiScore

register = template.Library()


@register.inclusion_tag("grading/lti/_assignment_status.html")
def lti_assignment_status(assignment: Any) -> dict[str, Any]:
    linked = LtiAssignmentLink.objects.filter(assignment=assignment).exists()
    failures = list(LtiScore.objects.filter(
        link__assignment=assignment, status=LtiScore.Status.FAILED)
        .select_related("user").order_by("user__username")[:20]) if linked else []
    return {"linked": linked, "assignment": assignment, "failures": failures,
            "counts": passback.status_counts(assignment_id=assignment.pk) if linked else {}}


@register.inclusion_tag("grading/lti/_course_roster.html")
def lti_course_roster(course: Any) -> dict[str, Any]:
    return {"course": course, "link": LtiCourse.objects.filter(course=course).first()}
