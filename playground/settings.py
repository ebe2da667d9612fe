"""Django settings, read from the environment; the defaults make `make run` work unconfigured."""

from __future__ import annotations

import os
import re
from pathlib import Path
from wsgiref.headers import Headers

from django.core.exceptions import ImproperlyConfigured

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
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                # A class of writers at once: every write transaction takes the lock at BEGIN
                # (no deadlock-prone upgrade from a read lock, which fails at once with
                # "database is locked"), waits up to `timeout` seconds for it, and WAL lets
                # readers go on while one writer commits.
                "transaction_mode": "IMMEDIATE",
                "timeout": float(os.environ.get("SQLITE_BUSY_SECONDS", "20")),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    from urllib.parse import parse_qsl, unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be sqlite:///path or postgres://..., not {url!r}")
    query = dict(parse_qsl(parsed.query))
    return {
        "ENGINE": "django.db.backends.postgresql",  # psycopg 3 (requirements.txt)
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        # ?host=/run/dir selects a unix socket directory (libpq's own form), else the netloc.
        "HOST": query.pop("host", parsed.hostname or ""),
        "PORT": str(parsed.port or ""),
        # 0: a connection per request/task. Under ASGI, Django's persistent connections leak
        # per thread; put PgBouncer in front for many processes (docs/DEPLOY.md).
        "CONN_MAX_AGE": int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": query,  # e.g. sslmode=require
    }


# Off by default so no traceback ever reaches a learner's page; DJANGO_DEBUG=1 while developing.
DEBUG = _env_bool("DJANGO_DEBUG", False)
# The secret key and the rest of the security block are set in "Security" below.
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
    "axes",  # failed log-ins per username and address; lockout (see "Security" below)
    "channels",
    "lessons",
    "grading",
    "lti_tool",  # django-lti: LTI 1.3 registrations, deployments, keys (grading/lti/adapter.py)
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
    "playground.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
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
# gettext catalogs of the UI (ko; English is the source language): `manage.py compilemessages`.
LOCALE_PATHS = [BASE_DIR / "locale"]
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
# Output frames kept per sandbox stream for reconnecting tabs (oldest trimmed first)...
TERMINAL_OUTPUT_MAXLEN = int(os.environ.get("TERMINAL_OUTPUT_MAXLEN", "2000"))
# ...and the bytes of frame text they may hold: what one sandbox's output costs Redis at most.
TERMINAL_OUTPUT_MAX_BYTES = int(os.environ.get("TERMINAL_OUTPUT_MAX_BYTES", str(1 << 20)))
# An output stream with no new frame for this long expires (it only serves reconnects).
TERMINAL_OUTPUT_RETENTION_SECONDS = int(
    os.environ.get("TERMINAL_OUTPUT_RETENTION_SECONDS", "3600")
)
# Per-socket token bucket: sustained frames per second a terminal may send...
TERMINAL_RATE_PER_SECOND = float(os.environ.get("TERMINAL_RATE_PER_SECOND", "20"))
# ...and the burst it may send at once (a pasted script, many tabs).
TERMINAL_RATE_BURST = int(os.environ.get("TERMINAL_RATE_BURST", "60"))
# How the socket queues Celery tasks: "direct" (one async LPUSH) or "thread" (apply_async).
TERMINAL_ENQUEUE = os.environ.get("TERMINAL_ENQUEUE", "direct")
# Enables /ws/echo/, a plain Channels echo consumer that bench/ws_latency.py compares against.
TERMINAL_ECHO_ROUTE = _env_bool("TERMINAL_ECHO_ROUTE", False)
# Simulator limits (line length, files, output); the simulator only ever sees this object.
# TERMINAL_FILES_MAX_BYTES: what a sandbox's files may take in all (past it a write that grows
# them fails with ENOSPC), 2 MiB: eight of the largest files, hundreds of manifests.
SIM_CONFIG = SimConfig(
    max_files_bytes=int(os.environ.get("TERMINAL_FILES_MAX_BYTES", str(2 << 20))),
)
# Largest websocket frame accepted: one file of the editor plus JSON overhead.
TERMINAL_MAX_FRAME_BYTES = SIM_CONFIG.max_file_bytes * 2 + 4096

