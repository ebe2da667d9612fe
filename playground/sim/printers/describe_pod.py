"""``kubectl describe pod`` (spec §2): one pod with its events, aligned like kubectl's tabwriter.

When several pods are described, the caller joins the descriptions with two empty lines
(``"\\n\\n".join(...)`` of texts that each end in a newline), as kubectl does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from playground.sim.admission.qos import compute_pod_qos
from playground.sim.admission.quantity import parse_quantity
from playground.sim.printers.describe_lines import (
    annotations_lines,
    labels_lines,
    resources_lines,
    tolerations_lines,
    volumes_lines,
)
from playground.sim.printers.events import describe_events_lines
from playground.sim.tabwriter import format_lines
from playground.sim.timefmt import age, parse_rfc3339, rfc1123z

L2 = "    "
L3 = "      "


def _time(value: str | None) -> str:
    # Go formats a zero metav1.Time as year 1.
    return rfc1123z(parse_rfc3339(value)) if value else "Mon, 01 Jan 0001 00:00:00 +0000"


def _ports(ports: list[dict[str, Any]], key: str) -> str:
    return ", ".join(f"{p.get(key, 0)}/{p.get('protocol', '')}" for p in ports)


def _port_lines(container: dict[str, Any]) -> list[str]:
    ports = container.get("ports") or []
    lines = []
    for label, key in (("Port", "containerPort"), ("Host Port", "hostPort")):
        text = _ports(ports, key)
        if "," in text:
            lines.append(f"{L2}{label}s:\t{text}")
        else:
            lines.append(f"{L2}{label}:\t{text or '<none>'}")
    return lines


def _state_lines(title: str, state: dict[str, Any]) -> list[str]:
    if "running" in state:
        return [
            f"{L2}{title}:\tRunning",
            f"{L3}Started:\t{_time(state['running'].get('startedAt'))}",
        ]
    if "waiting" in state:
        lines = [f"{L2}{title}:\tWaiting"]
        if (state["waiting"] or {}).get("reason"):
            lines.append(f"{L3}Reason:\t{state['waiting']['reason']}")
        return lines
    if "terminated" in state:
        term = state["terminated"]
        lines = [f"{L2}{title}:\tTerminated"]
        if term.get("reason"):
            lines.append(f"{L3}Reason:\t{term['reason']}")
        if term.get("message"):
            lines.append(f"{L3}Message:\t{term['message']}")
        lines.append(f"{L3}Exit Code:\t{term.get('exitCode', 0)}")
        if term.get("signal"):
            lines.append(f"{L3}Signal:\t{term['signal']}")
        lines.append(f"{L3}Started:\t{_time(term.get('startedAt'))}")
        lines.append(f"{L3}Finished:\t{_time(term.get('finishedAt'))}")
        return lines
    return [f"{L2}{title}:\tWaiting"]


def describe_probe(probe: dict[str, Any]) -> str:
    """``DescribeProbe``: ``http-get http://:8080/healthz delay=0s timeout=1s ...``."""
    attrs = (
        f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 0)}s "
        f"period={probe.get('periodSeconds', 0)}s #success={probe.get('successThreshold', 0)} "
        f"#failure={probe.get('failureThreshold', 0)}"
    )
    if "exec" in probe:
        return f"exec [{' '.join((probe['exec'] or {}).get('command') or [])}] {attrs}"
    if "httpGet" in probe:
        get = probe["httpGet"]
        host = get.get("host", "")
        port = str(get.get("port", ""))
        netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
        path = get.get("path", "")
        if path and not path.startswith("/"):
            path = "/" + path
        return f"http-get {get.get('scheme', '').lower()}://{netloc}{path} {attrs}"
    if "tcpSocket" in probe:
        sock = probe["tcpSocket"]
        return f"tcp-socket {sock.get('host', '')}:{sock.get('port', '')} {attrs}"
    if "grpc" in probe:
        grpc = probe["grpc"]
        return f"grpc <pod>:{grpc.get('port', 0)} {grpc.get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _field_ref_value(pod: dict[str, Any], path: str) -> str:
    # kubectl's scheme only converts metadata.name/namespace field labels; anything else is "".
    meta = pod.get("metadata") or {}
    if path == "metadata.name":
        return meta.get("name", "")
    if path == "metadata.namespace":
        return meta.get("namespace", "")
    return ""


def _resource_field_value(container: dict[str, Any], ref: dict[str, Any]) -> str:
    kind, _, name = (ref.get("resource") or "").partition(".")
    values = (container.get("resources") or {}).get(kind) or {}
    if name not in values:
        return "0"
    divisor = parse_quantity(ref.get("divisor") or "1")
    return str(math.ceil(parse_quantity(values[name]) / divisor))


