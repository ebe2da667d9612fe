"""Server-side validation of Pods and Namespaces, with pkg/apis/core/validation's messages."""

from __future__ import annotations

from typing import Any

from playground.sim.admission import names
from playground.sim.admission.quantity import QUANTITY_ERROR, compare, is_quantity

RESTART = ("Always", "OnFailure", "Never")
PULL = ("Always", "IfNotPresent", "Never")
DNS = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
PROTOCOLS = ("SCTP", "TCP", "UDP")
HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024  # apimachinery's TotalAnnotationSizeLimitB
FORBIDDEN_UPDATE = (
    "spec: Forbidden: pod updates may not change fields other than "
    "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
    "`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
)


def _q(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(
        value, bool) else str(value)


def _unsupported(path: str, value: Any, allowed: tuple[str, ...]) -> str:
    shown = ", ".join(f'"{a}"' for a in allowed)
    return f"{path}: Unsupported value: {_q(value)}: supported values: {shown}"


def _invalid(path: str, value: Any, detail: str) -> str:
    return f"{path}: Invalid value: {_q(value)}: {detail}"


def validate_meta(meta: dict[str, Any], *, namespaced: bool = True) -> list[str]:
    errs: list[str] = []
    name = meta.get("name") or ""
    generate = meta.get("generateName") or ""
    if generate:
        errs += [_invalid("metadata.generateName", generate, e)
                 for e in names.dns1123_subdomain(names.mask_trailing_dash(str(generate)))]
    if not name:
        errs.append("metadata.name: Required value: name or generateName is required")
    elif name:
        errs += [_invalid("metadata.name", name, e) for e in names.dns1123_subdomain(name)]
    for key, value in (meta.get("labels") or {}).items():
        errs += [_invalid("metadata.labels", key, e) for e in names.qualified_name(str(key))]
        errs += [_invalid("metadata.labels", value, e) for e in names.label_value(str(value))]
    annotations = meta.get("annotations") or {}
    for key in annotations:
        errs += [_invalid("metadata.annotations", key, e)
                 for e in names.qualified_name(str(key))]
    # apimachinery's ValidateAnnotationsSize: keys and values together, in bytes.
    total = sum(len(str(k).encode()) + len(str(v).encode()) for k, v in annotations.items())
    if total > TOTAL_ANNOTATION_SIZE_LIMIT:
        errs.append(f"metadata.annotations: Too long: may not be more than "
                    f"{TOTAL_ANNOTATION_SIZE_LIMIT} bytes")
    return errs


def _port(path: str, value: Any, required: bool) -> list[str]:
    if value in (None, 0):
        return [f"{path}: Required value"] if required else []
    if isinstance(value, int) and not 1 <= value <= 65535:
        return [_invalid(path, value, "must be between 1 and 65535, inclusive")]
    return []


def _probe(path: str, probe: dict[str, Any], liveness_like: bool) -> list[str]:
    errs: list[str] = []
    handlers = [h for h in HANDLERS if probe.get(h) is not None]
    if not handlers:
        errs.append(f"{path}: Required value: must specify a handler type")
    elif len(handlers) > 1:
        errs.append(f"{path}.{handlers[1]}: Forbidden: may not specify more than 1 handler type")
    for handler in ("httpGet", "tcpSocket"):
        port = (probe.get(handler) or {}).get("port")
        if isinstance(port, int):
            errs += _port(f"{path}.{handler}.port", port, True)
    if liveness_like and probe.get("successThreshold", 1) != 1:
        errs.append(_invalid(f"{path}.successThreshold", probe["successThreshold"], "must be 1"))
    return errs


def _resources(path: str, res: dict[str, Any]) -> list[str]:
    errs: list[str] = []
    limits, requests = res.get("limits") or {}, res.get("requests") or {}
    for kind, values in (("limits", limits), ("requests", requests)):
        for name, value in values.items():
            if not is_quantity(value):
                errs.append(_invalid(f"{path}.{kind}[{name}]", value, QUANTITY_ERROR))
    for name, value in requests.items():
        limit = limits.get(name)
        if limit is not None and is_quantity(value) and is_quantity(limit):
            if compare(value, limit) > 0:
                errs.append(_invalid(f"{path}.requests", str(value),
                                     f"must be less than or equal to {name} limit of {limit}"))
    return errs


def _containers(key: str, containers: list[Any], seen: set[str]) -> list[str]:
    errs: list[str] = []
    for i, c in enumerate(containers):
        path = f"spec.{key}[{i}]"
        name = c.get("name") or ""
        if not name:
            errs.append(f"{path}.name: Required value")
        else:
            errs += [_invalid(f"{path}.name", name, e) for e in names.dns1123_label(name)]
            if name in seen:
                errs.append(f'{path}.name: Duplicate value: "{name}"')
            seen.add(name)
        if not c.get("image"):
            errs.append(f"{path}.image: Required value")
        for j, port in enumerate(c.get("ports") or []):
            ppath = f"{path}.ports[{j}]"
            errs += _port(f"{ppath}.containerPort", port.get("containerPort"), True)
            errs += _port(f"{ppath}.hostPort", port.get("hostPort"), False)
            if port.get("protocol") not in (None, *PROTOCOLS):
                errs.append(_unsupported(f"{ppath}.protocol", port["protocol"], PROTOCOLS))
        for j, env in enumerate(c.get("env") or []):
            env_name = env.get("name") or ""
            if not env_name:
                errs.append(f"{path}.env[{j}].name: Required value")
            errs += [_invalid(f"{path}.env[{j}].name", env_name, e)
                     for e in (names.env_var_name(env_name) if env_name else [])]
        policy = c.get("imagePullPolicy")
        if policy is not None and policy not in PULL:
            errs.append(_unsupported(f"{path}.imagePullPolicy", policy, PULL))
        for probe, liveness_like in (("livenessProbe", True), ("readinessProbe", False),
                                     ("startupProbe", True)):
            if isinstance(c.get(probe), dict):
                errs += _probe(f"{path}.{probe}", c[probe], liveness_like)
        errs += _resources(f"{path}.resources", c.get("resources") or {})
    return errs


def validate_pod(pod: dict[str, Any]) -> list[str]:
    """Every cause the API server reports for a Pod create, in its order."""
    errs = validate_meta(pod.get("metadata") or {})
    spec = pod.get("spec") or {}
    seen: set[str] = set()
    errs += _containers("initContainers", spec.get("initContainers") or [], seen)
    containers = spec.get("containers") or []
    if not containers:
        errs.append("spec.containers: Required value")
    errs += _containers("containers", containers, seen)
    if spec.get("restartPolicy") not in (None, *RESTART):
        errs.append(_unsupported("spec.restartPolicy", spec["restartPolicy"], RESTART))
    if spec.get("dnsPolicy") not in (None, *DNS):
        errs.append(_unsupported("spec.dnsPolicy", spec["dnsPolicy"], DNS))
    return errs


def validate_namespace(ns: dict[str, Any]) -> list[str]:
    meta = ns.get("metadata") or {}
    name = meta.get("name") or ""
    if not name:
        return ["metadata.name: Required value: name or generateName is required"]
    errs = [_invalid("metadata.name", name, e) for e in names.dns1123_label(name)]
    return errs + validate_meta({**meta, "name": "", "generateName": ""}, namespaced=False)[1:]


def _mutable_view(spec: dict[str, Any]) -> dict[str, Any]:
    view = {k: v for k, v in spec.items()
            if k not in ("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds")}
    for key in ("containers", "initContainers"):
        if key in view:
            view[key] = [{k: v for k, v in c.items() if k != "image"} for c in view[key]]
    return view


def validate_pod_update(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Causes for an update: the immutable-spec rule (§6.6) plus the create checks."""
    errs = validate_pod(new)
    old_spec, new_spec = old.get("spec") or {}, new.get("spec") or {}
    old_tol = old_spec.get("tolerations") or []
    new_tol = new_spec.get("tolerations") or []
    grace_ok = old_spec.get("terminationGracePeriodSeconds") == new_spec.get(
        "terminationGracePeriodSeconds") or (
        (old_spec.get("terminationGracePeriodSeconds") or 0) < 0
        and new_spec.get("terminationGracePeriodSeconds") == 1)
    if (_mutable_view(old_spec) != _mutable_view(new_spec)
            or any(t not in new_tol for t in old_tol) or not grace_ok):
        errs.append(FORBIDDEN_UPDATE + "\n" + _spec_diff(old_spec, new_spec))
    return errs


def _spec_diff(old: dict[str, Any], new: dict[str, Any]) -> str:
    """A shortened Go cmp.Diff body: only the top-level PodSpec fields that changed."""
    lines = ["  core.PodSpec{"]
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            field = key[0].upper() + key[1:]
            if key in old:
                lines.append(f"- \t{field}: {old[key]!r},")
            if key in new:
                lines.append(f"+ \t{field}: {new[key]!r},")
    lines.append("  \t... // other fields unchanged")
    lines.append("  }")
    return "\n".join(lines)


def invalid_message(kind: str, name: str, causes: list[str]) -> str:
    """kubectl's 422 text: one cause inline, several as `* ` lines after a trailing space."""
    if len(causes) == 1:
        return f'The {kind} "{name}" is invalid: {causes[0]}'
    return f'The {kind} "{name}" is invalid: \n' + "\n".join(f"* {c}" for c in causes)
