"""Controllers as the API server shows them: stored without status, their status computed on
read from the pods they own; and the replacement pod a controller (or the kubelet, for a mirror
pod) creates when one of its pods is deleted. The playground's cluster runs Pods only: these
objects are never written by kubectl."""

from __future__ import annotations

import copy
import hashlib
import random
import uuid
from typing import Any

from playground.sim import cluster_defaults, dns_history
from playground.sim.timefmt import rfc3339
from playground.sim.workload_defaults import DAEMON_POD_LABELS

Obj = dict[str, Any]
_SUFFIX_CHARS = "bcdfghjklmnpqrstvwxz2456789"  # apimachinery's rand.String alphabet


def key(obj: Obj) -> str:
    meta = obj["metadata"]
    return f"{obj['kind']}/{meta.get('namespace', '')}/{meta['name']}"


def controller_ref(obj: Obj) -> Obj | None:
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return dict(ref)
    return None


def owned_by(uid: str, pods: list[Obj]) -> list[Obj]:
    return [p for p in pods if (controller_ref(p) or {}).get("uid") == uid]


def _ready(pod: Obj) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _active(pod: Obj) -> bool:
    phase = (pod.get("status") or {}).get("phase")
    return not pod["metadata"].get("deletionTimestamp") and phase not in ("Succeeded", "Failed")


def _nonzero(status: Obj, **values: int) -> Obj:
    """Status counters are ``omitempty``: zeros are not shown."""
    status.update({k: v for k, v in values.items() if v})
    return status


def _replica_set(rs: Obj, pods: list[Obj]) -> Obj:
    active = [p for p in owned_by(rs["metadata"]["uid"], pods) if _active(p)]
    ready = sum(_ready(p) for p in active)
    status = {"replicas": len(active)}
    rs["status"] = _nonzero(status, fullyLabeledReplicas=len(active), readyReplicas=ready,
                            availableReplicas=ready, observedGeneration=1)
    return rs


def _max_unavailable(deploy: Obj) -> int:
    strategy = deploy["spec"].get("strategy") or {}
    value = (strategy.get("rollingUpdate") or {}).get("maxUnavailable", 0)
    replicas = int(deploy["spec"].get("replicas", 1))
    if isinstance(value, str) and value.endswith("%"):
        return replicas * int(value[:-1]) // 100
    return int(value)


def _deployment(deploy: Obj, sets: list[Obj]) -> Obj:
    mine = owned_by(deploy["metadata"]["uid"], sets)
    total = sum(rs["status"].get("replicas", 0) for rs in mine)
    ready = sum(rs["status"].get("readyReplicas", 0) for rs in mine)
    available = sum(rs["status"].get("availableReplicas", 0) for rs in mine)
    desired = int(deploy["spec"].get("replicas", 1))
    stamp = deploy["metadata"]["creationTimestamp"]
    ok = available >= desired - _max_unavailable(deploy)
    newest = mine[-1]["metadata"]["name"] if mine else ""
    conditions = [
        {"type": "Available", "status": "True" if ok else "False",
         "reason": "MinimumReplicasAvailable" if ok else "MinimumReplicasUnavailable",
         "message": "Deployment has minimum availability." if ok
         else "Deployment does not have minimum availability.",
         "lastTransitionTime": stamp, "lastUpdateTime": stamp},
        {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
         "message": f'ReplicaSet "{newest}" has successfully progressed.',
         "lastTransitionTime": stamp, "lastUpdateTime": stamp},
    ]
    status = _nonzero({}, observedGeneration=1, replicas=total, updatedReplicas=total,
                      readyReplicas=ready, availableReplicas=available,
                      unavailableReplicas=max(desired - available, 0))
    status["conditions"] = conditions
    deploy["status"] = status
    return deploy


def _daemon_set(ds: Obj, pods: list[Obj], nodes: list[Obj]) -> Obj:
    mine = owned_by(ds["metadata"]["uid"], pods)
    by_node: dict[str, list[Obj]] = {}
    for pod in mine:
        by_node.setdefault((pod.get("spec") or {}).get("nodeName") or "", []).append(pod)
    desired = len(nodes)  # every node: the daemons tolerate every taint
    current = sum(1 for n in nodes if by_node.get(n["metadata"]["name"]))
    ready = sum(1 for n in nodes if any(_ready(p) for p in by_node.get(n["metadata"]["name"], [])))
    status = {"currentNumberScheduled": current, "desiredNumberScheduled": desired,
              "numberMisscheduled": 0, "numberReady": ready}
    ds["status"] = _nonzero(status, numberAvailable=ready, observedGeneration=1,
                            updatedNumberScheduled=current, numberUnavailable=desired - ready)
    return ds


