"""Production mode from environment variables, in real processes (manage.py, Daphne).

Without PLAYGROUND_DEV or DJANGO_DEBUG the settings are production's: they refuse the built-in
or a weak secret key with a clear message, and behind TLS (DJANGO_HTTPS=1) `check --deploy`
finds nothing to warn about.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from django.core.management.utils import get_random_secret_key

from scripts.stack import PYTHON, ROOT, free_port

pytestmark = pytest.mark.integration
DEV_KEY = "dev-insecure-pod-playground-key-change-me"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "PLAYGROUND_", "SECURE_"))}
    return {**env, "DJANGO_SETTINGS_MODULE": "playground.settings", **extra}


def _manage(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=_env(**extra),
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


PRODUCTION = {"DJANGO_ALLOWED_HOSTS": "play.example.org", "DJANGO_HTTPS": "1"}


def test_check_deploy_behind_tls_has_no_warnings() -> None:
    done = _manage("check", "--deploy", "--fail-level", "WARNING",
                   DJANGO_SECRET_KEY=get_random_secret_key(), **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_check_deploy_without_tls_names_what_is_missing() -> None:
    done = _manage("check", "--deploy", DJANGO_SECRET_KEY=get_random_secret_key(),
                   DJANGO_ALLOWED_HOSTS="play.example.org")
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr


@pytest.mark.parametrize(("key", "problem"), [
    (None, "DJANGO_SECRET_KEY is not set and DEBUG is off."),
    (DEV_KEY, "DJANGO_SECRET_KEY is the built-in development key and DEBUG is off."),
    ("change-me-in-production", "DJANGO_SECRET_KEY is too weak"),
])
def test_production_refuses_to_start_without_a_real_key(key: str | None, problem: str) -> None:
    extra = {"DJANGO_SECRET_KEY": key} if key else {}
    done = _manage("check", **PRODUCTION, **extra)
    assert done.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {problem}" in done.stderr
    assert "get_random_secret_key" in done.stderr  # says how to make one


def test_daphne_refuses_to_start_on_the_built_in_key() -> None:
    done = subprocess.run(
        [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(free_port()),
         "playground.asgi:application"],
        cwd=ROOT, env=_env(**PRODUCTION), capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL)
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY is not set and DEBUG is off." in done.stderr


@pytest.mark.parametrize("flag", [{"PLAYGROUND_DEV": "1"}, {"DJANGO_DEBUG": "1"}])
def test_development_mode_runs_on_the_built_in_key(flag: dict[str, str]) -> None:
    done = _manage("check", **flag)
    assert done.returncode == 0, done.stderr
