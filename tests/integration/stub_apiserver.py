"""What the oracle's small API servers share (metrics_stub.py, service_stub.py): JSON and
plain-text replies, the discovery documents kubectl reads before any request, and the
``python -m … PORT FIXTURE.json`` entry point. Each stub adds only the routes its tests ask."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar


def not_found(message: str) -> dict[str, Any]:
    """The API server's NotFound Status body, ``message`` being e.g. ``pods "web" not found``."""
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": "NotFound", "code": 404}


class StubHandler(BaseHTTPRequestHandler):
    """Discovery for the core group and one API group; subclasses set the class variables."""

    CORE_RESOURCES: ClassVar[list[dict[str, Any]]] = []
    GROUP: ClassVar[dict[str, Any]] = {}
    GROUP_RESOURCES: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, *args: Any) -> None:
        del args  # the tests read kubectl's output, not the stub's access log

    def reply_json(self, code: int, body: dict[str, Any]) -> None:
        self._reply(code, "application/json", json.dumps(body).encode())

    def reply_text(self, code: int, text: str) -> None:
        self._reply(code, "text/plain; charset=utf-8", text.encode())

    def _reply(self, code: int, content_type: str, raw: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def answer_discovery(self, path: str) -> bool:
        """Answer ``/api``, ``/apis``, ``/api/v1`` and the group's version; False otherwise."""
        group_version = self.GROUP["preferredVersion"]["groupVersion"]
        if path == "/api":
            self.reply_json(200, {"kind": "APIVersions", "versions": ["v1"],
                                  "serverAddressByClientCIDRs": [
                                      {"clientCIDR": "0.0.0.0/0",
                                       "serverAddress": "127.0.0.1:6443"}]})
        elif path == "/apis":
            self.reply_json(200, {"kind": "APIGroupList", "apiVersion": "v1",
                                  "groups": [self.GROUP]})
        elif path == "/api/v1":
            self.reply_json(200, {"kind": "APIResourceList", "groupVersion": "v1",
                                  "resources": self.CORE_RESOURCES})
        elif path == f"/apis/{group_version}":
            self.reply_json(200, {"kind": "APIResourceList", "groupVersion": group_version,
                                  "resources": self.GROUP_RESOURCES})
        else:
            return False
        return True


def serve(handler: Callable[[dict[str, Any]], type[BaseHTTPRequestHandler]]) -> None:
    """``python -m tests.integration.<stub> PORT FIXTURE.json``: serve the fixture until killed."""
    port, fixture = int(sys.argv[1]), sys.argv[2]
    with open(fixture, encoding="utf-8") as f:
        data = json.load(f)
    ThreadingHTTPServer(("127.0.0.1", port), handler(data)).serve_forever()
