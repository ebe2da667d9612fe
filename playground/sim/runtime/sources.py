"""ConfigMaps and Secrets as the kubelet consumes them: environment variables (``valueFrom``,
``envFrom``), volumes (``configMap``, ``secret``, ``projected``) and their error texts.

The pod record carries the history of every ConfigMap and Secret it references
(``_sim.sources``: ``"configmap/NAME"`` → ``[[t, payload or None], …]``, written by
``cluster_configdata``), so a pod's status stays a pure function of its record and the instant:
a container created before a ConfigMap existed fails, one created after reads its data.
``kube-root-ca.crt`` is always there (the root-ca-cert-publisher keeps it in every namespace).
"""

from __future__ import annotations

import posixpath
from typing import Any

from playground.sim.admission import gobase64
from playground.sim.runtime import atomic_writer

ROOT_CA = "kube-root-ca.crt"
# the kubelet's managers name the resource in the singular (corev1.Resource("configmap"))
_NOT_FOUND = '{kind} "{name}" not found'
Payload = dict[str, Any]


def key(kind: str, name: str) -> str:
    return f"{kind}/{name}"


def referenced(pod: dict[str, Any]) -> set[tuple[str, str]]:
    """(kind, name) of every ConfigMap and Secret the pod's env, envFrom, volumes and
    imagePullSecrets name."""
    spec = pod.get("spec") or {}
    out: set[tuple[str, str]] = set(("secret", name) for name in pull_secret_names(pod))
    for c in [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]:
        for item in c.get("env") or []:
            source = item.get("valueFrom") or {}
            for field, kind in (("configMapKeyRef", "configmap"), ("secretKeyRef", "secret")):
                if isinstance(source.get(field), dict) and source[field].get("name"):
                    out.add((kind, str(source[field]["name"])))
        for item in c.get("envFrom") or []:
            for field, kind in (("configMapRef", "configmap"), ("secretRef", "secret")):
                if isinstance(item.get(field), dict) and item[field].get("name"):
                    out.add((kind, str(item[field]["name"])))
    for volume in spec.get("volumes") or []:
        for kind, name in _volume_refs(volume):
            out.add((kind, name))
    out.discard(("configmap", ROOT_CA))
    return out


def pull_secret_names(pod: dict[str, Any]) -> list[str]:
    """The Secrets ``spec.imagePullSecrets`` names, in order; the kubelet skips an entry
    without a name (validation lets it through)."""
    refs = (pod.get("spec") or {}).get("imagePullSecrets") or []
    return [str(r["name"]) for r in refs if isinstance(r, dict) and r.get("name")]


def _volume_refs(volume: dict[str, Any]) -> list[tuple[str, str]]:
    refs = []
    if isinstance(volume.get("configMap"), dict):
        refs.append(("configmap", str(volume["configMap"].get("name") or "")))
    if isinstance(volume.get("secret"), dict):
        refs.append(("secret", str(volume["secret"].get("secretName") or "")))
    for source in (volume.get("projected") or {}).get("sources") or []:
        if isinstance(source.get("configMap"), dict):
            refs.append(("configmap", str(source["configMap"].get("name") or "")))
        if isinstance(source.get("secret"), dict):
            refs.append(("secret", str(source["secret"].get("name") or "")))
    return refs


def at(record: dict[str, Any], kind: str, name: str, t: float | None) -> Payload | None:
    """The object's data as the kubelet reads it at ``t`` (None: latest), None when missing."""
    if (kind, name) == ("configmap", ROOT_CA):
        seed = str((record.get("_sim") or {}).get("seed", "")).split("/", 1)[0]
        return {"data": {"ca.crt": root_ca_pem(seed)}}
    history = ((record.get("_sim") or {}).get("sources") or {}).get(key(kind, name)) or []
    chosen: Payload | None = None
    for when, payload in history:
        if t is None or float(when) <= t:
            chosen = payload
    return chosen


def strings(kind: str, payload: Payload) -> dict[str, str]:
    """Key → text: a ConfigMap's data (binaryData decoded), a Secret's data decoded."""
    out: dict[str, str] = {}
    if kind == "configmap":
        out.update({k: str(v) for k, v in (payload.get("data") or {}).items()})
        for k, v in (payload.get("binaryData") or {}).items():
            out[k] = gobase64.decode(str(v)).decode("utf-8", errors="replace")
    else:
        for k, v in (payload.get("data") or {}).items():
            out[k] = gobase64.decode(str(v)).decode("utf-8", errors="replace")
    return out


def _title(kind: str) -> str:
    return "ConfigMap" if kind == "configmap" else "Secret"


# ------------------------------------------------------------------ environment
class EnvError(ValueError):
    """makeEnvironmentVariables' error: the container cannot be created (its message)."""


def env_from(record: dict[str, Any], container: dict[str, Any], t: float | None
             ) -> dict[str, str]:
    """The variables of ``envFrom`` in order (EnvError for a missing required source).

    Every key becomes a variable, prefixed: since 1.30 (relaxed environment variable names,
    KEP-4369) the kubelet no longer skips keys that are no C-like names, nor records the
    InvalidEnvironmentVariableNames event older kubelets did."""
    made: dict[str, str] = {}
    for item in container.get("envFrom") or []:
        for field, kind in (("configMapRef", "configmap"), ("secretRef", "secret")):
            ref = item.get(field)
            if not isinstance(ref, dict):
                continue
            name = str(ref.get("name") or "")
            payload = at(record, kind, name, t)
            if payload is None:
                if ref.get("optional"):
                    continue
                raise EnvError(_NOT_FOUND.format(kind=kind, name=name))
            prefix = str(item.get("prefix") or "")
            for k, v in sorted(strings(kind, payload).items()):
                made[prefix + k] = v
    return made


