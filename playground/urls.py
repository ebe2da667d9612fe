"""URL routes: the lessons app owns the pages; the admin for content editors."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("grading/", include("grading.urls")),
    path("", include("lessons.urls")),
]