# ----- Terminal back-pressure, fairness and lost workers (playground/terminal/jobs.py) -----
# Open terminal sockets one user (or anonymous session) may hold across every Daphne process.
TERMINAL_MAX_SOCKETS_PER_OWNER = int(os.environ.get("TERMINAL_MAX_SOCKETS_PER_OWNER", "8"))
# A socket's registration lapses this long after its Daphne stopped renewing it (a crash).
TERMINAL_SOCKET_LEASE_SECONDS = int(os.environ.get("TERMINAL_SOCKET_LEASE_SECONDS", "60"))
# Commands and file saves one owner may have queued or running at once; more get a clear error.
TERMINAL_MAX_QUEUED_PER_OWNER = int(os.environ.get("TERMINAL_MAX_QUEUED_PER_OWNER", "16"))
# File saves (and deletes) one owner may make per minute across all their sockets, and at once;
# past either the save is refused with the seconds to wait (playground/terminal/budgets.py)...
TERMINAL_SAVES_PER_MINUTE = int(os.environ.get("TERMINAL_SAVES_PER_MINUTE", "60"))
TERMINAL_SAVE_BURST = int(os.environ.get("TERMINAL_SAVE_BURST", "20"))
# ...and the bytes those saves may carry per minute, and at once (one file is at most 256 KiB).
TERMINAL_SAVE_BYTES_PER_MINUTE = int(
    os.environ.get("TERMINAL_SAVE_BYTES_PER_MINUTE", str(4 << 20))
)
TERMINAL_SAVE_BYTES_BURST = int(os.environ.get("TERMINAL_SAVE_BYTES_BURST", str(2 << 20)))
# `sync` requests (files + history, sent by a page on every (re)connect) per socket and minute,
# and at once: each answers every file of the sandbox.
TERMINAL_SYNCS_PER_MINUTE = int(os.environ.get("TERMINAL_SYNCS_PER_MINUTE", "6"))
TERMINAL_SYNC_BURST = int(os.environ.get("TERMINAL_SYNC_BURST", "3"))
# With this many of an owner's jobs unfinished, their next commands wait behind every other
# learner's (Celery's low-priority list); 0 turns it off.
TERMINAL_FAIR_SHARE_PER_OWNER = int(os.environ.get("TERMINAL_FAIR_SHARE_PER_OWNER", "2"))
# How often a socket looks at its commands that have not answered yet.
TERMINAL_JOB_CHECK_SECONDS = float(os.environ.get("TERMINAL_JOB_CHECK_SECONDS", "1"))
# A worker's lease on a running command; a dead worker is noticed within lease + one check.
TERMINAL_JOB_LEASE_SECONDS = float(os.environ.get("TERMINAL_JOB_LEASE_SECONDS", "3"))
# A running command reads its Ctrl-C flag from Redis at most this often (jobs.py): Ctrl-C stops
# the line within this plus one pipeline stage, for one EXISTS per interval.
TERMINAL_STOP_CHECK_SECONDS = float(os.environ.get("TERMINAL_STOP_CHECK_SECONDS", "0.05"))
# A command queued this long gets a "the playground is busy" notice in its tab...
TERMINAL_QUEUE_NOTICE_SECONDS = int(os.environ.get("TERMINAL_QUEUE_NOTICE_SECONDS", "2"))
# ...and one still queued after this long is not run at all (the learner is told).
TERMINAL_QUEUE_TIMEOUT_SECONDS = int(os.environ.get("TERMINAL_QUEUE_TIMEOUT_SECONDS", "60"))
# One message reserved per worker process: a busy worker hoards no commands an idle one could run,
# and a killed worker takes at most one unstarted command with it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

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
# Grading tasks set acks_late/reject_on_worker_lost per task (grading/tasks.py); the beat
# process runs the sweep that re-queues submissions a lost worker left "grading…".
CELERY_BEAT_SCHEDULE = {
    "grading-submission-sweep": {
        "task": "grading.submission_sweep",
        "schedule": float(os.environ.get("GRADING_SWEEP_SECONDS", "30")),
    },
    # LMS scores still unsent (platform down past the retries, grades withheld until the due
    # date), and expired LTI nonces.
    "grading-lti-scores-sweep": {
        "task": "grading.lti_scores_sweep",
        "schedule": float(os.environ.get("GRADING_SWEEP_SECONDS", "30")),
    },
}
# A submission still not graded this many seconds after it was queued counts as lost.
GRADING_STUCK_SECONDS = float(os.environ.get("GRADING_STUCK_SECONDS", "120"))
# Times a submission is queued (first try, retries, sweeps) before it ends in a clear error.
GRADING_MAX_ATTEMPTS = int(os.environ.get("GRADING_MAX_ATTEMPTS", "5"))

