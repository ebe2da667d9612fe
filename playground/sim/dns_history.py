"""What cluster DNS answered when: the Service names a pod's scripts may look up over time.

A container script such as the init containers' ``until nslookup myservice…; do echo waiting
for myservice; sleep 2; done`` (kubernetes.io, "Init Containers") runs on its own clock, so its
plan needs to know when each name starts (or stops) resolving. A pod whose containers run
``nslookup`` keeps that history in ``_sim.dns``: the Services as they were when it was
created, then each Service created or deleted since (``Cluster.dns_changed``). It lives in the
pod's record so that the lifecycle's memo, keyed by the record's content, observes it afresh
when a Service comes or goes; pods that never ask DNS carry nothing.

Only ClusterIP names are kept (a headless Service's records follow its endpoints, which the
scripts' plans do not follow).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from playground.sim.nslookup import DOMAIN

Entry = dict[str, Any]  # {"at": instant, "name": FQDN, "ip": ClusterIP or None (gone)}
# Entries a pod keeps: a loop creating and deleting Services would grow it without end. Past
# the cap the oldest go; a script's rounds before them then see DNS as the kept ones say.
MAX_ENTRIES = 200


def asks_dns(pod: dict[str, Any]) -> bool:
    """Whether one of the pod's containers runs nslookup (in its command or arguments)."""
    spec = pod.get("spec") or {}
    for container in [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]:
        words = [*(container.get("command") or []), *(container.get("args") or [])]
        if any("nslookup" in str(word) for word in words):
            return True
    return False


def entry(service: dict[str, Any], at: float, gone: bool = False) -> Entry | None:
    meta, spec = service.get("metadata") or {}, service.get("spec") or {}
    ip = str(spec.get("clusterIP") or "")
    if not ip or ip == "None":
        return None
    name = f"{meta.get('name')}.{meta.get('namespace')}.svc.{DOMAIN}"
    return {"at": at, "name": name, "ip": None if gone else ip}


def begin(pod: dict[str, Any], plan: dict[str, Any], services: Iterable[dict[str, Any]],
          now: float) -> dict[str, Any]:
    """A new pod's plan, with the names that resolve as it is created if it asks DNS."""
    if asks_dns(pod):
        plan["dns"] = [e for e in (entry(s, now) for s in services) if e is not None]
    return plan


def note(pods: Iterable[dict[str, Any]], change: Entry) -> list[dict[str, Any]]:
    """Add a Service's coming or going to every pod that asks DNS; returns those pods."""
    touched = []
    for record in pods:
        history = record.get("_sim", {}).get("dns")
        if history is not None:
            history.append(dict(change))
            del history[:-MAX_ENTRIES]
            touched.append(record)
    return touched


def names_at(history: list[Entry], at: float) -> dict[str, str]:
    """FQDN -> ClusterIP as cluster DNS answers at ``at``."""
    names: dict[str, str] = {}
    for item in history:
        if float(item["at"]) > at:
            break
        if item["ip"] is None:
            names.pop(str(item["name"]), None)
        else:
            names[str(item["name"])] = str(item["ip"])
    return names


def settles(history: list[Entry]) -> float:
    """The instant of the last change: from then on DNS answers the same."""
    return max((float(item["at"]) for item in history), default=float("-inf"))
