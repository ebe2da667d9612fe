"""``kubectl describe service``: the service's spec, then per port its endpoints as kubectl 1.32
reads them from the service's EndpointSlices (ready endpoints only, three shown at most)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.printers.describe_lines import annotations_lines, labels_lines
from playground.sim.printers.events import describe_events_lines
from playground.sim.printers.pods import format_labels
from playground.sim.tabwriter import format_lines

Obj = dict[str, Any]
_SHOWN = 3  # endpoints listed per port before "+ N more..."


def _is_ready(endpoint: Obj) -> bool:
    # an unknown (absent) ready condition counts as ready, as the discovery API says
    return (endpoint.get("conditions") or {}).get("ready") is not False


def _host_port(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def format_endpoint_slices(slices: Sequence[Obj], port_name: str) -> str:
    """The ``Endpoints:`` value for one service port (kubectl's formatEndpointSlices)."""
    if not slices:
        return "<none>"
    shown: list[str] = []
    more = False
    ready = 0
    for item in slices:
        endpoints = item.get("endpoints") or []
        ports = item.get("ports") or []
        picks: list[tuple[Obj, int | None]]
        if not ports:  # a headless service may have no ports: addresses alone
            picks = [(e, None) for e in endpoints]
        else:
            picks = [(e, int(p["port"])) for p in ports if (p.get("name") or "") == port_name
                     for e in endpoints]
        for endpoint, port in picks:
            # kubectl notes "more" on reaching any endpoint past the third, ready or not
            more = more or len(shown) == _SHOWN
            if not _is_ready(endpoint):
                continue
            if not more:
                address = endpoint["addresses"][0]
                shown.append(address if port is None else _host_port(address, port))
            ready += 1
    text = ",".join(shown)
    return f"{text} + {ready - _SHOWN} more..." if more else text


def describe_service(service: Obj, slices: Sequence[Obj], events: Sequence[Obj] | None,
                     now: float) -> str:
    meta = service.get("metadata") or {}
    spec = service.get("spec") or {}
    status = service.get("status") or {}
    lines = [f"Name:\t{meta.get('name', '')}", f"Namespace:\t{meta.get('namespace', '')}"]
    lines += labels_lines("Labels", meta.get("labels"))
    lines += annotations_lines("Annotations", meta.get("annotations"))
    lines.append(f"Selector:\t{format_labels(spec.get('selector'))}")
    lines.append(f"Type:\t{spec.get('type', '')}")
    if spec.get("ipFamilyPolicy"):
        lines.append(f"IP Family Policy:\t{spec['ipFamilyPolicy']}")
    lines.append(f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}")
    lines.append(f"IP:\t{spec.get('clusterIP', '')}")
    lines.append(f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}")
    if spec.get("externalIPs"):
        lines.append(f"External IPs:\t{','.join(spec['externalIPs'])}")
    if spec.get("loadBalancerIP"):
        lines.append(f"IP:\t{spec['loadBalancerIP']}")
    if spec.get("externalName"):
        lines.append(f"External Name:\t{spec['externalName']}")
    ingress = (status.get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        addresses = ", ".join(i.get("ip") or i.get("hostname", "") for i in ingress)
        lines.append(f"LoadBalancer Ingress:\t{addresses}")
    for port in spec.get("ports") or []:
        name = port.get("name") or "<unset>"
        protocol = port.get("protocol", "TCP")
        lines.append(f"Port:\t{name}\t{port.get('port')}/{protocol}")
        lines.append(f"TargetPort:\t{port.get('targetPort', port.get('port'))}/{protocol}")
        if port.get("nodePort"):
            lines.append(f"NodePort:\t{name}\t{port['nodePort']}/{protocol}")
        lines.append(f"Endpoints:\t{format_endpoint_slices(slices, port.get('name') or '')}")
    lines.append(f"Session Affinity:\t{spec.get('sessionAffinity', '')}")
    if spec.get("externalTrafficPolicy"):
        lines.append(f"External Traffic Policy:\t{spec['externalTrafficPolicy']}")
    if spec.get("internalTrafficPolicy"):
        lines.append(f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}")
    if spec.get("healthCheckNodePort"):
        lines.append(f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}")
    if spec.get("loadBalancerSourceRanges"):
        lines.append(f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}")
    lines += describe_events_lines(events, now)
    return format_lines(lines, minwidth=0, padding=2)