def observe(stored: dict[str, Obj], kind: str, namespace: str | None, pods: list[Obj],
            nodes: list[Obj]) -> list[Obj]:
    """The ``kind`` objects of ``namespace`` (all: None) with status, in the server's order."""
    chosen = sorted((copy.deepcopy(o) for o in stored.values()
                     if namespace is None or o["metadata"]["namespace"] == namespace),
                    key=lambda o: (o["metadata"]["namespace"], o["metadata"]["name"]))
    sets = [_replica_set(o, pods) for o in chosen if o["kind"] == "ReplicaSet"]
    if kind == "ReplicaSet":
        return sets
    if kind == "Deployment":
        return [_deployment(o, sets) for o in chosen if o["kind"] == kind]
    if kind == "DaemonSet":
        return [_daemon_set(o, pods, nodes) for o in chosen if o["kind"] == kind]
    return [o for o in chosen if o["kind"] == kind]


# ---------------------------------------------------------------------- replacements


def _rng(seed: str, *purpose: str) -> random.Random:
    digest = hashlib.sha256("/".join((seed, *purpose)).encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def replacement(state: dict[str, Any], record: Obj, at: float, *, gone: bool) -> Obj | None:
    """The pod that replaces ``record`` (being deleted, or ``gone``) at ``at``, if any.

    A ReplicaSet replaces a pod as soon as it is terminating; a DaemonSet and the kubelet (for a
    static pod's mirror) only once the old pod is gone. Each pod is replaced once.
    """
    sim = record.get("_sim") or {}
    ref = controller_ref(record)
    if ref is None or sim.get("replaced") or (ref["kind"] != "ReplicaSet" and not gone):
        return None
    owner = next((o for o in (state.get("controllers") or {}).values()
                  if o["metadata"]["uid"] == ref["uid"]), None)
    if owner is None and ref["kind"] != "Node":
        return None
    sim["replaced"] = True
    meta = record["metadata"]
    seed = str(state["seed"])
    rng = _rng(seed, "replace", meta.get("uid", ""))
    if owner is None:  # the kubelet mirrors its static pod again, under the same name
        pod = {k: copy.deepcopy(record[k]) for k in ("apiVersion", "kind", "spec")}
        new_meta = {k: copy.deepcopy(v) for k, v in meta.items()
                    if k in ("name", "namespace", "labels", "annotations", "ownerReferences")}
    else:
        template = owner["spec"]["template"]
        pod = {"apiVersion": "v1", "kind": "Pod", "spec": copy.deepcopy(template["spec"])}
        labels = dict(template["metadata"].get("labels") or {})
        labels.update({k: v for k, v in (meta.get("labels") or {}).items()
                       if k in DAEMON_POD_LABELS})
        taken = {*state["pods"], f"{meta['namespace']}/{meta['name']}"}
        name = meta["name"]
        while f"{meta['namespace']}/{name}" in taken:  # a fresh generated name
            name = owner["metadata"]["name"] + "-" + "".join(
                rng.choice(_SUFFIX_CHARS) for _ in range(5))
        new_meta = {"name": name, "generateName": owner["metadata"]["name"] + "-",
                    "namespace": meta["namespace"], "labels": labels,
                    "ownerReferences": copy.deepcopy(meta.get("ownerReferences"))}
        if owner["kind"] == "DaemonSet":
            pod["spec"]["nodeName"] = record["spec"].get("nodeName")
        else:
            pod["spec"].pop("nodeName", None)
    uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    pod["metadata"] = {**new_meta, "uid": uid, "creationTimestamp": rfc3339(at)}
    others = list(state["pods"].values())  # a terminating pod still holds its IP
    plan = cluster_defaults.plan_pod(pod, others, list(state["nodes"].values()),
                                     f"{seed}/{uid}", at)
    plan["pulls"] = {c: {"present": True} for c in plan["pulls"]}  # cached on every node
    plan["system"] = True
    pod["spec"]["nodeName"] = plan["node"]
    pod["_sim"] = dns_history.begin(pod, plan, state["services"].values(), at)
    return pod
