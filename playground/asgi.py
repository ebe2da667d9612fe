"""ASGI entry point: Django HTTP (with static files) and the terminal websocket."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_http = get_asgi_application()

from playground.terminal.origin import ExactOriginValidator  # noqa: E402
from playground.terminal.routing import websocket_urlpatterns  # noqa: E402

http = ASGIStaticFilesHandler(django_http) if settings.SERVE_STATIC else django_http

application = ProtocolTypeRouter(
    {
        "http": http,
        # Origin must be this site exactly (scheme, host, port) or a CSRF_TRUSTED_ORIGINS entry;
        # the session cookie identifies the sandbox (and user).
        "websocket": ExactOriginValidator(
            # types-channels wants its stub-only route type; the routes are django.urls.path()s.
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))  # type: ignore[arg-type]
        ),
    }
)
