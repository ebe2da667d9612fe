"""What the API server adds to a created Pod or Namespace: v1 defaults plus admission plugins."""

from __future__ import annotations

import copy
import random
from typing import Any

from playground.sim.admission import gates, strict
from playground.sim.admission.quantity import canonical, is_quantity

TOKEN_CHARS = "bcdfghjklmnpqrstvwxz2456789"  # apimachinery's rand.String alphabet
SA_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


def image_pull_policy(image: str) -> str:
    """Always for `:latest` or no tag, IfNotPresent otherwise (digests included)."""
    if "@" in image:
        return "IfNotPresent"
    last = image.rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else "latest"
    return "Always" if tag == "latest" else "IfNotPresent"


def _default_probe(probe: dict[str, Any]) -> None:
    probe.setdefault("timeoutSeconds", 1)
    probe.setdefault("periodSeconds", 10)
    probe.setdefault("successThreshold", 1)
    probe.setdefault("failureThreshold", 3)
    http = probe.get("httpGet")
    if isinstance(http, dict):
        http.setdefault("path", "/")
        http.setdefault("scheme", "HTTP")


def _default_container(c: dict[str, Any], volume: str | None) -> None:
    if isinstance(c.get("image"), str) and c["image"]:
        c.setdefault("imagePullPolicy", image_pull_policy(c["image"]))
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    resources = c.setdefault("resources", {})
    for kind in ("limits", "requests"):
        if isinstance(resources.get(kind), dict):
            resources[kind] = {k: canonical(v) for k, v in resources[kind].items()}
    limits = resources.get("limits")
    if isinstance(limits, dict) and limits:
        requests = resources.setdefault("requests", {})
        for name, value in limits.items():
            if is_quantity(value):
                requests.setdefault(name, value)
    for port in c.get("ports") or []:
        if isinstance(port, dict):
            port.setdefault("protocol", "TCP")
    for env in c.get("env") or []:
        ref = (env.get("valueFrom") or {}).get("fieldRef") if isinstance(env, dict) else None
        if isinstance(ref, dict):
            ref.setdefault("apiVersion", "v1")
    for name in PROBES:
        if isinstance(c.get(name), dict):
            _default_probe(c[name])
    if volume is None:
        return
    mounts = c.setdefault("volumeMounts", [])
    if not any(m.get("mountPath") == SA_MOUNT for m in mounts if isinstance(m, dict)):
        mounts.append({"mountPath": SA_MOUNT, "name": volume, "readOnly": True})


def default_container(c: dict[str, Any]) -> None:
    """SetDefaults_Container alone (an ephemeral container: no service account token)."""
    _default_container(c, None)


def _needs_token(c: Any) -> bool:
    """A container mounts the token unless it already mounts something at its path."""
    mounts = c.get("volumeMounts") if isinstance(c, dict) else None
    return not any(isinstance(m, dict) and m.get("mountPath") == SA_MOUNT
                   for m in mounts or [])


def _api_access_volume(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "projected": {
            "defaultMode": 420,
            "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}],
                               "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1",
                                                         "fieldPath": "metadata.namespace"},
                                            "path": "namespace"}]}},
            ],
        },
    }


def _default_spec_fields(spec: dict[str, Any]) -> None:
    """SetDefaults_PodSpec and SetDefaults_Pod's spec fields (on create and on update)."""
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("securityContext", {})
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("enableServiceLinks", True)


def _default_tolerations(spec: dict[str, Any]) -> None:
    """DefaultTolerationSeconds admission, which handles creates and updates."""
    tolerations = spec.setdefault("tolerations", [])
    for taint in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
        # a toleration without a key (and without an effect, or NoExecute) tolerates it too
        if not any(t.get("key", "") in (taint, "") and t.get("effect", "") in ("NoExecute", "")
                   for t in tolerations if isinstance(t, dict)):
            tolerations.append({"effect": "NoExecute", "key": taint, "operator": "Exists",
                                "tolerationSeconds": 300})


def default_pod(pod: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy of `pod` as the API server stores it (no metadata/status bookkeeping)."""
    out = copy.deepcopy(pod)
    gates.drop_disabled(out)
    spec = out.setdefault("spec", {})
    _default_spec_fields(spec)
    # ServiceAccount admission: the default account and its token volume.
    spec.setdefault("serviceAccountName", spec.get("serviceAccount") or "default")
    spec.setdefault("serviceAccount", spec["serviceAccountName"])
    volumes = spec.setdefault("volumes", [])
    # an existing kube-api-access-* volume (a manifest saved from the cluster) is reused
    existing = [v["name"] for v in volumes if isinstance(v, dict)
                and str(v.get("name") or "").startswith("kube-api-access-")]
    generated = "kube-api-access-" + "".join(rng.choice(TOKEN_CHARS) for _ in range(5))
    volume = existing[0] if existing else generated
    needs_volume = not existing and any(
        _needs_token(c) for key in ("initContainers", "containers") for c in spec.get(key) or [])
    for v in volumes:
        projected = v.get("projected") if isinstance(v, dict) else None
        if isinstance(projected, dict):
            projected.setdefault("defaultMode", 420)
        for kind in ("configMap", "secret", "downwardAPI"):
            if isinstance(v, dict) and isinstance(v.get(kind), dict):
                v[kind].setdefault("defaultMode", 420)
    if needs_volume:
        volumes.append(_api_access_volume(volume))
    for key in ("initContainers", "containers"):
        for c in spec.get(key) or []:
            if isinstance(c, dict):
                _default_container(c, volume)
                if spec.get("hostNetwork") is True:
                    # SetDefaults_Pod: with host networking every container port is a host port
                    for port in c.get("ports") or []:
                        if isinstance(port, dict) and not port.get("hostPort"):
                            port["hostPort"] = port.get("containerPort")
    _default_tolerations(spec)
    # Priority admission.
    spec.setdefault("priority", 0)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    return out


def default_update(pod: dict[str, Any]) -> dict[str, Any]:
    """The field defaults the API server applies to an updated (patched) pod: the same
    per-field defaults as on create, and of the admission plugins only DefaultTolerationSeconds
    (ServiceAccount mutates creates only: no token volume or mount)."""
    out: dict[str, Any] = strict.drop_nulls(pod)  # a copy; null is absent once decoded
    # the stored pod never keeps a disabled gate's field, so no old pod "uses" one
    gates.drop_disabled(out)
    spec = out.setdefault("spec", {})
    if isinstance(spec, dict):
        _default_spec_fields(spec)
        _default_tolerations(spec)
    for key in ("initContainers", "containers"):
        for c in spec.get(key) or []:
            if isinstance(c, dict):
                _default_container(c, None)
    return out


def keep_priority(new: dict[str, Any], old: dict[str, Any]) -> None:
    """Priority admission on an update: the priority set at creation stays."""
    spec, old_spec = new.setdefault("spec", {}), old.get("spec") or {}
    for key in ("priority", "preemptionPolicy"):
        if key not in spec and key in old_spec:
            spec[key] = old_spec[key]


def default_namespace(ns: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(ns)
    meta = out.setdefault("metadata", {})
    labels = meta.setdefault("labels", {})
    labels["kubernetes.io/metadata.name"] = meta.get("name", "")
    out.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
    out.setdefault("status", {}).setdefault("phase", "Active")
    return out
