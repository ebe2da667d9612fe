"""``kubectl get --raw PATH``: the API server's own answer for a path, printed as it comes.

kubectl (get.go's RawOptions) sends a GET for the path and copies the body to stdout, so what
is printed is the server's: ``ok`` (no newline) for ``/healthz``, ``/livez`` and ``/readyz``,
their checks and ``… check passed`` with ``?verbose``, ``/version`` as indented JSON (the
apiserver writes it with WriteRawJSON, no newline), discovery (``/api``, ``/apis``) and
objects as the API server's compact JSON with a newline. A path nothing serves is the
apiserver's plain ``404 page not found``, which the client turns into ``Error from server
(NotFound): the server could not find the requested resource``; a missing object is its
NotFound Status. Objects keep the playground's field order, not necessarily Go's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from playground.sim import endpoints, go_url
from playground.sim.api_errors import ApiError
from playground.sim.kubectl import resources, tables
from playground.sim.kubectl.commands import version
from playground.sim.kubectl.commands.api_versions import served_versions
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError

# The kube-apiserver's readiness checks, in the order it registers them (v1.32, a kubeadm
# control plane); /livez lists the same without informer-sync and shutdown.
_CHECKS = (
    "ping", "log", "etcd", "etcd-readiness", "informer-sync",
    *(f"poststarthook/{hook}" for hook in (
        "start-apiserver-admission-initializer", "generic-apiserver-start-informers",
        "priority-and-fairness-config-consumer", "priority-and-fairness-filter",
        "storage-object-count-tracker-hook", "start-apiextensions-informers",
        "start-apiextensions-controllers", "crd-informer-synced",
        "start-system-namespaces-controller", "start-cluster-authentication-info-controller",
        "start-kube-apiserver-identity-lease-controller",
        "start-kube-apiserver-identity-lease-garbage-collector",
        "start-legacy-token-tracking-controller", "start-service-ip-repair-controllers",
        "rbac/bootstrap-roles", "scheduling/bootstrap-system-priority-classes",
        "priority-and-fairness-config-producer", "bootstrap-controller",
        "aggregator-reload-proxy-client-cert", "start-kube-aggregator-informers",
        "apiservice-status-local-available-controller",
        "apiservice-status-remote-available-controller",
        "apiservice-registration-controller", "apiservice-discovery-controller",
        "kube-apiserver-autoregistration")),
    "autoregister-completion",
    "poststarthook/apiservice-openapi-controller",
    "poststarthook/apiservice-openapiv3-controller",
    "shutdown",
)

# The aggregator's group priorities (its apiservices' groupPriorityMinimum), highest first
_GROUP_ORDER = (
    "apiregistration.k8s.io", "apps", "events.k8s.io", "authentication.k8s.io",
    "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io",
    "policy", "rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io",
    "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io",
    "discovery.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io", "metrics.k8s.io",
)

_NOT_FOUND = "the server could not find the requested resource"


def validate(raw: str, args: Sequence[str], output: str, filtering: bool) -> None:
    """get.go's Complete and Validate for --raw, in their order."""
    if args:
        raise KubectlError("arguments may not be passed when --raw is specified")
    if filtering:
        raise KubectlError("--raw may not be specified with other flags that filter the server "
                           "request or alter the output")
    if output:
        raise KubectlError("--raw and --output are mutually exclusive")
    try:
        go_url.parse(raw, via_request=True)  # get.go checks the path with url.ParseRequestURI
    except go_url.GoUrlError as exc:
        raise KubectlError(f"--raw must be a valid URL path: {exc}") from None


