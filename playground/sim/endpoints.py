"""Which pods stand behind a Service: the EndpointSlices the control plane keeps for it.

Derived on every read from the pods as they are now (the endpointslice controller reacts within
a moment of a pod's change; the playground has no lag to show), so there is nothing to store.

* A selector's service: the pods of its namespace whose labels match, that have an IP and are
  not finished (phase Succeeded or Failed). An endpoint is ready when the pod is Ready and not
  terminating, serving when the pod is Ready, terminating while it is being deleted; with
  ``publishNotReadyAddresses`` every endpoint counts as ready and serving.
* Each service port resolves against the pod: a number is used as it is, a name is looked up in
  the pod's container ports (a pod without it is left out of that port). Pods that resolve to
  the same ports share one slice, in the order their first pod appears; with no pod at all the
  controller keeps one placeholder slice without ports or endpoints.
* ``default/kubernetes`` has no selector: the API server publishes its own address (the
  control-plane node, port 6443). Any other service without a selector has no slices.
"""

from __future__ import annotations

from typing import Any

Obj = dict[str, Any]

API_SERVER_PORT = 6443


def api_server_address(nodes: list[Obj]) -> str | None:
    """The InternalIP of the control-plane node, where the API server listens."""
    for node in nodes:
        if "node-role.kubernetes.io/control-plane" in ((node.get("metadata") or {}).get("labels")
                                                       or {}):
            for address in (node.get("status") or {}).get("addresses") or []:
                if address.get("type") == "InternalIP":
                    return str(address["address"])
    return None


def _ready(pod: Obj) -> bool:
    for condition in (pod.get("status") or {}).get("conditions") or []:
        if condition.get("type") == "Ready":
            return condition.get("status") == "True"
    return False


def _matches(selector: dict[str, str], labels: dict[str, str] | None) -> bool:
    labels = labels or {}
    return all(labels.get(key) == value for key, value in selector.items())


def _named_port(pod: Obj, name: str) -> int | None:
    for container in (pod.get("spec") or {}).get("containers") or []:
        for port in container.get("ports") or []:
            if port.get("name") == name:
                return int(port["containerPort"])
    return None


def _resolve(service_port: Obj, pod: Obj) -> int | None:
    target = service_port.get("targetPort", service_port.get("port"))
    if isinstance(target, str) and not target.isdigit():
        return _named_port(pod, target)
    return int(target) if target is not None else None


def _slice_ports(service: Obj, pod: Obj) -> tuple[tuple[str, int, str], ...]:
    ports = []
    for sp in (service.get("spec") or {}).get("ports") or []:
        number = _resolve(sp, pod)
        if number is not None:
            ports.append((str(sp.get("name") or ""), number, str(sp.get("protocol") or "TCP")))
    return tuple(ports)


def _endpoint(pod: Obj, publish_not_ready: bool, service: Obj) -> Obj:
    terminating = bool((pod.get("metadata") or {}).get("deletionTimestamp"))
    ready = _ready(pod)
    endpoint: Obj = {
        "addresses": [pod["status"]["podIP"]],
        "conditions": {
            "ready": publish_not_ready or (ready and not terminating),
            "serving": publish_not_ready or ready,
            "terminating": terminating,
        },
    }
    hostname = (pod.get("spec") or {}).get("hostname")
    if hostname and (pod.get("spec") or {}).get("subdomain") == service["metadata"]["name"]:
        # the controller names the endpoint after the pod's hostname only for the Service its
        # subdomain names (ShouldSetHostname); DNS then has <hostname>.<svc>.<ns>.svc…
        endpoint["hostname"] = hostname
    endpoint["nodeName"] = (pod.get("spec") or {}).get("nodeName")
    endpoint["targetRef"] = {"kind": "Pod", "name": pod["metadata"]["name"],
                             "namespace": pod["metadata"]["namespace"],
                             "uid": pod["metadata"].get("uid", "")}
    return endpoint


def _slice(service: Obj, ports: tuple[tuple[str, int, str], ...], endpoints: list[Obj],
           index: int) -> Obj:
    meta = service["metadata"]
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {
            "name": f"{meta['name']}-{index}",
            "namespace": meta["namespace"],
            "labels": {"kubernetes.io/service-name": meta["name"]},
        },
        "addressType": "IPv4",
        "endpoints": endpoints,
        "ports": [{"name": name, "port": port, "protocol": protocol}
                  for name, port, protocol in ports],
    }


