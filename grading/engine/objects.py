"""What a check's ``select`` picks from a sandbox state at one instant.

Objects are shown as ``kubectl get -o json`` would show them (pods with their computed status).
A ``World`` owns a private copy of the state: building a ``Cluster`` reaps finished deletions,
and grading must never change the caller's state.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

import yaml

from playground.sim import lifecycle, selectors
from playground.sim import state as sandbox_state
from playground.sim.cluster import Cluster
from playground.sim.shell.fs import HOME

ALL_NAMESPACES = "*"
CLUSTER_SCOPED = ("Namespace", "Node")


@dataclass
class World:
    """The sandbox at instant ``now``; ``past`` hides pods created after it (``ever``)."""

    state: dict[str, Any]
    now: float
    past: bool = False
    cluster: Cluster = field(init=False)

    def __post_init__(self) -> None:
        self.cluster = Cluster(self.state["cluster"], self.now)

    def next_change(self) -> float | None:
        return self.cluster.next_change(None)


def select(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The objects ``spec`` (a check's ``select``) names, in a stable order."""
    kind = spec["kind"]
    picker = _PICKERS[kind]
    objs = picker(world, spec)
    if "selector" in spec and kind not in ("Event", "PortForward", "ContainerFile", "Log"):
        chosen = selectors.parse(spec["selector"])
        objs = [o for o in objs if chosen.matches(_labels(o))]
    return objs


def _namespace(spec: dict[str, Any]) -> str | None:
    ns = spec.get("namespace", "default")
    return None if ns == ALL_NAMESPACES else str(ns)


def _labels(obj: dict[str, Any]) -> dict[str, str]:
    meta = obj.get("metadata") if isinstance(obj, dict) else None
    labels = meta.get("labels") if isinstance(meta, dict) else None
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def _named(objs: list[dict[str, Any]], spec: dict[str, Any]) -> list[dict[str, Any]]:
    if "name" not in spec:
        return objs
    return [o for o in objs if o.get("metadata", {}).get("name") == spec["name"]]


def _records(world: World, namespace: str | None) -> list[dict[str, Any]]:
    records = world.cluster.pod_records(namespace)
    if world.past:
        records = [r for r in records if float(r.get("_sim", {}).get("created", 0)) <= world.now]
    return records


def _pods(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    pods = [world.cluster.view(r).obj for r in _records(world, _namespace(spec))]
    return _named(pods, spec)


def _namespaces(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    return _named(world.cluster.namespaces(), spec)


def _nodes(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    return _named(world.cluster.nodes(), spec)


def _services(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    return _named(world.cluster.services(_namespace(spec)), spec)


def _events(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Events; ``name`` is the involved object's name (event names carry a random suffix)."""
    out = world.cluster.events(_namespace(spec))
    if "name" in spec:
        out = [e for e in out if e.get("involvedObject", {}).get("name") == spec["name"]]
    return out


def _files(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The YAML documents of one file in the learner's home (bad YAML: no objects)."""
    name = str(spec["name"])
    name = HOME + name[1:] if name == "~" or name.startswith("~/") else name
    path = posixpath.normpath(posixpath.join(HOME, name))
    key = path[len(HOME) + 1:] if path.startswith(HOME + "/") else path
    text = sandbox_state.file_text_of(world.state, key)
    if text is None:
        return []
    try:
        docs = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return []
    return [d for d in docs if isinstance(d, dict)]


def _port_forwards(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Running ``kubectl port-forward`` streams whose pod still exists."""
    out = []
    for local, forward in sorted(sandbox_state.port_forwards_of(world.state).items()):
        record = world.cluster.pod_record(forward["namespace"], forward["pod"])
        if record is None or record["metadata"]["uid"] != forward["uid"]:
            continue
        out.append({"localPort": int(local), "remotePort": int(forward["remote"]),
                    "pod": forward["pod"], "namespace": forward["namespace"],
                    "tab": forward["tab"]})
    ns = _namespace(spec)
    return [f for f in out if (ns is None or f["namespace"] == ns)
            and spec.get("name", f["pod"]) == f["pod"]]


def _pod_record(world: World, spec: dict[str, Any]) -> dict[str, Any] | None:
    records = _records(world, _namespace(spec) or "default")
    return next((r for r in records if r["metadata"]["name"] == spec["pod"]), None)


def _container_files(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """One file inside a container (written with kubectl exec), through its emptyDir mounts."""
    record = _pod_record(world, spec)
    if record is None:
        return []
    storage = sandbox_state.container_storage_of(world.state, record["metadata"]["uid"])
    container = next((c for c in record["spec"]["containers"]
                      if c["name"] == spec["container"]), None)
    if container is None:
        return []
    path = posixpath.normpath("/" + spec["name"]).lstrip("/")
    volumes = {v["name"]: v for v in record["spec"].get("volumes") or []}
    store = ((storage.get("containers") or {}).get(spec["container"]) or {}).get("files") or {}
    inner = path
    for mount in sorted(container.get("volumeMounts") or [],
                        key=lambda m: -len(m.get("mountPath", ""))):
        prefix = posixpath.normpath(mount.get("mountPath", "/")).lstrip("/") + "/"
        if path.startswith(prefix) and "emptyDir" in volumes.get(mount.get("name"), {}):
            store = (storage.get("volumes") or {}).get(mount["name"]) or {}
            inner = path[len(prefix):]
            break
    if inner not in store:
        return []
    return [{"pod": spec["pod"], "container": spec["container"], "path": "/" + path,
             "content": store[inner]}]


def _logs(world: World, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """What ``kubectl logs POD [-c CONTAINER]`` prints now, as text and lines."""
    record = _pod_record(world, spec)
    if record is None:
        return []
    container = spec.get("container") or record["spec"]["containers"][0]["name"]
    try:
        text = lifecycle.container_logs(record, container, world.now)
    except lifecycle.LogsError:
        return []
    return [{"pod": spec["pod"], "container": container, "text": text,
             "lines": text.splitlines()}]


_PICKERS = {
    "Pod": _pods, "Namespace": _namespaces, "Node": _nodes, "Service": _services,
    "Event": _events, "File": _files, "PortForward": _port_forwards,
    "ContainerFile": _container_files, "Log": _logs,
}
