"""HumanDuration and the other time formats, with the spec's example values (§1.6, §3)."""

from __future__ import annotations

import pytest

from playground.sim.clock import TRANSCRIPT_EPOCH
from playground.sim.timefmt import (
    age,
    go_duration,
    human_duration,
    parse_rfc3339,
    rfc1123z,
    rfc3339,
    rfc3339_nano_fixed,
    short_human_duration,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-5, "<invalid>"),
        (-0.5, "0s"),
        (0, "0s"),
        (46, "46s"),
        (119, "119s"),
        (120, "2m"),
        (178, "2m58s"),
        (458, "7m38s"),
        (599, "9m59s"),
        (600, "10m"),
        (179 * 60, "179m"),
        (3 * 3600, "3h"),
        (3 * 3600 + 600, "3h10m"),
        (8 * 3600, "8h"),
        (47 * 3600, "47h"),
        (48 * 3600, "2d"),
        (53 * 3600, "2d5h"),
        (191 * 3600, "7d23h"),
        (9 * 86400, "9d"),
        (400 * 86400, "400d"),
        (729 * 86400, "729d"),
        (730 * 86400, "2y"),
        (830 * 86400, "2y100d"),
        (9 * 365 * 86400, "9y"),
    ],
)
def test_human_duration_matches_spec_table(seconds: float, text: str) -> None:
    assert human_duration(seconds) == text


def test_short_human_duration_uses_one_unit() -> None:
    assert [short_human_duration(s) for s in (59, 61, 7200, 90000, 400 * 86400)] == [
        "59s",
        "1m",
        "2h",
        "1d",
        "1y",
    ]


def test_rfc_formats_round_trip_the_transcript_epoch() -> None:
    assert rfc3339(TRANSCRIPT_EPOCH) == "2026-11-23T14:45:33Z"
    assert parse_rfc3339("2026-11-23T14:45:33Z") == TRANSCRIPT_EPOCH
    assert rfc1123z(TRANSCRIPT_EPOCH) == "Mon, 23 Nov 2026 14:45:33 +0000"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (18.992, "18.992s"),
        (0.823, "823ms"),
        (81.284, "1m21.284s"),
        (300, "5m0s"),
        (10, "10s"),
        (160, "2m40s"),
    ],
)
def test_go_duration_prints_like_go(seconds: float, text: str) -> None:
    assert go_duration(seconds) == text


def test_age_of_missing_timestamp_is_unknown() -> None:
    assert age(None, TRANSCRIPT_EPOCH) == "<unknown>"
    assert age("2026-11-23T14:44:47Z", TRANSCRIPT_EPOCH) == "46s"


def test_rfc3339_nano_fixed_always_has_nine_digits() -> None:
    # the kubelet's RFC3339NanoFixed layout "2006-01-02T15:04:05.000000000Z07:00" (UTC: "Z")
    assert rfc3339_nano_fixed(TRANSCRIPT_EPOCH) == "2026-11-23T14:45:33.000000000Z"
    assert rfc3339_nano_fixed(TRANSCRIPT_EPOCH + 0.5) == "2026-11-23T14:45:33.500000000Z"
    assert rfc3339_nano_fixed(TRANSCRIPT_EPOCH + 59.25) == "2026-11-23T14:46:32.250000000Z"
