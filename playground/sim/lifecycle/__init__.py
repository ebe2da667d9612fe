"""Pod lifecycle engine: a stored pod record plus ``now`` gives status, events and next change."""

from __future__ import annotations

from playground.sim.lifecycle.engine import PodView, observe, pending_object
from playground.sim.lifecycle.files import apply as apply_writes
from playground.sim.lifecycle.files import process_writes
from playground.sim.lifecycle.logs import (
    Followed,
    LogsError,
    container_log_lines,
    container_logs,
    follow_run,
)
from playground.sim.lifecycle.network import ConnectionRefused, container_state, http_get

__all__ = [
    "apply_writes",
    "process_writes",
    "ConnectionRefused",
    "Followed",
    "LogsError",
    "PodView",
    "container_log_lines",
    "container_logs",
    "container_state",
    "follow_run",
    "http_get",
    "observe",
    "pending_object",
]
