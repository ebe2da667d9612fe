"""The cluster every sandbox starts with (3 nodes, kube-system pods, service/kubernetes) and
the admission-time planning of a new pod's ``_sim`` facts (node, IPs, image pulls)."""

from __future__ import annotations

import hashlib
import ipaddress
import random
import uuid
from typing import Any

from playground.sim.images import lookup, normalize, pull_outcome
from playground.sim.lifecycle.schedule import place
from playground.sim.lifecycle.stages import delay
from playground.sim.timefmt import rfc3339
from playground.sim.workload_defaults import default_controllers, owner_reference

DAY = 86400.0
NODES = (  # name, InternalIP, pod CIDR (Calico blocks as in the seeds), control plane?
    ("node1", "192.168.100.100", "10.233.90.0/24", True),
    ("node2", "192.168.100.101", "10.233.96.0/24", False),
    ("node3", "192.168.100.102", "10.233.92.0/24", False),
)
_SA_CHARS = "bcdfghjklmnpqrstvwxz2456789"
_CONTROL_PLANE_TAINT = {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}


def _rng(seed: str, *purpose: str) -> random.Random:
    digest = hashlib.sha256("/".join((seed, *purpose)).encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def _uid(seed: str, *purpose: str) -> str:
    return str(uuid.UUID(int=_rng(seed, "uid", *purpose).getrandbits(128), version=4))


def _suffix(seed: str, n: int, *purpose: str) -> str:
    rng = _rng(seed, "suffix", *purpose)
    return "".join(rng.choice(_SA_CHARS) for _ in range(n))


def node_allocatable(name: str) -> dict[str, str]:
    """What a default node offers pods (its status.allocatable's cpu and memory); the
    downward API answers a container without limits with these."""
    control = any(n == name and cp for n, _ip, _cidr, cp in NODES)
    alloc = {"cpu": "4", "memory": "7521516Ki"} if control else {"cpu": "2", "memory": "3389124Ki"}
    return {**alloc, "ephemeral-storage": "47233297124"}


def _node(seed: str, name: str, ip: str, cidr: str, control: bool, born: float) -> dict[str, Any]:
    labels = {
        "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
    }
    if control:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    stamp = rfc3339(born)
    beat = rfc3339(born)
    conditions = [
        ("NetworkUnavailable", "False", "CalicoIsUp", "Calico is running on this node"),
        ("MemoryPressure", "False", "KubeletHasSufficientMemory",
         "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ]
    cpu, memory = ("4", "8148204Ki") if control else ("2", "4015812Ki")
    alloc = node_allocatable(name)
    node: dict[str, Any] = {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {
            "name": name, "uid": _uid(seed, "node", name), "resourceVersion": "900",
            "creationTimestamp": stamp, "labels": labels,
            "annotations": {
                "node.alpha.kubernetes.io/ttl": "0",
                "projectcalico.org/IPv4Address": f"{ip}/24",
                "projectcalico.org/IPv4IPIPTunnelAddr": str(
                    ipaddress.ip_network(cidr).network_address + 0),
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
        },
        "spec": {"podCIDR": cidr, "podCIDRs": [cidr]},
        "status": {
            "addresses": [{"address": ip, "type": "InternalIP"},
                          {"address": name, "type": "Hostname"}],
            "allocatable": {"cpu": cpu, "ephemeral-storage": alloc["ephemeral-storage"],
                            "hugepages-1Gi": "0", "hugepages-2Mi": "0", "memory": alloc["memory"],
                            "pods": "110"},
            "capacity": {"cpu": cpu, "ephemeral-storage": "51250084Ki", "hugepages-1Gi": "0",
                         "hugepages-2Mi": "0", "memory": memory, "pods": "110"},
            "conditions": [
                {"type": t, "status": s, "reason": r, "message": m,
                 "lastHeartbeatTime": beat, "lastTransitionTime": stamp}
                for t, s, r, m in conditions
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64", "bootID": _uid(seed, "boot", name),
                "containerRuntimeVersion": "containerd://1.7.24",
                "kernelVersion": "5.15.0-126-generic", "kubeProxyVersion": "v1.32.4",
                "kubeletVersion": "v1.32.4",
                "machineID": hashlib.md5(f"{seed}/{name}".encode()).hexdigest(),  # noqa: S324
                "operatingSystem": "linux", "osImage": "Ubuntu 22.04.5 LTS",
                "systemUUID": _uid(seed, "system", name),
            },
        },
    }
    if control:
        node["spec"]["taints"] = [dict(_CONTROL_PLANE_TAINT)]
    return node


def _namespace(seed: str, name: str, born: float) -> dict[str, Any]:
    return {
        "apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": name, "uid": _uid(seed, "namespace", name),
                     "resourceVersion": "10", "creationTimestamp": rfc3339(born),
                     "labels": {"kubernetes.io/metadata.name": name}},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    }


def _system_container(name: str, image: str, requests: dict[str, str] | None = None,
                      probes: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name, "image": image, "imagePullPolicy": "IfNotPresent",
        "resources": {"requests": requests} if requests else {},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
    }
    body.update(probes or {})
    return body


def _system_pod(seed: str, name: str, node: str, born: float, containers: list[dict[str, Any]],
                *, ip: str, host_network: bool, labels: dict[str, str],
                init: list[dict[str, Any]] | None = None,
                priority: str = "system-node-critical") -> dict[str, Any]:
    host_ip = next(n[1] for n in NODES if n[0] == node)
    spec: dict[str, Any] = {
        "containers": containers, "dnsPolicy": "ClusterFirst", "enableServiceLinks": True,
        "nodeName": node, "preemptionPolicy": "PreemptLowerPriority", "priority": 2000001000
        if priority == "system-node-critical" else 2000000000, "priorityClassName": priority,
        "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {},
        "terminationGracePeriodSeconds": 30,
        "tolerations": [{"effect": "NoExecute", "operator": "Exists"},
                        {"effect": "NoSchedule", "operator": "Exists"}],
    }
    if host_network:
        spec["hostNetwork"] = True
    if init:
        spec["initContainers"] = init
    uid = _uid(seed, "pod", "kube-system", name)
    all_containers = (init or []) + containers
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "kube-system", "uid": uid,
                     "resourceVersion": "950", "creationTimestamp": rfc3339(born),
                     "labels": labels},
        "spec": spec,
        "_sim": {
            "created": born, "node": node, "unschedulable": None, "hostIP": host_ip,
            "podIP": ip, "seed": f"{seed}/{uid}", "system": True,
            "pulls": {c["name"]: {"present": True} for c in all_containers},
            "deleteAt": None, "grace": 30, "imageChanges": [],
        },
    }


def _system_pods(seed: str, born: float) -> list[dict[str, Any]]:
    pods = []
    k8s = "registry.k8s.io"
    statics = (("etcd", f"{k8s}/etcd:3.5.16-0", {"cpu": "100m", "memory": "100Mi"}),
               ("kube-apiserver", f"{k8s}/kube-apiserver:v1.32.4", {"cpu": "250m"}),
               ("kube-controller-manager", f"{k8s}/kube-controller-manager:v1.32.4",
                {"cpu": "200m"}),
               ("kube-scheduler", f"{k8s}/kube-scheduler:v1.32.4", {"cpu": "100m"}))
    node1 = {"apiVersion": "v1", "kind": "Node",
             "metadata": {"name": "node1", "uid": _uid(seed, "node", "node1")}}
    for component, image, req in statics:
        pod = _system_pod(
            seed, f"{component}-node1", "node1", born,
            [_system_container(component, image, req)], ip="192.168.100.100",
            host_network=True, labels={"component": component, "tier": "control-plane"})
        # A static pod's API object is the kubelet's mirror of a manifest file, owned by the Node.
        pod["metadata"]["annotations"] = _mirror_annotations(seed, component, born)
        pod["metadata"]["ownerReferences"] = [owner_reference(node1, block=False)]
        pods.append(pod)
    dns_probes = {
        "livenessProbe": {"failureThreshold": 5, "httpGet": {"path": "/health", "port": 8080,
                          "scheme": "HTTP"}, "initialDelaySeconds": 60, "periodSeconds": 10,
                          "successThreshold": 1, "timeoutSeconds": 5},
        "readinessProbe": {"failureThreshold": 3, "httpGet": {"path": "/ready", "port": 8181,
                           "scheme": "HTTP"}, "periodSeconds": 10, "successThreshold": 1,
                           "timeoutSeconds": 1},
    }
    for i, suffix in enumerate(("x2x9v", _suffix(seed, 5, "coredns"))):
        pods.append(_system_pod(
            seed, f"coredns-7db6d8ff4d-{suffix}", "node1", born,
            [_system_container("coredns", f"{k8s}/coredns/coredns:v1.11.3",
                               {"cpu": "100m", "memory": "70Mi"}, dns_probes)],
            ip=f"10.233.90.{i + 1}", host_network=False,
            labels={"k8s-app": "kube-dns", "pod-template-hash": "7db6d8ff4d"},
            priority="system-cluster-critical"))
    pods.append(_system_pod(
        seed, f"calico-kube-controllers-5db5978889-{_suffix(seed, 5, 'calico-kc')}", "node1",
        born, [_system_container("calico-kube-controllers",
                                 "quay.io/calico/kube-controllers:v3.29.1")],
        ip="10.233.90.3", host_network=False,
        labels={"k8s-app": "calico-kube-controllers", "pod-template-hash": "5db5978889"},
        priority="system-cluster-critical"))
    for node, ip, _cidr, _control in NODES:
        pods.append(_system_pod(
            seed, f"kube-proxy-{_suffix(seed, 5, 'kube-proxy', node)}", node, born,
            [_system_container("kube-proxy", f"{k8s}/kube-proxy:v1.32.4")], ip=ip,
            host_network=True, labels={"controller-revision-hash": "7d8d6b6b9c",
                                       "k8s-app": "kube-proxy", "pod-template-generation": "1"}))
        pods.append(_system_pod(
            seed, f"calico-node-{_suffix(seed, 5, 'calico-node', node)}", node, born,
            [_system_container("calico-node", "quay.io/calico/node:v3.29.1", {"cpu": "150m"})],
            ip=ip, host_network=True,
            init=[_system_container("install-cni", "quay.io/calico/cni:v3.29.1")],
            labels={"controller-revision-hash": "6c7d5c8f8d", "k8s-app": "calico-node",
                    "pod-template-generation": "1"}))
    for pod in pods:
        if "ownerReferences" not in pod["metadata"]:
            pod["spec"]["nodeSelector"] = {"kubernetes.io/os": "linux"}
    return pods


METRICS_SERVER_ARGS = ["--cert-dir=/tmp", "--secure-port=10250",
                       "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                       "--kubelet-use-node-status-port", "--metric-resolution=15s"]


def _metrics_server_pod(seed: str, born: float) -> dict[str, Any]:
    """kube-system's metrics-server (components.yaml v0.7.2's pod, on the control-plane node
    with its toleration as kubespray's addon places it), which serves metrics.k8s.io."""
    def probe(path: str, **extra: int) -> dict[str, Any]:
        return {"failureThreshold": 3, "httpGet": {"path": path, "port": "https",
                "scheme": "HTTPS"}, "periodSeconds": 10, "successThreshold": 1,
                "timeoutSeconds": 1, **extra}

    container = _system_container(
        "metrics-server", "registry.k8s.io/metrics-server/metrics-server:v0.7.2",
        {"cpu": "100m", "memory": "200Mi"},
        {"livenessProbe": probe("/livez"), "readinessProbe": probe("/readyz",
                                                                   initialDelaySeconds=20)})
    container.update({
        "args": list(METRICS_SERVER_ARGS),
        "ports": [{"containerPort": 10250, "name": "https", "protocol": "TCP"}],
        "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                            "readOnlyRootFilesystem": True, "runAsNonRoot": True,
                            "runAsUser": 1000, "seccompProfile": {"type": "RuntimeDefault"}},
        "volumeMounts": [{"mountPath": "/tmp", "name": "tmp-dir"}],
    })
    pod = _system_pod(
        seed, f"metrics-server-6f8c9b5d74-{_suffix(seed, 5, 'metrics-server')}", "node1", born,
        [container], ip="10.233.90.4", host_network=False,
        labels={"k8s-app": "metrics-server", "pod-template-hash": "6f8c9b5d74"},
        priority="system-cluster-critical")
    pod["spec"].update({
        "serviceAccount": "metrics-server", "serviceAccountName": "metrics-server",
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "volumes": [{"emptyDir": {}, "name": "tmp-dir"}],
    })
    return pod


def _metrics_server_service(seed: str, born: float) -> dict[str, Any]:
    return {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "metrics-server", "namespace": "kube-system",
                     "uid": _uid(seed, "service", "metrics-server"), "resourceVersion": "260",
                     "creationTimestamp": rfc3339(born),
                     "labels": {"k8s-app": "metrics-server"}},
        "spec": {
            "clusterIP": "10.96.129.181", "clusterIPs": ["10.96.129.181"],
            "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": "https"}],
            "selector": {"k8s-app": "metrics-server"},
            "sessionAffinity": "None", "type": "ClusterIP",
        },
        "status": {"loadBalancer": {}},
    }


