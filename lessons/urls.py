"""Lesson URLs."""

from __future__ import annotations

from django.urls import path

from lessons import views

urlpatterns = [
    path("", views.index, name="index"),
    path("lessons/<str:lang>/<slug:slug>/", views.lesson_detail, name="lesson"),
]
