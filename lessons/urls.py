"""Lesson URLs."""

from __future__ import annotations

from django.urls import path

from lessons import views

urlpatterns = [
    path("", views.index, name="index"),
    path("lessons/<str:lang>/<slug:slug>/", views.lesson_detail, name="lesson"),
    path("lessons/<str:lang>/<slug:slug>/done/", views.lesson_done, name="lesson_done"),
    path("lessons/<str:lang>/<slug:slug>/understanding/<slug:check_id>/",
         views.lesson_understanding, name="lesson_understanding"),
]
