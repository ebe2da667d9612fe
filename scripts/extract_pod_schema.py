"""Extract the Pod, Namespace, ConfigMap and Secret closure of the core/v1 OpenAPI v3 document into
a small data file.

Usage: python scripts/extract_pod_schema.py [SOURCE_JSON] [DEST_JSON]

The source is the v1.32 OpenAPI v3 of ``/openapi/v3/api/v1``. The result keeps only what
``explain`` and strict decoding need (descriptions, types, refs, required lists, GVKs) plus the
enum lists a live 1.32 server publishes, which the source lacks (spec §8.2).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/work/shared/tools/kubectl-oracle/api_v1_openapi_v3.json")
DEFAULT_DEST = ROOT / "playground" / "sim" / "data" / "schema_core_v1.json.gz"
PREFIX = "#/components/schemas/"
ROOTS = ("io.k8s.api.core.v1.Pod", "io.k8s.api.core.v1.Namespace", "io.k8s.api.core.v1.ConfigMap",
         "io.k8s.api.core.v1.Secret")
KEEP = {
    "description",
    "type",
    "items",
    "properties",
    "required",
    "allOf",
    "$ref",
    "format",
    "additionalProperties",
    "oneOf",
    "x-kubernetes-group-version-kind",
    "enum",
}
# Enum lists of a live v1.32 API server (types marked +enum in k8s.io/api/core/v1).
ENUMS: dict[tuple[str, str], list[str]] = {
    ("io.k8s.api.core.v1.PodSpec", "restartPolicy"): ["Always", "Never", "OnFailure"],
    ("io.k8s.api.core.v1.PodSpec", "dnsPolicy"): [
        "ClusterFirst",
        "ClusterFirstWithHostNet",
        "Default",
        "None",
    ],
    ("io.k8s.api.core.v1.PodSpec", "preemptionPolicy"): ["Never", "PreemptLowerPriority"],
    ("io.k8s.api.core.v1.Container", "imagePullPolicy"): ["Always", "IfNotPresent", "Never"],
    ("io.k8s.api.core.v1.Container", "terminationMessagePolicy"): ["FallbackToLogsOnError", "File"],
    ("io.k8s.api.core.v1.ContainerPort", "protocol"): ["SCTP", "TCP", "UDP"],
    ("io.k8s.api.core.v1.HTTPGetAction", "scheme"): ["HTTP", "HTTPS"],
    ("io.k8s.api.core.v1.Toleration", "effect"): ["NoExecute", "NoSchedule", "PreferNoSchedule"],
    ("io.k8s.api.core.v1.Toleration", "operator"): ["Equal", "Exists"],
    ("io.k8s.api.core.v1.PodStatus", "phase"): [
        "Failed",
        "Pending",
        "Running",
        "Succeeded",
        "Unknown",
    ],
    ("io.k8s.api.core.v1.PodStatus", "qosClass"): ["BestEffort", "Burstable", "Guaranteed"],
    ("io.k8s.api.core.v1.NamespaceStatus", "phase"): ["Active", "Terminating"],
}


def _refs(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PREFIX):
            out.add(ref[len(PREFIX) :])
        for value in node.values():
            _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)


def _trim(node: Any) -> Any:
    if isinstance(node, list):
        return [_trim(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties":
            out[key] = {name: _trim(sub) for name, sub in value.items()}
        elif key in KEEP:
            out[key] = _trim(value)
    return out


def add_enums(schemas: dict[str, Any]) -> None:
    """Add the live server's enum lists (in place) to the schemas that exist."""
    for (name, field), values in ENUMS.items():
        if name in schemas:
            schemas[name]["properties"][field]["enum"] = list(values)


def closure(schemas: dict[str, Any]) -> dict[str, Any]:
    todo, seen = list(ROOTS), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        found: set[str] = set()
        _refs(schemas[name], found)
        todo.extend(sorted(found - seen))
    return {name: _trim(schemas[name]) for name in sorted(seen)}


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    dest = Path(argv[2]) if len(argv) > 2 else DEFAULT_DEST
    doc = json.loads(source.read_text())
    schemas = closure(doc["components"]["schemas"])
    add_enums(schemas)
    out = {
        "openapi": doc.get("openapi", "3.0.0"),
        "info": doc.get("info", {}),
        "components": {"schemas": schemas},
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(out, indent=None, separators=(",", ":"), sort_keys=True) + "\n"
    # gzip without a timestamp, so the same schema always gives the same bytes
    dest.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
