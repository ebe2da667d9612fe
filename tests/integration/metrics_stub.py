"""A small API server for the oracle: serves the Metrics API (metrics.k8s.io/v1beta1) with the
PodMetrics and NodeMetrics the simulator computed, plus the pods and nodes kubectl top reads
beside them, so the real kubectl v1.32 prints `kubectl top` for what the simulator holds.

Run as ``python -m tests.integration.metrics_stub PORT FIXTURE.json`` where the fixture is
``{"pods": [...], "nodes": [...], "podmetrics": [...], "nodemetrics": [...]}``. Label selectors
are ``k=v`` terms only, field selectors ``metadata.name=…`` only (what the tests ask).
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

GV = "metrics.k8s.io/v1beta1"
METRICS_GROUP = {"name": "metrics.k8s.io",
                 "versions": [{"groupVersion": GV, "version": "v1beta1"}],
                 "preferredVersion": {"groupVersion": GV, "version": "v1beta1"}}
CORE_RESOURCES = [
    {"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod",
     "verbs": ["get", "list"], "shortNames": ["po"]},
    {"name": "nodes", "singularName": "node", "namespaced": False, "kind": "Node",
     "verbs": ["get", "list"], "shortNames": ["no"]},
]
METRICS_RESOURCES = [
    {"name": "nodes", "singularName": "", "namespaced": False, "kind": "NodeMetrics",
     "verbs": ["get", "list"]},
    {"name": "pods", "singularName": "", "namespaced": True, "kind": "PodMetrics",
     "verbs": ["get", "list"]},
]


def _not_found(group_resource: str, name: str) -> dict[str, Any]:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": f'{group_resource} "{name}" not found', "reason": "NotFound",
            "code": 404}


def _selected(obj: dict[str, Any], query: dict[str, list[str]]) -> bool:
    labels = obj["metadata"].get("labels") or {}
    for term in filter(None, (query.get("labelSelector") or [""])[0].split(",")):
        key, _, value = term.partition("=")
        if labels.get(key) != value:
            return False
    for term in filter(None, (query.get("fieldSelector") or [""])[0].split(",")):
        key, _, value = term.partition("=")
        if key == "metadata.name" and obj["metadata"]["name"] != value:
            return False
    return True


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

        def _page_not_found(self) -> None:
            raw = b"404 page not found\n"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _collection(self, key: str, kind: str, api_version: str, namespace: str | None,
                        name: str | None, query: dict[str, list[str]],
                        missing: str) -> None:
            objs = [o for o in data.get(key) or []
                    if namespace is None or o["metadata"].get("namespace") == namespace]
            if name is not None:
                for obj in objs:
                    if obj["metadata"]["name"] == name:
                        return self._json(200, obj)
                shown = f"{namespace}/{name}" if namespace and key == "podmetrics" else name
                return self._json(404, _not_found(missing, shown))
            items = [o for o in objs if _selected(o, query)]
            return self._json(200, {"kind": f"{kind}List", "apiVersion": api_version,
                                    "metadata": {}, "items": items})

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
                                        "groups": [METRICS_GROUP]})
            if path == "/api/v1":
                return self._json(200, {"kind": "APIResourceList", "groupVersion": "v1",
                                        "resources": CORE_RESOURCES})
            if path == f"/apis/{GV}":
                return self._json(200, {"kind": "APIResourceList", "groupVersion": GV,
                                        "resources": METRICS_RESOURCES})
            core = parts[:2] == ["api", "v1"]
            metric = parts[:3] == ["apis", "metrics.k8s.io", "v1beta1"]
            rest = parts[2:] if core else parts[3:] if metric else []
            namespace = None
            if len(rest) >= 2 and rest[0] == "namespaces":
                namespace, rest = rest[1], rest[2:]
            if rest and rest[0] in ("pods", "nodes") and len(rest) <= 2:
                name = rest[1] if len(rest) == 2 else None
                if rest[0] == "pods" and namespace is None and name is not None:
                    return self._page_not_found()  # no such route for a namespaced kind
                if core:
                    key, kind = rest[0], "Pod" if rest[0] == "pods" else "Node"
                    return self._collection(key, kind, "v1", namespace, name, query, rest[0])
                key = "podmetrics" if rest[0] == "pods" else "nodemetrics"
                kind = "PodMetrics" if rest[0] == "pods" else "NodeMetrics"
                return self._collection(key, kind, GV, namespace, name, query,
                                        f"{key}.metrics.k8s.io")
            return self._json(404, _not_found("", path))

    return Handler


def main() -> None:
    port, fixture = int(sys.argv[1]), sys.argv[2]
    with open(fixture, encoding="utf-8") as f:
        data = json.load(f)
    ThreadingHTTPServer(("127.0.0.1", port), handler(data)).serve_forever()


if __name__ == "__main__":
    main()
