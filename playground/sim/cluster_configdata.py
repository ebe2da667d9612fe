"""The API server's ConfigMap and Secret endpoints for ``Cluster`` (list, get, create, update,
delete); admission lives in admission/configdata.py.

Every write is also told to the pods of the namespace that reference the object: their records
keep its history (``_sim.sources``, read by runtime/sources.py), so a pod's containers and
volumes see what the kubelet would have fetched at each instant. ``kube-root-ca.crt`` is in
every namespace, as the root-ca-cert-publisher controller keeps it: derived from the namespace
until someone deletes it (the controller then writes a fresh one, stored from then on).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from playground.sim import cluster as api
from playground.sim.admission import configdata
from playground.sim.runtime import sources
from playground.sim.timefmt import rfc3339

if TYPE_CHECKING:
    from playground.sim.cluster import Cluster

COLLECTION = {"ConfigMap": "configmaps", "Secret": "secrets"}
_SOURCE_KIND = {"ConfigMap": "configmap", "Secret": "secret"}
_ROOT_CA_DESCRIPTION = (
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
    "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
    "guaranteed across distributions of Kubernetes clusters."
)


def _store(cluster: Cluster, kind: str) -> dict[str, Any]:
    store: dict[str, Any] = cluster.state.setdefault(COLLECTION[kind], {})
    return store


def _root_ca(cluster: Cluster, ns: dict[str, Any]) -> dict[str, Any]:
    meta = ns["metadata"]
    return {
        "apiVersion": "v1", "kind": "ConfigMap",
        "data": {"ca.crt": sources.root_ca_pem(cluster.seed)},
        "metadata": {
            "annotations": {"kubernetes.io/description": _ROOT_CA_DESCRIPTION},
            "creationTimestamp": meta.get("creationTimestamp"),
            "name": sources.ROOT_CA, "namespace": meta["name"],
            "resourceVersion": str(meta.get("resourceVersion", "")),
            "uid": cluster.new_uid("configmap", meta["name"], sources.ROOT_CA),
        },
    }


def objects(cluster: Cluster, kind: str, namespace: str | None) -> list[dict[str, Any]]:
    """Every object of ``kind`` in ``namespace`` (None: all), by namespace and name."""
    store = _store(cluster, kind)
    out = [o for o in store.values()
           if namespace is None or o["metadata"]["namespace"] == namespace]
    if kind == "ConfigMap":
        for ns in cluster.namespaces():
            name = ns["metadata"]["name"]
            if (namespace is None or name == namespace) and \
                    f"{name}/{sources.ROOT_CA}" not in store:
                out.append(_root_ca(cluster, ns))
    return sorted(out, key=lambda o: (o["metadata"]["namespace"], o["metadata"]["name"]))


def get(cluster: Cluster, kind: str, namespace: str, name: str) -> dict[str, Any]:
    obj = _store(cluster, kind).get(f"{namespace}/{name}")
    if obj is None and kind == "ConfigMap" and name == sources.ROOT_CA:
        ns = cluster.state["namespaces"].get(namespace)
        if ns is not None:
            return _root_ca(cluster, ns)
    if obj is None:
        raise api.not_found(COLLECTION[kind], name)
    return copy.deepcopy(obj)


def _admit(kind: str, manifest: dict[str, Any], namespace: str) -> dict[str, Any]:
    name = str((manifest.get("metadata") or {}).get("name") or "")
    try:
        if kind == "ConfigMap":
            return configdata.admit_configmap(manifest, namespace)
        return configdata.admit_secret(manifest, namespace)
    except configdata.DecodeError as exc:
        raise api.ApiError("BadRequest", f'{kind} in version "v1" cannot be handled as a '
                           f"{kind}: {exc}") from None
    except configdata.Invalid as exc:
        raise api.InvalidError(kind, name, exc.causes) from None


def create(cluster: Cluster, kind: str, manifest: dict[str, Any], namespace: str, *,
           dry_run: bool = False) -> dict[str, Any]:
    obj = _admit(kind, manifest, namespace)
    name = obj["metadata"]["name"]
    cluster.require_namespace(namespace, creating=f'{COLLECTION[kind]} "{name}"')
    key = f"{namespace}/{name}"
    store = _store(cluster, kind)
    if key in store or (kind == "ConfigMap" and name == sources.ROOT_CA):
        raise api.already_exists(COLLECTION[kind], name)
    if not dry_run and cluster.object_count() >= cluster.config.max_objects:
        raise api.ApiError(
            "Forbidden", f'{COLLECTION[kind]} "{name}" is forbidden: exceeded quota: this '
            f"sandbox holds at most {cluster.config.max_objects} objects; delete some first",
            code=403)
    serial = cluster.next_rv() if not dry_run else str(cluster.state["rv"])
    meta = obj["metadata"]
    meta["uid"] = cluster.new_uid(kind.lower(), key, serial)
    meta["creationTimestamp"] = rfc3339(cluster.now)
    meta["resourceVersion"] = serial
    if not dry_run:
        store[key] = obj
        _tell_pods(cluster, kind, namespace, name, obj)
    return copy.deepcopy(obj)


def update(cluster: Cluster, kind: str, namespace: str, name: str,
           new: dict[str, Any]) -> dict[str, Any]:
    """Replace a stored object (apply, edit, patch): admitted again, the update rules checked,
    uid and creation kept."""
    live = get(cluster, kind, namespace, name)
    obj = _admit(kind, new, namespace)
    causes = configdata.update_causes(kind, live, obj)
    if causes:
        raise api.InvalidError(kind, name, causes)
    for field in ("uid", "creationTimestamp"):
        obj["metadata"][field] = live["metadata"].get(field)
    obj["metadata"]["resourceVersion"] = cluster.next_rv()
    _store(cluster, kind)[f"{namespace}/{name}"] = obj
    _tell_pods(cluster, kind, namespace, name, obj)
    return copy.deepcopy(obj)


def delete(cluster: Cluster, kind: str, namespace: str, name: str) -> None:
    get(cluster, kind, namespace, name)  # NotFound first
    store = _store(cluster, kind)
    key = f"{namespace}/{name}"
    if kind == "ConfigMap" and name == sources.ROOT_CA:
        # the root-ca-cert-publisher writes it again at once, as a new object
        fresh = _root_ca(cluster, cluster.state["namespaces"][namespace])
        serial = cluster.next_rv()
        fresh["metadata"].update(creationTimestamp=rfc3339(cluster.now), resourceVersion=serial,
                                 uid=cluster.new_uid("configmap", key, serial))
        store[key] = fresh
        return
    del store[key]
    cluster.next_rv()  # a deletion is a change of the collection's resourceVersion
    _tell_pods(cluster, kind, namespace, name, None)


def payload(kind: str, obj: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a pod's record keeps of an object: its data only."""
    if obj is None:
        return None
    fields = ("data", "binaryData") if kind == "ConfigMap" else ("data",)
    return {f: dict(obj[f]) for f in fields if obj.get(f)}


def snapshot(cluster: Cluster, pod: dict[str, Any]) -> dict[str, list[Any]]:
    """The ``_sim.sources`` of a new pod: what each object it references holds now."""
    ns = pod["metadata"]["namespace"]
    out: dict[str, list[Any]] = {}
    for kind_key, name in sorted(sources.referenced(pod)):
        kind = "ConfigMap" if kind_key == "configmap" else "Secret"
        obj = _store(cluster, kind).get(f"{ns}/{name}")
        out[sources.key(kind_key, name)] = [[cluster.now, payload(kind, obj)]]
    return out


def _tell_pods(cluster: Cluster, kind: str, namespace: str, name: str,
               obj: dict[str, Any] | None) -> None:
    ref = sources.key(_SOURCE_KIND[kind], name)
    for record in cluster.pod_records(namespace):
        history = (record.get("_sim") or {}).get("sources") or {}
        if ref in history:
            history[ref].append([cluster.now, payload(kind, obj)])
            cluster.forget_view(record)
