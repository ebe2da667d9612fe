"""default_pod against the captured myweb pod (spec §5.2)."""

from __future__ import annotations

import random
from typing import Any

import yaml

from playground.sim.admission.defaults import default_namespace, default_pod, image_pull_policy
from tests.paths import SHARED

FULL = (SHARED / "spec/captures/myweb_full.yaml")
MYWEB = {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"labels": {"run": "myweb"}, "name": "myweb"},
         "spec": {"containers": [{"image": "httpd", "name": "myweb", "resources": {}}],
                  "dnsPolicy": "ClusterFirst", "restartPolicy": "Always"}}


def test_default_pod_matches_captured_myweb_spec() -> None:
    out = default_pod(MYWEB, random.Random(7))
    captured = yaml.safe_load(FULL.read_text())["spec"]
    captured.pop("nodeName")
    volume = out["spec"]["volumes"][0]["name"]
    assert volume.startswith("kube-api-access-") and len(volume) == len("kube-api-access-2g9hd")
    text = yaml.safe_dump(captured).replace("kube-api-access-2g9hd", volume)
    assert out["spec"] == yaml.safe_load(text)


def test_default_pod_pull_policy_by_tag() -> None:
    assert [image_pull_policy(i) for i in ("httpd", "httpd:latest", "httpd:2.4",
                                           "nginx@sha256:abc", "localhost:5000/app")] == [
        "Always", "Always", "IfNotPresent", "IfNotPresent", "Always"]


def test_default_pod_probe_and_limits_defaults() -> None:
    pod = {"spec": {"initContainers": [{"name": "i", "image": "busybox:1.36"}],
                    "containers": [{"name": "c", "image": "nginx:1.27",
                                    "ports": [{"containerPort": 80}],
                                    "resources": {"limits": {"cpu": "1"}},
                                    "livenessProbe": {"httpGet": {"port": 80}}}]}}
    spec = default_pod(pod, random.Random(1))["spec"]
    c = spec["containers"][0]
    assert c["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert c["resources"]["requests"] == {"cpu": "1"}
    assert c["livenessProbe"] == {"failureThreshold": 3, "httpGet": {"path": "/", "port": 80,
                                  "scheme": "HTTP"}, "periodSeconds": 10,
                                  "successThreshold": 1, "timeoutSeconds": 1}
    assert spec["initContainers"][0]["volumeMounts"][0]["readOnly"] is True


def test_default_namespace_adds_label_finalizer_phase() -> None:
    ns = default_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}})
    assert ns["metadata"]["labels"] == {"kubernetes.io/metadata.name": "dev"}
    assert ns["spec"] == {"finalizers": ["kubernetes"]}
    assert ns["status"] == {"phase": "Active"}


def test_field_ref_api_version_and_quantities_are_defaulted() -> None:
    import random

    from playground.sim.admission.defaults import default_pod

    pod = {"spec": {"containers": [{
        "name": "web", "image": "nginx:1.27",
        "env": [{"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}],
        "resources": {"limits": {"cpu": "1000m", "memory": "1024Mi"}}}]}}
    c = default_pod(pod, random.Random(0))["spec"]["containers"][0]
    assert c["env"][0]["valueFrom"]["fieldRef"] == {"apiVersion": "v1",
                                                    "fieldPath": "status.podIP"}
    assert c["resources"] == {"limits": {"cpu": "1", "memory": "1Gi"},
                              "requests": {"cpu": "1", "memory": "1Gi"}}


def test_host_network_pod_ports_become_host_ports() -> None:
    # SetDefaults_Pod's defaultHostNetworkPorts: a set hostPort is kept, a missing one is the
    # containerPort (only with hostNetwork)
    def pod(host_network: bool) -> dict[str, Any]:
        ports = [{"containerPort": 80}, {"containerPort": 443, "hostPort": 8443}]
        return {"metadata": {"name": "hn"}, "spec": {"hostNetwork": host_network, "containers": [
            {"name": "web", "image": "nginx", "ports": ports}]}}

    out = default_pod(pod(True), random.Random(1))["spec"]["containers"][0]["ports"]
    assert [(p["containerPort"], p["hostPort"]) for p in out] == [(80, 80), (443, 8443)]
    plain = default_pod(pod(False), random.Random(1))
    assert "hostPort" not in plain["spec"]["containers"][0]["ports"][0]