def _mirror_annotations(seed: str, component: str, born: float) -> dict[str, str]:
    digest = hashlib.sha256(f"{seed}/manifest/{component}".encode()).hexdigest()[:32]
    nanos = _rng(seed, "seen", component).randrange(10**9)
    out = {"kubernetes.io/config.hash": digest, "kubernetes.io/config.mirror": digest,
           "kubernetes.io/config.seen": f"{rfc3339(born - 40)[:-1]}.{nanos:09d}Z",
           "kubernetes.io/config.source": "file"}
    if component == "etcd":
        out["kubeadm.kubernetes.io/etcd.advertise-client-urls"] = "https://192.168.100.100:2379"
    if component == "kube-apiserver":
        out["kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint"] = (
            "192.168.100.100:6443")
    return out


def _kubernetes_service(seed: str, born: float) -> dict[str, Any]:
    return {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "uid": _uid(seed, "service", "kubernetes"), "resourceVersion": "20",
                     "creationTimestamp": rfc3339(born),
                     "labels": {"component": "apiserver", "provider": "kubernetes"}},
        "spec": {
            "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"],
            "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
            "sessionAffinity": "None", "type": "ClusterIP",
        },
        "status": {"loadBalancer": {}},
    }


def _dns_service(seed: str, born: float) -> dict[str, Any]:
    """kube-system/kube-dns: the ClusterIP in front of the coredns pods (kubeadm's name)."""
    return {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {
            "name": "kube-dns", "namespace": "kube-system",
            "uid": _uid(seed, "service", "kube-dns"), "resourceVersion": "240",
            "creationTimestamp": rfc3339(born),
            "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
            "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                       "kubernetes.io/name": "CoreDNS"},
        },
        "spec": {
            "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
            "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "ports": [
                {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153},
            ],
            "selector": {"k8s-app": "kube-dns"},
            "sessionAffinity": "None", "type": "ClusterIP",
        },
        "status": {"loadBalancer": {}},
    }


