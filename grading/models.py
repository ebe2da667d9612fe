"""Courses and their people's roles, versioned exercises, assignments, per-learner sandboxes,
submissions and overrides.

Exercise rows are never edited in place: an edit adds a version, so a submission always points
at the exact text it was graded with and a regrade can name the version it moved to.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

INSTRUCTORS_GROUP = "instructors"


def _token() -> str:
    return secrets.token_urlsafe(12)


def default_time_zone() -> str:
    """A new course's zone: GRADING_DEFAULT_TIME_ZONE, else the site's TIME_ZONE."""
    return str(getattr(settings, "GRADING_DEFAULT_TIME_ZONE", "") or settings.TIME_ZONE)


class Course(models.Model):
    """Who teaches it is in ``roles`` (CourseRole: one owner, instructors, TAs); what each role
    may do is grading/access.py's table."""

    name = models.CharField(max_length=200)
    join_token = models.CharField(max_length=40, unique=True, default=_token)
    time_zone = models.CharField(
        max_length=64, default=default_time_zone,
        help_text="IANA zone due dates are entered and shown in, e.g. Asia/Seoul")
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="joined_courses", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        permissions = [
            ("author_exercise", "Can author exercises and build assignments"),
            ("view_gradebook", "Can view gradebooks of own courses"),
        ]

    def __str__(self) -> str:
        return self.name


class CourseRole(models.Model):
    """A person's role in one course. The owner created it and alone manages its people;
    instructors teach it (edit assignments and grades); TAs read everything graded, change
    nothing. One role per person and course, one owner per course."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        INSTRUCTOR = "instructor", _("Instructor")
        TA = "ta", _("Teaching assistant")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="course_roles")
    role = models.CharField(max_length=12, choices=Role)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="course_role_unique_user"),
            models.UniqueConstraint(fields=["course"], condition=models.Q(role="owner"),
                                    name="course_role_one_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course} · {self.role}"


class CourseRoleChange(models.Model):
    """The People page's audit trail: who gave, changed or took whose role in a course, and
    when (an ownership transfer is two rows: the new owner's and the old one's). ``old_role``
    is empty for an addition, ``new_role`` for a removal; none are edited or deleted."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="role_changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    old_role = models.CharField(max_length=12, choices=CourseRole.Role, blank=True)
    new_role = models.CharField(max_length=12, choices=CourseRole.Role, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]


class Exercise(models.Model):
    """One version of an exercise file; (exercise_id, version) is unique."""

    exercise_id = models.SlugField(max_length=100)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    yaml_text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Loaded from lessons/exercises (public, every instructor may use it), not an instructor's
    # own: explicit, so an author's deleted account never turns their exercise public.
    is_library = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exercise_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise_id", "version"], name="exercise_unique_id_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id} v{self.version}"


class ExerciseDraft(models.Model):
    """An author's unpublished text for an exercise id ("" for a new exercise whose text has no
    id yet): saved without the lint, seen only by its author, never graded with. Publishing a
    version deletes it."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="exercise_drafts")
    exercise_id = models.CharField(max_length=100, blank=True)
    yaml_text = models.TextField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "exercise_id"], name="draft_unique_author_id")
        ]


class Assignment(models.Model):
    class LatePolicy(models.TextChoices):
        NONE = "none", _("Late submissions count fully")
        PENALTY = "penalty", _("Penalty per day late")
        NO_CREDIT = "no_credit", _("No credit after the due date")

    class ScorePolicy(models.TextChoices):
        BEST = "best", _("Best attempt")
        LAST = "last", _("Last attempt")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=200)
    due_at = models.DateTimeField(null=True, blank=True)
    late_policy = models.CharField(max_length=12, choices=LatePolicy, default=LatePolicy.NONE)
    penalty_percent_per_day = models.PositiveIntegerField(default=0)
    attempts_limit = models.PositiveIntegerField(default=0, help_text="0 means unlimited")
    score_policy = models.CharField(max_length=8, choices=ScorePolicy, default=ScorePolicy.BEST)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "due_at", "pk"]

    def __str__(self) -> str:
        return self.title


class AssignmentItem(models.Model):
    """An exercise in an assignment. ``exercise`` is the version currently graded against."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveIntegerField(default=0)
    points = models.DecimalField(max_digits=7, decimal_places=2, default=10)

    class Meta:
        ordering = ["assignment", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.assignment} #{self.order}: {self.exercise.exercise_id}"


class LearnerSandbox(models.Model):
    """The sandbox of one learner for one assignment item. ``token`` is what the page's socket
    presents (``?sandbox=``); the consumer accepts it only for its owner."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    item = models.ForeignKey(AssignmentItem, on_delete=models.CASCADE)
    sandbox_id = models.CharField(max_length=64, unique=True)
    token = models.CharField(max_length=40, unique=True, default=_token)
    seed = models.CharField(max_length=64)
    failed_checks = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="sandbox_unique_user_item")
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.item}"


class DueExtension(models.Model):
    """A learner's own due date for an assignment (``item`` empty) or one of its items; the
    item's extension wins over the assignment's."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="due_extensions")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE,
                                   related_name="extensions")
    item = models.ForeignKey(AssignmentItem, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="extensions")
    due_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assignment", "user", "item"]
        constraints = [
            # One per learner and assignment, one per learner and item (NULL is not equal to
            # NULL in a unique index, hence the two conditions).
            models.UniqueConstraint(fields=["user", "assignment"],
                                    condition=models.Q(item__isnull=True),
                                    name="extension_unique_user_assignment"),
            models.UniqueConstraint(fields=["user", "item"],
                                    condition=models.Q(item__isnull=False),
                                    name="extension_unique_user_item"),
        ]