# Auth pages (sign-up, log-in) for learners and instructors; anonymous visitors keep the lessons.
LOGIN_URL = "login"
# Where a successful log-in lands without ?next=: the learner's (or instructor's) courses.
LOGIN_REDIRECT_URL = "grading:home"
# Where log-out lands.
LOGOUT_REDIRECT_URL = "index"
# Seconds the engine's lint may run when an exercise is saved or tested from the authoring page.
GRADING_LINT_TIMEOUT = float(os.environ.get("GRADING_LINT_TIMEOUT", "20"))
# Seeds a saved exercise's reference solution must score full marks for (~20 ms a seed).
GRADING_LINT_SEEDS = int(os.environ.get("GRADING_LINT_SEEDS", "5"))

# ----- Security (docs/DEPLOY.md "Security") -----
# Development mode: DJANGO_DEBUG=1 or PLAYGROUND_DEV=1 (scripts/stack.py sets it for `make run`,
# the tests and the benchmarks). Anything else is production, which refuses to start without a
# real secret key: a public site on a published key lets anyone forge sessions and log-ins.
PLAYGROUND_DEV = DEBUG or _env_bool("PLAYGROUND_DEV", False)
_DEV_SECRET_KEY = "dev-insecure-pod-playground-key-change-me"


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if PLAYGROUND_DEV:
        return key or _DEV_SECRET_KEY
    # The strength rule is Django's own (security.W009), so check --deploy agrees with us.
    weak = len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")
    if not key or key == _DEV_SECRET_KEY or weak:
        problem = "is not set" if not key else "is the built-in development key" if (
            key == _DEV_SECRET_KEY) else "is too weak (fewer than 50 characters or 5 distinct)"
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY {problem} and DEBUG is off. Set DJANGO_SECRET_KEY to a random "
            "value of 50+ characters, e.g. the output of: python -c 'from django.core.management"
            ".utils import get_random_secret_key; print(get_random_secret_key())' "
            "(or PLAYGROUND_DEV=1 for a local, non-public run). See docs/DEPLOY.md.")
    return key


SECRET_KEY = _secret_key()

# Served over https (TLS ends at a proxy that sets X-Forwarded-Proto, or at Daphne itself):
# DJANGO_HTTPS=1 turns on HSTS, secure cookies, the http->https redirect and trusts the proxy's
# X-Forwarded-Proto. The proxy must overwrite that header, never pass a client's through.
HTTPS = _env_bool("DJANGO_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The proxy may answer plain http itself; Django redirects what reaches it over http.
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # One year, the value hstspreload.org asks for; start lower (e.g. 3600) on a new domain.
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    # Only a header: the domain joins browsers' preload lists only when submitted there.
    SECURE_HSTS_PRELOAD = _env_bool("DJANGO_HSTS_PRELOAD", True)

# Django's four standard password rules (accounts hold grades): not like the username, at
# least 8 characters, not a common password, not all digits. Django words them in ko and en.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in throttling with django-axes (maintained, Jazzband): the axes backend must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed log-ins allowed before the lockout...
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
# ...counted per username *and* address: a class behind one NAT address is not locked out by one
# learner's typos, and nobody can lock a learner out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Hours a lockout lasts (it lifts by itself; `manage.py axes_reset` lifts it at once).
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
# A successful log-in forgets the failures before it.
AXES_RESET_ON_SUCCESS = True
# The lockout page, in the learner's language (axes ships no Korean).
AXES_LOCKOUT_CALLABLE = "grading.lockout.lockout_response"
# Our translations (log-in, sign-up and lockout pages); Django's own cover its forms.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The address is REMOTE_ADDR: behind a proxy, run Daphne with --proxy-headers so it is the
# client's (X-Forwarded-For), not the proxy's (docs/DEPLOY.md).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The time zone a new course starts with (due dates are entered and shown in the course's zone);
# empty: TIME_ZONE. A Korean class sets Asia/Seoul.
GRADING_DEFAULT_TIME_ZONE = os.environ.get("GRADING_DEFAULT_TIME_ZONE", "")
