"""kubectl run: build a Pod from flags and create it (or print it with --dry-run=client)."""

from __future__ import annotations

import re
from typing import Any

from playground.sim.admission import names
from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, output, resources, run_overrides, writes
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, UsageError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.visit_errors import VisitErrors

HELP_PAGE = "run"
EXAMPLES = """  # Start a nginx pod
  kubectl run nginx --image=nginx"""

FLAGS = [
    Flag("image", default=""),
    Flag("port", default=""),
    Flag("labels", "l", default=""),
    Flag("env", kind="list", split=False),
    Flag("annotations", kind="list", split=False),
    Flag("restart", default="Always"),
    Flag("command", kind="bool", default=False),
    Flag("image-pull-policy", default=""),
    Flag("stdin", "i", kind="bool", default=False),
    Flag("tty", "t", kind="bool", default=False),
    Flag("rm", kind="bool", default=False),
    Flag("attach", kind="bool", default=False),
    Flag("quiet", "q", kind="bool", default=False),
    Flag("privileged", kind="bool", default=False),
    Flag("expose", kind="bool", default=False),
    Flag("overrides", default=""),
    Flag("override-type", default="merge"),
    Flag("pod-running-timeout", default="1m0s"),
    Flag("leave-stdin-open", kind="bool", default=False),
    Flag("save-config", kind="bool", default=False),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("field-manager", default="kubectl-run"),
    Flag("template", default=""),
    Flag("cascade", default="background", no_value="background"),
    Flag("force", kind="bool", default=False),
    Flag("grace-period", kind="int", default=-1),
    Flag("timeout", default="0s"),
    Flag("wait", kind="bool", default=False),
    Flag("kustomize", "k", default=""),
    common.FILENAME,
    common.RECURSIVE,
    common.OUTPUT,
    common.DRY_RUN,
]

OUTPUTS = common.OBJECT_OUTPUTS

# The distribution/reference grammar that kubectl run checks --image against.
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(
    rf"^(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*(?::{_TAG})?(?:@{_DIGEST})?$"
)
_RESTART = ("Always", "OnFailure", "Never")
_PULL_POLICIES = ("Always", "IfNotPresent", "Never")


def valid_image(image: str) -> bool:
    return bool(_REFERENCE.match(image)) and len(image.split("@")[0].split(":")[0]) <= 255


def run(parsed: Parsed, ctx: Ctx) -> int:
    """RunOptions.Run's checks in its order, then the pod (and with --expose its service)."""
    if not parsed.was_given("image") and not parsed.get("filename"):
        raise KubectlError('required flag(s) "image" not set')
    args = parsed.args
    if not args:
        raise UsageError("NAME is required for run", "run")
    name = args[0]
    image = str(parsed["image"])
    if not image:
        raise KubectlError("--image is required")
    if not valid_image(image):
        raise KubectlError(f'Invalid image name "{image}": invalid reference format')
    if parsed["tty"] and not parsed["stdin"]:
        raise UsageError("-i/--stdin is required for containers with -t/--tty=true", "run")
    if parsed["expose"] and not str(parsed["port"]):
        raise UsageError("--port must be set when exposing a service", "run")
    restart = str(parsed["restart"])
    if restart not in _RESTART:
        raise UsageError(f"invalid restart policy: {restart}", "run")
    dry_run = common.dry_run_mode(parsed, ctx)
    interactive = bool(parsed["stdin"] or parsed["tty"] or parsed["attach"])
    if parsed["rm"] and not interactive:
        raise UsageError("--rm should only be used for attached containers", "run")
    if dry_run != "none" and interactive:
        raise UsageError(
            "--dry-run=[server|client] can't be used with attached containers options "
            "(--attach, --stdin, or --tty)",
            "run",
        )
    policy = str(parsed["image-pull-policy"])
    if policy and policy not in _PULL_POLICIES:
        raise UsageError(f"invalid image pull policy: {policy}", "run")
    out_format = str(parsed["output"])
    common.check_output(out_format, OUTPUTS)
    pod = build_pod(parsed, name, image, restart)
    if str(parsed["overrides"]):
        pod = run_overrides.apply(pod, str(parsed["overrides"]), str(parsed["override-type"]))
    ns = common.namespace(parsed, ctx)
    if dry_run == "client":
        if parsed["expose"]:
            output.print_new_object(ctx, build_service(parsed, name), out_format,
                                    suffix=" (dry run)")
            if out_format.startswith("yaml"):
                ctx.out("---\n---\n")  # kubectl 1.32 prints its YAML separator twice here
        output.print_new_object(ctx, pod, out_format, suffix=" (dry run)")
        return 0
    created = ctx.cluster.create_pod(pod, ns, dry_run=dry_run == "server")
    errors = VisitErrors()
    if parsed["expose"]:
        try:
            service = writes.create(ctx, resources.SERVICE, build_service(parsed, name), ns,
                                    dry_run=dry_run)
        except ApiError as exc:
            errors.server(exc, "")
        else:
            # generateService prints the service itself, before run prints the pod
            suffix = " (server dry run)" if dry_run == "server" else ""
            output.print_new_object(ctx, service, str(parsed["output"]), suffix=suffix,
                                    server=True)
    if interactive:
        ctx.start_stream("attach", namespace=ns, pod=name, container=name, rm=bool(parsed["rm"]),
                         quiet=bool(parsed["quiet"]))
        return 0
    suffix = " (server dry run)" if dry_run == "server" else ""
    output.print_new_object(ctx, created, out_format, suffix=suffix, server=True)
    return errors.flush(ctx)


