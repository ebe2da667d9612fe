"""kubectl api-resources: the resource types a v1.32 cluster serves (recorded as data)."""

from __future__ import annotations

from dataclasses import dataclass

from playground.sim import metrics
from playground.sim.cluster import Cluster
from playground.sim.kubectl import common
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.tabwriter import format_rows

HELP_PAGE = "api-resources"
EXAMPLES = """  # Print the supported API resources
  kubectl api-resources"""
FLAGS = [
    Flag("namespaced", kind="bool", default=True),
    Flag("api-group", default=""),
    Flag("no-headers", kind="bool", default=False),
    Flag("sort-by", default=""),
    Flag("verbs", kind="list"),
    Flag("categories", kind="list"),
    Flag("cached", kind="bool", default=False),
    common.OUTPUT,
]

# name, short names, apiVersion, namespaced, kind: what a kubeadm-style v1.32 cluster lists.
RESOURCES: tuple[tuple[str, str, str, bool, str], ...] = (
    ("bindings", "", "v1", True, "Binding"),
    ("componentstatuses", "cs", "v1", False, "ComponentStatus"),
    ("configmaps", "cm", "v1", True, "ConfigMap"),
    ("endpoints", "ep", "v1", True, "Endpoints"),
    ("events", "ev", "v1", True, "Event"),
    ("limitranges", "limits", "v1", True, "LimitRange"),
    ("namespaces", "ns", "v1", False, "Namespace"),
    ("nodes", "no", "v1", False, "Node"),
    ("persistentvolumeclaims", "pvc", "v1", True, "PersistentVolumeClaim"),
    ("persistentvolumes", "pv", "v1", False, "PersistentVolume"),
    ("pods", "po", "v1", True, "Pod"),
    ("podtemplates", "", "v1", True, "PodTemplate"),
    ("replicationcontrollers", "rc", "v1", True, "ReplicationController"),
    ("resourcequotas", "quota", "v1", True, "ResourceQuota"),
    ("secrets", "", "v1", True, "Secret"),
    ("serviceaccounts", "sa", "v1", True, "ServiceAccount"),
    ("services", "svc", "v1", True, "Service"),
    ("mutatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", False,
     "MutatingWebhookConfiguration"),
    ("validatingadmissionpolicies", "", "admissionregistration.k8s.io/v1", False,
     "ValidatingAdmissionPolicy"),
    ("validatingadmissionpolicybindings", "", "admissionregistration.k8s.io/v1", False,
     "ValidatingAdmissionPolicyBinding"),
    ("validatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", False,
     "ValidatingWebhookConfiguration"),
    ("customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", False,
     "CustomResourceDefinition"),
    ("apiservices", "", "apiregistration.k8s.io/v1", False, "APIService"),
    ("controllerrevisions", "", "apps/v1", True, "ControllerRevision"),
    ("daemonsets", "ds", "apps/v1", True, "DaemonSet"),
    ("deployments", "deploy", "apps/v1", True, "Deployment"),
    ("replicasets", "rs", "apps/v1", True, "ReplicaSet"),
    ("statefulsets", "sts", "apps/v1", True, "StatefulSet"),
    ("selfsubjectreviews", "", "authentication.k8s.io/v1", False, "SelfSubjectReview"),
    ("tokenreviews", "", "authentication.k8s.io/v1", False, "TokenReview"),
    ("localsubjectaccessreviews", "", "authorization.k8s.io/v1", True,
     "LocalSubjectAccessReview"),
    ("selfsubjectaccessreviews", "", "authorization.k8s.io/v1", False,
     "SelfSubjectAccessReview"),
    ("selfsubjectrulesreviews", "", "authorization.k8s.io/v1", False, "SelfSubjectRulesReview"),
    ("subjectaccessreviews", "", "authorization.k8s.io/v1", False, "SubjectAccessReview"),
    ("horizontalpodautoscalers", "hpa", "autoscaling/v2", True, "HorizontalPodAutoscaler"),
    ("cronjobs", "cj", "batch/v1", True, "CronJob"),
    ("jobs", "", "batch/v1", True, "Job"),
    ("certificatesigningrequests", "csr", "certificates.k8s.io/v1", False,
     "CertificateSigningRequest"),
    ("leases", "", "coordination.k8s.io/v1", True, "Lease"),
    ("endpointslices", "", "discovery.k8s.io/v1", True, "EndpointSlice"),
    ("events", "ev", "events.k8s.io/v1", True, "Event"),
    ("flowschemas", "", "flowcontrol.apiserver.k8s.io/v1", False, "FlowSchema"),
    ("prioritylevelconfigurations", "", "flowcontrol.apiserver.k8s.io/v1", False,
     "PriorityLevelConfiguration"),
    ("ingressclasses", "", "networking.k8s.io/v1", False, "IngressClass"),
    ("ingresses", "ing", "networking.k8s.io/v1", True, "Ingress"),
    ("networkpolicies", "netpol", "networking.k8s.io/v1", True, "NetworkPolicy"),
    ("runtimeclasses", "", "node.k8s.io/v1", False, "RuntimeClass"),
    ("poddisruptionbudgets", "pdb", "policy/v1", True, "PodDisruptionBudget"),
    ("clusterrolebindings", "", "rbac.authorization.k8s.io/v1", False, "ClusterRoleBinding"),
    ("clusterroles", "", "rbac.authorization.k8s.io/v1", False, "ClusterRole"),
    ("rolebindings", "", "rbac.authorization.k8s.io/v1", True, "RoleBinding"),
    ("roles", "", "rbac.authorization.k8s.io/v1", True, "Role"),
    ("priorityclasses", "pc", "scheduling.k8s.io/v1", False, "PriorityClass"),
    ("csidrivers", "", "storage.k8s.io/v1", False, "CSIDriver"),
    ("csinodes", "", "storage.k8s.io/v1", False, "CSINode"),
    ("csistoragecapacities", "", "storage.k8s.io/v1", True, "CSIStorageCapacity"),
    ("storageclasses", "sc", "storage.k8s.io/v1", False, "StorageClass"),
    ("volumeattachments", "", "storage.k8s.io/v1", False, "VolumeAttachment"),
)
# What metrics-server's APIService adds while it is served (sim/metrics.py).
METRICS_RESOURCES: tuple[tuple[str, str, str, bool, str], ...] = (
    ("nodes", "", f"{metrics.GROUP}/{metrics.VERSION}", False, "NodeMetrics"),
    ("pods", "", f"{metrics.GROUP}/{metrics.VERSION}", True, "PodMetrics"),
)


