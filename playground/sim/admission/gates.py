"""Fields of feature gates that are off in v1.32, which the API server drops from a pod.

kube-apiserver's pod strategy clears, on create and on update, the fields of a disabled gate
unless the old object already used them (pkg/api/pod/util.go, dropDisabledPodFields and
dropDisabledPodStatusFields). The decoder knows the fields (they are in the v1.32 schema), so
neither ``kubectl apply`` nor ``create`` warns: the field is silently gone from what is stored.

Only SupplementalGroupsPolicy (alpha in v1.31 and v1.32, off by default) is modelled: its
``spec.securityContext.supplementalGroupsPolicy`` and the ``user`` of the container statuses.
Without the field the kubelet asks for nothing, so containerd merges the image's /etc/group
memberships as for ``Merge`` (runtime/security.py).
"""

from __future__ import annotations

from typing import Any

_STATUS_LISTS = ("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses")


def _uses_policy(pod: dict[str, Any] | None) -> bool:
    spec = (pod or {}).get("spec")
    context = spec.get("securityContext") if isinstance(spec, dict) else None
    return isinstance(context, dict) and context.get("supplementalGroupsPolicy") is not None


def drop_disabled(pod: dict[str, Any], old: dict[str, Any] | None = None) -> None:
    """Clear, in place, the disabled gates' fields an old pod did not use already."""
    if _uses_policy(old):
        return
    spec = pod.get("spec")
    context = spec.get("securityContext") if isinstance(spec, dict) else None
    if isinstance(context, dict):
        context.pop("supplementalGroupsPolicy", None)
    status = pod.get("status")
    if not isinstance(status, dict):
        return
    for key in _STATUS_LISTS:
        for entry in status.get(key) or []:
            if isinstance(entry, dict):
                entry.pop("user", None)
