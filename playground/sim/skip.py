"""``skip DURATION`` / ``skip next``: the playground's own command (not kubectl) that moves the
sandbox's clock ahead, so a learner sees a back-off reach 5 minutes without waiting for it.

The clock is the simulator's: the sandbox state keeps the offset (``state.clock_offset``) and
every reading of the sandbox's clock adds it, so ages, events, watches in other tabs and the
grader's ``now`` all move together. Nothing runs "during" the skip: status is a function of
time, so the cluster simply is as it would be that much later.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from playground.sim.timefmt import go_duration

MAX_SKIP = 24 * 3600.0  # one skip moves at most a day: longer is never what a lesson needs
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "usage": "skip: give a duration or next: skip 10s | skip 1m | skip 5m | skip next",
        "too-long": "skip: at most 24h at a time",
        "forbidden": "skip: this exercise does not allow skipping time",
        "nothing": "skip: nothing in the cluster is scheduled to change",
        "marker": "[skipped {duration}]",
        "marker-next": "[skipped {duration}: to the next change]",
    },
    "ko": {
        "usage": "skip: 시간이나 next를 지정하세요: skip 10s | skip 1m | skip 5m | skip next",
        "too-long": "skip: 한 번에 24h까지만 건너뛸 수 있습니다",
        "forbidden": "skip: 이 연습 문제에서는 시간을 건너뛸 수 없습니다",
        "nothing": "skip: 클러스터에 예정된 변화가 없습니다",
        "marker": "[{duration} 건너뜀]",
        "marker-next": "[{duration} 건너뜀: 다음 변화까지]",
    },
}


class SkipError(ValueError):
    """A request the command refuses; the message is for the learner."""


@dataclass(frozen=True)
class Request:
    seconds: float | None  # None: until the next change


def text(lang: str, key: str, **values: str) -> str:
    return _TEXT.get(lang, _TEXT["en"])[key].format(**values)


def parse(argv: list[str], lang: str) -> Request:
    if len(argv) != 2:
        raise SkipError(text(lang, "usage"))
    arg = argv[1].strip()
    if arg == "next":
        return Request(None)
    if not arg or _DURATION.sub("", arg) or not _DURATION.findall(arg):
        raise SkipError(text(lang, "usage"))
    seconds = sum(float(n) * _UNITS[u] for n, u in _DURATION.findall(arg))
    if seconds <= 0:
        raise SkipError(text(lang, "usage"))
    if seconds > MAX_SKIP:
        raise SkipError(text(lang, "too-long"))
    return Request(seconds)


def amount(request: Request, now: float, next_change: float | None, lang: str) -> float:
    """How far to move: the request's duration, or up to the cluster's next change."""
    if request.seconds is not None:
        return request.seconds
    if next_change is None or next_change <= now:
        raise SkipError(text(lang, "nothing"))
    # to the millisecond at or after the change, so that the change has happened
    return min(MAX_SKIP, math.ceil((next_change - now) * 1000) / 1000)


def short_duration(seconds: float) -> str:
    """Go's duration text without its trailing zero units: 5m, 1h, 1m30s, 100ms."""
    shown = go_duration(seconds)
    shown = re.sub(r"(?<=[hm])0s$", "", shown)
    return re.sub(r"(?<=h)0m$", "", shown)


def marker(request: Request, seconds: float, lang: str) -> str:
    key = "marker" if request.seconds is not None else "marker-next"
    return text(lang, key, duration=short_duration(seconds)) + "\n"
