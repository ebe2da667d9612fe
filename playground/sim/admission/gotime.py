"""Go's time.Parse(time.RFC3339, …) errors, as metav1.Time's decoder reports a bad timestamp
(`parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`)."""

from __future__ import annotations

import calendar

LAYOUT = "2006-01-02T15:04:05Z07:00"
# (layout element, digits it reads or None for a literal); the zone is handled apart.
_ELEMENTS: tuple[tuple[str, int | None], ...] = (
    ("2006", 4), ("-", None), ("01", 2), ("-", None), ("02", 2), ("T", None), ("15", 2),
    (":", None), ("04", 2), (":", None), ("05", 2),
)
_RANGES = {"01": (1, 12, "month"), "15": (0, 23, "hour"), "04": (0, 59, "minute"),
           "05": (0, 59, "second")}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rfc3339_error(value: str) -> str | None:
    """None for a timestamp Go accepts, else its error text."""
    rest = value
    whole = f"parsing time {_quote(value)}"
    numbers: dict[str, int] = {}
    for element, digits in _ELEMENTS:
        if digits is None:
            if not rest.startswith(element):
                return f'{whole} as "{LAYOUT}": cannot parse {_quote(rest)} as {_quote(element)}'
            rest = rest[len(element):]
            continue
        head = rest[:digits]
        if len(head) < digits or not head.isdigit():
            return f'{whole} as "{LAYOUT}": cannot parse {_quote(rest)} as {_quote(element)}'
        number = int(head)
        low_high = _RANGES.get(element)
        if low_high and not low_high[0] <= number <= low_high[1]:
            return f"{whole}: {low_high[2]} out of range"
        numbers[element] = number
        rest = rest[digits:]
    if rest.startswith((".", ",")) and rest[1:2].isdigit():
        end = 1
        while end < len(rest) and rest[end].isdigit():
            end += 1
        rest = rest[end:]
    if rest.startswith("Z"):
        rest = rest[1:]
    elif (len(rest) >= 6 and rest[0] in "+-" and rest[1:3].isdigit() and rest[3] == ":"
          and rest[4:6].isdigit()):
        rest = rest[6:]
    else:
        return f'{whole} as "{LAYOUT}": cannot parse {_quote(rest)} as "Z07:00"'
    if rest:
        return f"{whole}: extra text: {_quote(rest)}"
    year, month, day = numbers["2006"], numbers["01"], numbers["02"]
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{whole}: day out of range"
    return None
