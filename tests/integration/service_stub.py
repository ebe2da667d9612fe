"""A small API server for the oracle: serves Services, their EndpointSlices and (no) events as
given, so the real kubectl v1.32 can describe what the simulator holds.

Run as ``python -m tests.integration.service_stub PORT FIXTURE.json`` where the fixture is
``{"services": [...], "slices": [...], "pods": [...], "endpoints": [...], "configmaps": [...],
"secrets": [...]}`` (all but the first two optional); it answers only what `kubectl describe
service|endpoints|configmap|secret`, `kubectl get configmap|secret NAME -o yaml` and `kubectl
expose pod` ask (discovery, GET of one object, LIST endpointslices by service name, LIST events).
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

CORE_RESOURCES = [
    {"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod",
     "verbs": ["get", "list"], "shortNames": ["po"]},
    {"name": "endpoints", "singularName": "endpoints", "namespaced": True, "kind": "Endpoints",
     "verbs": ["get", "list"], "shortNames": ["ep"]},
    {"name": "services", "singularName": "service", "namespaced": True, "kind": "Service",
     "verbs": ["get", "list"], "shortNames": ["svc"]},
    {"name": "events", "singularName": "event", "namespaced": True, "kind": "Event",
     "verbs": ["get", "list"], "shortNames": ["ev"]},
    {"name": "configmaps", "singularName": "configmap", "namespaced": True, "kind": "ConfigMap",
     "verbs": ["get", "list"], "shortNames": ["cm"]},
    {"name": "secrets", "singularName": "secret", "namespaced": True, "kind": "Secret",
     "verbs": ["get", "list"]},
]
DISCOVERY_GROUP = {
    "name": "discovery.k8s.io",
    "versions": [{"groupVersion": "discovery.k8s.io/v1", "version": "v1"}],
    "preferredVersion": {"groupVersion": "discovery.k8s.io/v1", "version": "v1"},
}
SLICE_RESOURCES = [
    {"name": "endpointslices", "singularName": "endpointslice", "namespaced": True,
     "kind": "EndpointSlice", "verbs": ["get", "list"]},
]


def _not_found(what: str) -> dict[str, Any]:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": f"{what} not found", "reason": "NotFound", "code": 404}


def handler(data: dict[str, Any]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            del args

        def _json(self, code: int, body: dict[str, Any]) -> None:
            raw = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlsplit(self.path)
            path, query = url.path, parse_qs(url.query)
            parts = [unquote(p) for p in path.strip("/").split("/")]
            if path == "/api":
                return self._json(200, {"kind": "APIVersions", "versions": ["v1"],
                                        "serverAddressByClientCIDRs": [
                                            {"clientCIDR": "0.0.0.0/0",
                                             "serverAddress": "127.0.0.1:6443"}]})
            if path == "/apis":
                return self._json(200, {"kind": "APIGroupList", "apiVersion": "v1",
                                        "groups": [DISCOVERY_GROUP]})
            if path == "/api/v1":
                return self._json(200, {"kind": "APIResourceList", "groupVersion": "v1",
                                        "resources": CORE_RESOURCES})
            if path == "/apis/discovery.k8s.io/v1":
                return self._json(200, {"kind": "APIResourceList",
                                        "groupVersion": "discovery.k8s.io/v1",
                                        "resources": SLICE_RESOURCES})
            if parts[:3] == ["api", "v1", "namespaces"] and len(parts) == 6 \
                    and parts[4] in ("services", "pods", "endpoints", "configmaps", "secrets"):
                for obj in data.get(parts[4]) or []:
                    if (obj["metadata"]["namespace"], obj["metadata"]["name"]) == (
                            parts[3], parts[5]):
                        return self._json(200, obj)
                return self._json(404, _not_found(f'{parts[4]} "{parts[5]}"'))
            if parts[-1] == "endpointslices":
                wanted = (query.get("labelSelector") or [""])[0].partition("=")[2]
                items = [s for s in data["slices"] if s["metadata"]["namespace"] == parts[-2]
                         and s["metadata"]["labels"]["kubernetes.io/service-name"] == wanted]
                return self._json(200, {"kind": "EndpointSliceList",
                                        "apiVersion": "discovery.k8s.io/v1",
                                        "metadata": {}, "items": items})
            if parts[-1] == "events":
                return self._json(200, {"kind": "EventList", "apiVersion": "v1",
                                        "metadata": {}, "items": []})
            return self._json(404, _not_found(path))

    return Handler


def main() -> None:
    port, fixture = int(sys.argv[1]), sys.argv[2]
    with open(fixture, encoding="utf-8") as f:
        data = json.load(f)
    ThreadingHTTPServer(("127.0.0.1", port), handler(data)).serve_forever()


if __name__ == "__main__":
    main()
