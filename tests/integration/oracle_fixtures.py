"""Pods and events for the printer oracle test: the spec's fixture set plus extra shapes."""

from __future__ import annotations

import copy
import json
from typing import Any

from tests.paths import SHARED

ORACLE_FIXTURES = (SHARED / "tools/kubectl-oracle/fixtures/all.json")


def _extra_pods(base: dict[str, Any]) -> list[dict[str, Any]]:
    """Variations on the spec's ``guar`` pod covering env forms, probes, volumes, quoting."""
    pod = copy.deepcopy(base)
    meta = pod["metadata"]
    meta.update(name="zoo-env", uid="0d1c6f3e-aaaa-4bbb-8ccc-000000000001")
    meta["labels"] = {"app": "zoo", "tier": "3600", "yes": "true", "z_index": "a:b"}
    meta["annotations"] = {
        "note": "line one\nline two\n",
        "long": "x" * 150,
        "quote": 'it\'s <b>&amp;</b> "quoted"',
        "kubectl.kubernetes.io/last-applied-configuration": "{}",
        "spaces": " padded ",
        "colon": "key: value # not a comment",
        "empty": "",
        "folded": "word " * 30,
    }
    c = pod["spec"]["containers"][0]
    c["env"] = [
        {"name": "PLAIN", "value": "hello world"},
        {"name": "MULTI", "value": "a\nb"},
        {"name": "EMPTY", "value": ""},
        {
            "name": "MY_NAME",
            "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}},
        },
        {
            "name": "MY_IP",
            "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}},
        },
        {"name": "SECRET", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}},
        {
            "name": "CM",
            "valueFrom": {"configMapKeyRef": {"name": "c", "key": "k", "optional": True}},
        },
        {
            "name": "CPU_LIMIT",
            "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}},
        },
    ]
    c["envFrom"] = [
        {"configMapRef": {"name": "cfg"}},
        {"prefix": "S_", "secretRef": {"name": "sec", "optional": False}},
    ]
    c["livenessProbe"] = {
        "httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
        "initialDelaySeconds": 5,
        "timeoutSeconds": 1,
        "periodSeconds": 10,
        "successThreshold": 1,
        "failureThreshold": 3,
    }
    c["readinessProbe"] = {
        "tcpSocket": {"port": "http"},
        "timeoutSeconds": 2,
        "periodSeconds": 5,
        "successThreshold": 1,
        "failureThreshold": 3,
    }
    c["volumeMounts"] = c.get("volumeMounts", []) + [
        {"mountPath": "/data", "name": "scratch"},
        {"mountPath": "/etc/cfg", "name": "cfg", "readOnly": True, "subPath": "app.conf"},
    ]
    pod["spec"]["volumes"] = pod["spec"].get("volumes", []) + [
        {"name": "scratch", "emptyDir": {}},
        {"name": "cfg", "configMap": {"name": "cfg", "defaultMode": 420}},
        {"name": "sec", "secret": {"secretName": "sec", "defaultMode": 420}},
        {"name": "host", "hostPath": {"path": "/var/log", "type": ""}},
    ]
    pod["spec"]["tolerations"] = pod["spec"].get("tolerations", []) + [
        {"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"},
        {"operator": "Exists"},
    ]
    pod["spec"]["readinessGates"] = [{"conditionType": "example.com/feature"}]
    return [pod]


def load(materialize: Any) -> dict[str, list[dict[str, Any]]]:
    """All fixture pods and events, ``AGO:<n>`` strings replaced by ``materialize``."""
    data = json.loads(ORACLE_FIXTURES.read_text())
    guar = next(p for p in data["pods"] if p["metadata"]["name"] == "guar")
    data["pods"] += _extra_pods(guar)
    return materialize(data)
