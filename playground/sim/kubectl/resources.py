"""The resource types the sandbox's API server serves, with kubectl's names and aliases."""

from __future__ import annotations

from dataclasses import dataclass

from playground.sim.kubectl.errors import KubectlError


@dataclass(frozen=True)
class Resource:
    plural: str  # "pods": the name in URLs and in error messages (pods "x" not found)
    singular: str  # "pod": the prefix of `-o name` and of kubectl's result lines
    kind: str
    short_names: tuple[str, ...]
    namespaced: bool
    api_version: str = "v1"
    group_prefix: str = ""  # "" for the core group

    @property
    def names(self) -> tuple[str, ...]:
        return (self.plural, self.singular, self.kind.lower(), *self.short_names)


POD = Resource("pods", "pod", "Pod", ("po",), True)
SERVICE = Resource("services", "service", "Service", ("svc",), True)
NAMESPACE = Resource("namespaces", "namespace", "Namespace", ("ns",), False)
NODE = Resource("nodes", "node", "Node", ("no",), False)
EVENT = Resource("events", "event", "Event", ("ev",), True)

ALL_RESOURCES: tuple[Resource, ...] = (POD, SERVICE, NAMESPACE, NODE, EVENT)
_BY_NAME = {name: r for r in ALL_RESOURCES for name in r.names}
_BY_KIND = {r.kind: r for r in ALL_RESOURCES}

# `kubectl get all` expands to the "all" category; of the kinds this cluster serves, pods and
# services belong to it (a real cluster would add deployments, replicasets, ... when present).
ALL_CATEGORY: tuple[Resource, ...] = (POD, SERVICE)


def lookup(name: str) -> Resource:
    """Resolve a type as typed by the learner (``po``, ``Pods``, ``pods.v1``)."""
    key = name.lower()
    if key.endswith(".v1"):
        key = key[: -len(".v1")]
    if key in _BY_NAME:
        return _BY_NAME[key]
    raise KubectlError(f'the server doesn\'t have a resource type "{name}"')


def by_kind(kind: str) -> Resource | None:
    return _BY_KIND.get(kind)
