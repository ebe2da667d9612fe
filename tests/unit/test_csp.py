"""Content-Security-Policy: every page gets it, and no template holds script the policy would
block (inline <script> or on…= handlers), so moving a script back inline fails here first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from playground.csp import POLICY

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted({*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")}
                   - set(ROOT.glob(".venv/**/*.html")))
# <script> without src= is inline, unless it only carries data (json_script, application/json).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")",
                           re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script(path: Path) -> None:
    text = path.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static file"
    assert not HANDLER.search(text), "on…= handler: use addEventListener in a static file"
    assert "javascript:" not in text


def test_templates_were_found() -> None:
    assert len(TEMPLATES) > 10


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/grading/signup/", "/no-such-page/"])
def test_pages_carry_the_policy(url: str) -> None:
    response = Client(HTTP_HOST="localhost:8000").get(url)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "'unsafe-eval'" not in policy
    assert "connect-src 'self' ws://localhost:8000" in policy
    assert policy.count("'unsafe-inline'") == 1 and "style-src 'self' 'unsafe-inline'" in policy
    assert POLICY["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_https_page_names_the_wss_socket(settings: object) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]
    client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
    policy = client.get("/accounts/login/").headers["Content-Security-Policy"]
    assert policy.endswith("; connect-src 'self' wss://localhost")
