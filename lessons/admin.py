"""Admin for lessons (content editors fix typos here; load_lessons overwrites from files)."""

from __future__ import annotations

from django.contrib import admin

from lessons.models import Lesson, PracticeSandbox, Progress


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["lang", "order", "slug", "title", "exercise"]
    list_filter = ["lang"]
    search_fields = ["slug", "title"]


@admin.register(Progress)
class ProgressAdmin(admin.ModelAdmin):
    list_display = ["lesson_slug", "user", "short_session", "how", "done_at"]
    list_filter = ["how", "lesson_slug"]
    search_fields = ["lesson_slug", "user__username"]
    raw_id_fields = ["user"]
    date_hierarchy = "done_at"

    @admin.display(description="anonymous learner")
    def short_session(self, obj: Progress) -> str:
        return obj.session_key[:8]


@admin.register(PracticeSandbox)
class PracticeSandboxAdmin(admin.ModelAdmin):
    list_display = ["kind", "name", "user", "short_session", "checks_run", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["sandbox_id", "token", "seed"]

    @admin.display(description="anonymous learner")
    def short_session(self, obj: PracticeSandbox) -> str:
        return obj.session_key[:8]
