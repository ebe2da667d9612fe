"""``kubectl describe endpoints``: kubectl's EndpointsDescriber, one block per subset (ready
and not-ready addresses, then its ports as a small table)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.printers.describe_lines import annotations_lines, labels_lines
from playground.sim.printers.events import describe_events_lines
from playground.sim.tabwriter import format_lines

Obj = dict[str, Any]


def _ips(addresses: Sequence[Obj] | None) -> str:
    return ",".join(str(a.get("ip", "")) for a in addresses or []) or "<none>"


def describe_endpoints(endpoints: Obj, events: Sequence[Obj] | None, now: float) -> str:
    meta = endpoints.get("metadata") or {}
    lines = [f"Name:\t{meta.get('name', '')}", f"Namespace:\t{meta.get('namespace', '')}"]
    lines += labels_lines("Labels", meta.get("labels"))
    lines += annotations_lines("Annotations", meta.get("annotations"))
    lines.append("Subsets:")
    for subset in endpoints.get("subsets") or []:
        lines.append(f"  Addresses:\t{_ips(subset.get('addresses'))}")
        lines.append(f"  NotReadyAddresses:\t{_ips(subset.get('notReadyAddresses'))}")
        ports = subset.get("ports") or []
        if ports:
            lines += ["  Ports:", "    Name\tPort\tProtocol", "    ----\t----\t--------"]
            lines += [f"    {p.get('name') or '<unset>'}\t{p.get('port')}\t{p.get('protocol')}"
                      for p in ports]
        lines.append("")
    lines += describe_events_lines(events, now)
    return format_lines(lines, minwidth=0, padding=2)
