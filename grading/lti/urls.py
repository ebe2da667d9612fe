"""LTI routes under /grading/lti/ (included by grading/urls.py, names in the grading namespace)."""

from __future__ import annotations

from django.urls import path

from grading.lti import views

urlpatterns = [
    path("jwks.json", views.jwks, name="lti_jwks"),
    path("<uuid:registration_uuid>/login/", views.oidc_login, name="lti_login"),
    path("launch/", views.launch, name="lti_launch"),
    path("deep-link/", views.deep_link, name="lti_deep_link"),
    path("courses/<int:course_id>/roster/", views.roster_sync, name="lti_roster"),
    path("assignments/<int:assignment_id>/scores/resend/", views.scores_resend,
         name="lti_scores_resend"),
]
