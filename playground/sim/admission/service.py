"""Admitting a Service: the API server's defaults (SetDefaults_Service and the service registry's
IP allocation) and pkg/apis/core/validation ValidateService's messages for what learners write.

Only ClusterIP services (and headless ones, ``clusterIP: None``) are served: they need no node
ports or load balancers, which the playground's cluster does not simulate.
"""

from __future__ import annotations

import copy
import ipaddress
import random
from typing import Any

from playground.sim.admission import names
from playground.sim.admission.validation import PROTOCOLS, validate_meta

Obj = dict[str, Any]

# kubeadm's default --service-cluster-ip-range and --service-node-port-range
SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
NODE_PORTS = range(30000, 32768)
TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
AFFINITIES = ("ClientIP", "None")


class Invalid(Exception):
    """ValidateService's causes (the API server answers 422)."""

    def __init__(self, causes: list[str]) -> None:
        super().__init__("; ".join(causes))
        self.causes = causes


class Unserved(Exception):
    """A valid type the playground's cluster does not run (LoadBalancer, ExternalName)."""


def _q(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def apply_defaults(service: Obj) -> Obj:
    """SetDefaults_Service: type, session affinity, each port's protocol and targetPort, the
    internal traffic policy; the object is changed in place and returned."""
    spec = service.setdefault("spec", {})
    spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    for port in spec.get("ports") or []:
        if not isinstance(port, dict):
            continue
        port.setdefault("protocol", "TCP")
        if port.get("targetPort") in (None, 0, ""):
            port["targetPort"] = port.get("port")
    if spec["type"] in ("ClusterIP", "NodePort", "LoadBalancer"):
        spec.setdefault("internalTrafficPolicy", "Cluster")
    if spec["type"] in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    service.setdefault("status", {}).setdefault("loadBalancer", {})
    return service


def _port_errors(i: int, port: Any, require_name: bool, seen: set[str]) -> list[str]:
    path = f"spec.ports[{i}]"
    if not isinstance(port, dict):
        return [f"{path}: Invalid value: {_q(port)}: must be an object"]
    errs: list[str] = []
    name = str(port.get("name") or "")
    if require_name and not name:
        errs.append(f"{path}.name: Required value")
    elif name:
        errs += [f"{path}.name: Invalid value: {_q(name)}: {e}" for e in names.dns1123_label(name)]
        if name in seen:
            errs.append(f"{path}.name: Duplicate value: {_q(name)}")
        seen.add(name)
    number = port.get("port")
    if not isinstance(number, int) or not 1 <= number <= 65535:
        errs.append(f"{path}.port: Invalid value: {_q(number)}: {names.PORT_RANGE}")
    protocol = port.get("protocol")
    if not protocol:
        errs.append(f"{path}.protocol: Required value")
    elif protocol not in PROTOCOLS:
        shown = ", ".join(f'"{p}"' for p in PROTOCOLS)
        errs.append(f"{path}.protocol: Unsupported value: {_q(protocol)}: supported values: "
                    f"{shown}")
    target = port.get("targetPort")
    if isinstance(target, str):
        errs += [f"{path}.targetPort: Invalid value: {_q(target)}: {e}"
                 for e in names.port_name(target)]
    elif not isinstance(target, int) or not 1 <= target <= 65535:
        errs.append(f"{path}.targetPort: Invalid value: {_q(target)}: {names.PORT_RANGE}")
    return errs


def validate(service: Obj) -> list[str]:
    """ValidateService's causes, in its order, for a defaulted Service."""
    meta = service.get("metadata") or {}
    errs = [e for e in validate_meta(meta) if not e.startswith("metadata.name: Invalid")]
    name = str(meta.get("name") or "")
    if name:
        errs[:0] = [f"metadata.name: Invalid value: {_q(name)}: {e}"
                    for e in names.dns1035_label(name)]
    spec = service.get("spec") or {}
    ports = spec.get("ports") or []
    if not ports and spec.get("type") != "ExternalName" and spec.get("clusterIP") != "None":
        errs.append("spec.ports: Required value")
    seen: set[str] = set()
    for i, port in enumerate(ports):
        errs += _port_errors(i, port, len(ports) > 1, seen)
    for key, value in (spec.get("selector") or {}).items():
        errs += [f"spec.selector: Invalid value: {_q(key)}: {e}"
                 for e in names.qualified_name(str(key))]
        errs += [f"spec.selector: Invalid value: {_q(value)}: {e}"
                 for e in names.label_value(str(value))]
    affinity = spec.get("sessionAffinity")
    if affinity not in AFFINITIES:
        shown = ", ".join(f'"{a}"' for a in AFFINITIES)
        errs.append(f"spec.sessionAffinity: Unsupported value: {_q(affinity)}: supported "
                    f"values: {shown}")
    if spec.get("type") not in TYPES:
        shown = ", ".join(f'"{t}"' for t in TYPES)
        errs.append(f"spec.type: Unsupported value: {_q(spec.get('type'))}: supported values: "
                    f"{shown}")
    return errs


def allocate_ip(rng: random.Random, used: set[str]) -> str:
    """A free address of the service range, chosen at random as the API server's allocator
    does (the network and broadcast addresses are never handed out)."""
    size = SERVICE_CIDR.num_addresses
    while True:
        address = str(SERVICE_CIDR.network_address + rng.randrange(1, size - 1))
        if address not in used:
            return address


def requested_ip_error(requested: str, used: set[str]) -> str | None:
    """The cause for a clusterIP the learner asked for that cannot be given, else None."""
    shown = f'[]string{{"{requested}"}}'
    try:
        address = ipaddress.ip_address(requested)
    except ValueError:
        return (f"spec.clusterIPs[0]: Invalid value: {_q(requested)}: must be a valid IP address, "
                '(e.g. 10.9.8.7 or 2001:db8::ffff)')
    if address not in SERVICE_CIDR:
        return (f"spec.clusterIPs: Invalid value: {shown}: failed to allocate IP {requested}: "
                f"the provided IP ({requested}) is not in the valid range. The range of valid "
                f"IPs is {SERVICE_CIDR}")
    if requested in used:
        return (f"spec.clusterIPs: Invalid value: {shown}: failed to allocate IP {requested}: "
                "provided IP is already allocated")
    return None


def assign_node_ports(spec: Obj, used_ports: set[int], rng: random.Random) -> None:
    """Each port of a NodePort service gets the node port asked for (checked) or a free one
    of the node port range, as the API server's port allocator does."""
    causes = []
    for i, port in enumerate(spec.get("ports") or []):
        wanted = port.get("nodePort")
        if wanted in (None, 0):
            free = [p for p in NODE_PORTS if p not in used_ports]
            port["nodePort"] = free[rng.randrange(len(free))]
        elif wanted not in NODE_PORTS:
            causes.append(f"spec.ports[{i}].nodePort: Invalid value: {_q(wanted)}: provided port "
                          "is not in the valid range. The range of valid ports is 30000-32767")
        elif wanted in used_ports:
            causes.append(f"spec.ports[{i}].nodePort: Invalid value: {_q(wanted)}: provided port "
                          "is already allocated")
        if isinstance(port.get("nodePort"), int):
            used_ports.add(port["nodePort"])
    if causes:
        raise Invalid(causes)


def admit(manifest: Obj, namespace: str, used: set[str], rng: random.Random,
          used_ports: set[int] | None = None) -> Obj:
    """The Service as the API server stores it: defaulted, validated, its ClusterIP the one
    asked for (checked) or a free one from the range, node ports likewise for a NodePort
    service; raises Invalid or Unserved."""
    svc = apply_defaults(copy.deepcopy(manifest))
    svc.setdefault("metadata", {})["namespace"] = namespace
    causes = validate(svc)
    if causes:
        raise Invalid(causes)
    spec = svc["spec"]
    if spec["type"] not in ("ClusterIP", "NodePort"):
        raise Unserved(spec["type"])
    if spec["type"] == "NodePort":
        assign_node_ports(spec, set(used_ports or ()), rng)
    requested = str(spec.get("clusterIP") or "")
    if requested and requested != "None":
        problem = requested_ip_error(requested, used)
        if problem:
            raise Invalid([problem])
        address = requested
    else:
        address = requested or allocate_ip(rng, used)
    spec["clusterIP"] = address
    spec["clusterIPs"] = [address]
    spec.setdefault("ipFamilies", ["IPv4"])
    spec.setdefault("ipFamilyPolicy", "SingleStack")
    return svc
