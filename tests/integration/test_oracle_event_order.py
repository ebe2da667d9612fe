"""Differential test: the order of describe's Events when many share a second. kubectl sorts
them with Go's sort.Sort (pdqsort, not stable from 13 events on); the real kubectl v1.32
describes a pod whose events the oracle's stub API server lists in a known order, and the
simulator's Events block must list them in the same order."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import pytest

from playground.sim.printers.events import describe_events_lines
from playground.sim.timefmt import rfc3339
from tests.integration.oracle_fixtures import load
from tests.integration.test_oracle_printers import Oracle, _kubectl_binary, stub_api_server

# (events, how many distinct seconds they fall on): all equal as in the issue, then mixtures
# with many ties, long enough to reach the ninther pivot (50) and heapsort-free re-partitions
CASES = [(n, 1) for n in range(12, 21)] + [
    (13, 2), (16, 3), (18, 3), (22, 4), (24, 2), (28, 4), (29, 3), (33, 4), (45, 3),
    (50, 4), (57, 4), (60, 2), (75, 5), (90, 3),
]


def _pod(data: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in data["pods"] if p["metadata"]["name"] == "myweb")


def _events(template: dict[str, Any], stamps: list[str]) -> list[dict[str, Any]]:
    events = []
    for i, stamp in enumerate(stamps):
        event = json.loads(json.dumps(template))
        event["metadata"]["name"] = f"myweb.{i:04x}"
        event["metadata"]["creationTimestamp"] = stamp
        event.update(reason=f"Reason{i}", message=f"message {i}", firstTimestamp=stamp,
                     lastTimestamp=stamp, count=1)
        events.append(event)
    return events


def _reasons(lines: list[str]) -> list[str]:
    return [line.split()[1] for line in lines if line.strip().startswith("Normal")]


@pytest.mark.parametrize(("count", "seconds"), CASES)
def test_events_of_the_same_second_are_ordered_as_kubectl_orders_them(
    count: int, seconds: int, tmp_path: Path
) -> None:
    base = float(int(time.time()))
    data = load(lambda o: _materialized(o, base))
    rng = random.Random(f"{count}-{seconds}")
    choices = [rfc3339(base - 100 * (k + 1)) for k in range(seconds)]
    stamps = [rng.choice(choices) for _ in range(count)]
    template = next(e for e in data["events"] if e["involvedObject"]["name"] == "myweb")
    pod = _pod(data)
    events = _events(template, stamps)
    fixdir = tmp_path / "fixtures"
    fixdir.mkdir()
    (fixdir / "pod.json").write_text(json.dumps({"pods": [pod], "events": events}))
    with stub_api_server(fixdir) as port:
        oracle = Oracle(_kubectl_binary(), port, tmp_path, {})
        out, err, rc, _before, _after = oracle.run("describe", "pod", "myweb")
    assert rc == 0, err
    real = _reasons(out.split("Events:", 1)[1].splitlines())
    assert len(real) == count
    assert _reasons(describe_events_lines(events, base)) == real


def _materialized(o: Any, base: float) -> Any:
    if isinstance(o, dict):
        return {k: _materialized(v, base) for k, v in o.items()}
    if isinstance(o, list):
        return [_materialized(v, base) for v in o]
    if isinstance(o, str) and o.startswith("AGO:"):
        return rfc3339(base - int(o[4:]))
    return o
