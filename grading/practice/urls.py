"""Practice URLs, included under /grading/practice/ in the grading namespace."""

from __future__ import annotations

from django.urls import path

from grading.practice import views

urlpatterns = [
    path("<str:lang>/", views.practice_index, name="practice_index"),
    path("<str:lang>/<slug:exercise_id>/", views.practice_page, name="exercise_practice"),
    path("<str:lang>/<slug:exercise_id>/check/", views.practice_check, name="practice_check"),
    path("<str:lang>/<slug:exercise_id>/hints/<int:index>/", views.practice_hint,
         name="practice_hint"),
    path("<str:lang>/<slug:exercise_id>/solution/", views.practice_solution,
         name="practice_solution"),
    path("<str:lang>/<slug:exercise_id>/reset/", views.practice_reset, name="practice_reset"),
]
