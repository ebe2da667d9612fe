"""Server-side validation of Pods and Namespaces, with pkg/apis/core/validation's messages."""

from __future__ import annotations

from typing import Any

from playground.sim.admission import names, pod_update, schema
from playground.sim.admission.quantity import QUANTITY_ERROR, canonical, compare, is_quantity

RESTART = ("Always", "OnFailure", "Never")
PULL = ("Always", "IfNotPresent", "Never")
DNS = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
PROTOCOLS = ("SCTP", "TCP", "UDP")
HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
# helper.IsStandardResourceName without its hugepages- and quota (requests./limits.) forms
STANDARD_RESOURCES = (*CONTAINER_RESOURCES, "storage", "pods", "services",
                      "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
                      "persistentvolumeclaims")
MAX_INT32 = 2**31 - 1
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024  # apimachinery's TotalAnnotationSizeLimitB


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
        return [_invalid(path, value, names.PORT_RANGE)]
    return []


def _port_num_or_name(path: str, value: Any) -> list[str]:
    """ValidatePortNumOrName: a number in range, or an IANA_SVC_NAME."""
    if isinstance(value, str):
        return [_invalid(path, value, e) for e in names.port_name(value)]
    if isinstance(value, int) and not 1 <= value <= 65535:
        return [_invalid(path, value, names.PORT_RANGE)]
    return []


def _handler(path: str, handler: dict[str, Any], kinds: tuple[str, ...]) -> list[str]:
    """validateHandler: the first handler is checked, each further one is forbidden."""
    errs: list[str] = []
    found = 0
    for kind in kinds:
        action = handler.get(kind)
        if action is None:
            continue
        if found:
            errs.append(f"{path}.{kind}: Forbidden: may not specify more than 1 handler type")
            continue
        found += 1
        action = action if isinstance(action, dict) else {}
        where = f"{path}.{kind}"
        if kind == "exec" and not action.get("command"):
            errs.append(f"{where}.command: Required value")
        elif kind in ("httpGet", "tcpSocket", "grpc"):
            errs += _port_num_or_name(f"{where}.port", action.get("port", 0))
    if not found:
        errs.append(f"{path}: Required value: must specify a handler type")
    return errs


def _probe(path: str, probe: dict[str, Any], liveness_like: bool) -> list[str]:
    errs = _handler(path, probe, HANDLERS)
    for key in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                "failureThreshold"):
        value = probe.get(key)
        if isinstance(value, int) and value < 0:
            errs.append(_invalid(f"{path}.{key}", value, "must be greater than or equal to 0"))
    if liveness_like and probe.get("successThreshold", 1) != 1:
        errs.append(_invalid(f"{path}.successThreshold", probe["successThreshold"], "must be 1"))
    return errs


def _resource_name(path: str, name: str) -> list[str]:
    """validateContainerResourceName, for the names a learner writes."""
    if "/" in name or name in CONTAINER_RESOURCES or name.startswith("hugepages-"):
        return []
    errs = [_invalid(path, name, e) for e in names.qualified_name(name)]
    if name not in STANDARD_RESOURCES:
        errs.append(_invalid(path, name, "must be a standard resource type or fully qualified"))
    return errs + [_invalid(path, name, "must be a standard resource for containers")]


def _resources(path: str, res: dict[str, Any]) -> list[str]:
    errs: list[str] = []
    limits, requests = res.get("limits") or {}, res.get("requests") or {}
    for kind, values in (("limits", limits), ("requests", requests)):
        for name, value in values.items():
            where = f"{path}.{kind}[{name}]"
            errs += _resource_name(where, str(name))
            if not is_quantity(value):
                errs.append(_invalid(where, value, QUANTITY_ERROR))
            elif compare(value, 0) < 0:
                errs.append(_invalid(where, canonical(value), "must be greater than or equal to 0"))
            if kind != "requests":
                continue
            limit = limits.get(name)
            if limit is not None and is_quantity(value) and is_quantity(limit):
                if compare(value, limit) > 0:
                    errs.append(_invalid(
                        f"{path}.requests", canonical(value),
                        f"must be less than or equal to {name} limit of {canonical(limit)}"))
    return errs


def _volume_sources() -> tuple[str, ...]:
    props = schema.schemas()["io.k8s.api.core.v1.Volume"]["properties"]
    return tuple(k for k in props if k != "name")


def _volumes(volumes: list[Any]) -> tuple[list[str], set[str]]:
    """ValidateVolumes: the causes and the names of the volumes that are valid (mounts may
    only name those)."""
    errs: list[str] = []
    valid: set[str] = set()
    seen: set[str] = set()
    sources = _volume_sources()
    for i, volume in enumerate(volumes):
        path = f"spec.volumes[{i}]"
        own: list[str] = []
        name = str(volume.get("name") or "")
        given = [k for k in sources if volume.get(k) is not None]
        if not given:
            own.append(f"{path}: Required value: must specify a volume type")
        for extra in given[1:]:
            own.append(f"{path}.{extra}: Forbidden: may not specify more than 1 volume type")
        if not name:
            own.append(f"{path}.name: Required value")
        else:
            own += [_invalid(f"{path}.name", name, e) for e in names.dns1123_label(name)]
        if name and name in seen:
            own.append(f'{path}.name: Duplicate value: "{name}"')
        seen.add(name)
        if not own:
            valid.add(name)
        errs += own
    return errs, valid


