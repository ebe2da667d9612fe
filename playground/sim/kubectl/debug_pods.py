"""What ``kubectl debug`` sends: an ephemeral container, a copy of a pod, a node's debug pod.

Each builder follows kubectl v1.32's generate* functions, then its debug profile
(profiles.go: legacy, general, baseline, restricted, netadmin, sysadmin) edits the result as
that profile does for the same style of debugging.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from playground.sim.kubectl import patching

PROFILES = ("legacy", "general", "baseline", "restricted", "netadmin", "sysadmin")


@dataclass(frozen=True)
class DebugSpec:
    """The options that shape the debug container (DebugOptions' fields)."""

    image: str
    container: str
    args: list[str]
    args_only: bool
    env: list[dict[str, str]]
    pull_policy: str
    stdin: bool
    tty: bool
    profile: str
    keep: dict[str, bool] = field(default_factory=dict)  # labels, annotations, liveness, ...
    custom: dict[str, Any] | None = None  # --custom: a partial container spec merged last


def _base_container(opts: DebugSpec, name: str) -> dict[str, Any]:
    """The container kubectl fills in, in the Go struct's field order (JSON keeps it)."""
    c: dict[str, Any] = {"name": name}
    if opts.image:
        c["image"] = opts.image
    if opts.args:
        c["args" if opts.args_only else "command"] = list(opts.args)
    if opts.env:
        c["env"] = list(opts.env)
    c["resources"] = {}
    c["terminationMessagePolicy"] = "File"
    if opts.pull_policy:
        c["imagePullPolicy"] = opts.pull_policy
    if opts.stdin:
        c["stdin"] = True
    if opts.tty:
        c["tty"] = True
    return c


def ephemeral_container(opts: DebugSpec, name: str, target: str) -> dict[str, Any]:
    """generateDebugContainer's EphemeralContainer, with the profile applied."""
    c = _base_container(opts, name)
    if target:
        c["targetContainerName"] = target
    _container_profile(opts.profile, c, "ephemeral")
    return _custom(opts, c)


def node_pod(opts: DebugSpec, node: str, pod_name: str, container: str) -> dict[str, Any]:
    """generateNodeDebugPod: one container on the node, restartPolicy Never, tolerating every
    taint; the profile decides host namespaces and the node's root at /host."""
    c = _base_container(opts, container)
    spec: dict[str, Any] = {"containers": [c], "nodeName": node, "restartPolicy": "Never",
                            "tolerations": [{"operator": "Exists"}]}
    pod = {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": pod_name}, "spec": spec}
    profile = opts.profile
    if profile in ("legacy", "general", "sysadmin"):
        spec["volumes"] = [{"name": "host-root", "hostPath": {"path": "/"}}]
        c["volumeMounts"] = [{"mountPath": "/host", "name": "host-root"}]
    if profile in ("legacy", "general", "netadmin", "sysadmin"):
        spec.update(hostNetwork=True, hostPID=True, hostIPC=True)
    _container_profile(profile, c, "node")
    spec["containers"] = [_custom(opts, c)]
    return pod


def pod_copy(opts: DebugSpec, pod: dict[str, Any], copy_to: str, set_images: dict[str, str],
             share_processes: bool | None, same_node: bool,
             new_name: str) -> tuple[dict[str, Any], str]:
    """generatePodCopyWithDebugContainer: the copy and the name of its debug container ("" for
    a --set-image-only copy). ``new_name`` names a container added to it."""
    meta = pod.get("metadata") or {}
    spec = copy.deepcopy(pod.get("spec") or {})
    metadata: dict[str, Any] = {"name": copy_to, "namespace": meta.get("namespace")}
    if meta.get("annotations"):
        metadata["annotations"] = dict(meta["annotations"])
    if meta.get("labels"):
        metadata["labels"] = dict(meta["labels"])
    spec.pop("ephemeralContainers", None)
    if share_processes is not None:
        spec["shareProcessNamespace"] = share_processes
    if not same_node:
        spec.pop("nodeName", None)
    for c in spec.get("containers") or []:
        override = set_images.get(c["name"], set_images.get("*", ""))
        if override:
            c["image"] = override
    by_name = {c["name"]: c for c in [*(spec.get("containers") or []),
                                      *(spec.get("initContainers") or [])]}
    name = opts.container
    target = by_name.get(name) if name else None
    if target is None:
        if not opts.image and set_images:
            return _copy_profile(opts, {"metadata": metadata, "spec": spec}, ""), ""
        name = name or new_name
        target = {"name": name, "resources": {}, "terminationMessagePolicy": "File"}
        spec.setdefault("containers", []).append(target)
    if opts.args:
        if opts.args_only:
            target["args"] = list(opts.args)
        else:
            target["command"] = list(opts.args)
            target.pop("args", None)
    if opts.env:
        target["env"] = list(opts.env)
    if opts.image:
        target["image"] = opts.image
    if opts.pull_policy:
        target["imagePullPolicy"] = opts.pull_policy
    for key, value in (("stdin", opts.stdin), ("tty", opts.tty)):
        if value:
            target[key] = True
        else:
            target.pop(key, None)
    copied = {"kind": "Pod", "apiVersion": "v1", "metadata": metadata, "spec": spec}
    return _copy_profile(opts, copied, name), name


def _copy_profile(opts: DebugSpec, pod: dict[str, Any], name: str) -> dict[str, Any]:
    """The profile's edits of a pod copy (legacy drops only the labels; the others drop what
    the --keep-* flags do not keep and share the process namespace)."""
    pod.setdefault("kind", "Pod")
    pod.setdefault("apiVersion", "v1")
    meta, spec = pod["metadata"], pod["spec"]
    if opts.profile == "legacy" or not opts.keep.get("labels"):
        meta.pop("labels", None)
    if opts.profile != "legacy":
        _drop_unkept(opts.keep, meta, spec)
    for key in ("containers", "initContainers"):
        for i, c in enumerate(spec.get(key) or []):
            if c["name"] == name:
                _container_profile(opts.profile, c, "copy")
                spec[key][i] = _custom(opts, c)
    return pod


def _drop_unkept(keep: dict[str, bool], meta: dict[str, Any], spec: dict[str, Any]) -> None:
    """What every profile but legacy drops from a copy unless a --keep-* flag keeps it; the
    copy shares its process namespace unless the pod said otherwise."""
    if not keep.get("annotations"):
        meta.pop("annotations", None)
    for c in spec.get("containers") or []:
        for flag, probe in (("liveness", "livenessProbe"), ("readiness", "readinessProbe"),
                            ("startup", "startupProbe")):
            if not keep.get(flag):
                c.pop(probe, None)
    if not keep.get("init-containers", True):
        spec.pop("initContainers", None)
    spec.setdefault("shareProcessNamespace", True)


def _custom(opts: DebugSpec, c: dict[str, Any]) -> dict[str, Any]:
    """--custom: the partial spec, named as the debug container, strategic-merged into it."""
    if opts.custom is None:
        return c
    return patching.strategic_merge(c, {**opts.custom, "name": c["name"]})


def _container_profile(profile: str, c: dict[str, Any], style: str) -> None:
    """The profile's edits of the debug container's securityContext."""
    def context() -> dict[str, Any]:
        sc: dict[str, Any] = c.setdefault("securityContext", {})
        return sc

    def add_capability(cap: str) -> None:
        caps = context().setdefault("capabilities", {})
        caps["add"] = [*caps.get("add", []), cap]

    if profile == "general":
        if style == "node":
            c.pop("securityContext", None)
        else:
            add_capability("SYS_PTRACE")
    elif profile == "baseline":
        c.pop("securityContext", None)
    elif profile == "restricted":
        c.pop("securityContext", None)
        context()["runAsNonRoot"] = True
        context()["capabilities"] = {"drop": ["ALL"]}
        context()["allowPrivilegeEscalation"] = False
        context()["seccompProfile"] = {"type": "RuntimeDefault"}
    elif profile == "netadmin":
        add_capability("NET_ADMIN")
        add_capability("NET_RAW")
    elif profile == "sysadmin":
        context()["privileged"] = True
