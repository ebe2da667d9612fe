"""What links LTI's records (django-lti's ``lti_tool`` models, named by string so only the adapter
imports the library) to the grading app's: a platform context to a Course, a resource link to an
Assignment, and one AGS score state per learner and linked assignment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LtiCourse(models.Model):
    """A platform course (context) is taught here as ``course``: created on its first launch."""

    context = models.OneToOneField("lti_tool.LtiContext", on_delete=models.CASCADE,
                                   related_name="playground_course")
    course = models.OneToOneField("grading.Course", on_delete=models.CASCADE,
                                  related_name="lti")
    roster_synced_at = models.DateTimeField(null=True, blank=True)
    roster_error = models.TextField(blank=True)


class LtiAssignmentLink(models.Model):
    """A platform resource link (a placement in the course) opens ``assignment``. The AGS
    endpoints are the last launch's: ``lineitem_url`` is the platform's column for this link
    (from the claim, or the one the tool found or created), scores go to it."""

    resource_link = models.OneToOneField("lti_tool.LtiResourceLink", on_delete=models.CASCADE,
                                         related_name="playground_assignment")
    assignment = models.ForeignKey("grading.Assignment", on_delete=models.CASCADE,
                                   related_name="lti_links")
    ags_scopes = models.JSONField(default=list)
    lineitems_url = models.URLField(max_length=500, blank=True)
    lineitem_url = models.URLField(max_length=500, blank=True)


class LtiScore(models.Model):
    """The learner's grade as last sent (or to be sent) to one linked platform column. The grade
    itself lives in the gradebook; this row only says whether the platform has it yet."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    link = models.ForeignKey(LtiAssignmentLink, on_delete=models.CASCADE, related_name="scores")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="lti_scores")
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    score_given = models.FloatField(null=True, blank=True)
    score_maximum = models.FloatField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # The grade's last change, or the last failed send (the sweep retries a while after it).
    changed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "user"], name="lti_score_unique_link_user")
        ]


class LtiStoredValue(models.Model):
    """PyLTI1p3's launch data storage (OIDC nonces, launch data, state checks) in the database,
    so every web process sees what another wrote (Django's default cache is per process)."""

    key = models.CharField(max_length=255, unique=True)
    value = models.JSONField(null=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
