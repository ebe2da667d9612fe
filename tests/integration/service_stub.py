"""A small API server for the oracle: serves Services, their EndpointSlices and (no) events as
given, so the real kubectl v1.32 can describe what the simulator holds.

Run as ``python -m tests.integration.service_stub PORT FIXTURE.json`` where the fixture is
``{"services": [...], "slices": [...], "pods": [...], "endpoints": [...], "configmaps": [...],
"secrets": [...]}`` (all but the first two optional); it answers only what `kubectl describe
service|endpoints|configmap|secret`, `kubectl get configmap|secret NAME -o yaml` and `kubectl
expose pod` ask (discovery, GET of one object, LIST endpointslices by service name, LIST events).
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.integration.stub_apiserver import StubHandler, not_found, serve

CORE = [
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


def handler(data: dict[str, Any]) -> type[BaseHTTPRequestHandler]:
    class Handler(StubHandler):
        CORE_RESOURCES = CORE
        GROUP = DISCOVERY_GROUP
        GROUP_RESOURCES = SLICE_RESOURCES

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlsplit(self.path)
            path, query = url.path, parse_qs(url.query)
            parts = [unquote(p) for p in path.strip("/").split("/")]
            if self.answer_discovery(path):
                return None
            if parts[:3] == ["api", "v1", "namespaces"] and len(parts) == 6 \
                    and parts[4] in ("services", "pods", "endpoints", "configmaps", "secrets"):
                for obj in data.get(parts[4]) or []:
                    if (obj["metadata"]["namespace"], obj["metadata"]["name"]) == (
                            parts[3], parts[5]):
                        return self.reply_json(200, obj)
                return self.reply_json(404, not_found(f'{parts[4]} "{parts[5]}" not found'))
            if parts[-1] == "endpointslices":
                wanted = (query.get("labelSelector") or [""])[0].partition("=")[2]
                items = [s for s in data["slices"] if s["metadata"]["namespace"] == parts[-2]
                         and s["metadata"]["labels"]["kubernetes.io/service-name"] == wanted]
                return self.reply_json(200, {"kind": "EndpointSliceList",
                                        "apiVersion": "discovery.k8s.io/v1",
                                        "metadata": {}, "items": items})
            if parts[-1] == "events":
                return self.reply_json(200, {"kind": "EventList", "apiVersion": "v1",
                                        "metadata": {}, "items": []})
            return self.reply_json(404, not_found(f"{path} not found"))

    return Handler



if __name__ == "__main__":
    serve(handler)
