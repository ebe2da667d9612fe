"""The API server's Service endpoints (get, create, delete) for ``Cluster``: admission lives in
admission/service.py; this module stores the admitted object."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from playground.sim import cluster as api
from playground.sim import dns_history
from playground.sim.admission import service as service_admission
from playground.sim.timefmt import rfc3339

if TYPE_CHECKING:
    from playground.sim.cluster import Cluster


def get(cluster: Cluster, namespace: str, name: str) -> dict[str, Any]:
    service = cluster.state["services"].get(f"{namespace}/{name}")
    if service is None:
        raise api.not_found("services", name)
    return dict(service)


def create(cluster: Cluster, manifest: dict[str, Any], namespace: str, *,
           dry_run: bool = False) -> dict[str, Any]:
    """Admit and store a Service; its ClusterIP is random as the allocator's, reproducible
    from the sandbox's seed."""
    name = str((manifest.get("metadata") or {}).get("name") or "")
    key = f"{namespace}/{name}"
    services = cluster.state["services"]
    used = {ip for s in services.values() for ip in (s.get("spec") or {}).get("clusterIPs") or []}
    node_ports = {int(p["nodePort"]) for s in services.values()
                  for p in (s.get("spec") or {}).get("ports") or [] if p.get("nodePort")}
    try:
        svc = service_admission.admit(manifest, namespace, used, cluster.rng("clusterIP", key),
                                      node_ports)
    except service_admission.Invalid as exc:
        raise api.InvalidError("Service", name, exc.causes) from None
    except service_admission.Unserved as exc:
        raise api.ApiError("Forbidden", f"the playground's cluster serves ClusterIP and NodePort "
                           f"services only; {exc} services cannot be created here",
                           code=403) from None
    cluster.require_namespace(namespace, creating=f'services "{name}"')
    if key in services:
        raise api.already_exists("services", name)
    serial = cluster.next_rv()
    meta = svc["metadata"]
    meta["uid"] = cluster.new_uid("service", key, serial)
    meta["creationTimestamp"] = rfc3339(cluster.now)
    meta["resourceVersion"] = serial
    if not dry_run:
        services[key] = svc
        cluster.dns_changed(dns_history.entry(svc, cluster.now))
    return svc


def update(cluster: Cluster, namespace: str, name: str, new: dict[str, Any]) -> dict[str, Any]:
    """Replace a stored Service (kubectl apply's patch, merged by the caller): defaulted and
    validated again; the ClusterIP may not change once set (ValidateServiceUpdate)."""
    key = f"{namespace}/{name}"
    live = cluster.state["services"].get(key)
    if live is None:
        raise api.not_found("services", name)
    svc = service_admission.apply_defaults(copy.deepcopy(new))
    svc["metadata"]["namespace"] = namespace
    causes = service_admission.validate(svc)
    old_ips = live["spec"].get("clusterIPs") or []
    if svc["spec"].get("clusterIPs", old_ips) != old_ips or svc["spec"].get(
            "clusterIP", live["spec"].get("clusterIP")) != live["spec"].get("clusterIP"):
        shown = ", ".join(f'"{ip}"' for ip in svc["spec"].get("clusterIPs") or [])
        causes.append(f"spec.clusterIPs[0]: Invalid value: []string{{{shown}}}: may not change "
                      "once set")
    if causes:
        raise api.InvalidError("Service", name, causes)
    if svc["spec"]["type"] not in ("ClusterIP", "NodePort"):
        raise api.ApiError("Forbidden", "the playground's cluster serves ClusterIP and NodePort "
                           f"services only; {svc['spec']['type']} services cannot be created "
                           "here", code=403)
    for field in ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"):
        svc["spec"].setdefault(field, live["spec"].get(field))
    if svc["spec"]["type"] == "NodePort":
        others = {int(p["nodePort"]) for k, s in cluster.state["services"].items() if k != key
                  for p in (s.get("spec") or {}).get("ports") or [] if p.get("nodePort")}
        try:
            service_admission.assign_node_ports(svc["spec"], others,
                                                cluster.rng("nodePort", key, cluster.next_rv()))
        except service_admission.Invalid as exc:
            raise api.InvalidError("Service", name, exc.causes) from None
    else:
        for port in svc["spec"].get("ports") or []:
            port.pop("nodePort", None)  # a ClusterIP service has none (the server drops them)
    svc["metadata"]["resourceVersion"] = cluster.next_rv()
    cluster.state["services"][key] = svc
    return svc


def delete(cluster: Cluster, namespace: str, name: str) -> None:
    key = f"{namespace}/{name}"
    service = cluster.state["services"].get(key)
    if service is None:
        raise api.not_found("services", name)
    if key == "default/kubernetes":
        # The API server recreates its own service at once, as a fresh object.
        service["metadata"]["creationTimestamp"] = rfc3339(cluster.now)
        service["metadata"]["uid"] = cluster.new_uid("service", key, cluster.next_rv())
        return
    del cluster.state["services"][key]
    cluster.dns_changed(dns_history.entry(service, cluster.now, gone=True))
