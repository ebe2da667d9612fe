"""``kubectl apply -k DIR`` / ``create -k DIR``: kustomize's ConfigMap and Secret generators
(the part of kustomize the kubernetes.io Pod pages use), built as kubectl 1.32's embedded
kustomize (v5) builds them, name suffix hash included.

That kustomize hashes ``{"data", "kind", "name"}`` of the generated object with the name looked
up under a path it never finds, so the name in the hash is always empty: the suffixes differ
from older releases' (kubernetes.io shows ``game-config-4-m9dm2f92bt``, 1.32 makes
``game-config-4-92cb5f7c7h``).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from typing import Any

from playground.sim.admission import gobase64, manifests
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError

_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_KNOWN = {"configMapGenerator", "secretGenerator", "generatorOptions", "apiVersion", "kind"}


_GO_TYPES = {"configMapGenerator": "[]types.ConfigMapArgs",
             "secretGenerator": "[]types.SecretArgs",
             "generatorOptions": "types.GeneratorOptions"}
_ARG_FIELDS = {"files": "[]string", "literals": "[]string", "envs": "[]string",
               "options": "types.GeneratorOptions", "name": "string", "namespace": "string",
               "type": "string", "behavior": "string"}


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "null"


def _type_error(value: Any, where: str, go_type: str) -> KubectlError:
    return KubectlError(f"invalid Kustomization: json: cannot unmarshal {_json_kind(value)} "
                        f"into Go struct field {where} of type {go_type}")


def _check_types(spec: dict[str, Any]) -> None:
    """The shapes kustomize's decoder insists on, with encoding/json's words."""
    for field, go_type in _GO_TYPES.items():
        value = spec.get(field)
        if value is None:
            continue
        wanted = dict if field == "generatorOptions" else list
        if not isinstance(value, wanted):
            raise _type_error(value, f"Kustomization.{field}", go_type)
        for gen in value if isinstance(value, list) else []:
            if not isinstance(gen, dict):
                raise _type_error(gen, f"Kustomization.{field}", go_type.removeprefix("[]"))
            for key, kind in _ARG_FIELDS.items():
                item = gen.get(key)
                ok = item is None or (isinstance(item, list) and all(
                    isinstance(x, str | int | float) for x in item) if kind == "[]string" else
                    isinstance(item, dict) if kind.startswith("types.") else True)
                if not ok:
                    raise _type_error(item, f"{go_type.removeprefix('[]').split('.')[-1]}."
                                      f"{field}.{key}", kind)
            _check_options(gen.get("options"), f"{field}.options")
    _check_options(spec.get("generatorOptions"), "generatorOptions")


def _check_options(options: Any, where: str) -> None:
    for key in ("labels", "annotations"):
        value = (options or {}).get(key) if isinstance(options, dict) else None
        if value is not None and not isinstance(value, dict):
            raise _type_error(value, f"GeneratorOptions.{where}.{key}", "map[string]string")


def _hash(obj: dict[str, Any]) -> str:
    fields: dict[str, Any] = {"kind": obj["kind"], "name": "", "data": obj.get("data", "")}
    if obj["kind"] == "Secret":
        fields["type"] = obj.get("type", "")
    # Go's json.Marshal: sorted keys, no spaces, UTF-8 kept, <, > and & escaped
    text = json.dumps(fields, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return "".join({"0": "g", "1": "h", "3": "k", "a": "m", "e": "t"}.get(c, c) for c in digest)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _pairs(gen: dict[str, Any], root: str, ctx: Ctx) -> dict[str, str]:
    data: dict[str, str] = {}
    for literal in gen.get("literals") or []:
        key, eq, value = str(literal).partition("=")
        if not eq:
            raise KubectlError(f"invalid literal source {literal}, expected key=value")
        data[key] = _unquote(value)
    for source in gen.get("files") or []:
        key, eq, path = str(source).partition("=")
        if not eq:
            key, path = posixpath.basename(str(source)), str(source)
        text = ctx.files.read(posixpath.normpath(posixpath.join(root, path)))
        if text is None:
            raise KubectlError(f"evalsymlink failure on '{path}' : lstat {path}: no such file "
                               "or directory")
        data[key] = text
    for path in gen.get("envs") or []:
        text = ctx.files.read(posixpath.normpath(posixpath.join(root, str(path))))
        if text is None:
            raise KubectlError(f"evalsymlink failure on '{path}' : lstat {path}: no such file "
                               "or directory")
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                key, _eq, value = line.partition("=")
                data[key] = value
    return dict(sorted(data.items()))


def _generated(kind: str, gen: dict[str, Any], options: dict[str, Any], root: str,
               ctx: Ctx) -> dict[str, Any]:
    own = {**options, **(gen.get("options") or {})}
    data = _pairs(gen, root, ctx)
    meta: dict[str, Any] = {"name": str(gen.get("name") or "")}
    if gen.get("namespace"):
        meta["namespace"] = str(gen["namespace"])
    for field in ("labels", "annotations"):
        values = {**(options.get(field) or {}), **((gen.get("options") or {}).get(field) or {})}
        if values:
            meta[field] = {str(k): str(v) for k, v in values.items()}
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": kind, "metadata": meta}
    if kind == "Secret":
        obj["data"] = {k: gobase64.encode(v.encode()) for k, v in data.items()}
        obj["type"] = str(gen.get("type") or "Opaque")
    elif data:
        obj["data"] = data
    if not own.get("disableNameSuffixHash"):
        meta["name"] = f"{meta['name']}-{_hash(obj)}"
    return obj


def build(directory: str, ctx: Ctx) -> list[dict[str, Any]]:
    """The objects ``kubectl kustomize DIR`` prints: ConfigMaps first, then Secrets."""
    if not ctx.files.is_dir(directory):
        raise KubectlError(f"must build at directory: not a valid directory: evalsymlink "
                           f"failure on '{directory}' : lstat {directory}: no such file or "
                           "directory")
    found = next((f for f in _FILES if ctx.files.read(posixpath.join(directory, f)) is not None),
                 None)
    if found is None:
        raise KubectlError("unable to find one of 'kustomization.yaml', 'kustomization.yml' or "
                           f"'Kustomization' in directory '{directory}'")
    try:
        spec = manifests.yaml_value(ctx.files.read(posixpath.join(directory, found)) or "") or {}
    except manifests.ManifestError as exc:  # go-yaml's words and alias budget
        raise KubectlError(f"invalid Kustomization: {exc.message.removeprefix('error parsing -: ')}"
                           ) from None
    if not isinstance(spec, dict):
        raise KubectlError("invalid Kustomization: not a map")
    unknown = sorted(set(spec) - _KNOWN)
    if unknown:
        raise KubectlError(f"the playground's kustomize builds configMapGenerator and "
                           f"secretGenerator only; {', '.join(unknown)} cannot be built here")
    _check_types(spec)
    options = spec.get("generatorOptions") or {}
    out = [_generated("ConfigMap", g, options, directory, ctx)
           for g in spec.get("configMapGenerator") or []]
    out += [_generated("Secret", g, options, directory, ctx)
            for g in spec.get("secretGenerator") or []]
    return out