def default_cluster(seed: str, now: float, *, metrics_server: bool = True) -> dict[str, Any]:
    """Nodes, namespaces, kube-system pod records and their controllers, service/kubernetes,
    born 30 days ago; with ``metrics_server`` (base 2 on) the metrics-server addon too."""
    born = float(int(now - 30 * DAY))
    pods = _system_pods(seed, born)
    services = [_kubernetes_service(seed, born), _dns_service(seed, born)]
    if metrics_server:
        pods.append(_metrics_server_pod(seed, born))
        services.append(_metrics_server_service(seed, born))
    return {
        "nodes": [_node(seed, n, ip, cidr, cp, born) for n, ip, cidr, cp in NODES],
        "namespaces": [_namespace(seed, ns, born) for ns in
                       ("default", "kube-node-lease", "kube-public", "kube-system")],
        "pods": pods,
        "controllers": default_controllers(pods, born, lambda *p: _uid(seed, *p)),
        "services": services,
    }


# ------------------------------------------------------------------ admission planning


def _node_ip(nodes: list[dict[str, Any]], name: str) -> str | None:
    for node in nodes:
        if node["metadata"]["name"] == name:
            for address in node.get("status", {}).get("addresses", []):
                if address.get("type") == "InternalIP":
                    return str(address["address"])
    return None


