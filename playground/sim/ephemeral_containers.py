"""The API server's ``pods/ephemeralcontainers`` subresource: adding a debug container.

An ephemeral container is appended to ``spec.ephemeralContainers`` (defaulted like any
container, without the service account token), checked as ValidatePodEphemeralContainersUpdate
checks it, and the kubelet is told when it arrived (``_sim.ephemeralAdded``) and what pulling
its image costs on the pod's node (``_sim.pulls``): the lifecycle engine does the rest
(``lifecycle/ephemeral.py``).
"""

from __future__ import annotations

import copy
from typing import Any

from playground.sim import cluster_defaults
from playground.sim.admission import defaults, validation
from playground.sim.cluster import Cluster, InvalidError, not_found


def validate(pod: dict[str, Any], container: dict[str, Any]) -> list[str]:
    """The causes the API server gives for appending ``container`` to the pod's ephemeral
    containers (validateEphemeralContainers and the update rule for existing ones)."""
    spec = pod["spec"]
    existing = spec.get("ephemeralContainers") or []
    index = len(existing)
    path = f"spec.ephemeralContainers[{index}]"
    errs: list[str] = []
    name = str(container.get("name") or "")
    others = {c["name"] for c in [*(spec.get("containers") or []),
                                  *(spec.get("initContainers") or [])]}
    if any(c["name"] == name for c in existing):
        # the strategic merge patch merges an entry of the same name into the old one, and an
        # existing ephemeral container may never change
        errs.append(f'spec.ephemeralContainers[{name}]: Forbidden: existing ephemeral '
                    f'containers "{name}" may not be changed')
        return errs
    errs += validation.ephemeral_container_causes(path, container, spec)
    if name in others:
        errs.append(f'{path}.name: Duplicate value: "{name}"')
    target = str(container.get("targetContainerName") or "")
    if target and target not in others:
        errs.append(f'{path}.targetContainerName: Not found: "{target}"')
    return errs


def add(cluster: Cluster, namespace: str, pod_name: str,
        container: dict[str, Any]) -> dict[str, Any]:
    """PATCH pods/NAME/ephemeralcontainers with one new container; returns the pod."""
    record = cluster.pod_record(namespace, pod_name)
    if record is None:
        raise not_found("pods", pod_name)
    causes = validate(record, container)
    if causes:
        raise InvalidError("Pod", pod_name, causes)
    added = copy.deepcopy(container)
    defaults.default_container(added)
    record["spec"].setdefault("ephemeralContainers", []).append(added)
    sim = record["_sim"]
    sim.setdefault("ephemeralAdded", {})[added["name"]] = cluster.now
    node = sim.get("node")
    cached = cluster_defaults.cached_images(node, cluster.pod_records(None), cluster.now,
                                            cluster.state.get("nodeImages")) if node else set()
    sim.setdefault("pulls", {})[added["name"]] = cluster_defaults.pull_plan(
        added, cached, str(sim.get("seed", "")))
    record["metadata"]["resourceVersion"] = cluster.next_rv()
    cluster.forget_view(record)
    cluster.note_images([str(added.get("image") or "")])
    return cluster.view(record).obj
