"""go-cmp's text nodes (report_text.go): lines, wrapped values and lists of records, their
one-line and expanded forms, key and comment alignment, and the ``N identical fields`` stats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_COLUMN = 80  # a removed/inserted list longer than this goes on several lines


@dataclass
class Line:
    text: str


@dataclass
class Wrap:
    prefix: str
    value: Text
    suffix: str


@dataclass
class Record:
    diff: str = ""  # "", "-" or "+"
    key: str = ""
    value: Text = field(default_factory=lambda: Line(""))
    elide_comma: bool = False
    comment: Stats | None = None


@dataclass
class TList:
    items: list[Record] = field(default_factory=list)

    def ellipsis(self, stats: Stats | None = None) -> None:
        has = stats is not None and stats.total() > 0
        if not self.items or not _equal(self.items[-1].value, ELLIPSIS):
            self.items.append(Record(value=ELLIPSIS, elide_comma=True,
                                     comment=stats if has else None))
        elif has and stats is not None:
            last = self.items[-1].comment
            self.items[-1].comment = stats if last is None else last.plus(stats)


Text = Line | Wrap | TList
NIL = Line("nil")
ELLIPSIS = Line("...")


@dataclass
class Stats:
    name: str
    identical: int = 0
    removed: int = 0
    inserted: int = 0
    modified: int = 0

    def total(self) -> int:
        return self.identical + self.removed + self.inserted + self.modified

    def diffs(self) -> int:
        return self.removed + self.inserted + self.modified

    def plus(self, o: Stats) -> Stats:
        return Stats(self.name, self.identical + o.identical, self.removed + o.removed,
                     self.inserted + o.inserted, self.modified + o.modified)

    def __str__(self) -> str:
        parts = [f"{n} {label}" for n, label in (
            (self.identical, "identical"), (self.removed, "removed"),
            (self.inserted, "inserted"), (self.modified, "modified")) if n > 0]
        name = self.name
        if self.total() > 1:
            name += "s"
            if name.endswith("ys"):
                name = name[:-2] + "ies"
        if len(parts) <= 2:
            return " and ".join(parts) + " " + name
        return ", ".join(parts[:-1]) + ", and " + parts[-1] + " " + name


def _equal(a: Text, b: Text) -> bool:
    return a == b


def length(t: Text) -> int:
    if isinstance(t, Line):
        return len(t.text)
    if isinstance(t, Wrap):
        return len(t.prefix) + length(t.value) + len(t.suffix)
    n = 0
    for i, r in enumerate(t.items):
        n += len(r.key) + (2 if r.key else 0) + length(r.value)
        if i < len(t.items) - 1:
            n += 2
    return n


def _compact(t: Text, d: str) -> tuple[str, Text]:
    """formatCompactTo: the one-line form, and the node with every fitting part collapsed."""
    if isinstance(t, Line):
        return t.text, t
    if isinstance(t, Wrap):
        inner, value = _compact(t.value, d)
        text = t.prefix + inner + t.suffix
        return text, (Line(text) if isinstance(value, Line) else Wrap(t.prefix, value, t.suffix))
    multi = False
    parts: list[str] = []
    items: list[Record] = []
    for r in t.items:
        if r.diff in ("-", "+"):
            multi = True
        text, value = _compact(r.value, r.diff or d)
        items.append(Record(r.diff, r.key, value, r.elide_comma, r.comment))
        if not isinstance(value, Line) or r.comment is not None:
            multi = True
        parts.append((r.key + ": " if r.key else "") + text)
    joined = ", ".join(parts)
    if d in ("-", "+") and len(joined) > MAX_COLUMN:
        multi = True
    return joined, (TList(items) if multi else Line(joined))


def _indent(d: str, n: int) -> str:
    return (d + " " if d else "  ") + "\t" * n


def _align(items: list[Record], skip: Any, size: Any) -> list[int]:
    lens = [0] * len(items)
    start = end = biggest = 0
    for i, r in enumerate(items):
        if skip(r):
            for j in range(start, end):
                lens[j] = biggest - size(items[j])
            start, end, biggest = i + 1, i + 1, 0
        else:
            biggest = max(biggest, size(r))
            end = i + 1
    for j in range(start, end):
        lens[j] = biggest - size(items[j])
    return lens


def _expanded(t: Text, d: str, n: int) -> str:
    if isinstance(t, Line):
        return t.text
    if isinstance(t, Wrap):
        return t.prefix + _expanded(t.value, d, n) + t.suffix
    items = t.items
    keys = _align(items, lambda r: r.key == "" or not isinstance(r.value, Line),
                  lambda r: len(r.key))
    vals = _align(items, lambda r: (not isinstance(r.value, Line) or r.value == ELLIPSIS
                                    or r.comment is None), lambda r: len(r.value.text))
    if items and all(r.diff == "" and r.key == "" and isinstance(r.value, Line)
                     and r.comment is None for r in items):
        out, batch = "", ""
        for r in items:
            line = r.value.text  # type: ignore[union-attr]
            if batch and len(batch) + len(line) + 2 > MAX_COLUMN:
                out += "\n" + _indent(d, n + 1) + batch.rstrip(" ")
                batch = ""
            batch += line + ", "
        if batch:
            out += "\n" + _indent(d, n + 1) + batch.rstrip(" ")
        return out + "\n" + _indent(d, n)
    out = ""
    for i, r in enumerate(items):
        out += "\n" + _indent(r.diff or d, n + 1)
        if r.key:
            out += r.key + ": "
        out += " " * keys[i] + _expanded(r.value, r.diff or d, n + 1)
        if not r.elide_comma:
            out += ","
        out += " " * vals[i]
        if r.comment is not None:
            out += " // " + str(r.comment)
    return out + "\n" + _indent(d, n)


def render(t: Text) -> str:
    _, node = _compact(t, "")
    return _indent("", 0) + _expanded(node, "", 0) + "\n"