def _volume_mounts(path: str, mounts: list[Any], volumes: set[str]) -> list[str]:
    errs: list[str] = []
    points: set[str] = set()
    for j, mount in enumerate(mounts):
        where = f"{path}.volumeMounts[{j}]"
        name = str(mount.get("name") or "")
        point = str(mount.get("mountPath") or "")
        if not name:
            errs.append(f"{where}.name: Required value")
        if name not in volumes:
            errs.append(f'{where}.name: Not found: "{name}"')
        if not point:
            errs.append(f"{where}.mountPath: Required value")
        if point in points:
            errs.append(_invalid(f"{where}.mountPath", point, "must be unique"))
        points.add(point)
    return errs


# EphemeralContainerCommon fields an ephemeral container may not set, in the struct's order
# (validateFieldAllowList walks the fields and names each one that is not its zero value)
_NOT_FOR_EPHEMERAL = ("ports", "resources", "resizePolicy", "restartPolicy", "livenessProbe",
                      "readinessProbe", "startupProbe", "lifecycle")


def ephemeral_container_causes(path: str, c: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    """validateContainerCommon for one ephemeral container at ``path``, then the fields the
    allow list refuses."""
    volumes = {str(v.get("name")) for v in spec.get("volumes") or [] if isinstance(v, dict)}
    errs = _container_common(path, c, volumes)
    for key in _NOT_FOR_EPHEMERAL:
        if c.get(key) not in (None, {}, []):
            errs.append(f"{path}.{key}: Forbidden: cannot be set for an Ephemeral Container")
    return errs


def _container_common(path: str, c: dict[str, Any], volumes: set[str]) -> list[str]:
    """validateContainerCommon, in its order (name, image, ports, env, pull policy, resources)."""
    errs: list[str] = []
    name = c.get("name") or ""
    if not name:
        errs.append(f"{path}.name: Required value")
    else:
        errs += [_invalid(f"{path}.name", name, e) for e in names.dns1123_label(name)]
    if not c.get("image"):
        errs.append(f"{path}.image: Required value")
    port_names: set[str] = set()
    for j, port in enumerate(c.get("ports") or []):
        ppath = f"{path}.ports[{j}]"
        port_name = port.get("name") or ""
        if port_name:
            problems = names.port_name(str(port_name))
            errs += [_invalid(f"{ppath}.name", port_name, e) for e in problems]
            if not problems and port_name in port_names:
                errs.append(f'{ppath}.name: Duplicate value: "{port_name}"')
            port_names.add(port_name)
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
    errs += _volume_mounts(path, c.get("volumeMounts") or [], volumes)
    policy = c.get("imagePullPolicy")
    if policy is not None and policy not in PULL:
        errs.append(_unsupported(f"{path}.imagePullPolicy", policy, PULL))
    errs += _resources(f"{path}.resources", c.get("resources") or {})
    return errs


def _lifecycle(path: str, lifecycle: Any) -> list[str]:
    errs: list[str] = []
    for hook in ("postStart", "preStop"):
        handler = (lifecycle or {}).get(hook) if isinstance(lifecycle, dict) else None
        if isinstance(handler, dict):
            errs += _handler(f"{path}.{hook}", handler, ("exec", "httpGet", "tcpSocket", "sleep"))
    return errs


def _probes(path: str, c: dict[str, Any]) -> list[str]:
    errs: list[str] = []
    if c.get("lifecycle") is not None:
        errs += _lifecycle(f"{path}.lifecycle", c["lifecycle"])
    for probe, liveness_like in (("livenessProbe", True), ("readinessProbe", False),
                                 ("startupProbe", True)):
        if isinstance(c.get(probe), dict):
            errs += _probe(f"{path}.{probe}", c[probe], liveness_like)
    return errs


def _host_port_conflicts(key: str, containers: list[Any]) -> list[str]:
    """checkHostPortConflicts: a protocol/hostIP/hostPort used twice is a Duplicate."""
    errs: list[str] = []
    seen: set[str] = set()
    for i, c in enumerate(containers):
        for j, port in enumerate(c.get("ports") or []):
            host_port = port.get("hostPort") or 0
            if not host_port:
                continue
            text = f"{port.get('protocol') or 'TCP'}/{port.get('hostIP') or ''}/{host_port}"
            if text in seen:
                errs.append(f'spec.{key}[{i}].ports[{j}].hostPort: Duplicate value: "{text}"')
            seen.add(text)
    return errs


def _containers(containers: list[Any], volumes: set[str]) -> list[str]:
    """validateContainers: names unique among the app containers; probes and hooks checked."""
    if not containers:
        return ["spec.containers: Required value"]
    errs: list[str] = []
    seen: set[str] = set()
    for i, c in enumerate(containers):
        path = f"spec.containers[{i}]"
        errs += _container_common(path, c, volumes)
        name = c.get("name") or ""
        if name in seen:
            errs.append(f'{path}.name: Duplicate value: "{name}"')
        seen.add(name)
        errs += _probes(path, c)
        if c.get("restartPolicy") is not None:
            errs.append(f"{path}.restartPolicy: Forbidden: may not be set for non-init containers")
    return errs + _host_port_conflicts("containers", containers)


def _init_containers(inits: list[Any], containers: list[Any], volumes: set[str]) -> list[str]:
    """validateInitContainers: names unique across init and app containers (reported on the
    init container); a plain init container may have no probes or hooks, a sidecar
    (restartPolicy: Always) may."""
    errs: list[str] = []
    seen = {str(c.get("name") or "") for c in containers}
    for i, c in enumerate(inits):
        path = f"spec.initContainers[{i}]"
        errs += _container_common(path, c, volumes)
        policy = c.get("restartPolicy")
        if policy is not None and policy != "Always":
            errs.append(_unsupported(f"{path}.restartPolicy", policy, ("Always",)))
        name = c.get("name") or ""
        if name in seen:
            errs.append(f'{path}.name: Duplicate value: "{name}"')
        elif name:
            seen.add(name)
        # init containers run one at a time: their host ports are checked one by one, each
        # as a list of one, so the API server names it initContainers[0] whatever its index
        errs += _host_port_conflicts("initContainers", [c])
        if policy == "Always":
            errs += _probes(path, c)
            continue
        for key in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
            if c.get(key) is not None:
                errs.append(f"{path}.{key}: Forbidden: may not be set for init containers "
                            "without restartPolicy=Always")
    return errs


def validate_pod(pod: dict[str, Any]) -> list[str]:
    """Every cause the API server reports for a Pod create, in its order."""
    errs = validate_meta(pod.get("metadata") or {})
    spec = pod.get("spec") or {}
    containers = spec.get("containers") or []
    volume_errs, volumes = _volumes(spec.get("volumes") or [])
    errs += volume_errs
    errs += _containers(containers, volumes)
    errs += _init_containers(spec.get("initContainers") or [], containers, volumes)
    if spec.get("restartPolicy") not in (None, *RESTART):
        errs.append(_unsupported("spec.restartPolicy", spec["restartPolicy"], RESTART))
    if spec.get("dnsPolicy") not in (None, *DNS):
        errs.append(_unsupported("spec.dnsPolicy", spec["dnsPolicy"], DNS))
    return errs + _spec_fields(spec)


def _spec_fields(spec: dict[str, Any]) -> list[str]:
    """The PodSpec fields ValidatePodSpec checks after the DNS policy, in its order."""
    errs: list[str] = []
    for key, value in (spec.get("nodeSelector") or {}).items():
        errs += [_invalid("spec.nodeSelector", key, e) for e in names.qualified_name(str(key))]
        errs += [_invalid("spec.nodeSelector", value, e) for e in names.label_value(str(value))]
    for key in ("serviceAccountName", "nodeName"):
        value = spec.get(key)
        if value:
            errs += [_invalid(f"spec.{key}", value, e) for e in names.dns1123_subdomain(value)]
    deadline = spec.get("activeDeadlineSeconds")
    if isinstance(deadline, int) and not 1 <= deadline <= MAX_INT32:
        errs.append(_invalid("spec.activeDeadlineSeconds", deadline,
                             f"must be between 1 and {MAX_INT32}, inclusive"))
    for key in ("hostname", "subdomain"):
        value = spec.get(key)
        if value:
            errs += [_invalid(f"spec.{key}", value, e) for e in names.dns1123_label(value)]
    return errs


def validate_namespace(ns: dict[str, Any]) -> list[str]:
    meta = ns.get("metadata") or {}
    name = meta.get("name") or ""
    if not name:
        return ["metadata.name: Required value: name or generateName is required"]
    errs = [_invalid("metadata.name", name, e) for e in names.dns1123_label(name)]
    return errs + validate_meta({**meta, "name": "", "generateName": ""}, namespaced=False)[1:]


def validate_pod_update(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Causes for an update: the create checks of the new pod, then ValidatePodUpdate's (§6.6)."""
    return validate_pod(new) + pod_update.update_causes(old, new)


def invalid_message(kind: str, name: str, causes: list[str]) -> str:
    """kubectl's 422 text: one cause inline, several as `* ` lines after a trailing space."""
    if len(causes) == 1:
        return f'The {kind} "{name}" is invalid: {causes[0]}'
    return f'The {kind} "{name}" is invalid: \n' + "\n".join(f"* {c}" for c in causes)