def _allocate_ip(node: dict[str, Any], pods: list[dict[str, Any]]) -> str:
    cidr = ipaddress.ip_network(node["spec"]["podCIDR"])
    used = {(p.get("_sim") or {}).get("podIP") for p in pods}
    for host in list(cidr.hosts())[:-1]:
        if str(host) not in used:
            return str(host)
    return str(cidr.network_address + 1)


def pulled_images(pod: dict[str, Any], upto: float) -> set[str]:
    """Image references the pod's node had pulled for it by ``upto`` (they stay there)."""
    sim = pod.get("_sim") or {}
    spec = pod.get("spec", {})
    start = float(sim.get("created", 0)) + delay("sandbox")
    added = sim.get("ephemeralAdded") or {}
    pulled: set[str] = set()
    for c in [*(spec.get("initContainers") or []), *(spec.get("containers") or []),
              *(spec.get("ephemeralContainers") or [])]:
        info = (sim.get("pulls") or {}).get(c["name"], {})
        # a kubectl debug container pulls from when the kubelet saw it
        begin = max(start, float(added[c["name"]]) + delay("ephemeral-sync")) \
            if c["name"] in added else start
        ready = begin if info.get("present") else begin + float(info.get("seconds") or 0)
        if ready <= upto and pull_outcome(c.get("image", "")).image is not None:
            pulled.add(normalize(c.get("image", "")))
    return pulled


