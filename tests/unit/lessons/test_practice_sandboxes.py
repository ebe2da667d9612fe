"""Practice sandbox rows (lessons.services / lessons.selectors): one per learner × page, the
socket token only for its owner, and login gives anonymous rows to the user."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from lessons.learners import Learner
from lessons.models import PracticeSandbox
from lessons.selectors import practice_sandbox_get, practice_sandbox_id_for_token
from lessons.services import practice_sandbox_claim_for_user, practice_sandbox_ensure

pytestmark = pytest.mark.django_db
LESSON, EXERCISE = PracticeSandbox.Kind.LESSON, PracticeSandbox.Kind.EXERCISE


@pytest.fixture
def hamlet(db: Any) -> User:
    return User.objects.create_user("hamlet", password="pw-hamlet-123")


@pytest.fixture
def cordelia(db: Any) -> User:
    return User.objects.create_user("cordelia", password="pw-cordelia-123")


def anonymous(key: str) -> Learner:
    return Learner(user=None, session_key=key)


class PracticeSandboxEnsureTests:
    def test_ensure_same_learner_and_page_keeps_one_row(self, hamlet: User) -> None:
        first = practice_sandbox_ensure(learner=Learner(user=hamlet), kind=LESSON, name="labels")
        again = practice_sandbox_ensure(learner=Learner(user=hamlet), kind=LESSON, name="labels")
        assert first == again and first.seed == first.sandbox_id
        other_kind = practice_sandbox_ensure(learner=Learner(user=hamlet), kind=EXERCISE,
                                             name="labels")
        other_page = practice_sandbox_ensure(learner=Learner(user=hamlet), kind=LESSON,
                                             name="namespaces")
        assert len({first.sandbox_id, other_kind.sandbox_id, other_page.sandbox_id}) == 3
        assert len({first.token, other_kind.token, other_page.token}) == 3

    def test_ensure_unknown_kind_raises(self) -> None:
        with pytest.raises(ValueError, match="unknown practice sandbox kind 'quiz'"):
            practice_sandbox_ensure(learner=anonymous("k1"), kind="quiz", name="labels")


class PracticeSandboxTokenTests:
    def test_token_of_a_users_row_opens_only_for_that_user(
        self, hamlet: User, cordelia: User
    ) -> None:
        row = practice_sandbox_ensure(learner=Learner(user=hamlet), kind=LESSON, name="labels")
        lookup = practice_sandbox_id_for_token
        assert lookup(user_id=hamlet.pk, learner_key="", token=row.token) == row.sandbox_id
        assert lookup(user_id=cordelia.pk, learner_key="", token=row.token) is None
        assert lookup(user_id=None, learner_key="k1", token=row.token) is None

    def test_token_of_an_anonymous_row_opens_only_for_its_session(self) -> None:
        row = practice_sandbox_ensure(learner=anonymous("k1"), kind=EXERCISE, name="labels")
        lookup = practice_sandbox_id_for_token
        assert lookup(user_id=None, learner_key="k1", token=row.token) == row.sandbox_id
        assert lookup(user_id=None, learner_key="k2", token=row.token) is None
        assert lookup(user_id=None, learner_key="", token=row.token) is None
        assert lookup(user_id=None, learner_key="k1", token="no-such-token") is None
        assert lookup(user_id=None, learner_key="k1", token="") is None


class PracticeSandboxClaimTests:
    def test_claim_moves_anonymous_rows_and_keeps_the_users_own(self, hamlet: User) -> None:
        mine = practice_sandbox_ensure(learner=Learner(user=hamlet), kind=LESSON, name="labels")
        practice_sandbox_ensure(learner=anonymous("k1"), kind=LESSON, name="labels")
        moved = practice_sandbox_ensure(learner=anonymous("k1"), kind=EXERCISE, name="labels")
        assert practice_sandbox_claim_for_user(session_key="k1", user=hamlet) == 1
        assert practice_sandbox_get(learner=Learner(user=hamlet), kind=LESSON,
                                    name="labels") == mine
        claimed = practice_sandbox_get(learner=Learner(user=hamlet), kind=EXERCISE, name="labels")
        assert claimed is not None and claimed.token == moved.token
        assert not PracticeSandbox.objects.filter(user__isnull=True).exists()
        assert practice_sandbox_claim_for_user(session_key="", user=hamlet) == 0
