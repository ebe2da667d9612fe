"""Who is learning: a signed-in user, or an anonymous learner key kept in the session."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from playground.sandboxes import SESSION_LEARNER_KEY

# A key of our own in the session data: Django's session key changes at login (cycle_key),
# the session's data does not, so progress made before signing in can still be found. Its name
# lives with the sandbox lookup (playground.sandboxes), which hands anonymous learners their
# pages' sandboxes.


@dataclass(frozen=True)
class Learner:
    user: Any | None  # AbstractBaseUser when signed in
    session_key: str = ""

    @property
    def is_user(self) -> bool:
        return self.user is not None


def learner_key_ensure(session: Any) -> str:
    """The session's anonymous learner key, created on first use."""
    key = session.get(SESSION_LEARNER_KEY)
    if not isinstance(key, str) or not key:
        key = secrets.token_urlsafe(24)
        session[SESSION_LEARNER_KEY] = key
    return key


def learner_from_request(request: HttpRequest) -> Learner:
    """The learner behind a request (for views of this app and of grading)."""
    user: AbstractBaseUser | Any = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Learner(user=user)
    return Learner(user=None, session_key=learner_key_ensure(request.session))
