"""A container's environment as the kubelet builds it, and its command and args expanded.

The kubelet's order of work: each declared ``env`` entry in turn, a literal ``value`` expanded
against the entries declared before it and the service variables, a ``valueFrom`` resolved
(never expanded); then the service variables not declared; then ``command`` and ``args``
expanded against the whole result.
"""

from __future__ import annotations

import posixpath
from typing import Any

from playground.sim import images
from playground.sim.runtime import downward, sources
from playground.sim.runtime.expansion import expand

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# The default namespace's `kubernetes` Service, which every pod's environment describes.
SERVICE_ENV: tuple[tuple[str, str], ...] = (
    ("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
    ("KUBERNETES_SERVICE_PORT", "443"),
    ("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
    ("KUBERNETES_PORT", "tcp://10.96.0.1:443"),
    ("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"),
    ("KUBERNETES_PORT_443_TCP_PROTO", "tcp"),
    ("KUBERNETES_PORT_443_TCP_PORT", "443"),
    ("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"),
)


def declared_env(record: dict[str, Any], container: dict[str, Any],
                 at: float | None = None) -> dict[str, str]:
    """The kubelet-made variables: ``envFrom``'s, declared ones (resolved, expanded) then the
    services'. ConfigMaps and Secrets are read as they were at ``at`` (the container's
    creation; None: their latest data); a missing required one raises ``sources.EnvError``."""
    service = dict(SERVICE_ENV)
    made = sources.env_from(record, container, at)

    def lookup(name: str) -> str | None:
        return made.get(name, service.get(name))

    for item in container.get("env") or []:
        name = str(item.get("name", ""))
        if item.get("value") not in (None, ""):
            made[name] = expand(str(item["value"]), lookup)
        elif item.get("valueFrom"):
            source = item["valueFrom"]
            try:
                value = (sources.key_ref(record, source, at) if sources.is_key_ref(source)
                         else downward.env_source_value(record, container, source))
            except downward.FieldError:
                value = ""  # the API server's validation keeps such paths out of real pods
            if value is None:
                continue  # an optional ConfigMap/Secret key that is not there
            made[name] = value
        else:
            made[name] = ""
    for name, value in SERVICE_ENV:
        made.setdefault(name, value)
    return made


def environment(record: dict[str, Any], container: dict[str, Any],
                at: float | None = None) -> dict[str, str]:
    """What ``env`` prints in the container, in containerd's order: PATH and HOSTNAME, the
    image's ENV, the kubelet's variables as made at ``at`` (one of the same name takes the
    earlier one's place), and HOME last (runc adds it when nothing set it)."""
    hostname = record["spec"].get("hostname") or record["metadata"]["name"]
    env = {"PATH": PATH, "HOSTNAME": hostname}
    image = images.lookup(str(container.get("image") or ""))
    env.update(image.env if image is not None else ())
    try:
        env.update(declared_env(record, container, at))
    except sources.EnvError:
        pass  # no such container runs (it waits in CreateContainerConfigError)
    env.setdefault("HOME", home_of(record, container))
    return env


def home_of(record: dict[str, Any], container: dict[str, Any]) -> str:
    from playground.sim.runtime import security  # the user decides HOME

    return "/root" if security.identity(record, container).uid == 0 else "/"


def expanded_argv(container: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    """``command`` and ``args`` with their ``$(VAR)`` references expanded (only the keys the
    container has)."""
    out: dict[str, Any] = {}
    for key in ("command", "args"):
        if container.get(key):
            out[key] = [expand(str(word), env) for word in container[key]]
    return out


def prepared(record: dict[str, Any], container: dict[str, Any],
             at: float | None = None) -> dict[str, Any]:
    """The container as its process starts at ``at``: command/args expanded, ``env`` as plain
    values (the full environment under ``_environment`` for the shell that runs a script)."""
    env = environment(record, container, at)
    out = dict(container)
    out.update(expanded_argv(container, env))
    try:
        declared = declared_env(record, container, at)
    except sources.EnvError:
        declared = {}
    out["env"] = [{"name": k, "value": v} for k, v in declared.items()]
    out["_environment"] = env
    out["_files"] = kubelet_files(record, container, at)
    return out


def volume_files(record: dict[str, Any], volume: dict[str, Any],
                 at: float | None = None) -> dict[str, str] | None:
    """The files the kubelet writes into a volume (downwardAPI, configMap, secret, projected)
    relative to its mount path; None for volumes it does not write (emptyDir, …)."""
    downward_files = downward.volume_files(record, volume) if downward.is_downward(volume) \
        else None
    if sources.is_object_volume(volume):
        try:
            return sources.volume_files(record, volume, at, downward_files)
        except sources.MountError:
            return {}  # not mounted: the pod waits in ContainerCreating
    return downward_files


def kubelet_files(record: dict[str, Any], container: dict[str, Any],
                  at: float | None = None) -> dict[str, str]:
    """Files the kubelet puts in the container before it starts (its downwardAPI, configMap,
    secret and projected volumes), by absolute path."""
    volumes = {v["name"]: v for v in record["spec"].get("volumes") or []}
    files: dict[str, str] = {}
    for mount in container.get("volumeMounts") or []:
        volume = volumes.get(mount.get("name"))
        written = volume_files(record, volume, at) if volume is not None else None
        if written is not None:
            root = posixpath.normpath(str(mount.get("mountPath", "/")))
            for rel, text in written.items():
                files[posixpath.join(root, rel)] = text
    return files
