"""kubectl expose: a ClusterIP Service in front of a pod, as kubectl 1.32's ExposeServiceOptions
builds it (selector and labels from the pod, ports from --port or the pod's container ports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, output, patching, resources, writes
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.visit_errors import VisitErrors

HELP_PAGE = "expose"
EXAMPLES = (
    "  # Create a service for a replicated nginx, which serves on port 80 and connects to the"
    " containers on port 8000\n"
    "  kubectl expose rc nginx --port=80 --target-port=8000"
)

FLAGS = [
    common.OUTPUT,
    common.DRY_RUN,
    Flag("port", default=""),
    Flag("target-port", default=""),
    Flag("name", default=""),
    Flag("protocol", default=""),
    Flag("type", default=""),
    Flag("selector", default=""),
    Flag("labels", "l", default=""),
    Flag("cluster-ip", default=""),
    Flag("session-affinity", default=""),
    Flag("external-ip", default=""),
    Flag("load-balancer-ip", default=""),
    Flag("overrides", default=""),
    Flag("override-type", default="merge"),
    Flag("field-manager", default="kubectl-expose"),
    Flag("save-config", kind="bool", default=False),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template", default=""),
    common.FILENAME,
    common.RECURSIVE,
    Flag("kustomize", "k", default=""),
]
OUTPUTS = common.OBJECT_OUTPUTS

_NO_RESOURCES = """You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'"""

Obj = dict[str, Any]


@dataclass(frozen=True)
class ExposeOptions:
    from_files: bool
    args: tuple[str, ...]
    output: str
    dry_run_flag: str  # read after the -o check, where kubectl warns about or rejects it
    namespace: str
    port: str
    target_port: str
    name: str
    protocol: str
    type: str
    selector: str
    labels: str
    cluster_ip: str
    session_affinity: str
    external_ip: str
    load_balancer_ip: str
    overrides: str
    override_type: str
    save_config: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> ExposeOptions:
        return cls(
            from_files=bool(parsed.get("filename")),
            args=tuple(parsed.args),
            output=str(parsed["output"]),
            dry_run_flag=str(parsed.get("dry-run", "none")),
            namespace=common.namespace(parsed, ctx),
            port=str(parsed["port"]),
            target_port=str(parsed["target-port"]),
            name=str(parsed["name"]),
            protocol=str(parsed["protocol"]),
            type=str(parsed["type"]),
            selector=str(parsed["selector"]),
            labels=str(parsed["labels"]),
            cluster_ip=str(parsed["cluster-ip"] or ""),
            session_affinity=str(parsed["session-affinity"] or ""),
            external_ip=str(parsed["external-ip"] or ""),
            load_balancer_ip=str(parsed["load-balancer-ip"] or ""),
            overrides=str(parsed["overrides"]),
            override_type=str(parsed["override-type"]),
            save_config=bool(parsed["save-config"]),
        )


def _targets(args: list[str]) -> list[tuple[resources.Resource, str]]:
    """``pod web`` or ``pod/web ...``: the (type, name) pairs, in order."""
    if not args:
        raise KubectlError(_NO_RESOURCES)
    if "/" in args[0]:
        out = []
        for arg in args:
            kind, _, name = arg.partition("/")
            out.append((resources.lookup(kind), name))
        return out
    resource = resources.lookup(args[0])
    if len(args) == 1:
        raise KubectlError("resource(s) were provided, but no name was specified")
    return [(resource, name) for name in args[1:]]


def _pairs(text: str) -> dict[str, str]:
    """A `k=v,k2=v2` flag value (kubectl's ParseLabels)."""
    out: dict[str, str] = {}
    for item in text.split(","):
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise KubectlError(f"unexpected label spec: {item}")
        out[key] = value
    return out


def _container_ports(pod: Obj) -> list[Obj]:
    return [port for c in (pod.get("spec") or {}).get("containers") or []
            for port in c.get("ports") or []]


