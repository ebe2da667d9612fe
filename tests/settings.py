"""Settings of the test run: the product's own, in development mode (the built-in secret key).

pytest-django imports the settings before any conftest runs, so the flag is set here; the
processes the tests start (scripts/stack.py) inherit it. Production mode is tested on its own
(tests/integration/test_deploy_settings.py runs manage.py without it).
"""

from __future__ import annotations

import os

os.environ.setdefault("PLAYGROUND_DEV", "1")

from playground.settings import *  # noqa: E402,F403

# Only speed: password hashing is Django's, not under test, and PBKDF2 costs ~0.5 s a log-in.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
