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

    @property
    def group(self) -> str:
        """The API group (``apps``), "" for the core group."""
        return self.api_version.rpartition("/")[0]

    @property
    def qualified_plural(self) -> str:
        """``deployments.apps``: how API errors name the resource (``pods`` in the core group)."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def read_only(self) -> bool:
        return self.kind in READ_ONLY_KINDS


POD = Resource("pods", "pod", "Pod", ("po",), True)
SERVICE = Resource("services", "service", "Service", ("svc",), True)
NAMESPACE = Resource("namespaces", "namespace", "Namespace", ("ns",), False)
NODE = Resource("nodes", "node", "Node", ("no",), False)
EVENT = Resource("events", "event", "Event", ("ev",), True)
CONFIGMAP = Resource("configmaps", "configmap", "ConfigMap", ("cm",), True)
SECRET = Resource("secrets", "secret", "Secret", (), True)
# v1 Endpoints: kept by the endpoints controller from the services' pods, listed read-only
ENDPOINTS = Resource("endpoints", "endpoints", "Endpoints", ("ep",), True)
# The cluster's controllers: served read-only (the playground's cluster runs Pods only). The
# singular carries the group, as kubectl prints it: `deployment.apps/coredns`.
DAEMONSET = Resource("daemonsets", "daemonset.apps", "DaemonSet", ("ds",), True, "apps/v1")
DEPLOYMENT = Resource("deployments", "deployment.apps", "Deployment", ("deploy",), True, "apps/v1")
REPLICASET = Resource("replicasets", "replicaset.apps", "ReplicaSet", ("rs",), True, "apps/v1")
STATEFULSET = Resource("statefulsets", "statefulset.apps", "StatefulSet", ("sts",), True,
                       "apps/v1")
CRONJOB = Resource("cronjobs", "cronjob.batch", "CronJob", ("cj",), True, "batch/v1")
JOB = Resource("jobs", "job.batch", "Job", (), True, "batch/v1")
# The API server's APIServices (one per served group version, metrics-server's): read-only
APISERVICE = Resource("apiservices", "apiservice.apiregistration.k8s.io", "APIService", (),
                      False, "apiregistration.k8s.io/v1")
READ_ONLY_KINDS = ("DaemonSet", "Deployment", "ReplicaSet", "StatefulSet", "CronJob", "Job",
                   "APIService")

ALL_RESOURCES: tuple[Resource, ...] = (
    POD, SERVICE, ENDPOINTS, NAMESPACE, NODE, EVENT, CONFIGMAP, SECRET, DAEMONSET, DEPLOYMENT,
    REPLICASET, STATEFULSET, CRONJOB, JOB, APISERVICE,
)
_BY_NAME = {name: r for r in ALL_RESOURCES for name in r.names}
_BY_KIND = {r.kind: r for r in ALL_RESOURCES}

# `kubectl get all` expands to the "all" category in discovery order: the core group, then
# apps (alphabetical), then batch (autoscaling's HPAs would sit before batch; none are served).
ALL_CATEGORY: tuple[Resource, ...] = (
    POD, SERVICE, DAEMONSET, DEPLOYMENT, REPLICASET, STATEFULSET, CRONJOB, JOB,
)


def lookup(name: str) -> Resource:
    """Resolve a type as typed by the learner (``po``, ``Pods``, ``pods.v1``,
    ``deployments.apps``, ``deploy.v1.apps``)."""
    key, _, rest = name.lower().partition(".")
    resource = _BY_NAME.get(key)
    if resource is not None and rest in ("", "v1", resource.group, f"v1.{resource.group}"):
        return resource
    raise KubectlError(f'the server doesn\'t have a resource type "{name}"')


def read_only_error(resource: Resource) -> KubectlError:
    """The honest answer to a write on a controller (documented in CONTRACTS.md)."""
    return KubectlError(
        f"the playground runs Pods only; {resource.kind}s are shown read-only"
    )


def ensure_writable(resource: Resource) -> None:
    if resource.read_only:
        raise read_only_error(resource)


def by_kind(kind: str) -> Resource | None:
    return _BY_KIND.get(kind)