def keep_images(store: dict[str, list[str]], pod: dict[str, Any], upto: float) -> None:
    """A pod goes: its node's image store keeps what it pulled, for the next pod there."""
    sim = pod.get("_sim") or {}
    node = sim.get("node")
    if node and not sim.get("system"):
        store[node] = sorted(set(store.get(node) or ()) | pulled_images(pod, upto))


def cached_images(node: str, pods: list[dict[str, Any]], now: float,
                  kept: dict[str, list[str]] | None = None) -> set[str]:
    """Image references on ``node`` before ``now``: what pods there had finished pulling, and
    what pods gone from it had pulled (``kept``, the node's image store)."""
    cached: set[str] = set((kept or {}).get(node) or ())
    for p in pods:
        if (p.get("_sim") or {}).get("node") == node:
            cached |= pulled_images(p, now)
    return cached


def pull_plan(c: dict[str, Any], cached: set[str], seed: str) -> dict[str, Any]:
    """What pulling container ``c``'s image costs on a node holding ``cached`` (which then
    holds it too): already present, or how long and how large."""
    ref = normalize(c.get("image", ""))
    image = lookup(c.get("image", ""))
    policy = c.get("imagePullPolicy", "IfNotPresent")
    entry: dict[str, Any] = {"present": ref in cached and policy != "Always"}
    if image is not None:
        low, high = image.pull_range
        if ref in cached:  # layers on the node already: a quick manifest check
            low, high = 0.4, 1.5
        entry["seconds"] = round(_rng(seed, "pull", c["name"]).uniform(low, high), 6)
        entry["size"] = image.size
        cached.add(ref)  # a later container of the same pod finds it
    return entry


def plan_pod(pod: dict[str, Any], cluster_state_pods: list[dict[str, Any]],
             nodes: list[dict[str, Any]], seed: str, now: float,
             node_images: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The ``_sim`` facts of a pod admitted at ``now`` (seed: ``<sandbox seed>/<uid>``);
    ``node_images``: the images each node kept from pods that are gone."""
    live = [p for p in cluster_state_pods if (p.get("_sim") or {}).get("deleteAt") is None]
    spec = pod.get("spec", {})
    wanted = spec.get("nodeName")
    if wanted and not any(n["metadata"]["name"] == wanted for n in nodes):
        # Bound by its own spec.nodeName to a node that does not exist: no scheduler, no
        # kubelet; PodGC notices it at one of its ticks and force-deletes it after quarantine.
        tick = _rng(seed, "podgc").uniform(0.0, delay("podgc-period"))
        return {"created": now, "node": None, "unschedulable": None, "hostIP": None,
                "podIP": None, "seed": seed, "pulls": {}, "deleteAt": None,
                "orphanGone": now + tick + delay("podgc-quarantine"), "grace": int(
                    spec.get("terminationGracePeriodSeconds", 30)), "imageChanges": []}
    named = bool(wanted)  # a node that exists: the kubelet's at once, no scheduler
    if named:
        node_name, message = wanted, None
    else:
        placement = place(pod, nodes, live, _rng(seed, "schedule"))
        node_name, message = placement.node, placement.message
    host_ip = _node_ip(nodes, node_name) if node_name else None
    pod_ip = None
    if node_name:
        node = next(n for n in nodes if n["metadata"]["name"] == node_name)
        pod_ip = host_ip if spec.get("hostNetwork") else _allocate_ip(node, cluster_state_pods)
    cached = (cached_images(node_name, cluster_state_pods, now, node_images or {})
              if node_name else set())
    pulls: dict[str, Any] = {}
    for c in list(spec.get("initContainers") or []) + list(spec.get("containers") or []):
        pulls[c["name"]] = pull_plan(c, cached, seed)
    return {
        "created": now, "node": node_name, "unschedulable": message, "hostIP": host_ip,
        "podIP": pod_ip, "seed": seed, "pulls": pulls, "deleteAt": None, "grace": int(
            spec.get("terminationGracePeriodSeconds", 30)), "imageChanges": [],
        # spec.nodeName given: no scheduler takes part (no binding, no Scheduled event)
        **({"nodeNamed": True} if named else {}),
    }
