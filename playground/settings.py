"""Django settings, read from the environment; the defaults make `make run` work unconfigured."""

from __future__ import annotations

import os
import re
from pathlib import Path
from wsgiref.headers import Headers

from playground.sim.config import SimConfig

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _database(url: str) -> dict[str, object]:
    # Only what we need from DATABASE_URL: sqlite:///relative/or//abs path, postgres://u:p@h:port/db.
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        name = BASE_DIR / path if path else ":memory:"
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    from urllib.parse import urlparse

    parsed = urlparse(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/"),
        "USER": parsed.username or "",
        "PASSWORD": parsed.password or "",
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
    }


# Dev-only default; any real deployment sets DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-insecure-pod-playground-key-change-me")
# Off by default so no traceback ever reaches a learner's page; DJANGO_DEBUG=1 while developing.
DEBUG = _env_bool("DJANGO_DEBUG", False)
# Hosts (and websocket Origins) we answer to.
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# Trusted origins for CSRF on POST forms (admin) behind a proxy.
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "daphne",  # `runserver` speaks ASGI/websockets too
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "lessons",
    "grading",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "playground.urls"
ASGI_APPLICATION = "playground.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under var/ by default; DATABASE_URL (sqlite:///path or postgres://...) overrides.
DATABASES = {"default": _database(os.environ.get("DATABASE_URL", "sqlite:///var/db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions live in the database; the terminal socket reads the same cookie.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Sessions last as long as a sandbox may idle, plus a day.
SESSION_COOKIE_AGE = int(os.environ.get("SANDBOX_IDLE_SECONDS", "86400")) + 86400

# Languages the lessons are written in; Korean is the default audience.
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LANGUAGE_CODE = "ko"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files: content-hashed, compressed, cached for good (ServeStatic) -------------------
STATIC_URL = "/static/"
# The frontend engineer's built bundle (committed) lives here.
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic writes here (make run, scripts/stack.py, the Dockerfile); tests use a private one.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# collectstatic names every file after its content hash (app.3f2a….js) and writes .gz and .br
# beside it; {% static %} then links the hashed name. With DEBUG the plain names are served
# from STATICFILES_DIRS, so development needs no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"},
}
# .br beside .gz (a fifth smaller for the bundle, for HTTPS clients); costs seconds of CPU per
# collectstatic, so scripts/stack.py turns it off for tests and benchmarks.
SERVESTATIC_USE_BROTLI = _env_bool("STATIC_BROTLI", True)
# The ASGI server answers /static/ itself, first in the middleware chain, without a thread
# (ServeStatic's async middleware); off behind a web server that serves STATIC_ROOT.
SERVE_STATIC = _env_bool("SERVE_STATIC", True)
INSTALLED_APPS.append("servestatic")  # its system checks of the settings below
if SERVE_STATIC:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "servestatic.middleware.ServeStaticMiddleware",
    )


# ServeStatic marks Django's manifest names (app.3f2a9c1b7d4e.js) immutable by itself; esbuild's
# lazy chunks carry their own content hash (chunks/editor-5KQ2WZ7M.js; app.js imports them by
# that name), so they are cached for good too.
_ESBUILD_CHUNK = re.compile(r"/chunks/[\w-]+-[A-Z0-9]{8}\.js$")


def _static_headers(headers: Headers, path: str, url: str) -> None:
    if _ESBUILD_CHUNK.search(url):
        headers["Cache-Control"] = "max-age=315360000, public, immutable"


SERVESTATIC_ADD_HEADERS_FUNCTION = _static_headers
# ---------------------------------------------------------------------------------------------

# One Redis for sandbox state, output streams and the Celery broker.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# Idle sandboxes (state + output stream) expire after this many seconds (Redis TTL).
SANDBOX_IDLE_SECONDS = int(os.environ.get("SANDBOX_IDLE_SECONDS", "86400"))
# Output frames kept per sandbox stream for reconnecting tabs (approximate XADD MAXLEN).
TERMINAL_OUTPUT_MAXLEN = int(os.environ.get("TERMINAL_OUTPUT_MAXLEN", "5000"))
# Per-socket token bucket: sustained frames per second a terminal may send...
TERMINAL_RATE_PER_SECOND = float(os.environ.get("TERMINAL_RATE_PER_SECOND", "20"))
# ...and the burst it may send at once (a pasted script, many tabs).
TERMINAL_RATE_BURST = int(os.environ.get("TERMINAL_RATE_BURST", "60"))
# How the socket queues Celery tasks: "direct" (one async LPUSH) or "thread" (apply_async).
TERMINAL_ENQUEUE = os.environ.get("TERMINAL_ENQUEUE", "direct")
# Enables /ws/echo/, a plain Channels echo consumer that bench/ws_latency.py compares against.
TERMINAL_ECHO_ROUTE = _env_bool("TERMINAL_ECHO_ROUTE", False)
# Simulator limits (line length, files, output); the simulator only ever sees this object.
SIM_CONFIG = SimConfig()
# Largest websocket frame accepted: one file of the editor plus JSON overhead.
TERMINAL_MAX_FRAME_BYTES = SIM_CONFIG.max_file_bytes * 2 + 4096

# The terminal needs no channel layer (output returns over Redis streams); keep one in memory.
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Celery: broker on the same Redis, JSON only, no results, early ack (commands are not idempotent).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
# Never pickle: the task only carries strings and ints.
CELERY_TASK_SERIALIZER = "json"
# Refuse anything but JSON on the worker side too.
CELERY_ACCEPT_CONTENT = ["json"]
# Output goes back over Redis streams; no result backend.
CELERY_TASK_IGNORE_RESULT = True
# A simulator command must not run twice after a worker crash.
CELERY_TASK_ACKS_LATE = False
# Early ack already gives at-most-once; kombu's unacked bookkeeping would only add round trips.
CELERY_BROKER_TRANSPORT_OPTIONS = {"ack_emulation": False}
# Keep retrying the broker at start-up (Redis may come up after the worker).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Run tasks in-process (tests of services without a worker); never in production.
CELERY_TASK_ALWAYS_EAGER = _env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# Auth pages (sign-up, log-in) for learners and instructors; anonymous visitors keep the lessons.
LOGIN_URL = "login"
# Where a successful log-in lands without ?next=: the learner's (or instructor's) courses.
LOGIN_REDIRECT_URL = "grading:home"
# Where log-out lands.
LOGOUT_REDIRECT_URL = "index"
# Seconds the authoring page's "Test with reference solution" may run the engine's lint.
GRADING_LINT_TIMEOUT = float(os.environ.get("GRADING_LINT_TIMEOUT", "20"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
