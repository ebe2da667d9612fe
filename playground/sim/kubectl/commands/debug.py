"""kubectl debug: an ephemeral container in a running pod, a changed copy of a pod, or a pod
in a node's host namespaces; with -i it attaches as ``kubectl attach`` would.

Complete → Validate → Run in kubectl v1.32's order (debug.go): the flag checks and their
words, the informational lines ("Targeting container", "Defaulting debug container name",
"Creating debugging pod") on stdout, the legacy-profile notice on stderr. The builders are in
``debug_pods``; the API server's side of an ephemeral container in ``ephemeral_containers``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from playground.sim import ephemeral_containers
from playground.sim.admission import manifests
from playground.sim.kubectl import common, debug_pods, kinds, resources
from playground.sim.kubectl.commands.run import valid_image
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import FlagError, KubectlError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "debug"
EXAMPLES = """  # Create an interactive debugging session in pod mypod and immediately attach to it.
  kubectl debug mypod -it --image=busybox"""

FLAGS = [
    Flag("arguments-only", kind="bool", default=False),
    Flag("attach", kind="bool", default=False),
    Flag("container", "c", default=""),
    Flag("copy-to", default=""),
    Flag("custom", default=""),
    Flag("env", kind="list"),
    Flag("image", default=""),
    Flag("image-pull-policy", default=""),
    Flag("keep-annotations", kind="bool", default=False),
    Flag("keep-init-containers", kind="bool", default=True),
    Flag("keep-labels", kind="bool", default=False),
    Flag("keep-liveness", kind="bool", default=False),
    Flag("keep-readiness", kind="bool", default=False),
    Flag("keep-startup", kind="bool", default=False),
    Flag("profile", default="legacy"),
    Flag("quiet", "q", kind="bool", default=False),
    Flag("replace", kind="bool", default=False),
    Flag("same-node", kind="bool", default=False),
    Flag("set-image", kind="list"),
    Flag("share-processes", kind="bool", default=True),
    Flag("stdin", "i", kind="bool", default=False),
    Flag("target", default=""),
    Flag("tty", "t", kind="bool", default=False),
    common.FILENAME,
]

_PULL_POLICIES = ("Always", "IfNotPresent", "Never", "")
_LEGACY_NOTICE = ("--profile=legacy is deprecated and will be removed in the future. It is "
                  'recommended to explicitly specify a profile, for example "--profile=general".')


@dataclass(frozen=True)
class DebugOptions:
    targets: list[str]
    namespace: common.NamespaceOptions
    files: common.FilenameOptions
    spec: debug_pods.DebugSpec
    attach: bool
    attach_given: bool
    copy_to: str
    replace: bool
    same_node: bool
    set_images: dict[str, str]
    share_processes: bool | None  # None: not given (the copy keeps the pod's setting)
    target: str
    quiet: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> DebugOptions:
        args = parsed.args
        dash = parsed.dash_at
        targets, command = (args[:dash], args[dash:]) if dash is not None else (args, [])
        profile = str(parsed["profile"])
        if profile not in debug_pods.PROFILES:
            raise KubectlError(f"unknown profile: {profile}")
        custom = _custom_profile(str(parsed["custom"]), ctx) if parsed["custom"] else None
        stdin = bool(parsed["stdin"])
        keep = {"labels": bool(parsed["keep-labels"]),
                "annotations": bool(parsed["keep-annotations"]),
                "liveness": bool(parsed["keep-liveness"]),
                "readiness": bool(parsed["keep-readiness"]),
                "startup": bool(parsed["keep-startup"]),
                "init-containers": bool(parsed["keep-init-containers"])}
        spec = debug_pods.DebugSpec(
            image=str(parsed["image"]), container=str(parsed["container"]), args=list(command),
            args_only=bool(parsed["arguments-only"]), env=_pairs(parsed["env"], "env"),
            pull_policy=str(parsed["image-pull-policy"]), stdin=stdin, tty=bool(parsed["tty"]),
            profile=profile, keep=keep, custom=custom)
        set_images = {p["name"]: p["value"] for p in _pairs(parsed["set-image"], "set-image")}
        return cls(
            targets=list(targets), namespace=common.NamespaceOptions.complete(parsed, ctx),
            files=common.FilenameOptions.complete(parsed), spec=spec,
            attach=bool(parsed["attach"]) if parsed.was_given("attach") else stdin,
            attach_given=parsed.was_given("attach"), copy_to=str(parsed["copy-to"]),
            replace=bool(parsed["replace"]), same_node=bool(parsed["same-node"]),
            set_images=set_images,
            share_processes=bool(parsed["share-processes"]) if parsed.was_given(
                "share-processes") else None,
            target=str(parsed["target"]), quiet=bool(parsed["quiet"]))

    def validate(self, ctx: Ctx) -> None:
        """DebugOptions.Validate's checks in its order, with its words."""
        spec = self.spec
        if self.attach and self.attach_given and not spec.image and not spec.container:
            raise KubectlError("you must specify --container or create a new container using "
                               "--image in order to attach.")
        if self.copy_to:
            if not spec.image and not self.set_images and not spec.args:
                raise KubectlError("you must specify --image, --set-image or command arguments.")
            if spec.args and not spec.container and not spec.image:
                raise KubectlError("you must specify an existing container or a new image when "
                                   "specifying args.")
        elif self.replace:
            raise KubectlError("--replace may only be used with --copy-to.")
        elif self.same_node:
            raise KubectlError("--same-node may only be used with --copy-to.")
        elif self.set_images:
            raise KubectlError("--set-image may only be used with --copy-to.")
        elif not spec.image:
            raise KubectlError("you must specify --image when not using --copy-to.")
        if spec.image and not valid_image(spec.image):
            raise KubectlError(f'invalid image name "{spec.image}": invalid reference format')
        if not self.targets and not self.files.filenames:
            raise KubectlError("NAME or filename is required for debug")
        if spec.pull_policy not in _PULL_POLICIES:
            raise KubectlError(f"invalid image pull policy: {spec.pull_policy}")
        for name, image in self.set_images.items():
            if not valid_image(image):
                raise KubectlError(f'invalid image name "{image}" for container "{name}": '
                                   "invalid reference format")
        if self.target:
            if self.copy_to:
                raise KubectlError("--target is incompatible with --copy-to. Use "
                                   "--share-processes instead.")
            if not self.quiet:
                ctx.out(f'Targeting container "{self.target}". If you don\'t see processes '
                        "from this container it may be because the container runtime doesn't "
                        "support this feature.\n")
        if spec.tty and not spec.stdin:
            raise KubectlError("-i/--stdin is required for containers with -t/--tty=true")
        if spec.custom is not None and any(spec.custom.get(k) for k in (
                "name", "command", "image", "lifecycle", "volumeDevices")):
            raise KubectlError("name, command, image, lifecycle and volume devices are not "
                               "modifiable via custom profile")
        if spec.profile == "legacy":
            ctx.err(_LEGACY_NOTICE + "\n")


