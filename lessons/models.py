"""A lesson page in one language (Markdown beside its rendered HTML), and learners' progress."""

from __future__ import annotations

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
