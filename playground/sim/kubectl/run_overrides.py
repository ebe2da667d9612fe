"""kubectl run --overrides: the patch kubectl applies to the Pod it generated, before it prints or
sends it (run.go: the generated object is encoded to JSON, patched with --override-type's kind of
patch, and decoded back into a typed object).

Each kind's error texts are those of the library kubectl uses client-side (evanphx/json-patch's
MergePatch and Patch, apimachinery's strategicpatch, Go's encoding/json, the scheme's decoder);
the decode into a typed Pod drops unknown fields and brings back the fields Go always encodes.
"""

from __future__ import annotations

import json
from typing import Any

from playground.sim.admission import strict
from playground.sim.kubectl import patching
from playground.sim.kubectl.errors import KubectlError

OVERRIDE_TYPES = ("json", "merge", "strategic")
_SCHEME = 'in scheme "pkg/scheme/scheme.go:28"'
# the Go type of the value decoding fails on for an override that is a JSON array
_VERSION_KIND = ('struct { APIVersion string "json:\\"apiVersion,omitempty\\""; '
                 'Kind string "json:\\"kind,omitempty\\"" }')
# core/v1 kinds other than Pod: kubectl would decode and send one, this playground's run does not
_OTHER_CORE_KINDS = frozenset({
    "Binding", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node",
    "PersistentVolume", "PersistentVolumeClaim", "PodTemplate", "ReplicationController",
    "ResourceQuota", "Secret", "Service", "ServiceAccount",
})

# Field order of the Go structs (k8s.io/api/core/v1 types.go): JSON output of a typed object
# follows it; fields not listed keep the order they came in, after the listed ones.
_POD = ("kind", "apiVersion", "metadata", "spec", "status")
_META = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
         "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
         "annotations", "ownerReferences", "finalizers", "managedFields")
_SPEC = ("volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
         "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector",
         "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName",
         "hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "securityContext",
         "imagePullSecrets", "hostname", "subdomain", "affinity", "schedulerName", "tolerations",
         "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates",
         "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead",
         "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates",
         "resourceClaims", "resources")
_CONTAINER = ("name", "image", "command", "args", "workingDir", "ports", "envFrom", "env",
              "resources", "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices",
              "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
              "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy",
              "securityContext", "stdin", "stdinOnce", "tty")
_PORT = ("name", "hostPort", "containerPort", "protocol", "hostIP")
_ENV = ("name", "value", "valueFrom")


def check_type(override_type: str) -> None:
    if override_type not in OVERRIDE_TYPES:
        raise KubectlError(f"invalid override type: {override_type}")


def apply(pod: dict[str, Any], text: str, override_type: str) -> dict[str, Any]:
    """The generated ``pod`` (in Go struct order) with the override applied and decoded."""
    check_type(override_type)
    if override_type == "merge":
        patched, touched = _merge(pod, text)
    elif override_type == "strategic":
        patched, touched = _strategic(pod, text), None
    else:
        patched, touched = _json_patch(pod, text)
    return _decode(patched, touched)


Path = tuple[str, ...]


def _merge(pod: dict[str, Any], text: str) -> tuple[Any, set[Path]]:
    try:
        patch = json.loads(text)
    except json.JSONDecodeError:
        raise KubectlError("Invalid JSON Patch") from None
    if isinstance(patch, list):
        return patch, set()  # RFC 7386: a patch that is not an object replaces the document
    if not isinstance(patch, dict):
        raise KubectlError("Invalid JSON Patch")
    touched: set[Path] = set()
    _merged_objects(pod, patch, (), touched)
    return patching.merge_patch(pod, patch), touched


def _merged_objects(target: Any, patch: Any, path: Path, out: set[Path]) -> None:
    """The objects MergePatch decodes to merge into (both sides objects): it re-marshals them
    as Go maps, with sorted keys; what it does not descend into keeps its own order."""
    out.add(path)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merged_objects(target[key], value, (*path, key), out)


def _strategic(pod: dict[str, Any], text: str) -> Any:
    try:
        patch = json.loads(text)
    except json.JSONDecodeError:
        raise KubectlError("invalid JSON document") from None
    if not isinstance(patch, dict):
        raise KubectlError("invalid JSON document")
    try:
        return patching.strategic_merge(pod, patch)
    except patching.PatchError as exc:
        raise KubectlError(exc.message) from None


