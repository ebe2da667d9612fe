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
from playground.sim.runtime import downward
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


def declared_env(record: dict[str, Any], container: dict[str, Any]) -> dict[str, str]:
    """The kubelet-made variables: declared ones (resolved, expanded) then the services'."""
    service = dict(SERVICE_ENV)
    made: dict[str, str] = {}

    def lookup(name: str) -> str | None:
        return made.get(name, service.get(name))

    for item in container.get("env") or []:
        name = str(item.get("name", ""))
        if item.get("value") not in (None, ""):
            made[name] = expand(str(item["value"]), lookup)
        elif item.get("valueFrom"):
            try:
                value = downward.env_source_value(record, container, item["valueFrom"])
            except downward.FieldError:
                value = ""  # the API server's validation keeps such paths out of real pods
            if value is None:
                continue  # a ConfigMap/Secret source: no such objects in the playground
            made[name] = value
        else:
            made[name] = ""
    for name, value in SERVICE_ENV:
        made.setdefault(name, value)
    return made


def environment(record: dict[str, Any], container: dict[str, Any]) -> dict[str, str]:
    """What ``env`` prints in the container, in containerd's order: PATH and HOSTNAME, the
    image's ENV, the kubelet's variables (one of the same name takes the earlier one's
    place), and HOME last (runc adds it when nothing set it)."""
    hostname = record["spec"].get("hostname") or record["metadata"]["name"]
    env = {"PATH": PATH, "HOSTNAME": hostname}
    image = images.lookup(str(container.get("image") or ""))
    env.update(image.env if image is not None else ())
    env.update(declared_env(record, container))
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


def prepared(record: dict[str, Any], container: dict[str, Any]) -> dict[str, Any]:
    """The container as its process starts: command/args expanded, ``env`` as plain values
    (the full environment under ``_environment`` for the shell that runs a script)."""
    env = environment(record, container)
    out = dict(container)
    out.update(expanded_argv(container, env))
    out["env"] = [{"name": k, "value": v} for k, v in declared_env(record, container).items()]
    out["_environment"] = env
    out["_files"] = kubelet_files(record, container)
    return out


def kubelet_files(record: dict[str, Any], container: dict[str, Any]) -> dict[str, str]:
    """Files the kubelet puts in the container before it starts (its downwardAPI volumes),
    by absolute path."""
    volumes = {v["name"]: v for v in record["spec"].get("volumes") or []}
    files: dict[str, str] = {}
    for mount in container.get("volumeMounts") or []:
        volume = volumes.get(mount.get("name"))
        if volume is not None and downward.is_downward(volume):
            root = posixpath.normpath(str(mount.get("mountPath", "/")))
            for rel, text in downward.volume_files(record, volume).items():
                files[posixpath.join(root, rel)] = text
    return files
