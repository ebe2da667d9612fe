"""kubectl run: build a Pod from flags and create it (or print it with --dry-run=client)."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class RunOptions:
    name: str
    name_given: bool  # NAME may be given yet empty (`kubectl run ""`): the server rejects that
    command_words: tuple[str, ...]  # the words after NAME: args, or with --command the command
    image: str
    image_given: bool
    from_files: bool
    port: str
    labels: str
    env: tuple[str, ...]
    annotations: tuple[str, ...]
    restart: str
    command: bool
    image_pull_policy: str
    stdin: bool
    tty: bool
    rm: bool
    attach: bool
    quiet: bool
    privileged: bool
    expose: bool
    overrides: str
    override_type: str
    leave_stdin_open: bool
    output: str
    dry_run_flag: str  # read by validate, where kubectl warns about or rejects it
    namespace: str

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> RunOptions:
        args = parsed.args
        return cls(
            name=args[0] if args else "",
            name_given=bool(args),
            command_words=tuple(args[1:]),
            image=str(parsed["image"]),
            image_given=parsed.was_given("image"),
            from_files=bool(parsed.get("filename")),
            port=str(parsed["port"]),
            labels=str(parsed["labels"]),
            env=tuple(parsed["env"]),
            annotations=tuple(parsed["annotations"]),
            restart=str(parsed["restart"]),
            command=bool(parsed["command"]),
            image_pull_policy=str(parsed["image-pull-policy"] or ""),
            stdin=bool(parsed["stdin"]),
            tty=bool(parsed["tty"]),
            rm=bool(parsed["rm"]),
            attach=bool(parsed["attach"]),
            quiet=bool(parsed["quiet"]),
            privileged=bool(parsed["privileged"]),
            expose=bool(parsed["expose"]),
            overrides=str(parsed["overrides"]),
            override_type=str(parsed["override-type"]),
            leave_stdin_open=bool(parsed["leave-stdin-open"]),
            output=str(parsed["output"]),
            dry_run_flag=str(parsed.get("dry-run", "none")),
            namespace=common.namespace(parsed, ctx),
        )

    @property
    def interactive(self) -> bool:
        return self.stdin or self.tty or self.attach

    def validate(self, ctx: Ctx) -> str:
        """RunOptions.Run's checks in its order; the dry-run mode, which it reads among them
        (warning about a bare --dry-run at that point)."""
        if not self.image_given and not self.from_files:
            raise KubectlError('required flag(s) "image" not set')
        if not self.name_given:
            raise UsageError("NAME is required for run", "run")
        if not self.image:
            raise KubectlError("--image is required")
        if not valid_image(self.image):
            raise KubectlError(f'Invalid image name "{self.image}": invalid reference format')
        if self.tty and not self.stdin:
            raise UsageError("-i/--stdin is required for containers with -t/--tty=true", "run")
        if self.expose and not self.port:
            raise UsageError("--port must be set when exposing a service", "run")
        if self.restart not in _RESTART:
            raise UsageError(f"invalid restart policy: {self.restart}", "run")
        dry_run = common.dry_run_from(self.dry_run_flag, ctx)
        if self.rm and not self.interactive:
            raise UsageError("--rm should only be used for attached containers", "run")
        if dry_run != "none" and self.interactive:
            raise UsageError(
                "--dry-run=[server|client] can't be used with attached containers options "
                "(--attach, --stdin, or --tty)",
                "run",
            )
        policy = self.image_pull_policy
        if policy and policy not in _PULL_POLICIES:
            raise UsageError(f"invalid image pull policy: {policy}", "run")
        common.check_output(self.output, OUTPUTS)
        return dry_run


def run(parsed: Parsed, ctx: Ctx) -> int:
    """RunOptions.Run's checks in its order, then the pod (and with --expose its service)."""
    opts = RunOptions.complete(parsed, ctx)
    dry_run = opts.validate(ctx)
    name, out_format = opts.name, opts.output
    pod = build_pod(opts)
    if opts.overrides:
        pod = run_overrides.apply(pod, opts.overrides, opts.override_type)
    ns = opts.namespace
    if dry_run == "client":
        if opts.expose:
            output.print_new_object(ctx, build_service(opts), out_format,
                                    suffix=" (dry run)")
            if out_format.startswith("yaml"):
                ctx.out("---\n---\n")  # kubectl 1.32 prints its YAML separator twice here
        output.print_new_object(ctx, pod, out_format, suffix=" (dry run)")
        return 0
    created = ctx.cluster.create_pod(pod, ns, dry_run=dry_run == "server")
    errors = VisitErrors()
    if opts.expose:
        try:
            service = writes.create(ctx, resources.SERVICE, build_service(opts), ns,
                                    dry_run=dry_run)
        except ApiError as exc:
            errors.server(exc, "")
        else:
            # generateService prints the service itself, before run prints the pod
            suffix = " (server dry run)" if dry_run == "server" else ""
            output.print_new_object(ctx, service, out_format, suffix=suffix, server=True)
    if opts.interactive:
        ctx.start_stream("attach", namespace=ns, pod=name, container=name, rm=opts.rm,
                         quiet=opts.quiet)
        return 0
    suffix = " (server dry run)" if dry_run == "server" else ""
    output.print_new_object(ctx, created, out_format, suffix=suffix, server=True)
    return errors.flush(ctx)


def build_service(opts: RunOptions) -> dict[str, Any]:
    """The ClusterIP Service of --expose (generateService): the pod's labels select it, its
    port and target port are --port; it is labelled only when --labels was given."""
    name = opts.name
    labels = _labels(opts.labels, name)
    port = int(opts.port)
    metadata: dict[str, Any] = {"name": name, "creationTimestamp": None}
    if opts.labels:
        metadata["labels"] = labels
    spec = {"ports": [{"protocol": "TCP", "port": port, "targetPort": port}], "selector": labels}
    return {"kind": "Service", "apiVersion": "v1", "metadata": metadata, "spec": spec,
            "status": {"loadBalancer": {}}}


def build_pod(opts: RunOptions) -> dict[str, Any]:
    """The object kubectl run sends, in the field order of the Go struct (JSON keeps it)."""
    name = opts.name
    labels = _labels(opts.labels, name)
    metadata: dict[str, Any] = {"name": name, "creationTimestamp": None, "labels": labels}
    annotations = _pairs(list(opts.annotations), "annotation")
    if annotations:
        metadata["annotations"] = annotations
    container: dict[str, Any] = {"name": name, "image": opts.image}
    words = list(opts.command_words)
    if words:
        container["command" if opts.command else "args"] = words
    port = opts.port
    if port:
        try:
            container["ports"] = [{"containerPort": int(port)}]
        except ValueError:
            raise KubectlError(f'strconv.Atoi: parsing "{port}": invalid syntax') from None
    # an empty value is Go's zero value, left out of the object (`--env=NAME=`)
    env = [{"name": k, "value": v} if v else {"name": k} for k, v in _env(list(opts.env))]
    if env:
        container["env"] = env
    container["resources"] = {}
    if opts.image_pull_policy:
        container["imagePullPolicy"] = opts.image_pull_policy
    if opts.stdin:
        container["stdin"] = True
        if not opts.leave_stdin_open:
            container["stdinOnce"] = True
    if opts.tty:
        container["tty"] = True
    if opts.privileged:
        container["securityContext"] = {"privileged": True}
    spec = {"containers": [container], "restartPolicy": opts.restart, "dnsPolicy": "ClusterFirst"}
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
