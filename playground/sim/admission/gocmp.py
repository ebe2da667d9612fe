"""Go values and the text of github.com/google/go-cmp's ``cmp.Diff`` over them.

The API server prints ``cmp.Diff(oldPod.Spec, mungedPodSpec)`` of the internal ``core.PodSpec``
when a pod update changes an immutable field. This module models just enough of Go's type
system (structs, slices, maps, pointers, named scalars, ``Equal`` and ``String`` methods) to
reproduce go-cmp v0.6's reporter: which records it shows, the ``... // N identical fields``
elision with two records of context, the verbosity limits that turn deep values into
``{...}``, when a type name is printed, and the alignment of keys and comments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.sim.admission.gocmp_text import (
    NIL,
    Line,
    Record,
    Stats,
    Text,
    TList,
    Wrap,
    render,
)
from playground.sim.admission.gocmp_text import length as _len

CONTEXT = 2  # equal records printed around each difference
MAX_PRESET = 6


@dataclass(frozen=True)
class GoType:
    """A Go type as cmp sees it: its kind and the name ``reflect`` would print."""

    kind: str  # struct, slice, map, ptr, string, int, bool
    name: str  # e.g. core.PodSpec, []core.Container, *int64, core.RestartPolicy
    named: bool = True  # reflect.Type.Name() != "" (false for []T, *T, map[K]V)
    stringer: bool = False  # the value (not pointer) has a String method
    has_equal: bool = False  # an Equal method: cmp compares with it, as one leaf


@dataclass
class GoValue:
    """A value: struct fields [(name, value)], slice items, map [(key, value)], a pointee,
    or a scalar; ``None`` payload is nil. ``key`` is what an Equal method compares."""

    type: GoType
    data: Any
    key: Any = None


def is_zero(v: GoValue) -> bool:
    kind = v.type.kind
    if kind == "struct":
        return all(is_zero(f) for _, f in v.data)
    if kind in ("slice", "map", "ptr"):
        return v.data is None
    return not v.data


def _same(x: GoValue, y: GoValue) -> bool:
    if x.type.has_equal:
        return bool(x.key == y.key)
    kind = x.type.kind
    if kind == "struct":
        return all(_same(a, b) for (_, a), (_, b) in zip(x.data, y.data, strict=True))
    if x.data is None or y.data is None:
        return x.data is None and y.data is None
    if kind == "ptr":
        return _same(x.data, y.data)
    if kind == "slice":
        return len(x.data) == len(y.data) and all(
            _same(a, b) for a, b in zip(x.data, y.data, strict=True))
    if kind == "map":
        xm, ym = dict(_map_items(x)), dict(_map_items(y))
        return xm.keys() == ym.keys() and all(_same(xm[k], ym[k]) for k in xm)
    return bool(x.data == y.data)


def _map_items(v: GoValue) -> list[tuple[Any, GoValue]]:
    return [(k.data, val) for k, val in v.data]


@dataclass
class Node:
    """go-cmp's valueNode: the comparison of one pair of values (either may be absent)."""

    type: GoType
    x: GoValue | None
    y: GoValue | None
    same: int = 0
    diff: int = 0
    compared: int = 0
    children: int = 0
    depth: int = 0
    records: list[tuple[str, Node]] = field(default_factory=list)  # "" key: slice element
    value: Node | None = None  # a pointer's pointee

    def add(self, child: Node) -> None:
        self.same += child.same
        self.diff += child.diff
        self.compared += child.compared
        self.children += child.children + 1
        self.depth = max(self.depth, child.depth + 1)


def _leaf(t: GoType, x: GoValue | None, y: GoValue | None, equal: bool) -> Node:
    node = Node(t, x, y)
    if equal:
        node.same = 1
    else:
        node.diff = 1
    return node


