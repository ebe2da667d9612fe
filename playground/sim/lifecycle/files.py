"""What the containers' own processes (their commands and lifecycle handlers) wrote into
files by an instant: the container shells show it, and a volume shares it."""

from __future__ import annotations

from typing import Any

from playground.sim.lifecycle.engine import simulate_pod

Write = tuple[float, str, str, bool, bool]  # instant, path, text, appended, by the current run


def process_writes(record: dict[str, Any], now: float) -> dict[str, list[Write]]:
    """Per container, every write its runs made up to ``now``, in time order."""
    if not (record.get("_sim") or {}).get("node"):
        return {}
    _ctx, inits, apps, _init_at, _times = simulate_pod(record, now)
    out: dict[str, list[Write]] = {}
    for track in [*inits, *apps]:
        writes: list[Write] = []
        for run in track.runs:
            current = run is track.runs[-1]
            until = min(now, run.end)
            own = [(run.start + at, path, text, appended) for at, path, text, appended
                   in run.proc.writes]
            for at, path, text, appended in sorted([*own, *run.hook_writes]):
                if at <= until:
                    writes.append((at, path, text, appended, current))
        if writes:
            out[track.name] = sorted(writes, key=lambda w: w[0])
    return out


def apply(writes: list[tuple[str, str, bool]]) -> dict[str, str]:
    """The files a sequence of (path, text, appended) writes leaves."""
    files: dict[str, str] = {}
    for path, text, appended in writes:
        files[path] = files.get(path, "") + text if appended else text
    return files