def _target(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def build_service(opts: ExposeOptions, pod: Obj) -> Obj:
    """generateService for a pod: the object kubectl sends (Go struct order)."""
    meta = pod["metadata"]
    selector_flag = opts.selector
    selector = _pairs(selector_flag) if selector_flag else dict(meta.get("labels") or {})
    if not selector:
        raise KubectlError("couldn't retrieve selectors via --selector flag or introspection: "
                           "the pod has no labels and cannot be exposed")
    protocol_flag = opts.protocol
    target_flag = opts.target_port
    known = {int(p["containerPort"]): str(p.get("protocol") or "TCP")
             for p in _container_ports(pod) if "containerPort" in p}
    port_flag = opts.port
    if port_flag:
        numbers = []
        for text in port_flag.split(","):
            try:
                numbers.append(int(text))
            except ValueError:
                raise KubectlError(f'strconv.Atoi: parsing "{text}": invalid syntax') from None
        ports = [(n, protocol_flag or known.get(n, "TCP")) for n in numbers]
    else:
        ports = [(int(p["containerPort"]), protocol_flag or str(p.get("protocol") or "TCP"))
                 for p in _container_ports(pod)]
        if not ports:
            raise KubectlError("couldn't find port via --port flag or introspection")
    service_ports = []
    for i, (number, protocol) in enumerate(ports, start=1):
        entry: Obj = {}
        if len(ports) > 1:
            entry["name"] = f"port-{i}"
        entry.update({"protocol": protocol, "port": number,
                      "targetPort": _target(target_flag) if target_flag else number})
        service_ports.append(entry)
    labels_flag = opts.labels
    labels = _pairs(labels_flag) if labels_flag else dict(meta.get("labels") or {})
    metadata: Obj = {"name": opts.name or meta["name"], "creationTimestamp": None}
    if labels:
        metadata["labels"] = labels
    spec: Obj = {"ports": service_ports, "selector": selector}
    if opts.cluster_ip:
        spec["clusterIP"] = opts.cluster_ip
    if opts.type:
        spec["type"] = opts.type
    if opts.session_affinity:
        spec["sessionAffinity"] = opts.session_affinity
    if opts.external_ip:
        spec["externalIPs"] = [opts.external_ip]
    if opts.load_balancer_ip:
        spec["loadBalancerIP"] = opts.load_balancer_ip
    service: Obj = {"kind": "Service", "apiVersion": "v1", "metadata": metadata, "spec": spec,
                    "status": {"loadBalancer": {}}}
    overrides = opts.overrides
    if overrides:
        kind = opts.override_type
        if kind not in ("json", "merge", "strategic"):
            raise KubectlError(f"invalid override type: {kind}")
        try:
            service = patching.apply(service, kind, overrides)
        except patching.PatchError as exc:
            # the merge overrider hands undecodable JSON to json-patch, which says only this
            raise KubectlError("Invalid JSON Patch" if kind == "merge" and exc.decode
                               else str(exc)) from None
    return service


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = ExposeOptions.complete(parsed, ctx)
    if opts.from_files:
        raise KubectlError("`kubectl expose -f` is not available in this playground yet; "
                           "name the pod: kubectl expose pod NAME --port=PORT")
    targets = _targets(list(opts.args))
    out_format = opts.output
    common.check_output(out_format, OUTPUTS)
    dry_run = common.dry_run_from(opts.dry_run_flag, ctx)
    ns = opts.namespace
    errors = VisitErrors()
    for resource, name in targets:
        if resource is not resources.POD:
            resources.ensure_writable(resource)
            errors.kubectl(KubectlError(
                f"the playground exposes pods only; `kubectl expose {resource.singular}` "
                "is not available here"))
            continue
        try:
            pod = ctx.cluster.pod(ns, name)
        except ApiError as exc:
            errors.server(exc, "")
            continue
        service = build_service(opts, pod)
        if dry_run == "client":
            output.print_new_object(ctx, service, out_format, suffix=" (dry run)",
                                    verb="exposed")
            continue
        if opts.save_config:  # only what reaches the server carries it
            annotations = service["metadata"].setdefault("annotations", {})
            annotations[writes.LAST_APPLIED] = writes.last_applied(service, ns,
                                                                   resources.SERVICE)
        try:
            created = writes.create(ctx, resources.SERVICE, service, ns, dry_run=dry_run)
        except ApiError as exc:
            errors.server(exc, "")
            continue
        suffix = " (server dry run)" if dry_run == "server" else ""
        output.print_new_object(ctx, created, out_format, suffix=suffix, server=True,
                                verb="exposed")
    return errors.flush(ctx)
