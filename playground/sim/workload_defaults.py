"""The kube-system controllers of the default cluster, derived from its pods: each pod template is
the owned pods' spec (so templates and pods agree), and each pod gets its ownerReferences."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from playground.sim.timefmt import rfc3339

Uid = Callable[..., str]
# Labels a DaemonSet's controller adds to its pods (not part of the template).
DAEMON_POD_LABELS = ("controller-revision-hash", "pod-template-generation")
# name, kind, k8s-app label, replicas (Deployments), strategy: as kubespray deploys them.
_CONTROLLERS: tuple[tuple[str, str, str, int, dict[str, Any]], ...] = (
    ("calico-node", "DaemonSet", "calico-node", 0,
     {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"}),
    ("kube-proxy", "DaemonSet", "kube-proxy", 0,
     {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"}),
    ("calico-kube-controllers", "Deployment", "calico-kube-controllers", 1,
     {"type": "Recreate"}),
    ("coredns", "Deployment", "kube-dns", 2,
     {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}, "type": "RollingUpdate"}),
    ("metrics-server", "Deployment", "metrics-server", 1,
     {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}, "type": "RollingUpdate"}),
)


def owner_reference(obj: dict[str, Any], *, block: bool = True) -> dict[str, Any]:
    """An ownerReference to ``obj`` with ``controller: true`` (mirror pods: no blocking)."""
    meta = obj["metadata"]
    ref: dict[str, Any] = {"apiVersion": obj["apiVersion"], "kind": obj["kind"],
                           "name": meta["name"], "uid": meta["uid"], "controller": True}
    if block:
        ref["blockOwnerDeletion"] = True
    return ref


def _meta(uid: Uid, kind: str, name: str, born: float, labels: dict[str, str],
          annotations: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "namespace": "kube-system", "uid": uid(kind, "kube-system", name),
            "resourceVersion": "940", "generation": 1, "creationTimestamp": rfc3339(born),
            "labels": labels, "annotations": annotations}


def _template(pod: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    # A copy through JSON, not copy.deepcopy: the spec is plain JSON, the base it goes into is
    # stored as JSON anyway (sim/state.py), and deepcopy was half of building a sandbox's base.
    spec: dict[str, Any] = orjson.loads(orjson.dumps(pod["spec"]))
    # Admission (the Priority plugin) and binding fill these on pods, never on templates.
    for field in ("nodeName", "priority", "preemptionPolicy"):
        spec.pop(field, None)
    return {"metadata": {"creationTimestamp": None, "labels": labels}, "spec": spec}


def default_controllers(pods: list[dict[str, Any]], born: float, uid: Uid) -> list[dict[str, Any]]:
    """Deployments, their ReplicaSets and DaemonSets owning ``pods`` (ownerReferences are set
    on the pods in place); returned in no particular order."""
    out: list[dict[str, Any]] = []
    for name, kind, app, replicas, strategy in _CONTROLLERS:
        owned = [p for p in pods if p["metadata"]["labels"].get("k8s-app") == app]
        if not owned:
            continue  # an addon this base does not install (metrics-server before base 2)
        selector = {"matchLabels": {"k8s-app": app}}
        labels = {"k8s-app": app}
        if kind == "DaemonSet":
            pod_labels = {k: v for k, v in owned[0]["metadata"]["labels"].items()
                          if k not in DAEMON_POD_LABELS}
            owner: dict[str, Any] = {"apiVersion": "apps/v1", "kind": kind,
                     "metadata": _meta(uid, kind, name, born, labels,
                                       {"deprecated.daemonset.template.generation": "1"}),
                     "spec": {"revisionHistoryLimit": 10, "selector": selector,
                              "template": _template(owned[0], pod_labels),
                              "updateStrategy": strategy}}
            out.append(owner)
        else:
            hash_ = owned[0]["metadata"]["labels"]["pod-template-hash"]
            deploy = {"apiVersion": "apps/v1", "kind": kind,
                      "metadata": _meta(uid, kind, name, born, labels,
                                        {"deployment.kubernetes.io/revision": "1"}),
                      "spec": {"progressDeadlineSeconds": 600, "replicas": replicas,
                               "revisionHistoryLimit": 10, "selector": selector,
                               "strategy": strategy, "template": _template(owned[0], labels)}}
            rs_labels = {**labels, "pod-template-hash": hash_}
            surge = 1 if strategy["type"] == "RollingUpdate" else 0
            annotations = {"deployment.kubernetes.io/desired-replicas": str(replicas),
                           "deployment.kubernetes.io/max-replicas": str(replicas + surge),
                           "deployment.kubernetes.io/revision": "1"}
            owner = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
                     "metadata": {**_meta(uid, "ReplicaSet", f"{name}-{hash_}", born, rs_labels,
                                          annotations),
                                  "ownerReferences": [owner_reference(deploy)]},
                     "spec": {"replicas": replicas,
                              "selector": {"matchLabels": dict(rs_labels)},
                              "template": _template(owned[0], rs_labels)}}
            out += [deploy, owner]
        for pod in owned:
            pod["metadata"]["generateName"] = f"{owner['metadata']['name']}-"
            pod["metadata"]["ownerReferences"] = [owner_reference(owner)]
    return out
