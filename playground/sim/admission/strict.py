"""Strict decoding (`fieldValidation=Strict`): unknown and duplicate fields, wrong JSON types."""

from __future__ import annotations

from typing import Any

from playground.sim.admission.gotime import rfc3339_error
from playground.sim.admission.quantity import quantity_error
from playground.sim.admission.schema import (
    CONFIGMAP,
    NAMESPACE,
    POD,
    SECRET,
    ref_name,
    resolve,
    schemas,
    type_kind,
)

ROOTS = {"Pod": POD, "Namespace": NAMESPACE, "ConfigMap": CONFIGMAP, "Secret": SECRET}
OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
_TIMES = ("io.k8s.apimachinery.pkg.apis.meta.v1.Time",
          "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime")
_GO_KIND = {"string": "string", "integer": "int32", "number": "float64", "boolean": "bool"}
# Pod fields whose Go type is a named string type (k8s.io/api/core/v1), which the decoder names
_NAMED = {
    ("PodSpec", "restartPolicy"): "v1.RestartPolicy",
    ("PodSpec", "dnsPolicy"): "v1.DNSPolicy",
    ("PodSpec", "preemptionPolicy"): "v1.PreemptionPolicy",
    ("Container", "restartPolicy"): "v1.ContainerRestartPolicy",
    ("Container", "imagePullPolicy"): "v1.PullPolicy",
    ("Container", "terminationMessagePolicy"): "v1.TerminationMessagePolicy",
    ("ContainerPort", "protocol"): "v1.Protocol",
}


def _walk(value: Any, node: dict[str, Any], path: str, out: list[str]) -> None:
    target = resolve(node)
    if isinstance(value, dict) and "properties" in target:
        props = target["properties"]
        # kubectl sends the manifest as JSON with sorted keys (YAML → map → json.Marshal), and
        # the server reports unknown fields in the order it decodes them.
        for key, sub in sorted(value.items()):
            where = f"{path}.{key}" if path else str(key)
            if key not in props:
                out.append(f'unknown field "{where}"')
            else:
                _walk(sub, props[key], where, out)
    elif isinstance(value, dict) and isinstance(target.get("additionalProperties"), dict):
        for key, sub in value.items():
            _walk(sub, target["additionalProperties"], f"{path}.{key}", out)
    elif isinstance(value, list) and target.get("type") == "array":
        for i, sub in enumerate(value):
            _walk(sub, target.get("items", {}), f"{path}[{i}]", out)


def unknown_fields(obj: dict[str, Any]) -> list[str]:
    """`unknown field "spec.containers[0].imagee"` and `duplicate field "image"` causes."""
    root = ROOTS.get(str(obj.get("kind")))
    out: list[str] = [f'duplicate field "{k}"' for k in getattr(obj, "duplicates", [])]
    if root is not None:
        _walk(obj, schemas()[root], "", out)
    return out


def _go_type(node: dict[str, Any]) -> str:
    name = ref_name(node)
    if name in _TIMES:
        return "string"  # metav1.Time decodes itself from a JSON string
    if resolve(node).get("format") == "int64":
        return "int64"
    if name:
        return "v1." + name.rsplit(".", 1)[-1]
    kind = node.get("type")
    if kind == "array":
        return "[]" + _go_type(node.get("items", {}))
    if isinstance(node.get("additionalProperties"), dict):
        return "map[string]" + _go_type(node["additionalProperties"])
    return _go_kind(str(kind))


def _go_kind(kind: str) -> str:
    return _GO_KIND.get(kind, "interface {}")


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object"


def decode_error(obj: dict[str, Any]) -> str | None:
    """The first JSON type mismatch, as Go's decoder words it.

    Approximate: the `Go struct field PodSpec.spec.containers of type []v1.Container` form is
    the one encoding/json (Go ≥ 1.20) prints; not checked against a live v1.32 server.
    """
    root = ROOTS.get(str(obj.get("kind")))
    if root is None:
        return None
    return _check_types(obj, schemas()[root], root.rsplit(".", 1)[-1], "")


def _check_types(value: Any, node: dict[str, Any], struct: str, path: str) -> str | None:
    if value is None:
        return None
    kind = type_kind(node)
    target = resolve(node)
    if ref_name(node) in _TIMES and isinstance(value, str):
        return rfc3339_error(value)
    if kind == "any":
        if (ref_name(node) or "").endswith("Quantity"):
            return quantity_error(value)
        return None
    expected = {"object": dict, "map": dict, "array": list}.get(kind)
    ok = (isinstance(value, expected) if expected else
          (isinstance(value, str) if kind == "string" else
           isinstance(value, bool) if kind == "boolean" else
           isinstance(value, int | float) and not isinstance(value, bool)))
    shown = _json_kind(value)
    if ok and kind == "integer" and isinstance(value, float) and not value.is_integer():
        ok, shown = False, f"number {value!r}"  # Go names the number it could not fit
    if not ok:
        go_type = _NAMED.get((struct, path.rsplit(".", 1)[-1])) or _go_type(node)
        return (f"json: cannot unmarshal {shown} into Go struct field "
                f"{struct}.{path} of type {go_type}")
    if kind == "object":
        name = ref_name(node)
        inner = name.rsplit(".", 1)[-1] if name else struct
        for key, sub in value.items():
            prop = target.get("properties", {}).get(key)
            if prop is not None:
                err = _check_types(sub, prop, inner, f"{path}.{key}" if path else key)
                if err:
                    return err
    elif kind == "array":
        for sub in value:
            err = _check_types(sub, target.get("items", {}), struct, path)
            if err:
                return err
    elif kind == "map":
        for sub in value.values():
            err = _check_types(sub, target["additionalProperties"], struct, path)
            if err:
                return err
    return None


def metadata_error(obj: dict[str, Any]) -> str | None:
    """kubectl's own decoding of every object's metadata (a metadata-only struct), before any
    request: a wrong type or an unreadable timestamp there is a client-side error."""
    meta = obj.get("metadata")
    if meta is None:
        return None
    if not isinstance(meta, dict):
        return (f"json: cannot unmarshal {_json_kind(meta)} into Go struct field "
                "metadataOnlyObject.metadata of type v1.ObjectMeta")
    return _check_types(meta, {"$ref": "#/components/schemas/" + OBJECT_META}, "ObjectMeta",
                        "metadata")


def drop_nulls(value: Any) -> Any:
    """A copy without JSON nulls: Go decodes null as the zero value, which the server then
    stores and prints as absent (`tolerations: null` is no tolerations)."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value if v is not None]
    return value


def _prune(value: Any, node: dict[str, Any]) -> Any:
    target = resolve(node)
    if isinstance(value, dict) and "properties" in target:
        props = target["properties"]
        return {k: _prune(v, props[k]) for k, v in value.items() if k in props}
    if isinstance(value, dict) and isinstance(target.get("additionalProperties"), dict):
        return {k: _prune(v, target["additionalProperties"]) for k, v in value.items()}
    if isinstance(value, list) and target.get("type") == "array":
        return [_prune(v, target.get("items", {})) for v in value]
    return value


def prune_unknown(obj: dict[str, Any]) -> dict[str, Any]:
    """What the server keeps with `--validate=false`: unknown fields are dropped silently."""
    root = ROOTS.get(str(obj.get("kind")))
    if root is None:
        return obj
    pruned: dict[str, Any] = _prune(obj, schemas()[root])
    return pruned
