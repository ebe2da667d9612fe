"""Grading URLs: learner pages under /grading/, instructor pages under /grading/teach/."""

from __future__ import annotations

from django.urls import include, path

from grading import people_views, regrade_views, views

app_name = "grading"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("join/<str:token>/", views.course_join, name="join"),
    path("practice/", include("grading.practice.urls")),
    path("lti/", include("grading.lti.urls")),
    path("items/<int:item_id>/", views.item_page, name="item"),
    path("items/<int:item_id>/check/", views.item_check, name="item_check"),
    path("items/<int:item_id>/submit/", views.item_submit, name="item_submit"),
    path("items/<int:item_id>/reset/", views.item_reset, name="item_reset"),
    path("items/<int:item_id>/hints/<int:index>/", views.item_hint, name="item_hint"),
    path("submissions/<int:submission_id>/", views.submission_status, name="submission"),
    path("submissions/<int:submission_id>/retry/", views.submission_retry,
         name="submission_retry"),
    path("teach/", views.teach, name="teach"),
    path("teach/courses/<int:course_id>/", views.course_detail, name="course"),
    path("teach/courses/<int:course_id>/people/", people_views.course_people, name="people"),
    path("teach/assignments/<int:assignment_id>/", views.assignment_detail, name="assignment"),
    path("teach/assignments/<int:assignment_id>/extensions/", views.assignment_extensions,
         name="extensions"),
    path("teach/assignments/<int:assignment_id>/gradebook/", views.gradebook, name="gradebook"),
    path("teach/assignments/<int:assignment_id>/gradebook.csv", views.gradebook_csv,
         name="gradebook_csv"),
    path("teach/items/<int:item_id>/learners/<int:user_id>/", views.cell_detail, name="cell"),
    path("teach/items/<int:item_id>/regrade/", regrade_views.item_regrade, name="item_regrade"),
    path("teach/regrades/<int:job_id>/", regrade_views.regrade_job, name="regrade_job"),
    path("teach/regrades/<int:job_id>/confirm/", regrade_views.regrade_confirm,
         name="regrade_confirm"),
    path("teach/regrades/<int:job_id>/undo/", regrade_views.regrade_undo, name="regrade_undo"),
    path("teach/exercises/new/", views.exercise_edit, name="exercise_new"),
    path("exercise-format/", views.exercise_format, name="exercise_format"),
    path("teach/exercises/preview/", views.exercise_preview, name="exercise_preview"),
    path("teach/exercises/test/", views.exercise_test, name="exercise_test"),
    path("teach/exercises/import/", views.exercise_import, name="exercise_import"),
    path("teach/exercises/<slug:exercise_id>/", views.exercise_edit, name="exercise_edit"),
    path("teach/exercises/<slug:exercise_id>/export/", views.exercise_export,
         name="exercise_export"),
]
