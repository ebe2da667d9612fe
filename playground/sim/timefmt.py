"""Time formats kubectl and the API server print: ages, RFC 3339, RFC 1123Z, Go durations."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import lru_cache

_RFC1123Z = "%a, %d %b %Y %H:%M:%S +0000"
_RFC3339 = "%Y-%m-%dT%H:%M:%SZ"


def human_duration(seconds: float) -> str:
    """apimachinery's ``duration.HumanDuration`` applied to an elapsed time in seconds."""
    # Go truncates the Duration to whole seconds toward zero before comparing.
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        sec = s % 60
        return f"{minutes}m" if sec == 0 else f"{minutes}m{sec}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y" if dy == 0 else f"{years}y{dy}d"
    return f"{hours // 24 // 365}y"


def short_human_duration(seconds: float) -> str:
    """apimachinery's ``duration.ShortHumanDuration``."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 60:
        return f"{s}s"
    minutes = s // 60
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{hours // 24 // 365}y"


def rfc3339(t: float) -> str:
    """``2026-11-23T14:45:33Z`` (metav1.Time has whole-second precision)."""
    return _rfc3339_second(math.floor(t))


def rfc3339_nano_fixed(t: float) -> str:
    """``2026-11-23T14:45:33.120000000Z``: the kubelet's RFC3339NanoFixed (always nine digits),
    which ``kubectl logs --timestamps`` puts before each line."""
    second = math.floor(t)
    nanos = min(round((t - second) * 1e9), 999_999_999)
    return _rfc3339_second(second)[:-1] + f".{nanos:09d}Z"


# Both conversions are pure and the same few stamps recur in every command (creation times,
# container starts), so they are remembered rather than recomputed by datetime each time.
@lru_cache(maxsize=8192)
def _rfc3339_second(second: int) -> str:
    return datetime.fromtimestamp(second, tz=UTC).strftime(_RFC3339)


@lru_cache(maxsize=8192)
def parse_rfc3339(s: str) -> float:
    """Parse an RFC 3339 timestamp (``Z`` or numeric offset, optional fraction)."""
    text = s.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text).timestamp()


def rfc1123z(t: float) -> str:
    """Go's ``time.RFC1123Z`` in UTC: ``Mon, 23 Nov 2026 14:45:33 +0000``."""
    return datetime.fromtimestamp(math.floor(t), tz=UTC).strftime(_RFC1123Z)


def age(timestamp: str | None, now: float) -> str:
    """``translateTimestampSince``: the AGE cell of a timestamp, ``<unknown>`` when unset."""
    if not timestamp:
        return "<unknown>"
    return human_duration(now - parse_rfc3339(timestamp))


def _fmt_frac(value: int, digits: int) -> str:
    """Go prints fractional units without trailing zeros (``1.5s``, ``823ms``)."""
    whole, frac = divmod(value, 10**digits)
    if frac == 0:
        return str(whole)
    return f"{whole}.{frac:0{digits}d}".rstrip("0")


def go_duration(seconds: float) -> str:
    """Go's ``time.Duration.String()`` for a duration given in seconds (nanosecond rounding)."""
    ns = round(seconds * 1_000_000_000)
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns < 1_000:
        return f"{sign}{ns}ns"
    if ns < 1_000_000:
        return f"{sign}{_fmt_frac(ns, 3)}µs"
    if ns < 1_000_000_000:
        return f"{sign}{_fmt_frac(ns, 6)}ms"
    total_s, frac_ns = divmod(ns, 1_000_000_000)
    hours, rest = divmod(total_s, 3600)
    minutes, secs = divmod(rest, 60)
    sec_text = _fmt_frac(secs * 1_000_000_000 + frac_ns, 9) + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{sec_text}"
    if minutes:
        return f"{sign}{minutes}m{sec_text}"
    return f"{sign}{sec_text}"