def compare(t: GoType, x: GoValue | None, y: GoValue | None) -> Node:
    """Walk both values as cmp.Equal does, recording every step."""
    if x is None or y is None:
        return _leaf(t, x, y, x is None and y is None)
    if t.has_equal:
        node = _leaf(t, x, y, _same(x, y))
        node.compared = 1
        return node
    kind = t.kind
    if kind == "struct":
        node = Node(t, x, y)
        for (name, fx), (_, fy) in zip(x.data, y.data, strict=True):
            child = compare(fx.type, fx, fy)
            node.records.append((name, child))
            node.add(child)
        return node
    if kind in ("ptr", "slice", "map") and (x.data is None or y.data is None):
        return _leaf(t, x, y, x.data is None and y.data is None)
    if kind == "ptr":
        node = Node(t, x, y)
        node.value = compare(x.data.type, x.data, y.data)
        node.add(node.value)
        return node
    if kind == "slice":
        node = Node(t, x, y)
        for ix, iy in _edit_script(x.data, y.data):
            a = x.data[ix] if ix >= 0 else None
            b = y.data[iy] if iy >= 0 else None
            child = compare((a or b).type, a, b)  # type: ignore[union-attr]
            node.records.append(("", child))
            node.add(child)
        return node
    if kind == "map":
        node = Node(t, x, y)
        xm, ym = {k.data: (k, v) for k, v in x.data}, {k.data: (k, v) for k, v in y.data}
        for k in sorted(set(xm) | set(ym)):
            key = (xm.get(k) or ym[k])[0]
            a, b = xm.get(k, (None, None))[1], ym.get(k, (None, None))[1]
            child = compare((a or b).type, a, b)
            node.records.append((_map_key(key), child))
            node.add(child)
        return node
    return _leaf(t, x, y, x.data == y.data)


def _similar(a: GoValue, b: GoValue) -> bool:
    node = compare(a.type, a, b)
    return node.same + 1 >= node.diff


def _edit_script(xs: list[GoValue], ys: list[GoValue]) -> list[tuple[int, int]]:
    """Pairs (ix, iy), -1 for a side missing: equal elements matched by a longest common
    subsequence, and the elements between them paired as modified while they are similar."""
    n, m = len(xs), len(ys)
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            lcs[i][j] = (lcs[i + 1][j + 1] + 1 if _same(xs[i], ys[j])
                         else max(lcs[i + 1][j], lcs[i][j + 1]))
    out: list[tuple[int, int]] = []
    i = j = 0
    gap_x: list[int] = []
    gap_y: list[int] = []

    def flush() -> None:
        while gap_x and gap_y and _similar(xs[gap_x[0]], ys[gap_y[0]]):
            out.append((gap_x.pop(0), gap_y.pop(0)))
        out.extend((ix, -1) for ix in gap_x)
        out.extend((-1, iy) for iy in gap_y)
        gap_x.clear()
        gap_y.clear()

    while i < n or j < m:
        if i < n and j < m and _same(xs[i], ys[j]) and lcs[i][j] == lcs[i + 1][j + 1] + 1:
            flush()
            out.append((i, j))
            i, j = i + 1, j + 1
        elif j >= m or (i < n and lcs[i + 1][j] >= lcs[i][j + 1]):
            gap_x.append(i)
            i += 1
        else:
            gap_y.append(j)
            j += 1
    flush()
    return out


# --- the reporter (report_compare.go, report_reflect.go) ---

@dataclass(frozen=True)
class Opts:
    mode: str = "?"  # "?" diffing, " " identical, "-" removed, "+" inserted
    types: str = "emit"  # emit, elide, auto
    verbosity: int = 0
    limited: bool = False
    no_stringer: bool = False

    def but(self, **kw: Any) -> Opts:
        return Opts(**{**self.__dict__, **kw})

    def level(self) -> int:
        return max(0, min(16, self.verbosity))


def _preset(o: Opts, i: int) -> Opts:
    return o.but(verbosity=o.level() + 2 * i, no_stringer=o.no_stringer or i > 0)


def _go_quote(s: str) -> str:
    out = []
    for ch in s:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x80 else ch)
    return '"' + "".join(out) + '"'


def _go_literal(s: str) -> str:
    """formatString: Go's strconv.Quote, or a raw `...` literal where that is shorter."""
    quoted = _go_quote(s)
    if len(quoted.encode()) == len(s.encode()) + 2:
        return quoted
    if "`" not in s and "\n" not in s and all(ch.isprintable() or ch == "\t" for ch in s):
        return "`" + s + "`"
    return quoted


