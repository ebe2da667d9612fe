"""deploy/kubernetes/: every manifest is valid Kubernetes v1.32 (kubernetes-validate's offline,
strict schemas: unknown fields fail too), and the pieces fit together: selectors find their
pods, env comes from the ConfigMap/Secret that exist, one beat, the Ingress reaches web."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "deploy" / "kubernetes"
VERSION = "1.32.0"


def _documents() -> list[dict[str, Any]]:
    docs = []
    for path in sorted(MANIFESTS.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        docs += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    return docs


def _by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in _documents() if d["kind"] == kind}


def _pod_templates() -> dict[str, dict[str, Any]]:
    owners = {**_by_kind("Deployment"), **_by_kind("StatefulSet"), **_by_kind("Job")}
    return {name: doc["spec"]["template"] for name, doc in owners.items()}


@pytest.mark.parametrize("doc", _documents(), ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_manifest_is_valid_kubernetes_v1_32(doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, VERSION, strict=True)


def test_an_invalid_manifest_is_refused() -> None:
    web = _by_kind("Deployment")["web"]
    broken = {**web, "spec": {**web["spec"], "replicas": "two"}}
    with pytest.raises(kubernetes_validate.ValidationError, match="'two' is not of type"):
        kubernetes_validate.validate(broken, VERSION, strict=True)
    typo = {**web, "spec": {**web["spec"], "replica": 2}}
    with pytest.raises(kubernetes_validate.ValidationError, match="replica"):
        kubernetes_validate.validate(typo, VERSION, strict=True)


def test_kustomization_lists_every_manifest() -> None:
    listed = yaml.safe_load((MANIFESTS / "kustomization.yaml").read_text())["resources"]
    files = sorted(p.name for p in MANIFESTS.glob("*.yaml") if p.name != "kustomization.yaml")
    assert sorted(listed) == files


def test_every_object_is_in_the_namespace_and_every_service_selects_pods() -> None:
    namespace = next(iter(_by_kind("Namespace")))
    for doc in _documents():
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == namespace, doc["metadata"]["name"]
    labels = [t["metadata"]["labels"] for t in _pod_templates().values()]
    for name, service in _by_kind("Service").items():
        selector = service["spec"]["selector"]
        assert any(selector.items() <= lab.items() for lab in labels), name
    for name, owner in {**_by_kind("Deployment"), **_by_kind("StatefulSet")}.items():
        match = owner["spec"]["selector"]["matchLabels"]
        assert match.items() <= owner["spec"]["template"]["metadata"]["labels"].items(), name


def test_app_pods_share_one_image_config_and_secret_and_postgres() -> None:
    config = _by_kind("ConfigMap")["playground-config"]
    secret = _by_kind("Secret")["playground-secrets"]
    images = set()
    for name in ("web", "worker", "beat", "playground-migrate"):
        [container] = _pod_templates()[name]["spec"]["containers"]
        images.add(container["image"])
        refs = {(k, v["name"]) for ref in container["envFrom"] for k, v in ref.items()}
        assert refs == {("configMapRef", config["metadata"]["name"]),
                        ("secretRef", secret["metadata"]["name"])}, name
    assert len(images) == 1
    assert secret["stringData"]["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in secret["stringData"]["DATABASE_URL"]
    assert "postgres" in _by_kind("Service") and "redis" in _by_kind("Service")
    assert config["data"]["REDIS_URL"] == "redis://redis:6379/0"


def test_one_beat_scalable_workers_and_web_and_the_ingress_reaches_web() -> None:
    deployments = _by_kind("Deployment")
    beat = deployments["beat"]
    assert beat["spec"]["replicas"] == 1 and beat["spec"]["strategy"]["type"] == "Recreate"
    assert "beat" in beat["spec"]["template"]["spec"]["containers"][0]["command"]
    assert deployments["worker"]["spec"]["replicas"] >= 2
    assert deployments["web"]["spec"]["replicas"] >= 2
    [web] = deployments["web"]["spec"]["template"]["spec"]["containers"]
    host = next(h["value"] for h in web["readinessProbe"]["httpGet"]["httpHeaders"]
                if h["name"] == "Host")
    config = _by_kind("ConfigMap")["playground-config"]
    assert host in config["data"]["DJANGO_ALLOWED_HOSTS"].split(",")
    [ingress] = _by_kind("Ingress").values()
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    service = _by_kind("Service")[backend["name"]]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    assert ingress["spec"]["rules"][0]["host"] == host
    assert "affinity" not in str(ingress["metadata"].get("annotations", {}))
