"""Content-Security-Policy on every response: scripts only from our own static files.

Django 5.2 has no CSP of its own (6.0 will). django-csp would add nonce and per-view machinery
that a site without inline script does not need, so the policy is one constant here. No page
has inline script or ``on…=`` handlers (tests/unit/test_csp.py keeps it so); styles allow
'unsafe-inline' because xterm.js and CodeMirror insert <style> elements at run time, and a
style cannot run script. The terminal socket is named by scheme and host because 'self' covers
ws:/wss: only in browsers that implement CSP Level 3.
"""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_for(request: HttpRequest) -> str:
    directives = dict(POLICY)
    try:
        socket = f"{'wss' if request.is_secure() else 'ws'}://{request.get_host()}"
    except DisallowedHost:  # the 400 answer to a foreign Host: no socket to allow
        socket = ""
    directives["connect-src"] = f"'self' {socket}".strip()
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    """Adds the header unless a view set its own (MiddlewareMixin: sync and async alike)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers.setdefault("Content-Security-Policy", policy_for(request))
        return response
