"""What a pod answers on the network at ``now`` (curl, wget, port-forward)."""

from __future__ import annotations

import json
from typing import Any

from playground.sim.lifecycle.engine import observe, simulate_pod
from playground.sim.lifecycle.probes import http_answer


class ConnectionRefused(Exception):
    """Nothing listens on that port of the pod right now."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def listening(record: dict[str, Any], now: float) -> dict[int, str]:
    """Port → name of the container whose running process listens on it."""
    if not record["_sim"].get("node"):
        return {}
    _ctx, _inits, apps, _at, _times = simulate_pod(record, now)
    ports: dict[int, str] = {}
    for track in apps:
        for run in track.runs:
            if run.start <= now < run.end:
                for port in run.proc.ports:
                    ports.setdefault(port, track.name)
    return ports


def http_get(record: dict[str, Any], port: int, path: str, now: float) -> tuple[int, str]:
    """Status code and body of ``GET http://<pod>:port/path``."""
    ip = record["_sim"].get("podIP") or ""
    _ctx, _inits, apps, _at, _times = simulate_pod(record, now) if record["_sim"].get("node") \
        else (None, [], [], None, [])
    for track in apps:
        for run in track.runs:
            if run.start <= now < run.end and port in run.proc.ports:
                code, body = http_answer(run.proc, run.image, path, now - run.start)
                name = record["spec"].get("hostname") or record["metadata"]["name"]
                if body == "{echo}":
                    body = json.dumps({"host": f"{ip}:{port}", "path": path or "/",
                                       "method": "GET", "hostname": name}) + "\n"
                return code, body.replace("{hostname}", name)
    raise ConnectionRefused(f"dial tcp {ip}:{port}: connect: connection refused")


def container_state(record: dict[str, Any], container: str, now: float) -> dict[str, Any] | None:
    """The container's status entry at ``now`` (None when it has none yet)."""
    status = observe(record, now).obj.get("status", {})
    for entry in status.get("initContainerStatuses", []) + status.get("containerStatuses", []):
        if entry["name"] == container:
            return dict(entry)
    return None
