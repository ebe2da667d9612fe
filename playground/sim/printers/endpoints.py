"""``kubectl get endpoints``: NAME ENDPOINTS AGE, the server-side table of
pkg/printers/internalversion (printEndpoints and formatEndpoints)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.printers.kind_table import kind_table
from playground.sim.timefmt import age

HEADERS = ["NAME", "ENDPOINTS", "AGE"]
SHOWN = 3  # formatEndpoints lists this many, then "+ N more..."


def format_endpoints(endpoints: dict[str, Any]) -> str:
    """Ready addresses as ip:port per subset port (bare IPs for a subset without ports);
    "<none>" without subsets, an empty cell when no address is ready."""
    subsets = endpoints.get("subsets") or []
    if not subsets:
        return "<none>"
    shown: list[str] = []
    count = 0
    for subset in subsets:
        addresses = [a["ip"] for a in subset.get("addresses") or []]
        ports = subset.get("ports") or []
        pairs = ([ip for ip in addresses] if not ports else
                 [f"{ip}:{p['port']}" for p in ports for ip in addresses])
        for pair in pairs:
            if len(shown) < SHOWN:
                shown.append(pair)
            count += 1
    text = ",".join(shown)
    if count > SHOWN:
        return f"{text} + {count - SHOWN} more..."
    return text


def endpoints_table(
    objs: Sequence[dict[str, Any]],
    now: float,
    *,
    no_headers: bool = False,
    with_namespace: bool = False,
    kind_prefix: bool = False,
    show_labels: bool = False,
    label_columns: Sequence[str] = (),
) -> str:
    def row(obj: dict[str, Any]) -> list[str]:
        meta = obj.get("metadata") or {}
        return [str(meta.get("name", "")), format_endpoints(obj),
                age(meta.get("creationTimestamp"), now)]

    return kind_table(objs, HEADERS, row, "endpoints/", no_headers=no_headers,
                      with_namespace=with_namespace, kind_prefix=kind_prefix,
                      show_labels=show_labels, label_columns=label_columns)
