"""A lesson page in one language; the Markdown source is kept beside its rendered HTML."""

from __future__ import annotations

from django.db import models


class Lesson(models.Model):
    slug = models.SlugField(max_length=100)
    lang = models.CharField(max_length=8)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    body_md = models.TextField()
    body_html = models.TextField()

    class Meta:
        ordering = ["lang", "order", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["lang", "slug"], name="lesson_unique_lang_slug")
        ]

    def __str__(self) -> str:
        return f"{self.lang}/{self.slug}: {self.title}"
