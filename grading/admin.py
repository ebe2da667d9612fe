"""Admin for the grading app; overrides and regrades are an audit log (read-only here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from grading.models import (
    Assignment,
    AssignmentItem,
    Course,
    CourseRole,
    DueExtension,
    Exercise,
    GradeOverride,
    HintReveal,
    LearnerSandbox,
    Regrade,
    Submission,
)


class ItemInline(admin.TabularInline):
    model = AssignmentItem
    extra = 0


class RoleInline(admin.TabularInline):
    model = CourseRole
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "join_token", "created_at"]
    filter_horizontal = ["learners"]
    inlines = [RoleInline]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["exercise_id", "version", "title", "created_by", "created_at"]
    list_filter = ["exercise_id"]
    readonly_fields = ["exercise_id", "version", "yaml_text", "created_by", "created_at"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "due_at", "late_policy", "attempts_limit", "score_policy"]
    inlines = [ItemInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["user", "item", "attempt", "status", "score", "max_score", "points"]
    list_filter = ["status"]
    readonly_fields = ["snapshot", "result"]


class AuditAdmin(admin.ModelAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GradeOverride)
class GradeOverrideAdmin(AuditAdmin):
    list_display = ["user", "item", "points", "previous_points", "by", "at", "reason",
                    "reverted_at"]


@admin.register(Regrade)
class RegradeAdmin(AuditAdmin):
    list_display = ["submission", "old_exercise", "new_exercise", "old_points", "new_points", "at"]


admin.site.register(LearnerSandbox)
admin.site.register(DueExtension)
admin.site.register(HintReveal)