def key_ref(record: dict[str, Any], source: dict[str, Any], t: float | None) -> str | None:
    """A ``configMapKeyRef`` / ``secretKeyRef`` value; None: optional and absent (the variable
    is left out); EnvError when a required object or key is missing."""
    for field, kind in (("configMapKeyRef", "configmap"), ("secretKeyRef", "secret")):
        ref = source.get(field)
        if not isinstance(ref, dict):
            continue
        name, wanted = str(ref.get("name") or ""), str(ref.get("key") or "")
        optional = bool(ref.get("optional"))
        payload = at(record, kind, name, t)
        if payload is None:
            if optional:
                return None
            raise EnvError(_NOT_FOUND.format(kind=kind, name=name))
        values = strings(kind, payload)
        if wanted not in values:
            if optional:
                return None
            ns = record["metadata"]["namespace"]
            raise EnvError(f"couldn't find key {wanted} in {_title(kind)} {ns}/{name}")
        return values[wanted]
    raise EnvError("no source")


def is_key_ref(source: dict[str, Any]) -> bool:
    return "configMapKeyRef" in source or "secretKeyRef" in source


# ------------------------------------------------------------------ volumes
def is_object_volume(volume: dict[str, Any]) -> bool:
    """A volume whose files come from ConfigMaps or Secrets (maybe with downwardAPI)."""
    sources = (volume.get("projected") or {}).get("sources") or []
    return ("configMap" in volume or "secret" in volume
            or any("configMap" in s or "secret" in s for s in sources))


def _payload_files(kind: str, payload: Payload | None, items: list[dict[str, Any]] | None,
                   optional: bool) -> dict[str, str]:
    """MakePayload: every key, or the listed items at their paths; the plugins' errors."""
    values = strings(kind, payload) if payload is not None else {}
    if not items:
        return dict(values)
    files: dict[str, str] = {}
    for item in items:
        wanted = str(item.get("key") or "")
        if wanted not in values:
            if optional:
                continue
            what = "configmap references non-existent config key" if kind == "configmap" \
                else "references non-existent secret key"
            raise MountError(f"{what}: {wanted}")
        files[posixpath.normpath(str(item.get("path") or wanted))] = values[wanted]
    return files


class MountError(ValueError):
    """The volume plugin's SetUp error (the text after ``MountVolume.SetUp failed for …: ``)."""


def _one(record: dict[str, Any], kind: str, ref: dict[str, Any], name_field: str,
         t: float | None) -> dict[str, str]:
    name = str(ref.get(name_field) or "")
    optional = bool(ref.get("optional"))
    payload = at(record, kind, name, t)
    if payload is None and not optional:
        raise MountError(_NOT_FOUND.format(kind=kind, name=name))
    return _payload_files(kind, payload, ref.get("items"), optional)


def volume_files(record: dict[str, Any], volume: dict[str, Any], t: float | None,
                 downward_files: dict[str, str] | None = None) -> dict[str, str]:
    """The files of a configMap, secret or projected volume relative to its mount path (each
    also under ``..data/`` and the timestamped directory, the atomic writer's layout);
    MountError as the plugin words it."""
    if isinstance(volume.get("configMap"), dict):
        files = _one(record, "configmap", volume["configMap"], "name", t)
    elif isinstance(volume.get("secret"), dict):
        files = _one(record, "secret", volume["secret"], "secretName", t)
    else:
        files, errors = {}, []
        for source in (volume.get("projected") or {}).get("sources") or []:
            try:
                if isinstance(source.get("configMap"), dict):
                    files.update(_one(record, "configmap", source["configMap"], "name", t))
                elif isinstance(source.get("secret"), dict):
                    files.update(_one(record, "secret", source["secret"], "name", t))
            except MountError as exc:
                errors.append(str(exc))
        if errors:  # utilerrors.NewAggregate: one error as it is, several in brackets
            raise MountError(errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")
        files.update({k: v for k, v in (downward_files or {}).items()
                      if not k.startswith("..")})
    return atomic_writer.for_pod(record, volume, files)


def synced_at(record: dict[str, Any], now: float | None) -> float | None:
    """The kubelet's last periodic sync of the pod by ``now``: mounted ConfigMaps and Secrets
    show the data they had then (None: the latest)."""
    # the lifecycle imports this module
    from playground.sim.lifecycle import mounts
    from playground.sim.lifecycle.stages import delay

    if now is None:
        return None
    sim = record.get("_sim") or {}
    created = float(sim.get("start", sim.get("created", now)))
    first = created + delay("kubelet-sync")
    if now < first:
        return now
    period = delay("volume-resync")
    mounted = first + mounts.wait(record, created, now).shift  # set up once it could be
    return max(mounted, first + ((now - first) // period) * period) if mounted <= now else now


def mount_errors(record: dict[str, Any], t: float) -> list[tuple[str, str]]:
    """(volume name, SetUp error) of every volume that cannot be set up at ``t``."""
    out = []
    for volume in record["spec"].get("volumes") or []:
        if not is_object_volume(volume):
            continue
        try:
            volume_files(record, volume, t)
        except MountError as exc:
            out.append((str(volume.get("name") or ""), str(exc)))
    return out


def root_ca_pem(cluster_seed: str) -> str:
    """The cluster CA certificate ``kube-root-ca.crt`` holds: a PEM block of this cluster's
    own (random, reproducible) bytes, the size of a kubeadm CA certificate."""
    import hashlib

    der = b""
    counter = 0
    while len(der) < 1107:
        der += hashlib.sha256(f"{cluster_seed}/root-ca/{counter}".encode()).digest()
        counter += 1
    text = gobase64.encode(b"\x30\x82\x04\x4f" + der[:1103])
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"