def endpoint_slices(service: Obj, pods: list[Obj], api_server_ip: str | None) -> list[Obj]:
    """The EndpointSlices of ``service``; ``pods`` are the cluster's pods as observed now."""
    meta = service["metadata"]
    spec = service.get("spec") or {}
    selector = spec.get("selector")
    if not selector:
        if (meta["namespace"], meta["name"]) == ("default", "kubernetes") and api_server_ip:
            port = (spec.get("ports") or [{}])[0]
            ports = ((str(port.get("name") or ""), API_SERVER_PORT, "TCP"),)
            endpoint = {"addresses": [api_server_ip],
                        "conditions": {"ready": True, "serving": True, "terminating": False}}
            return [_slice(service, ports, [endpoint], 0)]
        return []
    publish = bool(spec.get("publishNotReadyAddresses"))
    groups: dict[tuple[tuple[str, int, str], ...], list[Obj]] = {}
    for pod in pods:
        pod_meta = pod.get("metadata") or {}
        status = pod.get("status") or {}
        if pod_meta.get("namespace") != meta["namespace"]:
            continue
        if not _matches(selector, pod_meta.get("labels")) or not status.get("podIP"):
            continue
        if status.get("phase") in ("Succeeded", "Failed"):
            continue
        groups.setdefault(_slice_ports(service, pod), []).append(_endpoint(pod, publish, service))
    if not groups:
        # the controller keeps a placeholder slice (no ports, no endpoints) for such a service
        return [_slice(service, (), [], 0)]
    return [_slice(service, ports, endpoints, i)
            for i, (ports, endpoints) in enumerate(groups.items())]


def _ip_key(address: Obj) -> tuple[int, ...]:
    return tuple(int(part) for part in str(address.get("ip", "")).split(".") if part.isdigit())


def v1_endpoints(service: Obj, pods: list[Obj], api_server_ip: str | None) -> Obj | None:
    """The v1 Endpoints the endpoints controller keeps for ``service`` (None when it keeps
    none: a service without a selector other than ``default/kubernetes``), from the same
    slices: one subset per port set, ready endpoints in ``addresses``, the others in
    ``notReadyAddresses``, each sorted by IP as the controller's RepackSubsets leaves them;
    terminating pods are left out unless the service publishes not-ready addresses."""
    meta = service["metadata"]
    spec = service.get("spec") or {}
    if not spec.get("selector") and (meta["namespace"], meta["name"]) != ("default",
                                                                         "kubernetes"):
        return None
    publish = bool(spec.get("publishNotReadyAddresses"))
    subsets = []
    for piece in endpoint_slices(service, pods, api_server_ip):
        ready: list[Obj] = []
        not_ready: list[Obj] = []
        for endpoint in piece["endpoints"]:
            conditions = endpoint["conditions"]
            if conditions["terminating"] and not publish:
                continue
            address: Obj = {"ip": endpoint["addresses"][0]}
            if endpoint.get("hostname"):
                address["hostname"] = endpoint["hostname"]
            if endpoint.get("nodeName"):
                address["nodeName"] = endpoint["nodeName"]
            if endpoint.get("targetRef"):
                address["targetRef"] = dict(endpoint["targetRef"])
            (ready if conditions["ready"] else not_ready).append(address)
        if not ready and not not_ready:
            continue
        subset: Obj = {}
        if ready:
            subset["addresses"] = sorted(ready, key=_ip_key)
        if not_ready:
            subset["notReadyAddresses"] = sorted(not_ready, key=_ip_key)
        ports = []
        for port in piece["ports"]:
            entry: Obj = {"port": port["port"], "protocol": port["protocol"]}
            if port["name"]:
                entry["name"] = port["name"]
            ports.append(entry)
        if ports:
            subset["ports"] = ports
        subsets.append(subset)
    labels = dict(meta.get("labels") or {})
    if (meta["namespace"], meta["name"]) == ("default", "kubernetes"):
        labels = {"endpointslice.kubernetes.io/skip-mirror": "true"}
    out_meta: Obj = {"name": meta["name"], "namespace": meta["namespace"],
                     "creationTimestamp": meta.get("creationTimestamp")}
    if labels:
        out_meta["labels"] = labels
    out: Obj = {"apiVersion": "v1", "kind": "Endpoints", "metadata": out_meta}
    if subsets:
        out["subsets"] = subsets
    return out
