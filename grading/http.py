"""The request type of views only signed-in users reach (for the type checker)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """What a view behind ``login_required`` receives: ``user`` is a User, never the
    AnonymousUser. Django still builds a plain HttpRequest; only the annotation differs."""

    user: User
