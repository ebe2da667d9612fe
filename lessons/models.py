"""A lesson page in one language (Markdown beside its rendered HTML), learners' progress, and
the sandboxes learners practise in (one per lesson and per lesson exercise)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q


class Lesson(models.Model):
    slug = models.SlugField(max_length=100)
    lang = models.CharField(max_length=8)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, default="")
    exercise = models.CharField(max_length=100, blank=True, default="")
    sources = models.JSONField(blank=True, default=list)  # [{"title": ..., "url": ...}]
    body_md = models.TextField()
    body_html = models.TextField()

    class Meta:
        ordering = ["lang", "order", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["lang", "slug"], name="lesson_unique_lang_slug")
        ]

    def __str__(self) -> str:
        return f"{self.lang}/{self.slug}: {self.title}"


class Progress(models.Model):
    """One finished lesson of one learner: a user, or an anonymous session's learner key.

    Kept per slug, not per language: a lesson done in Korean is done in English too.
    ``session_key`` is the learner key stored *in* the session (``lessons.learners``), not
    Django's session key, which login rotates.
    """

    class How(models.TextChoices):
        MARKED = "marked", "marked as done"
        EXERCISE = "exercise", "passed the exercise"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    session_key = models.CharField(max_length=64, blank=True, default="", db_index=True)
    lesson_slug = models.SlugField(max_length=100)
    how = models.CharField(max_length=16, choices=How.choices, default=How.MARKED)
    done_at = models.DateTimeField()

    class Meta:
        ordering = ["done_at"]
        verbose_name_plural = "progress"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_slug"],
                condition=Q(user__isnull=False),
                name="progress_unique_user_lesson",
            ),
            models.UniqueConstraint(
                fields=["session_key", "lesson_slug"],
                condition=Q(user__isnull=True),
                name="progress_unique_session_lesson",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(session_key=""),
                name="progress_has_learner",
            ),
        ]

    def __str__(self) -> str:
        who = f"user {self.user_id}" if self.user_id else f"session {self.session_key[:8]}"
        return f"{who}: {self.lesson_slug} ({self.how})"


def _sandbox_token() -> str:
    return secrets.token_urlsafe(24)


class PracticeSandbox(models.Model):
    """The cluster one learner works in on one page: a lesson's own cluster (``kind=lesson``,
    fresh as the lesson expects) or a lesson exercise's (``kind=exercise``, set up by the
    exercise). ``token`` is what the page's socket presents (``?sandbox=``); the consumer
    accepts it only from its owner: the signed-in user, or the session holding the learner key.

    Keyed by lesson slug or exercise id, not language: switching language keeps the cluster.
    """

    class Kind(models.TextChoices):
        LESSON = "lesson", "lesson"
        EXERCISE = "exercise", "exercise"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="practice_sandboxes",
    )
    session_key = models.CharField(max_length=64, blank=True, default="", db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.SlugField(max_length=100)
    sandbox_id = models.CharField(max_length=64, unique=True)
    token = models.CharField(max_length=64, unique=True, default=_sandbox_token)
    seed = models.CharField(max_length=64)
    checks_run = models.PositiveIntegerField(default=0)
    failed_checks = models.PositiveIntegerField(default=0)
    hints_revealed = models.JSONField(blank=True, default=list)  # hint indices, in order
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "name"],
                condition=Q(user__isnull=False),
                name="practice_unique_user_kind_name",
            ),
            models.UniqueConstraint(
                fields=["session_key", "kind", "name"],
                condition=Q(user__isnull=True),
                name="practice_unique_session_kind_name",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(session_key=""),
                name="practice_has_learner",
            ),
        ]

    def __str__(self) -> str:
        who = f"user {self.user_id}" if self.user_id else f"session {self.session_key[:8]}"
        return f"{who}: {self.kind} {self.name}"