def _json_patch(pod: dict[str, Any], text: str) -> tuple[Any, set[Path]]:
    try:
        ops = patching.decode(text)
        patched = patching.json_patch(pod, ops)
    except patching.PatchError as exc:
        raise KubectlError(exc.message) from None
    # the containers an operation walks through are decoded (and re-marshalled sorted)
    touched: set[Path] = {()}
    for op in ops:
        for key in ("path", "from"):
            if isinstance(op.get(key), str):
                tokens = tuple(patching.pointer_tokens(op[key]))
                touched.update(tokens[:i] for i in range(len(tokens)))
    return patched, touched


def _decode(doc: Any, touched: set[Path] | None) -> dict[str, Any]:
    """The scheme's decoder: kind and apiVersion first, then the typed Pod. ``touched``: the
    objects the patch library re-marshalled (None: all of them, strategicpatch works on maps)."""
    if not isinstance(doc, dict):
        json_kind = "array" if isinstance(doc, list) else patching.go_kind(doc)
        raise KubectlError(f"couldn't get version/kind; json parse error: json: cannot unmarshal "
                           f"{json_kind} into Go value of type {_VERSION_KIND}")
    kind, version = doc.get("kind"), doc.get("apiVersion")
    shown = _patched_json(doc, touched)
    if not kind:
        raise KubectlError(f"Object 'Kind' is missing in '{shown}'")
    if not version:
        raise KubectlError(f"Object 'apiVersion' is missing in '{shown}'")
    if version != "v1" or (kind != "Pod" and kind not in _OTHER_CORE_KINDS):
        raise KubectlError(f'no kind "{kind}" is registered for version "{version}" {_SCHEME}')
    if kind != "Pod":
        raise KubectlError(f"this playground's kubectl run creates Pods only, not a {kind}")
    error = strict.decode_error(doc)
    if error:
        raise KubectlError(error)
    return _typed_pod(strict.drop_nulls(strict.prune_unknown(doc)))


def _typed_pod(doc: dict[str, Any]) -> dict[str, Any]:
    """What encoding the decoded Pod gives: struct fields without omitempty are always there
    (creationTimestamp, spec.containers, each container's resources, a port's containerPort,
    status), in struct order."""
    meta = dict(doc.get("metadata") or {})
    meta.setdefault("creationTimestamp", None)
    for key in ("labels", "annotations"):
        meta[key] = _sorted_map(meta.get(key))
    spec = dict(doc.get("spec") or {})
    spec.setdefault("containers", None)
    for key in ("nodeSelector", "overhead"):
        spec[key] = _sorted_map(spec.get(key))
    for key in ("initContainers", "containers", "ephemeralContainers"):
        if isinstance(spec.get(key), list):
            spec[key] = [_typed_container(c) for c in spec[key]]
    meta = {k: v for k, v in meta.items() if v is not None or k == "creationTimestamp"}
    spec = {k: v for k, v in spec.items() if v is not None or k == "containers"}
    out = {**doc, "metadata": _ordered(meta, _META), "spec": _ordered(spec, _SPEC),
           "status": doc.get("status") or {}}
    return _ordered(out, _POD)


def _typed_container(container: dict[str, Any]) -> dict[str, Any]:
    container = dict(container)
    resources = dict(container.get("resources") or {})
    for key in ("limits", "requests"):
        resources[key] = _sorted_map(resources.get(key))
    container["resources"] = {k: v for k, v in resources.items() if v is not None}
    if isinstance(container.get("ports"), list):
        container["ports"] = [_ordered({"containerPort": 0, **p}, _PORT)
                              for p in container["ports"]]
    if isinstance(container.get("env"), list):
        container["env"] = [_ordered(e, _ENV) for e in container["env"]]
    return _ordered(container, _CONTAINER)


def _sorted_map(value: Any) -> Any:
    """A Go map field (labels, resource lists): encoding/json writes its keys sorted."""
    return {k: value[k] for k in sorted(value)} if isinstance(value, dict) else value


def _ordered(doc: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    known = {k: doc[k] for k in order if k in doc}
    return {**known, **{k: v for k, v in doc.items() if k not in known}}


def _patched_json(doc: Any, touched: set[Path] | None) -> str:
    """The patched document as the patch library marshals it (Go's escaping, no spaces)."""
    text = json.dumps(_key_order(doc, touched, ()), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _key_order(value: Any, touched: set[Path] | None, path: Path) -> Any:
    if isinstance(value, list):
        return [_key_order(v, touched, (*path, str(i))) for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    keys = sorted(value) if touched is None or path in touched else list(value)
    return {k: _key_order(value[k], touched, (*path, k)) for k in keys}