class HintReveal(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    item = models.ForeignKey(AssignmentItem, on_delete=models.CASCADE, related_name="hints")
    index = models.PositiveIntegerField()
    cost = models.FloatField(default=0)
    revealed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item", "index"], name="hint_unique_reveal")
        ]


class Submission(models.Model):
    """A recorded attempt: the sandbox snapshot it was graded on and the engine's result."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRADED = "graded", _("Graded")
        ERROR = "error", _("Error")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    item = models.ForeignKey(AssignmentItem, on_delete=models.CASCADE, related_name="submissions")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT)
    attempt = models.PositiveIntegerField()
    seed = models.CharField(max_length=64)
    lang = models.CharField(max_length=8, default="en")
    snapshot = models.JSONField()
    graded_now = models.FloatField(help_text="the clock value grading uses (submission time)")
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    result = models.JSONField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(null=True, blank=True)
    late_factor = models.FloatField(default=1.0)
    points = models.FloatField(null=True, blank=True, help_text="item points after hints/late")
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="last time grading was queued (the sweep's deadline)")
    grade_attempts = models.PositiveIntegerField(
        default=0, help_text="times grading was queued: first try, learner retries, sweeps")

    class Meta:
        ordering = ["item", "user", "attempt"]
        indexes = [models.Index(fields=["status", "queued_at"], name="submission_status_queued")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item", "attempt"], name="submission_unique_attempt"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.item} attempt {self.attempt}"


class RegradeJob(models.Model):
    """An instructor's regrade of one item with an exercise version, run on a worker: previewed
    (``previewing`` → ``preview``), then, once confirmed, applied (``queued`` → ``running`` →
    ``done``).

    ``total`` submissions (those that existed when it started, then when it was confirmed) are
    previewed and applied one per transaction; ``done`` counts them for the progress bar; a
    Regrade row per submission makes a retried or re-delivered job skip what it already did."""

    class Status(models.TextChoices):
        PREVIEWING = "previewing", _("Previewing")
        PREVIEW = "preview", _("Waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        ERROR = "error", _("Error")

    item = models.ForeignKey(AssignmentItem, on_delete=models.CASCADE, related_name="regrade_jobs")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=12, choices=Status, default=Status.PREVIEWING)
    # A regrade is previewed first (grading/regrades.py); nothing is written before this is set.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # The item's version before the confirmation (an undo goes back to it) and, for an undo,
    # the regrade it undoes.
    previous_exercise = models.ForeignKey(Exercise, null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    undoes = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="undone_by")
    last_submission_id = models.BigIntegerField(
        default=0, help_text="submissions up to this id are regraded; later ones use the version")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Regrade(models.Model):
    """One submission regraded with another exercise version: before and after, kept.
    ``applied`` is False while it is only a preview's result."""

    job = models.ForeignKey(RegradeJob, null=True, on_delete=models.CASCADE,
                            related_name="regrades")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="regrades")
    old_exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    new_exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    old_result = models.JSONField(null=True)
    new_result = models.JSONField(null=True)
    old_points = models.FloatField(null=True)
    new_points = models.FloatField(null=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    applied = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "submission"], name="regrade_unique_job_sub")
        ]

    @property
    def changed_checks(self) -> list[str]:
        """Check ids whose outcome differs before/after (``id: 0→2``), for the diff table."""
        def points(result: dict[str, Any] | None) -> dict[str, object]:
            checks = (result or {}).get("checks") or []
            return {c["id"]: c["points"] for c in checks}

        old, new = points(self.old_result), points(self.new_result)
        return [f"{cid}: {old.get(cid, '–')}→{new.get(cid, '–')}"
                for cid in sorted(set(old) | set(new)) if old.get(cid) != new.get(cid)]


class GradeOverride(models.Model):
    """Audit log of manual grades: the latest row for (learner, item) not reverted wins; none
    are deleted. ``previous_points`` is the grade the learner had just before (automatic or an
    earlier override); an undo marks the row reverted, so the grade falls back to that."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grade_overrides"
    )
    item = models.ForeignKey(AssignmentItem, on_delete=models.CASCADE, related_name="overrides")
    points = models.FloatField()
    previous_points = models.FloatField(null=True, blank=True)
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reverted_at = models.DateTimeField(null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]


# The LTI links live beside the LTI code; imported here so Django registers them with the app.
from grading.lti.models import (  # noqa: E402
    LtiAssignmentLink,
    LtiCourse,
    LtiScore,
    LtiStoredValue,
)

__all__ = ["LtiAssignmentLink", "LtiCourse", "LtiScore", "LtiStoredValue"]
