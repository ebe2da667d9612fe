"""Hand-built pod records for lifecycle tests (what admission would store)."""

from __future__ import annotations

from typing import Any

from playground.sim.clock import TRANSCRIPT_EPOCH

T0 = TRANSCRIPT_EPOCH
UID = "7c96f85a-262a-5aba-b41c-eaf5b8f525d7"
MOUNT = {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
         "name": "kube-api-access-2g9hd", "readOnly": True}


def container(name: str, image: str, **extra: Any) -> dict[str, Any]:
    tag = image.rsplit(":", 1)[-1] if ":" in image.rsplit("/", 1)[-1] else ""
    policy = "Always" if tag in ("", "latest") else "IfNotPresent"
    body = {"name": name, "image": image, "imagePullPolicy": policy, "resources": {},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File", "volumeMounts": [dict(MOUNT)]}
    body.update(extra)
    return body


def pod(name: str, containers: list[dict[str, Any]], *, created: float = T0,
        node: str | None = "node2", ip: str = "10.233.96.1", pulls: dict[str, Any] | None = None,
        restart: str = "Always", init: list[dict[str, Any]] | None = None,
        unschedulable: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "containers": containers, "restartPolicy": restart, "dnsPolicy": "ClusterFirst",
        "terminationGracePeriodSeconds": 30, "schedulerName": "default-scheduler",
    }
    if init:
        spec["initContainers"] = init
    if node:
        spec["nodeName"] = node
    host = {"node1": "192.168.100.100", "node2": "192.168.100.101",
            "node3": "192.168.100.102"}.get(node or "")
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "uid": UID,
                     "resourceVersion": "1001", "creationTimestamp": "2026-11-23T14:45:33Z",
                     "labels": {"run": name}},
        "spec": spec,
        "_sim": {"created": created, "node": node, "unschedulable": unschedulable,
                 "hostIP": host, "podIP": ip if node else None, "seed": f"test/{name}",
                 "pulls": pulls or {}, "deleteAt": None, "grace": 30, "imageChanges": []},
    }


def delete(record: dict[str, Any], at: float, grace: int = 30) -> dict[str, Any]:
    record["_sim"]["deleteAt"] = at
    record["_sim"]["grace"] = grace
    return record
