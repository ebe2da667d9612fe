"""Which container a pod command means when none is named (kubectl's podcmd): the first app
container, said on stderr whenever the pod has any other container to choose from."""

from __future__ import annotations

from typing import Any


def all_container_names(spec: dict[str, Any]) -> str:
    """App containers, then ephemeral ``(ephem)``, then init ``(init)``, as kubectl lists them."""
    names = [c["name"] for c in spec.get("containers") or []]
    names += [f"{c['name']} (ephem)" for c in spec.get("ephemeralContainers") or []]
    names += [f"{c['name']} (init)" for c in spec.get("initContainers") or []]
    return ", ".join(names)


def defaulted_notice(spec: dict[str, Any]) -> str | None:
    """The "Defaulted container" line, or None when the first app container is the only one."""
    apps = spec.get("containers") or []
    if len(apps) > 1 or spec.get("initContainers") or spec.get("ephemeralContainers"):
        return f'Defaulted container "{apps[0]["name"]}" out of: {all_container_names(spec)}\n'
    return None
