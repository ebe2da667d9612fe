"""The API server's side of ConfigMaps and Secrets: decoding (strict fields, JSON types, base64 of
``[]byte`` fields), defaulting and ValidateConfigMap / ValidateSecret with their messages.

Stored objects keep the wire form: ``data`` of a Secret and ``binaryData`` of a ConfigMap stay
base64 text (re-encoded canonically, as the server re-serialises the decoded bytes); a Secret's
``stringData`` is merged into ``data`` and never stored.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from playground.sim.admission import dockerconfig, gobase64, names, strict
from playground.sim.admission.validation import validate_meta

# apimachinery's validation.IsConfigMapKey (Secret keys follow the same rule)
_KEY_FMT = "[-._a-zA-Z0-9]+"
_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
MAX_BYTES = 1024 * 1024  # corev1.MaxSecretSize; a ConfigMap's total limit is the same 1 MiB
SECRET_TYPES_KEYS = {
    # type: keys it must hold (ValidateSecret)
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
}


class DecodeError(ValueError):
    """The body could not be decoded into the kind (BadRequest): the text after
    ``<Kind> in version "v1" cannot be handled as a <Kind>: ``."""


class Invalid(ValueError):
    def __init__(self, causes: list[str]) -> None:
        super().__init__("; ".join(causes))
        self.causes = causes


def config_key_errors(key: str) -> list[str]:
    """IsConfigMapKey: length, characters, and no ``.``/``..`` prefixes."""
    errs: list[str] = []
    if len(key) > 253:
        errs.append(names.max_len_error(253))
    if re.fullmatch(_KEY_FMT, key) is None:
        errs.append(names.regex_error(_KEY_MSG, _KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    errs += chdir_prefix_errors(key)
    return errs


def chdir_prefix_errors(value: str) -> list[str]:
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    if value.startswith(".."):
        return ["must not start with '..'"]
    return []


def _decode(manifest: dict[str, Any], kind: str) -> dict[str, Any]:
    wrong = strict.decode_error(manifest)
    if wrong:
        raise DecodeError(wrong)
    unknown = strict.unknown_fields(manifest)
    if unknown:
        raise DecodeError("strict decoding error: " + ", ".join(unknown))
    obj: dict[str, Any] = strict.drop_nulls(copy.deepcopy(manifest))
    byte_field = "data" if kind == "Secret" else "binaryData"
    decoded = {}
    for key, value in sorted((obj.get(byte_field) or {}).items()):
        try:
            decoded[key] = gobase64.encode(gobase64.decode(str(value)))
        except gobase64.CorruptInput as exc:
            raise DecodeError(str(exc)) from None
    if decoded:
        obj[byte_field] = decoded
    return obj


def _meta(obj: dict[str, Any], namespace: str) -> None:
    meta = obj.setdefault("metadata", {}) or {}
    obj["metadata"] = meta
    meta["namespace"] = namespace
    meta.pop("deletionTimestamp", None)
    meta.pop("deletionGracePeriodSeconds", None)


def admit_configmap(manifest: dict[str, Any], namespace: str) -> dict[str, Any]:
    """A ConfigMap as the server stores it, or DecodeError / Invalid."""
    obj = _decode(manifest, "ConfigMap")
    _meta(obj, namespace)
    for empty in ("data", "binaryData"):
        if empty in obj and not obj[empty]:
            del obj[empty]  # an empty map is omitted when the object is written back
    causes = validate_meta(obj["metadata"])
    data, binary = obj.get("data") or {}, obj.get("binaryData") or {}
    total = 0
    for key, value in data.items():
        causes += [f'data[{key}]: Invalid value: "{key}": {e}' for e in config_key_errors(key)]
        if key in binary:
            causes.append(f'data[{key}]: Invalid value: "{key}": duplicate of key present in '
                          "binaryData")
        total += len(str(value).encode())
    for key, value in binary.items():
        causes += [f'binaryData[{key}]: Invalid value: "{key}": {e}'
                   for e in config_key_errors(key)]
        total += len(gobase64.decode(value))
    if total > MAX_BYTES:
        causes.append(f"[]: Too long: must have at most {MAX_BYTES} bytes")
    if causes:
        raise Invalid(causes)
    return obj


def admit_secret(manifest: dict[str, Any], namespace: str) -> dict[str, Any]:
    """A Secret as the server stores it: ``stringData`` merged into ``data`` (its keys win),
    ``type`` defaulted to Opaque; or DecodeError / Invalid."""
    obj = _decode(manifest, "Secret")
    _meta(obj, namespace)
    data = dict(obj.get("data") or {})
    for key, value in (obj.pop("stringData", None) or {}).items():
        data[key] = gobase64.encode(str(value).encode())
    if data:
        obj["data"] = dict(sorted(data.items()))
    else:
        obj.pop("data", None)
    obj["type"] = obj.get("type") or "Opaque"
    causes = validate_meta(obj["metadata"])
    total = 0
    for key, value in data.items():
        causes += [f'data[{key}]: Invalid value: "{key}": {e}' for e in config_key_errors(key)]
        total += len(gobase64.decode(value))
    if total > MAX_BYTES:
        causes.append(f"data: Too long: must have at most {MAX_BYTES} bytes")
    for key in SECRET_TYPES_KEYS.get(str(obj["type"]), ()):
        if key not in data:
            causes.append(f"data[{key}]: Required value")
    decoded = {key: gobase64.decode(value) for key, value in data.items()}
    causes += dockerconfig.causes(str(obj["type"]), decoded)
    if obj["type"] == "kubernetes.io/service-account-token" and not (
            obj["metadata"].get("annotations") or {}).get("kubernetes.io/service-account.name"):
        causes.append("metadata.annotations[kubernetes.io/service-account.name]: Required value")
    if causes:
        raise Invalid(causes)
    return obj


def update_causes(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """ValidateConfigMapUpdate / ValidateSecretUpdate beyond the object's own validation: an
    immutable object keeps its data, and a Secret keeps its type."""
    causes: list[str] = []
    if kind == "Secret" and new.get("type") != old.get("type"):
        causes.append(f'type: Invalid value: "{new.get("type")}": field is immutable')
    if old.get("immutable"):
        if not new.get("immutable"):
            causes.append("immutable: Forbidden: field is immutable when `immutable` is set")
        fields = ("data",) if kind == "Secret" else ("data", "binaryData")
        for name in fields:
            if (old.get(name) or {}) != (new.get(name) or {}):
                causes.append(f"{name}: Forbidden: field is immutable when `immutable` is set")
    return causes