def served(cluster: Cluster) -> list[tuple[str, str, str, bool, str]]:
    """The resources discovery lists now, sorted as api-resources prints them (by group, then
    name: sort.Stable over sortableResource)."""
    rows = list(RESOURCES)
    if metrics.api_available(cluster):
        rows += METRICS_RESOURCES
    return sorted(rows, key=lambda r: (r[2].rpartition("/")[0], r[0]))


def stale_error() -> str:
    """ErrGroupDiscoveryFailed for the APIService the aggregator marks stale."""
    gv = f"{metrics.GROUP}/{metrics.VERSION}"
    return (f"unable to retrieve the complete list of server APIs: {gv}: "
            f"stale GroupVersion discovery: {gv}")


@dataclass(frozen=True)
class ApiResourcesOptions:
    namespaced: bool | None  # None: --namespaced not given, both kinds are listed
    api_group: str
    output: str
    no_headers: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> ApiResourcesOptions:
        return cls(
            namespaced=bool(parsed["namespaced"]) if parsed.was_given("namespaced") else None,
            api_group=str(parsed["api-group"] or ""),
            output=str(parsed["output"]),
            no_headers=bool(parsed["no-headers"]),
        )


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = ApiResourcesOptions.complete(parsed, ctx)
    rows = served(ctx.cluster)
    if opts.namespaced is not None:
        rows = [r for r in rows if r[3] == opts.namespaced]
    if opts.api_group:
        group = opts.api_group
        rows = [r for r in rows if (r[2].rpartition("/")[0] or "") == group]
    if opts.output == "name":
        for name, _, version, _, _ in rows:
            group = version.rpartition("/")[0]
            ctx.out(f"{name}.{group}\n" if group else f"{name}\n")
        if metrics.api_stale(ctx.cluster):
            raise KubectlError(stale_error())
        return 0
    table = [[n, s, v, "true" if ns else "false", k] for n, s, v, ns, k in rows]
    if not opts.no_headers:
        table.insert(0, ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"])
    ctx.out(format_rows(table, 6, 3))
    if metrics.api_stale(ctx.cluster):
        raise KubectlError(stale_error())
    return 0