def run(raw: str, ctx: Ctx) -> int:
    # client-go's RequestURI reads the path again with url.Parse, where "//x" is a host: its
    # fault is a *url.Error, which kubectl prints as it cannot connect; only the path is sent
    try:
        parsed = go_url.parse(raw.partition("?")[0])
    except go_url.GoUrlError as exc:
        raise KubectlError(exc.reason, prefix="Unable to connect to the server: ") from None
    path = parsed.path.rstrip("/") or "/"
    query = raw.partition("?")[2]
    verbose = "verbose" in query.split("&") or "verbose=" in query
    for probe in ("healthz", "livez", "readyz"):
        if path == f"/{probe}":
            ctx.out(_health(probe, verbose))
            return 0
    if path == "/version":
        ctx.out(json.dumps(version.SERVER, indent=2))
        return 0
    body = _discovery(path, ctx) or _objects(path, ctx)
    if body is None:
        raise RawError(f"Error from server (NotFound): {_NOT_FOUND}")
    ctx.out(json.dumps(body, separators=(",", ":"), ensure_ascii=False) + "\n")
    return 0


def _health(probe: str, verbose: bool) -> str:
    if not verbose:
        return "ok"
    checks = _CHECKS if probe == "readyz" else tuple(
        c for c in _CHECKS if c not in ("informer-sync", "shutdown"))
    return "".join(f"[+]{c} ok\n" for c in checks) + f"{probe} check passed\n"


def _discovery(path: str, ctx: Ctx) -> dict[str, Any] | None:
    if path == "/api":
        address = endpoints.api_server_address(ctx.cluster.nodes()) or "172.18.0.2"
        return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": f"{address}:6443"}]}
    if path != "/apis":
        return None
    groups: dict[str, list[str]] = {}
    for group_version in served_versions(ctx.cluster):
        if "/" in group_version:
            group, _, ver = group_version.partition("/")
            groups.setdefault(group, []).append(ver)
    order = {g: i for i, g in enumerate(_GROUP_ORDER)}
    listed = []
    for group in sorted(groups, key=lambda g: (order.get(g, len(order)), g)):
        versions = sorted(groups[group], key=_version_rank)
        entries = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
        listed.append({"name": group, "versions": entries, "preferredVersion": entries[0]})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": listed}


def _version_rank(ver: str) -> tuple[int, int, int]:
    """Kubernetes version priority: GA before beta before alpha, higher numbers first."""
    major, _, rest = ver[1:].partition("beta") if "beta" in ver else (
        ver[1:].partition("alpha") if "alpha" in ver else (ver[1:], "", ""))
    level = 0 if "beta" not in ver and "alpha" not in ver else (1 if "beta" in ver else 2)
    return (level, -int(major or 0), -int(rest or 0))


def _objects(path: str, ctx: Ctx) -> dict[str, Any] | None:
    segments = path.strip("/").split("/")
    if segments[:2] == ["api", "v1"]:
        api_version, rest = "v1", segments[2:]
    elif len(segments) >= 3 and segments[0] == "apis":
        api_version, rest = f"{segments[1]}/{segments[2]}", segments[3:]
    else:
        return None
    namespace: str | None = None
    if len(rest) >= 3 and rest[0] == "namespaces":
        namespace, rest = rest[1], rest[2:]
    if not rest or len(rest) > 2:
        return None
    resource = next((r for r in resources.ALL_RESOURCES
                     if r.plural == rest[0] and r.api_version == api_version), None)
    if resource is None or (namespace is not None and not resource.namespaced):
        return None
    if len(rest) == 2 and resource.namespaced and namespace is None:
        return None  # the apiserver routes a namespaced object only under its namespace
    if len(rest) == 2:
        try:
            obj = tables.get_one(ctx.cluster, resource, namespace or "", rest[1])
        except ApiError as exc:
            raise RawError(exc.render()) from None
        return {"kind": resource.kind, "apiVersion": api_version,
                **{k: v for k, v in obj.items() if k not in ("kind", "apiVersion")}}
    items = [{k: v for k, v in o.items() if k not in ("kind", "apiVersion")}
             for o in tables.list_objects(ctx.cluster, resource, namespace)]
    return {"kind": f"{resource.kind}List", "apiVersion": api_version,
            "metadata": {"resourceVersion": str(ctx.cluster.state["rv"])}, "items": items}
