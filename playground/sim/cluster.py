"""The sandbox's API server: stored objects, admission on write, status computed on read."""

from __future__ import annotations

import copy
import hashlib
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playground.sim import cluster_defaults, cluster_services, events, images, lifecycle, workloads
from playground.sim import dns_history as pod_dns
from playground.sim import state as sandbox_state
from playground.sim.admission import defaults, names, pod_update, strict, validation
from playground.sim.admission.qos import compute_pod_qos
from playground.sim.admission.strict import drop_nulls
from playground.sim.api_errors import ApiError, InvalidError, already_exists, not_found
from playground.sim.base_view import peek, peek_items, peek_values
from playground.sim.config import SimConfig
from playground.sim.lifecycle import memo
from playground.sim.lifecycle.stages import delay
from playground.sim.timefmt import rfc3339

# Events outlive their objects by this long, as with the API server's default --event-ttl.
EVENT_TTL_SECONDS = 3600.0


@dataclass
class Cluster:
    """A view of ``state`` (the JSON-able cluster part of a sandbox) at instant ``now``.

    Reading never changes what a pod *is*, only what it looks like at ``now``; a pod whose
    deletion has finished by ``now`` is removed on load, its events kept as tombstones.
    """

    state: dict[str, Any]
    now: float
    config: SimConfig = field(default_factory=SimConfig)
    _views: dict[str, lifecycle.PodView] = field(default_factory=dict, repr=False)
    # images this view's writes asked for that the simulated registry does not hold: kubectl's
    # output stays the cluster's (ErrImagePull), the page says why (Result.unknown_images)
    unknown_images: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._reap()

    def forget_view(self, record: dict[str, Any]) -> None:
        """A write changed ``record``: its next read observes it afresh."""
        self._views.pop(_key(record), None)

    def note_images(self, refs: list[str]) -> None:
        for ref in refs:
            if images.lookup(ref) is None and ref not in self.unknown_images:
                self.unknown_images.append(ref)

    # ----------------------------------------------------------------- state layout
    @staticmethod
    def new_state(seed: str, now: float) -> dict[str, Any]:
        """A fresh cluster: the shared base (``state.base_cluster``) and nothing else."""
        return sandbox_state.new_cluster(seed, now)

    @property
    def seed(self) -> str:
        return str(self.state["seed"])

    def next_rv(self) -> str:
        self.state["rv"] = int(self.state["rv"]) + 1
        return str(self.state["rv"])

    def rng(self, *purpose: str) -> random.Random:
        digest = hashlib.sha256("/".join((self.seed, *purpose)).encode()).hexdigest()
        return random.Random(int(digest[:16], 16))

    def new_uid(self, *purpose: str) -> str:
        return str(uuid.UUID(int=self.rng("uid", *purpose).getrandbits(128), version=4))

    # ----------------------------------------------------------------- pods: reads
    def view(self, record: dict[str, Any]) -> lifecycle.PodView:
        key = _key(record)
        cached = self._views.get(key)
        if cached is None:
            cached = memo.observe(record, self.now)  # shared across commands: never edit it
            self._views[key] = cached
        return cached

    def pod_records(
        self, namespace: str | None, labels: Callable[[dict[str, str]], bool] | None = None,
        *, unbound: bool = False,
    ) -> list[dict[str, Any]]:
        """Stored pods of one namespace (all with None), in the API server's order; with
        ``labels``, only those whose labels it accepts; ``unbound``: only those the scheduler
        may still place (no node, not being deleted, not the system's)."""
        pods = self.state["pods"]
        # chosen on a look at the shared base pods (base_view), so that only those returned
        # (which a caller may change) are copied for this sandbox
        chosen = [(p["metadata"]["namespace"], p["metadata"]["name"], key)
                  for key, p in peek_items(pods)
                  if (namespace is None or p["metadata"]["namespace"] == namespace)
                  and (labels is None or labels(p["metadata"].get("labels") or {}))
                  and not (unbound and _bound(p.get("_sim") or {}))]
        return [pods[key] for _, _, key in sorted(chosen)]

    def pods(
        self, namespace: str | None, labels: Callable[[dict[str, str]], bool] | None = None
    ) -> list[dict[str, Any]]:
        """Observed pods of one namespace (all with None); with ``labels``, only those whose
        labels it accepts, chosen on the stored records so that the others are not observed."""
        return [self._object(r) for r in self.pod_records(namespace, labels)]

    def pod_record(self, namespace: str, name: str) -> dict[str, Any] | None:
        record: dict[str, Any] | None = self.state["pods"].get(f"{namespace}/{name}")
        return record

    def pod(self, namespace: str, name: str) -> dict[str, Any]:
        record = self.pod_record(namespace, name)
        if record is None:
            raise not_found("pods", name)
        return self._object(record)

    def _object(self, record: dict[str, Any]) -> dict[str, Any]:
        """The observed pod object alone, which the memo keeps longer than its events."""
        cached = self._views.get(_key(record))
        if cached is not None:
            return cached.obj
        return memo.observe_object(record, self.now)  # shared across commands: never edit it

    def pod_events(self, pod: dict[str, Any]) -> list[dict[str, Any]]:
        record = self.pod_record(pod["metadata"]["namespace"], pod["metadata"]["name"])
        if record is None:
            return []
        view = self.view(record)
        return events.aggregate(view.occurrences, _involved(view.obj), self.now)

    def events(self, namespace: str | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for record in self.pod_records(namespace):
            out.extend(self.pod_events(self.view(record).obj))
        for event in self.state["tombstones"]:
            if namespace is None or event["metadata"]["namespace"] == namespace:
                out.append(event)
        return out

    def next_change(self, namespace: str | None = None) -> float | None:
        """The next instant anything visible in ``namespace`` changes (for watches)."""
        times = [self.view(r).next_change for r in self.pod_records(namespace)]
        times += [self.view(r).gone_at for r in self.pod_records(namespace)]
        future = [t for t in times if t is not None and t > self.now]
        return min(future) if future else None

    # ----------------------------------------------------------------- pods: writes
    def admit_pod(self, manifest: dict[str, Any], namespace: str) -> dict[str, Any]:
        """Defaulting, strict decoding and validation, as the API server would; no write."""
        wrong_type = strict.decode_error(manifest)
        if wrong_type:
            raise ApiError(
                "BadRequest", f'Pod in version "v1" cannot be handled as a Pod: {wrong_type}'
            )
        unknown = strict.unknown_fields(manifest)
        if unknown:
            raise ApiError(
                "BadRequest",
                'Pod in version "v1" cannot be handled as a Pod: strict decoding error: '
                + ", ".join(unknown),
            )
        pod = drop_nulls(manifest)
        meta = pod.setdefault("metadata", {}) or {}
        pod["metadata"] = meta
        meta_ns = meta.get("namespace")
        if meta_ns and meta_ns != namespace:
            raise ApiError(
                "BadRequest",
                "the namespace of the provided object does not match the namespace sent on "
                "the request",
            )
        meta["namespace"] = namespace
        # BeforeCreate: a new object is not being deleted, whatever the manifest says
        meta.pop("deletionTimestamp", None)
        meta.pop("deletionGracePeriodSeconds", None)
        if not meta.get("name") and isinstance(meta.get("generateName"), str) and meta[
                "generateName"]:
            meta["name"] = names.generate_name(
                meta["generateName"], self.rng("generate-name", namespace, str(self.state["rv"])))
        name = str(meta.get("name") or "")
        pod = defaults.default_pod(pod, self.rng("pod", namespace, name, "defaults"))
        causes = validation.validate_pod(pod)
        if causes:
            raise InvalidError("Pod", name, causes)
        return pod

    def create_pod(
        self, manifest: dict[str, Any], namespace: str, *, dry_run: bool = False
    ) -> dict[str, Any]:
        self.require_namespace(namespace, creating="pods")
        pod = self.admit_pod(manifest, namespace)
        name = pod["metadata"]["name"]
        if self.pod_record(namespace, name) is not None:
            raise already_exists("pods", name)
        if not dry_run and self.object_count() >= self.config.max_objects:
            raise ApiError(
                "Forbidden",
                f'pods "{name}" is forbidden: exceeded quota: this sandbox holds at most '
                f"{self.config.max_objects} objects; delete some first",
                code=403,
            )
        serial = self.next_rv() if not dry_run else str(self.state["rv"])
        meta = pod["metadata"]
        meta["uid"] = self.new_uid("pod", namespace, name, serial)
        meta["creationTimestamp"] = rfc3339(self.now)
        meta["resourceVersion"] = serial
        if dry_run:
            pod["status"] = {"phase": "Pending", "qosClass": compute_pod_qos(pod)}
            return pod
        others = [r for r in self.state["pods"].values()]
        pod["_sim"] = pod_dns.begin(pod, cluster_defaults.plan_pod(
            pod, others, list(self.state["nodes"].values()), f"{self.seed}/{meta['uid']}", self.now,
            self.state.get("nodeImages")), self.state["services"].values(), self.now)
        from playground.sim import cluster_configdata  # it imports this module

        pod["_sim"]["sources"] = cluster_configdata.snapshot(self, pod)
        node = pod["_sim"].get("node")
        if node:
            pod["spec"]["nodeName"] = node
        self.state["pods"][_key(pod)] = pod
        self._views.pop(_key(pod), None)
        self.note_images([str(c.get("image") or "") for c in (
            *pod["spec"].get("initContainers", []), *pod["spec"]["containers"])])
        return self.view(pod).obj

    def update_pod(self, namespace: str, name: str, new: dict[str, Any]) -> dict[str, Any]:
        """Replace metadata (labels, annotations) and the mutable parts of the spec."""
        record = self.pod_record(namespace, name)
        if record is None:
            raise not_found("pods", name)
        old_obj = self.view(record).obj
        new = drop_nulls(new)
        causes = validation.validate_pod_update(old_obj, new)
        if causes:
            raise InvalidError("Pod", name, causes)
        meta = record["metadata"]
        for key in ("labels", "annotations"):
            value = new.get("metadata", {}).get(key)
            if value:
                meta[key] = value
            else:
                meta.pop(key, None)
        pod_update.keep_mutable(record["spec"], new.get("spec") or {})
        changes = record["_sim"].setdefault("imageChanges", [])
        for old_c, new_c in zip(
            record["spec"]["containers"], new["spec"]["containers"], strict=False
        ):
            if old_c.get("image") != new_c.get("image"):
                changes.append({"at": self.now, "container": old_c["name"],
                                "image": new_c["image"], "from": old_c["image"]})
                self.note_images([str(new_c["image"])])
                old_c["image"] = new_c["image"]
        meta["resourceVersion"] = self.next_rv()
        self._views.pop(_key(record), None)
        return self.view(record).obj

    def end_attached_shell(self, namespace: str, name: str, container: str, code: int) -> None:
        """The learner left the shell a `run -it` container runs as PID 1: its process exits
        with ``code``, seen by the kubelet at its next relist (which then restarts it or not,
        as the pod's policy says)."""
        record = self.pod_record(namespace, name)
        if record is None:
            raise not_found("pods", name)
        record["_sim"].setdefault("shellExits", []).append(
            {"at": self.now + delay("exit-noticed"), "container": container, "code": code})
        self._views.pop(_key(record), None)

    def signal_main(self, namespace: str, name: str, container: str, signal: int) -> None:
        """A process inside the container sent ``signal`` to its PID 1 (`kill 1`); what the
        process does with it is the lifecycle's to decide."""
        record = self.pod_record(namespace, name)
        if record is None:
            raise not_found("pods", name)
        record["_sim"].setdefault("signals", []).append(
            {"at": self.now, "container": container, "signal": signal})
        self._views.pop(_key(record), None)

    def file_changed(self, record: dict[str, Any], container: str, path: str,
                     exists: bool) -> None:
        """A command run in the container (kubectl exec) created or removed ``path``: the
        kubelet's exec probes see the change from now on."""
        record["_sim"].setdefault("fileChanges", []).append(
            {"at": self.now, "container": container, "path": path, "exists": exists})
        self._views.pop(_key(record), None)

    def delete_pod(
        self, namespace: str, name: str, *, grace: int | None = None, force: bool = False
    ) -> float | None:
        """Start the pod's deletion; returns when it will be gone (None: already gone)."""
        record = self.pod_record(namespace, name)
        if record is None:
            raise not_found("pods", name)
        spec_grace = int(record["spec"].get("terminationGracePeriodSeconds", 30))
        period = spec_grace if grace is None or grace < 0 else grace
        if force and period == 0:
            self._remove_pod(record)
            return None
        period = max(period, 1)  # the API server turns 0 without --force into 1
        sim = record["_sim"]
        meta = record["metadata"]
        if sim.get("deleteAt") is not None:
            # A second delete may only shorten the grace period.
            remaining = float(sim["deleteAt"]) + float(sim["grace"]) - self.now
            if period >= remaining:
                return self.view(record).gone_at
        sim["deleteAt"] = self.now
        sim["grace"] = period
        self._replace(record, self.now, gone=False)
        meta["deletionTimestamp"] = rfc3339(self.now + period)
        meta["deletionGracePeriodSeconds"] = period
        meta["resourceVersion"] = self.next_rv()
        self._views.pop(_key(record), None)
        view = self.view(record)
        if view.gone_at is not None and view.gone_at <= self.now:
            self._remove_pod(record)
            return None
        return view.gone_at

    def controllers(self, kind: str, namespace: str | None) -> list[dict[str, Any]]:
        """Read-only Deployments, ReplicaSets, DaemonSets, ... with status from their pods."""
        stored = self.state.get("controllers") or {}
        return workloads.observe(stored, kind, namespace, self.pods(None), self.nodes())

    # ----------------------------------------------------------------- namespaces, nodes, svc
    def namespaces(self) -> list[dict[str, Any]]:
        return [self.state["namespaces"][k] for k in sorted(self.state["namespaces"])]

    def namespace(self, name: str) -> dict[str, Any]:
        ns = self.state["namespaces"].get(name)
        if ns is None:
            raise not_found("namespaces", name)
        return dict(ns)

    def create_namespace(self, manifest: dict[str, Any]) -> dict[str, Any]:
        ns = defaults.default_namespace(copy.deepcopy(manifest))
        name = str(ns.get("metadata", {}).get("name") or "")
        causes = validation.validate_namespace(ns)
        if causes:
            raise InvalidError("Namespace", name, causes)
        if name in self.state["namespaces"]:
            raise already_exists("namespaces", name)
        serial = self.next_rv()
        meta = ns["metadata"]
        meta["uid"] = self.new_uid("namespace", name, serial)
        meta["creationTimestamp"] = rfc3339(self.now)
        meta["resourceVersion"] = serial
        self.state["namespaces"][name] = ns
        return ns

    def delete_namespace(self, name: str) -> float | None:
        ns = self.state["namespaces"].get(name)
        if ns is None:
            raise not_found("namespaces", name)
        if name in ("default", "kube-system", "kube-public", "kube-node-lease"):
            raise ApiError(
                "Forbidden",
                f'namespaces "{name}" is forbidden: this namespace may not be deleted',
                code=403,
            )
        ns["metadata"].setdefault("deletionTimestamp", rfc3339(self.now))
        ns.setdefault("status", {})["phase"] = "Terminating"
        gone = [self.now]
        for record in self.pod_records(name):
            when = self.delete_pod(name, record["metadata"]["name"])
            if when is not None:
                gone.append(when)
        self._reap()
        return max(gone) if name in self.state["namespaces"] else None

    def nodes(self) -> list[dict[str, Any]]:
        return [self.state["nodes"][k] for k in sorted(self.state["nodes"])]

    def node(self, name: str) -> dict[str, Any]:
        node = self.state["nodes"].get(name)
        if node is None:
            raise not_found("nodes", name)
        return dict(node)

    def services(self, namespace: str | None) -> list[dict[str, Any]]:
        out = [
            s
            for s in self.state["services"].values()
            if namespace is None or s["metadata"]["namespace"] == namespace
        ]
        return sorted(out, key=lambda s: (s["metadata"]["namespace"], s["metadata"]["name"]))

    def dns_changed(self, change: pod_dns.Entry | None) -> None:  # see pod_dns.py
        for record in pod_dns.note(self.state["pods"].values(), change) if change else ():
            self._views.pop(_key(record), None)

    def service(self, namespace: str, name: str) -> dict[str, Any]:
        return cluster_services.get(self, namespace, name)

    def create_service(
        self, manifest: dict[str, Any], namespace: str, *, dry_run: bool = False
    ) -> dict[str, Any]:
        return cluster_services.create(self, manifest, namespace, dry_run=dry_run)

    def update_service(self, namespace: str, name: str, new: dict[str, Any]) -> dict[str, Any]:
        return cluster_services.update(self, namespace, name, new)

    def delete_service(self, namespace: str, name: str) -> float | None:
        cluster_services.delete(self, namespace, name)
        return None  # gone at once: services have no graceful deletion

    def set_metadata(
        self, kind: str, namespace: str, name: str, field_name: str, values: dict[str, str]
    ) -> None:
        """Replace an object's labels or annotations (kubectl label / annotate)."""
        if kind == "Pod":
            obj = self.pod_record(namespace, name)
        elif kind == "Namespace":
            obj = self.state["namespaces"].get(name)
        elif kind == "Node":
            obj = self.state["nodes"].get(name)
        else:  # Service, ConfigMap, Secret: stored under their plural
            obj = self.state.get(kind.lower() + "s", {}).get(f"{namespace}/{name}")
        if obj is None:
            raise not_found(kind.lower() + "s", name)
        candidate = copy.deepcopy(obj.get("metadata") or {})
        candidate[field_name] = values
        causes = validation.validate_meta(candidate, namespaced=kind not in ("Namespace", "Node"))
        if causes:
            raise InvalidError(kind, name, causes)
        if values:
            obj["metadata"][field_name] = values
        else:
            obj["metadata"].pop(field_name, None)
        obj["metadata"]["resourceVersion"] = self.next_rv()
        if kind == "Pod":
            self._views.pop(_key(obj), None)
        if kind == "Node":
            self.reschedule()

    # ----------------------------------------------------------------- internals
    def require_namespace(self, namespace: str, *, creating: str) -> None:
        ns = peek(self.state["namespaces"], namespace)
        if ns is None:
            raise not_found("namespaces", namespace)
        if ns.get("metadata", {}).get("deletionTimestamp"):
            raise ApiError(
                "Forbidden",
                f'{creating} is forbidden: unable to create new content in namespace '
                f"{namespace} because it is being terminated",
                code=403,
            )

    def object_count(self) -> int:
        system = sum(1 for p in peek_values(self.state["pods"]) if p.get("_sim", {}).get("system"))
        data = len(self.state.get("configmaps") or {}) + len(self.state.get("secrets") or {})
        return len(self.state["pods"]) - system + len(self.state["namespaces"]) - 4 + data

    def reschedule(self, at: float | None = None) -> None:
        """The scheduler retries unschedulable pods when the cluster changes (a node label, a
        pod that went away): one that fits now is bound from this moment on."""
        for record in self.pod_records(None, unbound=True):
            sim = record.get("_sim") or {}
            others = [r for r in self.state["pods"].values() if r is not record]
            when = self.now if at is None else max(at, float(sim["created"]))
            plan = cluster_defaults.plan_pod(
                record, others, list(self.state["nodes"].values()), sim["seed"], when,
                self.state.get("nodeImages"))
            if not plan.get("node"):
                continue
            since = float(sim.get("start", sim["created"]))
            plan["created"] = sim["created"]
            plan["start"] = when
            plan["failedScheduling"] = {"from": since, "until": when,
                                        "message": sim.get("unschedulable") or ""}
            record["_sim"] = plan | ({"dns": sim["dns"]} if "dns" in sim else {})
            record["spec"]["nodeName"] = plan["node"]
            record["metadata"]["resourceVersion"] = self.next_rv()
            self._views.pop(_key(record), None)

    def _remove_pod(self, record: dict[str, Any]) -> None:
        view = self.view(record)
        gone_at = view.gone_at if view.gone_at is not None else self.now
        cluster_defaults.keep_images(self.state.setdefault("nodeImages", {}), record,
                                     min(gone_at, self.now))
        for event in events.aggregate(view.occurrences, _involved(view.obj), self.now):
            self.state["tombstones"].append(event)
        self.state["pods"].pop(_key(record), None)
        self._views.pop(_key(record), None)
        self._replace(record, min(gone_at, self.now), gone=True)
        if record.get("_sim", {}).get("node"):
            self.reschedule(at=min(gone_at, self.now))

    def _replace(self, record: dict[str, Any], at: float, *, gone: bool) -> None:
        """The owner of a deleted pod creates its replacement (see ``workloads.replacement``)."""
        pod = workloads.replacement(self.state, record, at, gone=gone)
        if pod is not None:
            pod["metadata"]["resourceVersion"] = self.next_rv()
            self.state["pods"][_key(pod)] = pod

    def _reap(self) -> None:
        pods = self.state["pods"]
        for key, peeked in list(peek_items(pods)):
            sim = peeked.get("_sim", {})
            if sim.get("deleteAt") is None and sim.get("orphanGone") is None:
                continue
            record = pods[key]
            gone_at = self.view(record).gone_at
            if gone_at is not None and gone_at <= self.now:
                self._remove_pod(record)
        for name, ns in list(peek_items(self.state["namespaces"])):
            if ns.get("metadata", {}).get("deletionTimestamp") and not self.pod_records(name):
                del self.state["namespaces"][name]
        horizon = self.now - EVENT_TTL_SECONDS
        self.state["tombstones"] = [
            e for e in self.state["tombstones"] if _event_time(e) >= horizon
        ]


def _bound(sim: dict[str, Any]) -> bool:
    return bool(sim.get("node") or sim.get("deleteAt") is not None or sim.get("system"))


def _key(obj: dict[str, Any]) -> str:
    meta = obj["metadata"]
    return f"{meta.get('namespace', '')}/{meta['name']}"


def _involved(pod: dict[str, Any]) -> dict[str, Any]:
    meta = pod["metadata"]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "name": meta["name"],
        "namespace": meta["namespace"],
        "uid": meta.get("uid", ""),
        "resourceVersion": meta.get("resourceVersion", ""),
        "host": pod.get("spec", {}).get("nodeName", ""),
    }


def _event_time(event: dict[str, Any]) -> float:
    from playground.sim.timefmt import parse_rfc3339

    stamp = event.get("lastTimestamp") or event.get("firstTimestamp")
    return parse_rfc3339(stamp) if stamp else 0.0
