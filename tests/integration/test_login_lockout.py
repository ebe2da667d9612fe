"""Log-in lockout over real Daphne (ASGI: django-axes' async middleware path), the issue's attack:
many wrong passwords from one address, then the right one."""

from __future__ import annotations

import pytest

from tests.integration.grading_client import PASSWORD, WebClient

pytestmark = pytest.mark.integration


def _login(client: WebClient, username: str, password: str) -> tuple[int, str]:
    status, body, _ = client.post("/accounts/login/", {"username": username, "password": password})
    return status, body


def test_wrong_passwords_lock_out_the_right_one_too(live_stack: str) -> None:
    WebClient(live_stack).signup("lockout-victim")
    attacker = WebClient(live_stack)
    statuses = [_login(attacker, "lockout-victim", f"guess-{i}")[0] for i in range(8)]
    assert statuses == [200] * 4 + [429] * 4  # the form again, then the lockout page
    status, body = _login(attacker, "lockout-victim", PASSWORD)
    assert status == 429
    assert "로그인에 5번 실패하여 잠시 멈췄습니다." in body  # Korean: the default language
    assert not attacker.cookie("sessionid")  # no session: not logged in


def test_other_accounts_still_log_in(live_stack: str) -> None:
    WebClient(live_stack).signup("lockout-bystander")
    attacker = WebClient(live_stack)
    for i in range(5):
        _login(attacker, "lockout-other", f"guess-{i}")
    assert _login(WebClient(live_stack), "lockout-bystander", PASSWORD)[0] == 302
