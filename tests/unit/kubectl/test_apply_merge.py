"""kubectl apply on a live pod (spec §6.6, G46): only what the manifest changed is patched."""

from __future__ import annotations

import random

from playground.sim.admission.defaults import default_pod
from playground.sim.admission.validation import validate_pod_update
from playground.sim.kubectl.writes import merge


def _manifest(image: str, port: int) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "myweb"},
            "spec": {"containers": [{"name": "myweb", "image": image,
                                     "ports": [{"containerPort": port}]}]}}


def test_image_change_keeps_server_defaults_and_is_allowed() -> None:
    live = default_pod(_manifest("httpd", 80), random.Random(1))
    merged = merge(live, _manifest("httpd:2.4", 80), _manifest("httpd", 80))
    container = merged["spec"]["containers"][0]
    assert container["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert container["image"] == "httpd:2.4"
    assert validate_pod_update(live, merged) == []


def test_port_change_is_forbidden() -> None:
    live = default_pod(_manifest("httpd", 80), random.Random(1))
    merged = merge(live, _manifest("httpd", 8080), _manifest("httpd", 80))
    causes = validate_pod_update(live, merged)
    assert causes and causes[0].startswith(
        "spec: Forbidden: pod updates may not change fields other than "
        "`spec.containers[*].image`")


def test_merge_without_last_applied_defaults_the_manifest() -> None:
    live = default_pod(_manifest("httpd", 80), random.Random(1))
    assert validate_pod_update(live, merge(live, _manifest("httpd", 80), {})) == []
