"""ASGI entry point: Django HTTP (static files by ServeStatic's middleware) and the websockets."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_http = get_asgi_application()

from playground.terminal.origin import ExactOriginValidator  # noqa: E402
from playground.terminal.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_http,
        # Origin must be this site exactly (scheme, host, port) or a CSRF_TRUSTED_ORIGINS entry;
        # the session cookie identifies the sandbox (and user).
        "websocket": ExactOriginValidator(
            # types-channels wants its stub-only route type; the routes are django.urls.path()s.
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))  # type: ignore[arg-type]
        ),
    }
)