def build_service(parsed: Parsed, name: str) -> dict[str, Any]:
    """The ClusterIP Service of --expose (generateService): the pod's labels select it, its
    port and target port are --port; it is labelled only when --labels was given."""
    given = str(parsed["labels"])
    labels = _labels(given, name)
    port = int(str(parsed["port"]))
    metadata: dict[str, Any] = {"name": name, "creationTimestamp": None}
    if given:
        metadata["labels"] = labels
    spec = {"ports": [{"protocol": "TCP", "port": port, "targetPort": port}], "selector": labels}
    return {"kind": "Service", "apiVersion": "v1", "metadata": metadata, "spec": spec,
            "status": {"loadBalancer": {}}}


def build_pod(parsed: Parsed, name: str, image: str, restart: str) -> dict[str, Any]:
    """The object kubectl run sends, in the field order of the Go struct (JSON keeps it)."""
    labels = _labels(str(parsed["labels"]), name)
    metadata: dict[str, Any] = {"name": name, "creationTimestamp": None, "labels": labels}
    annotations = _pairs(parsed["annotations"], "annotation")
    if annotations:
        metadata["annotations"] = annotations
    container: dict[str, Any] = {"name": name, "image": image}
    words = parsed.args[1:]
    if words:
        container["command" if parsed["command"] else "args"] = words
    port = str(parsed["port"])
    if port:
        try:
            container["ports"] = [{"containerPort": int(port)}]
        except ValueError:
            raise KubectlError(f'strconv.Atoi: parsing "{port}": invalid syntax') from None
    # an empty value is Go's zero value, left out of the object (`--env=NAME=`)
    env = [{"name": k, "value": v} if v else {"name": k} for k, v in _env(parsed["env"])]
    if env:
        container["env"] = env
    container["resources"] = {}
    if parsed["image-pull-policy"]:
        container["imagePullPolicy"] = parsed["image-pull-policy"]
    if parsed["stdin"]:
        container["stdin"] = True
        if not parsed["leave-stdin-open"]:
            container["stdinOnce"] = True
    if parsed["tty"]:
        container["tty"] = True
    if parsed["privileged"]:
        container["securityContext"] = {"privileged": True}
    spec = {"containers": [container], "restartPolicy": restart, "dnsPolicy": "ClusterFirst"}
    return {"kind": "Pod", "apiVersion": "v1", "metadata": metadata, "spec": spec, "status": {}}


def _labels(text: str, name: str) -> dict[str, str]:
    if not text:
        return {"run": name}
    labels: dict[str, str] = {}
    for item in text.split(","):
        key, eq, value = item.partition("=")
        if not eq:
            raise KubectlError(f"unexpected label spec: {item}")
        labels[key] = value
    return {k: labels[k] for k in sorted(labels)}  # a Go map: JSON writes its keys sorted


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq:
            raise KubectlError(f"invalid {what}: {item}")
        out[key] = value
    return {k: out[k] for k in sorted(out)}  # a Go map: JSON writes its keys sorted


def _env(items: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in items:
        key, eq, value = item.partition("=")
        if not eq or not key or names.env_var_name(key):
            raise KubectlError(f"invalid env: {item}")
        out.append((key, value))
    return out
