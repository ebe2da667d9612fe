"""Traffic to a Service from inside a pod: which name or address is a Service, and which pod
answers a connection to it (kube-proxy's part).

* A Service is reached by its ClusterIP or by the names the pod's resolver turns into it:
  ``<svc>`` (same namespace), ``<svc>.<ns>``, ``<svc>.<ns>.svc`` and
  ``<svc>.<ns>.svc.cluster.local``.
* kube-proxy (iptables mode) sends a connection to one ready endpoint of the service port; the
  playground takes them in turn (round robin) so that repeated requests show several pods,
  where the real rules pick at random.
* A NodePort service is reached on every node's address at its node port, the same way.
* No ready endpoint: kube-proxy installs a REJECT rule, so the client sees "connection
  refused" at once. A port the Service does not define has no rule at all: the packets are
  dropped and the client waits until it times out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim import endpoints
from playground.sim.nslookup import DOMAIN

Obj = dict[str, Any]


class NoEndpoints(Exception):
    """The Service has no ready endpoint for that port (kube-proxy rejects)."""


class NoSuchPort(Exception):
    """The Service does not serve that port (nothing answers; the client times out)."""


@dataclass(frozen=True)
class Backend:
    ip: str  # the chosen pod's IP
    port: int  # the target port on it


def service_named(services: list[Obj], namespace: str, host: str) -> Obj | None:
    """The Service ``host`` names or addresses from a pod in ``namespace``, if any."""
    for svc in services:
        meta, spec = svc["metadata"], svc.get("spec") or {}
        name, ns = meta["name"], meta["namespace"]
        names = {f"{name}.{ns}", f"{name}.{ns}.svc", f"{name}.{ns}.svc.{DOMAIN}"}
        if host in names or (host == name and ns == namespace):
            return svc
        if host and host in (spec.get("clusterIPs") or []) and host != "None":
            return svc
    return None


def node_port_target(services: list[Obj], port: int) -> tuple[Obj, int] | None:
    """The NodePort service (and its service port) behind ``port`` on any node, if any:
    kube-proxy opens every node port on every node."""
    for svc in services:
        for sp in (svc.get("spec") or {}).get("ports") or []:
            if sp.get("nodePort") == port and sp.get("protocol", "TCP") == "TCP":
                return svc, int(sp["port"])
    return None


def backend(service: Obj, pods: list[Obj], port: int, turns: dict[str, int],
            api_server_ip: str | None = None) -> Backend:
    """The pod (and port) a TCP connection to ``service``:``port`` reaches; ``turns`` holds
    the round robin's position per service and is advanced."""
    meta = service["metadata"]
    ports = [p for p in (service.get("spec") or {}).get("ports") or []
             if p.get("port") == port and p.get("protocol", "TCP") == "TCP"]
    if not ports:
        raise NoSuchPort(f"{meta['name']}:{port}")
    wanted = str(ports[0].get("name") or "")
    ready: list[Backend] = []
    for piece in endpoints.endpoint_slices(service, pods, api_server_ip):
        numbers = [p["port"] for p in piece["ports"]
                   if p["name"] == wanted and p["protocol"] == "TCP"]
        if not numbers:
            continue
        for endpoint in piece["endpoints"]:
            if endpoint["conditions"]["ready"]:
                ready.append(Backend(endpoint["addresses"][0], int(numbers[0])))
    if not ready:
        raise NoEndpoints(meta["name"])
    key = f"{meta['namespace']}/{meta['name']}"
    turn = turns.get(key, 0)
    turns[key] = turn + 1
    return ready[turn % len(ready)]
