"""Line builders shared by describers: labels, annotations, tolerations, volumes, resources.

Every helper returns tab-separated lines (no newline) that ``tabwriter.format_lines`` aligns with
minwidth 0 and padding 2, the way kubectl's describe PrefixWriter + tabwriter does.
"""

from __future__ import annotations

from typing import Any

# kubectl hides this annotation in describe output.
_SKIP_ANNOTATIONS = {"kubectl.kubernetes.io/last-applied-configuration"}
_MAX_ANNOTATION_LEN = 140


def labels_lines(title: str, labels: dict[str, str] | None) -> list[str]:
    if not labels:
        return [f"{title}:\t<none>"]
    keys = sorted(labels)
    lines = [f"{title}:\t{keys[0]}={labels[keys[0]]}"]
    lines += [f"\t{k}={labels[k]}" for k in keys[1:]]
    return lines


def _shorten(text: str, limit: int) -> str:
    return text[:limit] + "..." if len(text) > limit else text


def annotations_lines(title: str, annotations: dict[str, str] | None) -> list[str]:
    keys = sorted(k for k in (annotations or {}) if k not in _SKIP_ANNOTATIONS)
    if not keys:
        return [f"{title}:\t<none>"]
    assert annotations is not None
    lines: list[str] = []
    for i, key in enumerate(keys):
        lead = f"{title}:\t" if i == 0 else "\t"
        value = annotations[key].removesuffix("\n")
        if len(value) + len(key) + 2 > _MAX_ANNOTATION_LEN or "\n" in value:
            lines.append(f"{lead}{key}:")
            lines += [f"\t  {_shorten(s, _MAX_ANNOTATION_LEN - 2)}" for s in value.split("\n")]
        else:
            lines.append(f"{lead}{key}: {value}")
    return lines


def _toleration_text(tol: dict[str, Any]) -> str:
    text = tol.get("key", "")
    if tol.get("value"):
        text += "=" + tol["value"]
    if tol.get("effect"):
        text += ":" + tol["effect"]
    if tol.get("operator") == "Exists" and not tol.get("value"):
        text += " op=Exists" if (tol.get("key") or tol.get("effect")) else "op=Exists"
    if tol.get("tolerationSeconds") is not None:
        text += f" for {tol['tolerationSeconds']}s"
    return text


def tolerations_lines(title: str, tolerations: list[dict[str, Any]] | None) -> list[str]:
    if not tolerations:
        return [f"{title}:\t<none>"]
    ordered = sorted(tolerations, key=lambda t: t.get("key", ""))
    return [
        (f"{title}:\t" if i == 0 else "\t") + _toleration_text(t) for i, t in enumerate(ordered)
    ]


def resources_lines(resources: dict[str, Any] | None, indent: str) -> list[str]:
    """``Limits:`` / ``Requests:`` blocks, one ``name:\\tquantity`` line per resource, sorted."""
    lines: list[str] = []
    for title, key in (("Limits", "limits"), ("Requests", "requests")):
        values = (resources or {}).get(key) or {}
        if values:
            lines.append(f"{indent}{title}:")
        lines += [f"{indent}  {name}:\t{values[name]}" for name in sorted(values)]
    return lines


def _bool(value: Any) -> str:
    return "true" if value else "false"


def _optional_ptr(value: Any) -> str:
    # A *bool printed with %v: <nil> when unset.
    return "<nil>" if value is None else _bool(value)


def _volume_source_lines(volume: dict[str, Any]) -> list[str]:
    p = "    "
    if "hostPath" in volume:
        src = volume["hostPath"]
        return [
            f"{p}Type:\tHostPath (bare host directory volume)",
            f"{p}Path:\t{src.get('path', '')}",
            f"{p}HostPathType:\t{src.get('type', '<none>') if 'type' in src else '<none>'}",
        ]
    if "emptyDir" in volume:
        src = volume["emptyDir"] or {}
        return [
            f"{p}Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)",
            f"{p}Medium:\t{src.get('medium', '')}",
            f"{p}SizeLimit:\t{src.get('sizeLimit') or '<unset>'}",
        ]
    if "secret" in volume:
        src = volume["secret"]
        return [
            f"{p}Type:\tSecret (a volume populated by a Secret)",
            f"{p}SecretName:\t{src.get('secretName', '')}",
            f"{p}Optional:\t{_bool(src.get('optional'))}",
        ]
    if "configMap" in volume:
        src = volume["configMap"]
        return [
            f"{p}Type:\tConfigMap (a volume populated by a ConfigMap)",
            f"{p}Name:\t{src.get('name', '')}",
            f"{p}Optional:\t{_bool(src.get('optional'))}",
        ]
    if "persistentVolumeClaim" in volume:
        src = volume["persistentVolumeClaim"]
        return [
            f"{p}Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
            "namespace)",
            f"{p}ClaimName:\t{src.get('claimName', '')}",
            f"{p}ReadOnly:\t{_bool(src.get('readOnly'))}",
        ]
    if "projected" in volume:
        lines = [
            f"{p}Type:\tProjected (a volume that contains injected data from multiple sources)"
        ]
        for source in (volume["projected"] or {}).get("sources") or []:
            if "secret" in source:
                lines.append(f"{p}SecretName:\t{source['secret'].get('name', '')}")
                lines.append(
                    f"{p}SecretOptionalName:\t{_optional_ptr(source['secret'].get('optional'))}"
                )
            elif "downwardAPI" in source:
                lines.append(f"{p}DownwardAPI:\ttrue")
            elif "configMap" in source:
                lines.append(f"{p}ConfigMapName:\t{source['configMap'].get('name', '')}")
                lines.append(
                    f"{p}ConfigMapOptional:\t{_optional_ptr(source['configMap'].get('optional'))}"
                )
            elif "serviceAccountToken" in source:
                seconds = source["serviceAccountToken"].get("expirationSeconds")
                lines.append(f"{p}TokenExpirationSeconds:\t{seconds}")
        return lines
    return ["  <unknown>"]


def volumes_lines(volumes: list[dict[str, Any]] | None) -> list[str]:
    if not volumes:
        return ["Volumes:\t<none>"]
    lines = ["Volumes:"]
    for volume in volumes:
        lines.append(f"  {volume.get('name', '')}:")
        lines += _volume_source_lines(volume)
    return lines
