"""The v1.32 core/v1 OpenAPI v3 schemas of Pod, Namespace, ConfigMap and Secret (and everything they
reference).

Loaded once from ``data/schema_core_v1.json.gz`` (made by ``scripts/extract_pod_schema.py``;
kept compressed: 40 KB instead of 200 KB in every clone).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "schema_core_v1.json.gz"
REF_PREFIX = "#/components/schemas/"
POD = "io.k8s.api.core.v1.Pod"
NAMESPACE = "io.k8s.api.core.v1.Namespace"
CONFIGMAP = "io.k8s.api.core.v1.ConfigMap"
SECRET = "io.k8s.api.core.v1.Secret"
PRIMITIVES = ("string", "integer", "number", "boolean")


@lru_cache(maxsize=1)
def schemas() -> dict[str, Any]:
    """All schemas by their full name (``io.k8s.api.core.v1.PodSpec``)."""
    doc = json.loads(gzip.decompress(DATA_FILE.read_bytes()).decode("utf-8"))
    result: dict[str, Any] = doc["components"]["schemas"]
    return result


def ref_name(node: dict[str, Any]) -> str | None:
    """The schema a property points at, through ``$ref`` or a one-element ``allOf``."""
    ref = node.get("$ref")
    if ref is None and node.get("allOf"):
        ref = node["allOf"][0].get("$ref")
    if isinstance(ref, str) and ref.startswith(REF_PREFIX):
        return ref[len(REF_PREFIX):]
    return None


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """The schema a property describes: the referenced one if it is a reference."""
    name = ref_name(node)
    return schemas()[name] if name else node


def type_kind(node: dict[str, Any]) -> str:
    """What Go-style decoding expects: object, array, map, string, integer, number, boolean, any."""
    target = resolve(node)
    if "oneOf" in target:
        return "any"  # Quantity and IntOrString accept a string or a number
    kind = target.get("type")
    if kind == "array":
        return "array"
    if kind == "object" or "properties" in target:
        if "additionalProperties" in target and "properties" not in target:
            return "map"
        return "object"
    if kind in PRIMITIVES:
        return str(kind)
    if "additionalProperties" in target:
        return "map"
    return "any"
