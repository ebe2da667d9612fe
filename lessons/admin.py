"""Admin for lessons (content editors fix typos here; load_lessons overwrites from files)."""

from __future__ import annotations

from django.contrib import admin

from lessons.models import Lesson


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["lang", "order", "slug", "title"]
    list_filter = ["lang"]