def _env_lines(pod: dict[str, Any], container: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    env_from = container.get("envFrom") or []
    if env_from:
        lines.append(f"{L2}Environment Variables from:")
        for item in env_from:
            if "configMapRef" in item:
                src, ref = "ConfigMap", item["configMapRef"]
            else:
                src, ref = "Secret", item.get("secretRef") or {}
            if item.get("prefix"):
                src += f" with prefix '{item['prefix']}'"
            lines.append(f"{L3}{ref.get('name', '')}\t{src}\tOptional: {_b(ref.get('optional'))}")
    env = container.get("env") or []
    lines.append(f"{L2}Environment:" + ("" if env else "\t<none>"))
    for var in env:
        name = var.get("name", "")
        vf = var.get("valueFrom")
        if vf is None:
            for i, part in enumerate((var.get("value") or "").split("\n")):
                lines.append(f"{L3}{name}:\t{part}" if i == 0 else f"{L3}\t{part}")
        elif "fieldRef" in vf:
            ref = vf["fieldRef"]
            value = _field_ref_value(pod, ref.get("fieldPath", ""))
            lines.append(
                f"{L3}{name}:\t{value} ({ref.get('apiVersion', '')}:{ref.get('fieldPath', '')})"
            )
        elif "resourceFieldRef" in vf:
            ref = vf["resourceFieldRef"]
            value = _resource_field_value(container, ref)
            if value == "0" and ref.get("resource") in ("limits.cpu", "limits.memory"):
                value = "node allocatable"
            lines.append(f"{L3}{name}:\t{value} ({ref.get('resource', '')})")
        elif "secretKeyRef" in vf:
            ref = vf["secretKeyRef"]
            lines.append(
                f"{L3}{name}:\t<set to the key '{ref.get('key', '')}' in secret "
                f"'{ref.get('name', '')}'>\tOptional: {_b(ref.get('optional'))}"
            )
        elif "configMapKeyRef" in vf:
            ref = vf["configMapKeyRef"]
            lines.append(
                f"{L3}{name}:\t<set to the key '{ref.get('key', '')}' of config map "
                f"'{ref.get('name', '')}'>\tOptional: {_b(ref.get('optional'))}"
            )
    return lines


def _b(value: Any) -> str:
    return "true" if value else "false"


def _mount_lines(container: dict[str, Any]) -> list[str]:
    mounts = container.get("volumeMounts") or []
    lines = [f"{L2}Mounts:" + ("" if mounts else "\t<none>")]
    for m in sorted(mounts, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if m.get("readOnly") else "rw"]
        if m.get("subPath"):
            flags.append(f'path="{m["subPath"]}"')
        lines.append(f"{L3}{m.get('mountPath', '')} from {m.get('name', '')} ({','.join(flags)})")
    return lines


def _containers_lines(
    pod: dict[str, Any],
    label: str,
    containers: list[dict[str, Any]],
    statuses: list[dict[str, Any]],
    space: str = "",
) -> list[str]:
    """``describeContainers``; ``space="  "`` for a pod template (names indented one more)."""
    by_name = {s.get("name"): s for s in statuses}
    lines = [f"{space}{label}:" + ("" if containers else " <none>")]
    for c in containers:
        status = by_name.get(c.get("name"))
        lines.append(f"  {' ' if space else ''}{c.get('name', '')}:")
        if status is not None:
            lines.append(f"{L2}Container ID:\t{status.get('containerID', '')}")
        lines.append(f"{L2}Image:\t{c.get('image', '')}")
        if status is not None:
            lines.append(f"{L2}Image ID:\t{status.get('imageID', '')}")
        lines += _port_lines(c)
        seccomp = (c.get("securityContext") or {}).get("seccompProfile")
        if seccomp:
            # describeContainerBasicInfo: the container's own seccomp profile
            lines.append(f"{L2}SeccompProfile:\t{seccomp.get('type', '')}")
            if seccomp.get("type") == "Localhost":
                lines.append(f"{L3}LocalhostProfile:\t{seccomp.get('localhostProfile', '')}")
        for title, key in (("Command", "command"), ("Args", "args")):
            if c.get(key):
                lines.append(f"{L2}{title}:")
                lines += [f"{L3}{s}" for item in c[key] for s in item.split("\n")]
        if status is not None:
            lines += _state_lines("State", status.get("state") or {})
            last = status.get("lastState") or {}
            if last.get("terminated") is not None:
                lines += _state_lines("Last State", last)
            lines.append(f"{L2}Ready:\t{'True' if status.get('ready') else 'False'}")
            lines.append(f"{L2}Restart Count:\t{status.get('restartCount', 0)}")
        lines += resources_lines(c.get("resources"), L2)
        for title, key in (
            ("Liveness", "livenessProbe"),
            ("Readiness", "readinessProbe"),
            ("Startup", "startupProbe"),
        ):
            if c.get(key) is not None:
                lines.append(f"{L2}{title}:\t{describe_probe(c[key])}")
        lines += _env_lines(pod, c)
        lines += _mount_lines(c)
    return lines


def template_containers_lines(
    template: dict[str, Any], label: str, containers: list[dict[str, Any]]
) -> list[str]:
    """The containers of a controller's pod template (no statuses)."""
    return _containers_lines(template, label, containers, [], space="  ")


def describe_pod_lines(
    pod: dict[str, Any], events: Sequence[dict[str, Any]] | None, now: float
) -> list[str]:
    """The unaligned, tab-separated lines of a pod description."""
    meta = pod.get("metadata") or {}
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    lines = [f"Name:\t{meta.get('name', '')}", f"Namespace:\t{meta.get('namespace', '')}"]
    if spec.get("priority") is not None:
        lines.append(f"Priority:\t{spec['priority']}")
    if spec.get("priorityClassName"):
        lines.append(f"Priority Class Name:\t{spec['priorityClassName']}")
    if spec.get("runtimeClassName"):
        lines.append(f"Runtime Class Name:\t{spec['runtimeClassName']}")
    if spec.get("serviceAccountName"):
        lines.append(f"Service Account:\t{spec['serviceAccountName']}")
    if spec.get("nodeName"):
        lines.append(f"Node:\t{spec['nodeName']}/{status.get('hostIP', '')}")
    else:
        lines.append("Node:\t<none>")
    if status.get("startTime"):
        lines.append(f"Start Time:\t{_time(status['startTime'])}")
    lines += labels_lines("Labels", meta.get("labels"))
    lines += annotations_lines("Annotations", meta.get("annotations"))
    phase = status.get("phase", "")
    if meta.get("deletionTimestamp") and phase not in ("Failed", "Succeeded"):
        lines.append(f"Status:\tTerminating (lasts {age(meta['deletionTimestamp'], now)})")
        lines.append(f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 0)}s")
    else:
        lines.append(f"Status:\t{phase}")
    if status.get("reason"):
        lines.append(f"Reason:\t{status['reason']}")
    if status.get("message"):
        lines.append(f"Message:\t{status['message']}")
    seccomp = (spec.get("securityContext") or {}).get("seccompProfile")
    if seccomp:
        lines.append(f"SeccompProfile:\t{seccomp.get('type', '')}")
        if seccomp.get("type") == "Localhost":
            lines.append(f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}")
    lines.append(f"IP:\t{status.get('podIP', '')}")
    ips = status.get("podIPs") or []
    if ips:
        lines.append("IPs:")
        lines += [f"  IP:\t{ip.get('ip', '')}" for ip in ips]
    else:
        lines.append("IPs:\t<none>")
    for ref in meta.get("ownerReferences") or []:
        if ref.get("controller"):
            lines.append(f"Controlled By:\t{ref.get('kind', '')}/{ref.get('name', '')}")
            break
    if status.get("nominatedNodeName"):
        lines.append(f"NominatedNodeName:\t{status['nominatedNodeName']}")
    if spec.get("initContainers"):
        lines += _containers_lines(
            pod,
            "Init Containers",
            spec["initContainers"],
            status.get("initContainerStatuses") or [],
        )
    lines += _containers_lines(
        pod, "Containers", spec.get("containers") or [], status.get("containerStatuses") or []
    )
    if spec.get("ephemeralContainers"):
        # describeContainers again, with each EphemeralContainerCommon read as a Container
        lines += _containers_lines(
            pod,
            "Ephemeral Containers",
            spec["ephemeralContainers"],
            status.get("ephemeralContainerStatuses") or [],
        )
    conditions = status.get("conditions") or []
    gates = spec.get("readinessGates") or []
    if gates:
        lines += ["Readiness Gates:", "  Type\tStatus"]
        for gate in gates:
            cond = next((c for c in conditions if c.get("type") == gate.get("conditionType")), None)
            value = cond.get("status", "") if cond else "<none>"
            lines.append(f"  {gate.get('conditionType', '')} \t{value} ")
    if conditions:
        lines += ["Conditions:", "  Type\tStatus"]
        lines += [f"  {c.get('type', '')} \t{c.get('status', '')} " for c in conditions]
    lines += volumes_lines(spec.get("volumes"))
    # kubectl prints the class the API server stored, and computes it only for a pod without one
    lines.append(f"QoS Class:\t{status.get('qosClass') or compute_pod_qos(pod)}")
    lines += labels_lines("Node-Selectors", spec.get("nodeSelector"))
    lines += tolerations_lines("Tolerations", spec.get("tolerations"))
    lines += describe_events_lines(events, now)
    return lines


def describe_pod(pod: dict[str, Any], events: Sequence[dict[str, Any]] | None, now: float) -> str:
    """The full ``kubectl describe pod`` text; ``events=None`` omits the Events block."""
    # a value with newlines (a termination message) is several lines to Go's tabwriter, and
    # its empty line ends the column block above it
    lines = [part for line in describe_pod_lines(pod, events, now) for part in line.split("\n")]
    return format_lines(lines, minwidth=0, padding=2)