def _format_string(o: Opts, prefix: str, s: str) -> Text:
    limit = (1 << o.level()) << 5 if o.limited else len(s)
    if len(s) > limit + 3:
        return Line(prefix + _go_literal(s[:limit]) + "...")
    return Line(prefix + _go_literal(s))


def _map_key(k: GoValue) -> str:
    return _value(Opts(mode=" ", types="elide", verbosity=MAX_PRESET, limited=True), k).text  # type: ignore[union-attr]


def _with_type(o: Opts, t: GoType, s: Text) -> Text:
    if o.types == "elide":
        return s
    if o.types == "auto":
        if t.kind not in ("struct", "slice", "map") or s == NIL or o.mode == " ":
            return s
    name = t.name if t.named or t.kind != "ptr" else "(" + t.name + ")"
    if isinstance(s, Wrap) and ((s.prefix.startswith("{") and s.suffix.endswith("}"))
                                or (s.prefix.startswith("(") and s.suffix.endswith(")"))):
        return Wrap(name, s, "")
    return Wrap(name, Wrap("(", s, ")"), "")


def _value(o: Opts, v: GoValue | None) -> Text | None:
    """FormatValue: one value alone, zero struct fields left out, cut by the verbosity."""
    if v is None:
        return None
    t = v.type
    if t.stringer and not o.no_stringer and v.data is not None:
        return _format_string(o, "s", str(v.data))
    out: Text
    if t.kind == "bool":
        out = Line("true" if v.data else "false")
    elif t.kind == "int":
        out = Line(str(v.data))
    elif t.kind == "string":
        out = _format_string(o, "", v.data)
    elif t.kind == "struct":
        cap = len(v.data)
        if o.limited:
            cap = ((1 << o.level()) >> 1) << 2
            o = o.but(verbosity=o.verbosity - 1)
        lst = TList()
        for name, fv in v.data:
            if is_zero(fv):
                continue
            if len(lst.items) == cap:
                lst.ellipsis()
                break
            lst.items.append(Record(key=name, value=_value(o.but(types="auto"), fv)))  # type: ignore[arg-type]
        out = Wrap("{", lst, "}")
    elif t.kind in ("slice", "map"):
        if v.data is None:
            return _with_type(o, t, NIL)
        cap = len(v.data)
        if o.limited:
            cap = ((1 << o.level()) >> 1) << 2
            o = o.but(verbosity=o.verbosity - 1)
        lst = TList()
        entries: list[tuple[GoValue | None, GoValue]] = (
            sorted(v.data, key=lambda kv: kv[0].data) if t.kind == "map"  # type: ignore[union-attr]
            else [(None, x) for x in v.data])
        for k, item in entries:
            if len(lst.items) == cap:
                lst.ellipsis()
                break
            lst.items.append(Record(key=_map_key(k) if k is not None else "",
                                    value=_value(o.but(types="elide"), item)))  # type: ignore[arg-type]
        out = Wrap("{", lst, "}")
    elif t.kind == "ptr":
        if v.data is None:
            return _with_type(o, t, NIL)
        inner = _value(o, v.data)
        assert inner is not None
        out = Wrap("&", inner, "")
        return out if not t.named else _with_type(o, t, out)
    else:
        raise ValueError(f"gocmp: kind {t.kind!r} is not modelled")
    return _with_type(o, t, out)


def _diff(o: Opts, v: Node) -> Text | None:
    """FormatDiff: a node of the comparison tree as text."""
    o = o.but(verbosity=1, limited=True) if o.mode == " " else (
        o.but(verbosity=3, limited=True) if o.level() < 3 else o.but(limited=True))
    if v.depth == 0:
        if o.mode in ("?", " "):
            if v.diff == 0:
                ox, oy = _value(o, v.x), _value(o, v.y)
                assert ox is not None and oy is not None
                return ox if _len(ox) < _len(oy) else oy
            lst = TList()
            ox, oy = _value(o.but(types="elide"), v.x), _value(o.but(types="elide"), v.y)
            if ox is not None:
                lst.items.append(Record(diff="-", value=ox))
            if oy is not None:
                lst.items.append(Record(diff="+", value=oy))
            return _with_type(o.but(types="emit"), v.type, lst)
        return _value(o, v.x if o.mode == "-" else v.y)
    if v.type.kind == "ptr":
        assert v.value is not None
        inner = _diff(o, v.value)
        assert inner is not None
        return Wrap("&", inner, "")
    return _with_type(o, v.type, _diff_list(o, v))


