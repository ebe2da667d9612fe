"""A small API server for the oracle: serves the Metrics API (metrics.k8s.io/v1beta1) with the
PodMetrics and NodeMetrics the simulator computed, plus the pods and nodes kubectl top reads
beside them, so the real kubectl v1.32 prints `kubectl top` for what the simulator holds.

Run as ``python -m tests.integration.metrics_stub PORT FIXTURE.json`` where the fixture is
``{"pods": [...], "nodes": [...], "podmetrics": [...], "nodemetrics": [...]}``. Label selectors
are ``k=v`` terms only, field selectors ``metadata.name=…`` only (what the tests ask).
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.integration.stub_apiserver import StubHandler, not_found, serve

GV = "metrics.k8s.io/v1beta1"
METRICS_GROUP = {"name": "metrics.k8s.io",
                 "versions": [{"groupVersion": GV, "version": "v1beta1"}],
                 "preferredVersion": {"groupVersion": GV, "version": "v1beta1"}}
CORE = [
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
    class Handler(StubHandler):
        CORE_RESOURCES = CORE
        GROUP = METRICS_GROUP
        GROUP_RESOURCES = METRICS_RESOURCES

        def _collection(self, key: str, kind: str, api_version: str, namespace: str | None,
                        name: str | None, query: dict[str, list[str]],
                        missing: str) -> None:
            objs = [o for o in data.get(key) or []
                    if namespace is None or o["metadata"].get("namespace") == namespace]
            if name is not None:
                for obj in objs:
                    if obj["metadata"]["name"] == name:
                        return self.reply_json(200, obj)
                shown = f"{namespace}/{name}" if namespace and key == "podmetrics" else name
                return self.reply_json(404, not_found(f'{missing} "{shown}" not found'))
            items = [o for o in objs if _selected(o, query)]
            return self.reply_json(200, {"kind": f"{kind}List", "apiVersion": api_version,
                                    "metadata": {}, "items": items})

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlsplit(self.path)
            path, query = url.path, parse_qs(url.query)
            parts = [unquote(p) for p in path.strip("/").split("/")]
            if self.answer_discovery(path):
                return None
            core = parts[:2] == ["api", "v1"]
            metric = parts[:3] == ["apis", "metrics.k8s.io", "v1beta1"]
            rest = parts[2:] if core else parts[3:] if metric else []
            namespace = None
            if len(rest) >= 2 and rest[0] == "namespaces":
                namespace, rest = rest[1], rest[2:]
            if rest and rest[0] in ("pods", "nodes") and len(rest) <= 2:
                name = rest[1] if len(rest) == 2 else None
                if rest[0] == "pods" and namespace is None and name is not None:
                    # no such route for a namespaced kind: the mux's plain-text 404
                    return self.reply_text(404, "404 page not found\n")
                if core:
                    key, kind = rest[0], "Pod" if rest[0] == "pods" else "Node"
                    return self._collection(key, kind, "v1", namespace, name, query, rest[0])
                key = "podmetrics" if rest[0] == "pods" else "nodemetrics"
                kind = "PodMetrics" if rest[0] == "pods" else "NodeMetrics"
                return self._collection(key, kind, GV, namespace, name, query,
                                        f"{key}.metrics.k8s.io")
            return self.reply_json(404, not_found(f' "{path}" not found'))

    return Handler



if __name__ == "__main__":
    serve(handler)
