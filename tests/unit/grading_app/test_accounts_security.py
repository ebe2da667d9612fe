"""Accounts are protected as Django sites are: password rules on sign-up, log-in lockout
(django-axes, per username and address), pages in the learner's language."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
RIGHT = "pw-hamlet-123"  # conftest's hamlet


def _signup(password: str, lang: str = "en") -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE=lang).post(reverse("grading:signup"), {
        "username": "viola", "password1": password, "password2": password})
    assert response.status_code == 200, "weak password accepted"
    return response.content.decode()


@pytest.mark.parametrize(("password", "message"), [
    ("password", "This password is too common."),
    ("1", "This password is too short. It must contain at least 8 characters."),
    ("48151623", "This password is entirely numeric."),
    ("viola123", "The password is too similar to the username."),
])
def test_signup_refuses_weak_passwords(password: str, message: str) -> None:
    assert message in _signup(password)
    assert not User.objects.filter(username="viola").exists()


def test_password_rules_speak_korean() -> None:
    page = _signup("password", lang="ko")
    assert "너무 흔히 사용되는 비밀번호입니다." in page
    assert 'lang="ko"' in page and "계정 만들기" in page


def _login(client: Client, password: str) -> int:
    return client.post(reverse("login"), {"username": "hamlet", "password": password}).status_code


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(hamlet: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.5", HTTP_ACCEPT_LANGUAGE="en")
    assert [_login(client, f"wrong-{i}") for i in range(4)] == [200] * 4  # form shown again
    assert _login(client, "wrong-4") == 429  # the fifth failure locks
    response = client.post(reverse("login"), {"username": "hamlet", "password": RIGHT})
    assert response.status_code == 429
    assert "Log-in is paused after 5 failed attempts." in response.content.decode()
    assert "Try again in 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(hamlet: User) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for i in range(5):
        _login(attacker, f"wrong-{i}")
    # Same username from the learner's own address: still lets them in.
    learner = Client(REMOTE_ADDR="198.51.100.7")
    assert _login(learner, RIGHT) == 302


def test_success_forgets_earlier_failures(hamlet: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(4):
        _login(client, f"wrong-{i}")
    assert _login(client, RIGHT) == 302
    client.post(reverse("logout"))
    for i in range(4):
        assert _login(client, f"wrong-again-{i}") == 200


def test_lockout_page_speaks_korean(hamlet: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.6", HTTP_ACCEPT_LANGUAGE="ko")
    for i in range(5):
        _login(client, f"wrong-{i}")
    page = client.post(reverse("login"), {"username": "hamlet", "password": RIGHT})
    text = page.content.decode()
    assert page.status_code == 429 and 'lang="ko"' in text
    assert "로그인에 5번 실패하여 잠시 멈췄습니다." in text
    assert "15분 뒤에 다시 시도하거나" in text
