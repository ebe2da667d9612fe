"""The spec's fixture pods with their ``AGO:<n>`` times resolved for a given capture instant."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from playground.sim.timefmt import rfc3339
from tests.paths import SHARED

CAPTURES = (SHARED / "spec/captures")
FIXTURES = (SHARED / "tools/kubectl-oracle/fixtures/all.json")
# The captures were taken around this instant (myweb started 46 s earlier at 14:44:45).
CAPTURE_NOW = datetime(2026, 11, 23, 14, 45, 31, tzinfo=UTC).timestamp()


def fixtures(now: float = CAPTURE_NOW) -> dict[str, Any]:
    def materialize(o: Any) -> Any:
        if isinstance(o, dict):
            return {k: materialize(v) for k, v in o.items()}
        if isinstance(o, list):
            return [materialize(v) for v in o]
        if isinstance(o, str) and o.startswith("AGO:"):
            return rfc3339(now - int(o[4:]))
        return o

    return materialize(json.loads(FIXTURES.read_text()))


def pod(name: str, now: float = CAPTURE_NOW) -> dict[str, Any]:
    return next(p for p in fixtures(now)["pods"] if p["metadata"]["name"] == name)


def events(name: str, now: float = CAPTURE_NOW) -> list[dict[str, Any]]:
    return [e for e in fixtures(now)["events"] if e["involvedObject"]["name"] == name]


def describes() -> dict[str, str]:
    parts = re.split(r"^=+ (\S+)\n", (CAPTURES / "describes.txt").read_text(), flags=re.M)
    return {
        name: body.rstrip("\n") + "\n" for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def golden(command: str) -> str:
    """stdout of ``$ <command>`` in golden_out.txt."""
    text = (CAPTURES / "golden_out.txt").read_text()
    start = text.index(f"$ {command}\n") + len(command) + 3
    end = text.index("[rc=", start)
    return text[start:end].split("[stderr]")[0]
