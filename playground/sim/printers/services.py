"""``kubectl get services``: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (+ wide SELECTOR)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.printers.kind_table import kind_table
from playground.sim.printers.pods import format_labels
from playground.sim.timefmt import age

HEADERS = ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]


def _external_ip(svc: dict[str, Any]) -> str:
    spec = svc.get("spec") or {}
    kind = spec.get("type", "ClusterIP")
    external = list(spec.get("externalIPs") or [])
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) or "<none>"
    if kind == "LoadBalancer":
        ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        ips = [i.get("ip") or i.get("hostname") or "" for i in ingress] + external
        return ",".join(i for i in ips if i) or "<pending>"
    if kind == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def _ports(svc: dict[str, Any]) -> str:
    parts = []
    for port in (svc.get("spec") or {}).get("ports") or []:
        text = str(port.get("port", ""))
        if port.get("nodePort"):
            text += f":{port['nodePort']}"
        parts.append(f"{text}/{port.get('protocol', 'TCP')}")
    return ",".join(parts) or "<none>"


def service_row(svc: dict[str, Any], now: float, *, wide: bool = False) -> list[str]:
    meta = svc.get("metadata") or {}
    spec = svc.get("spec") or {}
    row = [
        meta.get("name", ""),
        spec.get("type", "ClusterIP"),
        spec.get("clusterIP") or "<none>",
        _external_ip(svc),
        _ports(svc),
        age(meta.get("creationTimestamp"), now),
    ]
    if wide:
        row.append(format_labels(spec.get("selector")))
    return row


def service_table(
    services: Sequence[dict[str, Any]],
    now: float,
    *,
    wide: bool = False,
    no_headers: bool = False,
    with_namespace: bool = False,
    kind_prefix: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
) -> str:
    return kind_table(services, HEADERS + (["SELECTOR"] if wide else []),
                      lambda svc: service_row(svc, now, wide=wide), "service/",
                      no_headers=no_headers, with_namespace=with_namespace,
                      kind_prefix=kind_prefix, show_labels=show_labels,
                      label_columns=label_columns)
