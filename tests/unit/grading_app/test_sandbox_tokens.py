"""grading registers its token lookup with playground/sandboxes.py (the terminal asks there)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from grading import services
from grading.models import AssignmentItem
from playground import sandboxes

pytestmark = pytest.mark.django_db


class SandboxTokenResolverTests:
    def test_token_resolves_through_sandboxes_only_for_its_owner(
        self, item: AssignmentItem, hamlet: User, cordelia: User
    ) -> None:
        sandbox = services.sandbox_ensure(user=hamlet, item=item)
        lookup = sandboxes.sandbox_id_for_token_sync
        assert lookup(user_id=hamlet.pk, token=sandbox.token) == sandbox.sandbox_id
        assert lookup(user_id=cordelia.pk, token=sandbox.token) is None
        assert lookup(user_id=None, token=sandbox.token) is None
        assert lookup(user_id=hamlet.pk, token="no-such-token") is None