def _diff_list(o: Opts, v: Node) -> Text:
    kind = v.type.kind
    name = {"struct": "field", "slice": "element", "map": "entry"}[kind]
    o = o.but(types="auto" if kind == "struct" else "elide")
    cap = -1
    if o.limited:
        cap = ((1 << o.level()) >> 1) << 2 if o.mode == " " else (1 << o.level()) << 1
        o = o.but(verbosity=o.verbosity - 1)
    recs = v.records
    lst = TList()
    if o.mode != "?":
        dropped = False
        for key, r in recs:
            if len(lst.items) == cap:
                dropped = True
                break
            if kind == "struct":
                side = {" ": (r.x, r.y), "-": (r.x,), "+": (r.y,)}[o.mode]
                if any(s is not None and is_zero(s) for s in side):
                    continue
            out = _diff(o, r)
            if out is not None:
                lst.items.append(Record(key=key, value=out))
        if dropped:
            lst.ellipsis()
        return Wrap("{", lst, "}")
    groups = _groups(name, recs)
    diffs = 0
    rest = Stats(name)
    for i, ds in enumerate(groups):
        if cap >= 0 and diffs >= cap:
            rest = rest.plus(ds)
            continue
        if ds.diffs() == 0:
            equal = ds.identical
            lo = min(CONTEXT, equal) if i != 0 else 0
            hi = min(CONTEXT, equal - lo) if i != len(groups) - 1 else 0
            if equal - (lo + hi) == 1:
                hi += 1
            for key, r in recs[:lo]:
                lst.items.append(Record(key=key, value=_diff(o.but(mode=" "), r)))  # type: ignore[arg-type]
            if equal > lo + hi:
                lst.ellipsis(Stats(name, identical=equal - lo - hi))
            for key, r in recs[equal - hi:equal]:
                lst.items.append(Record(key=key, value=_diff(o.but(mode=" "), r)))  # type: ignore[arg-type]
            recs = recs[equal:]
            continue
        for key, r in recs[:ds.diffs()]:
            if r.children == r.depth:
                ox, oy = _diff(o.but(mode="-"), r), _diff(o.but(mode="+"), r)
                i2 = 0
                while i2 <= MAX_PRESET and ox is not None and oy is not None and ox == oy:
                    p = _preset(o, i2)
                    ox, oy = _diff(p.but(mode="-"), r), _diff(p.but(mode="+"), r)
                    i2 += 1
                if ox is not None:
                    lst.items.append(Record(diff="-", key=key, value=ox))
                if oy is not None:
                    lst.items.append(Record(diff="+", key=key, value=oy))
            else:
                lst.items.append(Record(key=key, value=_diff(o, r)))  # type: ignore[arg-type]
        recs = recs[ds.diffs():]
        diffs += ds.diffs()
    if rest.total():
        lst.ellipsis(rest)
    return Wrap("{", lst, "}")


def _groups(name: str, recs: list[tuple[str, Node]]) -> list[Stats]:
    groups: list[Stats] = []
    prev = 0
    for _, r in recs:
        case = 1 if r.diff == 0 else 2
        if case != prev:
            groups.append(Stats(name))
            prev = case
        g = groups[-1]
        if r.diff == 0:
            g.identical += 1
        elif r.y is None:
            g.removed += 1
        elif r.x is None:
            g.inserted += 1
        else:
            g.modified += 1
    return groups


def diff(x: GoValue, y: GoValue) -> str:
    """cmp.Diff(x, y): empty when equal."""
    node = compare(x.type, x, y)
    if node.diff == 0:
        return ""
    text = _diff(Opts(), node)
    assert text is not None
    return render(text)