def _custom_profile(path: str, ctx: Ctx) -> dict[str, Any]:
    """--custom's partial container spec, JSON or else YAML (Complete reads it at once)."""
    text = ctx.files.read(path)
    if text is None:
        raise KubectlError("must pass a container spec json file for custom profile: open "
                           f"{path}: no such file or directory")
    try:
        value = json.loads(text)
    except ValueError:
        problem = manifests.yaml_error(text)
        if problem is not None:
            raise KubectlError(f"{path} does not contain a valid container spec: "
                               f"{problem}") from None
        value = yaml.safe_load(text)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise KubectlError(f"{path} does not contain a valid container spec: error "
                           "unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                           f"{manifests.go_type(value)} into Go value of type v1.Container")
    return value


def _pairs(items: list[str], flag: str) -> list[dict[str, str]]:
    """A StringToString flag: key=value pairs (later keys win); kubectl walks the Go map, so
    the order is the map's: here, sorted by key."""
    out: dict[str, str] = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq:
            raise FlagError(f'invalid argument "{item}" for "--{flag}" flag: {item} must be '
                            "formatted as key=value", "debug")
        out[key] = value
    return [{"name": k, "value": out[k]} for k in sorted(out)]


Target = tuple[resources.Resource, str, str, "dict[str, Any] | None"]


def _targets(opts: DebugOptions, ctx: Ctx) -> list[Target]:
    """(resource, name, namespace, the file's object) of what -f files name, then of the
    arguments (the builder's FilenameParam, then ResourceNames with pods as the default
    type). A file's object is used as written (the builder does not fetch it again)."""
    ns = opts.namespace.namespace
    out: list[Target] = []
    for source in opts.files.read(ctx):
        for obj in source.objects:
            resource = common.mapping(obj, source.name)
            out.append((resource, common.manifest_name(obj),
                        opts.namespace.of_object(obj), obj))
    for word in opts.targets:
        kind, slash, name = word.partition("/")
        out.append((resources.lookup(kind) if slash else resources.POD,
                    name if slash else kind, ns, None))
    return out


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = DebugOptions.complete(parsed, ctx)
    opts.validate(ctx)
    for resource, name, ns, written in _targets(opts, ctx):
        if resource == resources.NODE:
            pod, container = _debug_node(opts, ctx, ns, written or ctx.cluster.node(name))
        elif resource == resources.POD:
            # the ephemeral container is a patch of the live pod (its name checked there)
            target = written if written is not None and opts.copy_to else ctx.cluster.pod(
                ns, name)
            if opts.copy_to:
                pod, container = _debug_copy(opts, ctx, ns, target)
            else:
                pod, container = _debug_ephemeral(opts, ctx, ns, target)
        else:
            # the builder fetched it first (NotFound stands), then debug refuses its kind with
            # the GroupVersionKind's String() quoted
            kinds.kind_of(resource).get_one(ctx.cluster, ns, name)
            version = resource.api_version if "/" in resource.api_version \
                else "/" + resource.api_version
            raise KubectlError(f'"{version}, Kind={resource.kind}" not supported by debug')
        if opts.attach and container:
            ctx.start_stream("attach", namespace=ns, pod=pod["metadata"]["name"],
                             container=container, rm=False, verb="debug",
                             stdin=opts.spec.stdin, tty=opts.spec.tty, quiet=opts.quiet)
            return 0
    return 0


def _new_name(opts: DebugOptions, ctx: Ctx, pod: dict[str, Any]) -> str:
    """computeDebugContainerName: -c, else debugger-xxxxx not taken in the pod."""
    if opts.spec.container:
        return opts.spec.container
    spec = pod.get("spec") or {}
    taken = {c["name"] for key in ("containers", "initContainers", "ephemeralContainers")
             for c in spec.get(key) or []}
    rng = ctx.cluster.rng("debug-name", pod["metadata"]["name"], str(ctx.cluster.state["rv"]))
    name = ""
    while not name or name in taken:
        name = "debugger-" + "".join(rng.choice(_ALPHABET) for _ in range(5))
    if not opts.quiet:
        ctx.out(f"Defaulting debug container name to {name}.\n")
    return name


_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # apimachinery's rand.String


def _debug_ephemeral(opts: DebugOptions, ctx: Ctx, ns: str,
                     pod: dict[str, Any]) -> tuple[dict[str, Any], str]:
    name = _new_name(opts, ctx, pod)
    container = debug_pods.ephemeral_container(opts.spec, name, opts.target)
    updated = ephemeral_containers.add(ctx.cluster, ns, pod["metadata"]["name"], container)
    return updated, name


def _debug_copy(opts: DebugOptions, ctx: Ctx, ns: str,
                pod: dict[str, Any]) -> tuple[dict[str, Any], str]:
    by_name = {c["name"] for key in ("containers", "initContainers")
               for c in (pod.get("spec") or {}).get(key) or []}
    adding = not (opts.spec.container and opts.spec.container in by_name)
    if adding and not opts.spec.image and not opts.set_images:
        raise KubectlError("you must specify image when creating new container")
    # a new container is named the way an ephemeral one is (in the copy, which lacks them)
    copied_view = {"metadata": pod["metadata"], "spec": dict(
        pod.get("spec") or {}, ephemeralContainers=[])}
    new_name = _new_name(opts, ctx, copied_view) if adding and (
        opts.spec.image) and not opts.spec.container else opts.spec.container
    copied, container = debug_pods.pod_copy(opts.spec, pod, opts.copy_to, opts.set_images,
                                           opts.share_processes, opts.same_node, new_name)
    created = ctx.cluster.create_pod(copied, ns)
    if opts.replace:
        # DeleteOptions with gracePeriodSeconds 0: the API server removes it at once
        ctx.cluster.delete_pod(ns, pod["metadata"]["name"], grace=0, force=True)
    return created, container


def _debug_node(opts: DebugOptions, ctx: Ctx, ns: str,
                node: dict[str, Any]) -> tuple[dict[str, Any], str]:
    container = opts.spec.container or "debugger"
    node_name = node["metadata"]["name"]
    rng = ctx.cluster.rng("node-debugger", node_name, str(ctx.cluster.state["rv"]))
    pod_name = f"node-debugger-{node_name}-" + "".join(rng.choice(_ALPHABET) for _ in range(5))
    if not opts.quiet:
        ctx.out(f"Creating debugging pod {pod_name} with container {container} on node "
                f"{node_name}.\n")
    created = ctx.cluster.create_pod(debug_pods.node_pod(opts.spec, node_name, pod_name,
                                                         container), ns)
    return created, container
