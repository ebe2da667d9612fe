"""ValidatePodUpdate's own rules (pkg/apis/core/validation): what an update may change.

In the order the API server checks them: the number of containers, activeDeadlineSeconds,
tolerations (only additions), Pod QoS, and then the spec with its mutable fields taken back
from the old pod must equal the old spec; if not, the cause carries
``cmp.Diff(oldPod.Spec, mungedPodSpec)`` of the internal ``core.PodSpec``.
In v1.32 the InPlacePodVerticalScaling gate is off, so resources are immutable too.
"""

from __future__ import annotations

import copy
from typing import Any

from playground.sim.admission import corespec, gocmp
from playground.sim.admission.qos import compute_pod_qos

MAX_INT32 = 2**31 - 1
FORBIDDEN_UPDATE = (
    "spec: Forbidden: pod updates may not change fields other than "
    "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
    "`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
)
_TOLERATION_KEYS = ("key", "operator", "value", "effect")


def _toleration_same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    # validateOnlyAddedTolerations copies the new tolerationSeconds onto the old one first
    return all((old.get(k) or "") == (new.get(k) or "") for k in _TOLERATION_KEYS)


def _deadline(old: Any, new: Any) -> tuple[str | None, bool]:
    """The cause for activeDeadlineSeconds, and whether ValidatePodUpdate stops there."""
    path = "spec.activeDeadlineSeconds"
    if new is not None:
        if new < 0 or new > MAX_INT32:
            return (f"{path}: Invalid value: {new}: must be between 0 and {MAX_INT32}, "
                    "inclusive"), True
        if old is not None and old < new:
            return (f"{path}: Invalid value: {new}: must be less than or equal to previous "
                    "value"), True
        return None, False
    if old is not None:
        return (f'{path}: Invalid value: "null": must not update from a positive integer to '
                "nil value"), False
    return None, False


def munged(old_spec: dict[str, Any], new_spec: dict[str, Any]) -> dict[str, Any]:
    """The new spec with what an update may change taken back from the old one."""
    spec = copy.deepcopy(new_spec)
    for key in ("containers", "initContainers"):
        for old_c, new_c in zip(old_spec.get(key) or [], spec.get(key) or [], strict=False):
            if "image" in old_c:
                new_c["image"] = old_c["image"]
            else:
                new_c.pop("image", None)
    for key in ("activeDeadlineSeconds", "schedulingGates", "tolerations"):
        if key in old_spec:
            spec[key] = copy.deepcopy(old_spec[key])
        else:
            spec.pop(key, None)
    old_grace = old_spec.get("terminationGracePeriodSeconds")
    if old_grace is not None and old_grace < 0 and spec.get("terminationGracePeriodSeconds") == 1:
        spec["terminationGracePeriodSeconds"] = old_grace
    return spec


def keep_mutable(spec: dict[str, Any], new_spec: dict[str, Any]) -> None:
    """Store in ``spec`` what an accepted update changed besides images (which the caller
    handles, since the kubelet restarts the container for them)."""
    for key in ("activeDeadlineSeconds", "schedulingGates", "terminationGracePeriodSeconds",
                "tolerations"):
        if key in new_spec:
            spec[key] = copy.deepcopy(new_spec[key])
        else:
            spec.pop(key, None)


def update_causes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The causes ValidatePodUpdate adds after the create checks of the new pod."""
    old_spec, new_spec = old.get("spec") or {}, new.get("spec") or {}
    for key in ("containers", "initContainers"):
        if len(old_spec.get(key) or []) != len(new_spec.get(key) or []):
            return [f"spec.{key}: Forbidden: pod updates may not add or remove containers"]
    deadline, stop = _deadline(old_spec.get("activeDeadlineSeconds"),
                               new_spec.get("activeDeadlineSeconds"))
    errs = [deadline] if deadline else []
    if stop:
        return errs
    new_tol = new_spec.get("tolerations") or []
    old_tol = old_spec.get("tolerations") or []
    if any(not any(_toleration_same(o, n) for n in new_tol) for o in old_tol):
        errs.append("spec.tolerations: Forbidden: existing toleration can not be modified "
                    "except its tolerationSeconds")
    old_go = corespec.pod_spec(old_spec)
    if not gocmp.diff(old_go, corespec.pod_spec(new_spec)):
        return errs
    if compute_pod_qos(old) != compute_pod_qos(new):
        shown = (new.get("status") or {}).get("qosClass") or ""
        errs.append(f'metadata: Invalid value: "{shown}": Pod QoS is immutable')
    text = gocmp.diff(old_go, corespec.pod_spec(munged(old_spec, new_spec)))
    if text:
        errs.append(FORBIDDEN_UPDATE + "\n" + text)
    return errs
