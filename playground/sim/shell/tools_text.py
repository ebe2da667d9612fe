"""Text filters with GNU's output and messages: grep, head, tail, wc, sort, uniq, cut, tr."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from playground.sim.shell.fs import FsError
from playground.sim.shell.io import Io
from playground.sim.shell.options import UsageError, parse, usage
from playground.sim.shell.regex import RegexError, compile_posix

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _inputs(
    sh: Shell, names: list[str], stdin: str | None, io: Io, fmt: str
) -> list[tuple[str, str | None]]:
    """(name, text or None when unreadable) per operand; ``fmt`` words the error."""
    out: list[tuple[str, str | None]] = []
    for name in names or ["-"]:
        if name == "-":
            out.append(("(standard input)", stdin or ""))
            continue
        try:
            out.append((name, sh.fs.read(name)))
        except FsError as e:
            io.write_err(fmt.format(name=name, error=e))
            out.append((name, None))
    return out


def grep(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse(
            "grep",
            argv[1:],
            "ivcnEwoHhlqrFx",
            "eABCm",
            long={
                "ignore-case": "i",
                "invert-match": "v",
                "count": "c",
                "extended-regexp": "E",
                "line-number": "n",
                "word-regexp": "w",
                "only-matching": "o",
                "quiet": "q",
                "regexp": "e",
            },
        )
    except UsageError as e:
        return usage(io, e, 2)
    operands = opts.operands
    patterns = opts.multi.get("e", [])
    if not patterns:
        if not operands:
            io.write_err(
                "Usage: grep [OPTION]... PATTERNS [FILE]...\n"
                "Try 'grep --help' for more information.\n"
            )
            return 2
        patterns, operands = operands[0].split("\n"), operands[1:]
    try:
        source = "|".join(
            f"(?:{re.escape(p) if 'F' in opts else compile_posix(p, 'E' in opts).pattern})"
            for p in patterns
        )
        if "w" in opts:
            source = rf"(?<!\w)(?:{source})(?!\w)"
        if "x" in opts:
            source = rf"^(?:{source})$"
        rx = re.compile(source, re.IGNORECASE if "i" in opts else 0)
    except (re.error, RegexError) as e:
        io.write_err(f"grep: {e}\n")
        return 2
    context = {k: opts.flags.get(k, opts.flags.get("C", "0")) or "0" for k in "AB"}
    for value in context.values():
        if not value.isdigit():  # GNU grep takes only a count of lines
            io.write_err(f"grep: {value}: invalid context length argument\n")
            return 2
    after, before = int(context["A"]), int(context["B"])
    files = _inputs(sh, operands, stdin, io, "grep: {name}: {error}\n")
    prefix_names = ("H" in opts or len(files) > 1) and "h" not in opts
    found, trouble = False, False
    for name, text in files:
        if text is None:
            trouble = True
            continue
        lines = _lines(text)
        hits = [i for i, line in enumerate(lines) if bool(rx.search(line)) != ("v" in opts)]
        found = found or bool(hits)
        if "q" in opts:
            continue
        if "c" in opts:
            io.write_out(f"{name}:{len(hits)}\n" if prefix_names else f"{len(hits)}\n")
            continue
        if "l" in opts:
            if hits:
                io.write_out(name + "\n")
            continue
        shown: set[int] = set()
        last = -2
        for i in hits:
            for j in range(max(0, i - before), min(len(lines), i + after + 1)):
                if j in shown:
                    continue
                if (after or before) and last >= 0 and j > last + 1:
                    io.write_out("--\n")
                shown.add(j)
                last = j
                sep = ":" if j == i or j in hits else "-"
                head = (f"{name}{sep}" if prefix_names else "") + (
                    f"{j + 1}{sep}" if "n" in opts else ""
                )
                if "o" in opts and "v" not in opts:
                    for m in rx.finditer(lines[j]):
                        if m.group(0):
                            io.write_out(f"{head}{m.group(0)}\n")
                else:
                    io.write_out(f"{head}{lines[j]}\n")
    if trouble and not ("q" in opts and found):
        return 2
    return 0 if found else 1


def _head_tail(sh: Shell, argv: list[str], stdin: str | None, io: Io, tool: str) -> int:
    try:
        opts = parse(tool, argv[1:], "qvf", "nc", long={"lines": "n", "bytes": "c"}, numeric="n")
    except UsageError as e:
        return usage(io, e)
    kind = "c" if "c" in opts else "n"
    raw = opts.flags.get(kind, "10")
    m = re.fullmatch(r"([+-]?)(\d+)", raw)
    if not m:
        word = "bytes" if kind == "c" else "lines"
        io.write_err(f"{tool}: invalid number of {word}: ‘{raw}’\n")
        return 1
    sign, count = m.group(1), int(m.group(2))
    files = _inputs(
        sh, opts.operands, stdin, io, f"{tool}: cannot open '{{name}}' for reading: {{error}}\n"
    )
    status = 0
    shown = 0
    for name, text in files:
        if text is None:
            status = 1
            continue
        if len(files) > 1:
            io.write_out(("\n" if shown else "") + f"==> {name} <==\n")
        shown += 1
        items: list[str] = list(text) if kind == "c" else text.splitlines(keepends=True)
        if tool == "head":
            part = items[: len(items) - count] if sign == "-" else items[:count]
        elif sign == "+":
            part = items[max(count - 1, 0) :]
        else:
            part = items[len(items) - count :] if count else []
        io.write_out("".join(part))
    return status


def head(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    return _head_tail(sh, argv, stdin, io, "head")


def tail(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    return _head_tail(sh, argv, stdin, io, "tail")


def wc(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("wc", argv[1:], "lwcmL", long={"lines": "l", "words": "w", "bytes": "c"})
    except UsageError as e:
        return usage(io, e)
    which = [k for k in "lwc" if k in opts or (k == "c" and "m" in opts)] or ["l", "w", "c"]
    files = _inputs(sh, opts.operands, stdin, io, "wc: {name}: {error}\n")
    rows: list[tuple[list[int], str]] = []
    totals = [0, 0, 0]
    status = 0
    for name, text in files:
        if text is None:
            status = 1
            continue
        counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
        if "m" in opts:
            counts["c"] = len(text)
        values = [counts[k] for k in which]
        totals = [a + b for a, b in zip(totals, values + [0] * (3 - len(values)), strict=True)]
        rows.append((values, "" if name == "(standard input)" else name))
    if len(which) == 1 and len(files) == 1:
        width = 1
    elif not opts.operands or "-" in opts.operands:
        width = 7
    else:
        size = sum(len(t.encode()) for _, t in files if t is not None)
        width = len(str(size))
    if len(files) > 1:
        rows.append((totals[: len(which)], "total"))
    for values, name in rows:
        line = " ".join(f"{v:>{width}}" for v in values)
        io.write_out(f"{line} {name}\n" if name else f"{line}\n")
    return status


def _sort_key(line: str, opts_k: str | None, sep: str | None) -> str:
    if not opts_k:
        return line
    m = re.match(r"(\d+)(?:,(\d+))?", opts_k)
    start = int(m.group(1)) if m else 1
    end = int(m.group(2)) if m and m.group(2) else None
    if sep is None:
        fields = re.findall(r"\s*\S+", line)
    else:
        fields = line.split(sep)
    chosen = fields[start - 1 : end]
    return (sep or "").join(chosen) if sep else "".join(chosen)


def _numeric(text: str) -> float:
    m = re.match(r"\s*(-?\d+(?:\.\d+)?)", text)
    return float(m.group(1)) if m else 0.0


def sort(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse(
            "sort",
            argv[1:],
            "rnuhfb",
            "kt",
            long={"reverse": "r", "numeric-sort": "n", "unique": "u", "key": "k"},
        )
    except UsageError as e:
        return usage(io, e, 2)
    lines: list[str] = []
    for _name, text in _inputs(
        sh, opts.operands, stdin, io, "sort: cannot read: {name}: {error}\n"
    ):
        if text is None:
            return 2
        lines.extend(_lines(text))
    key_spec = opts.flags.get("k")
    sep = opts.flags.get("t")

    def key(line: str) -> tuple[float, str, str]:
        k = _sort_key(line, key_spec, sep)
        if "f" in opts:
            k = k.upper()
        return (_numeric(k) if "n" in opts else 0.0, k if "n" not in opts else "", line)

    result = sorted(lines, key=key, reverse="r" in opts)
    if "u" in opts:
        seen: set[object] = set()
        unique = []
        for line in result:
            k = key(line)[:2] if key_spec or "n" in opts else line
            if k not in seen:
                seen.add(k)
                unique.append(line)
        result = unique
    io.write_out("".join(line + "\n" for line in result))
    return 0


def uniq(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("uniq", argv[1:], "cdui", long={"count": "c"})
    except UsageError as e:
        return usage(io, e)
    files = _inputs(sh, opts.operands[:1], stdin, io, "uniq: {name}: {error}\n")
    text = files[0][1]
    if text is None:
        return 1
    groups: list[list[str]] = []
    for line in _lines(text):
        same = groups and (
            groups[-1][0].lower() == line.lower() if "i" in opts else groups[-1][0] == line
        )
        if same:
            groups[-1].append(line)
        else:
            groups.append([line])
    for group in groups:
        if ("d" in opts and len(group) < 2) or ("u" in opts and len(group) > 1):
            continue
        io.write_out(f"{len(group):7d} {group[0]}\n" if "c" in opts else f"{group[0]}\n")
    return 0


def _ranges(spec: str, io: Io) -> list[tuple[int, int]] | None:
    out = []
    for part in spec.split(","):
        m = re.fullmatch(r"(\d*)(-?)(\d*)", part)
        if not m or not (m.group(1) or m.group(3)) or m.group(1) == "0":
            io.write_err(
                f"cut: invalid field value ‘{part}’\nTry 'cut --help' for more information.\n"
            )
            return None
        lo = int(m.group(1) or 1)
        hi = int(m.group(3)) if m.group(3) else (lo if not m.group(2) else 10**9)
        out.append((lo, hi))
    return out


def cut(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("cut", argv[1:], "s", "dfcb", long={"delimiter": "d", "fields": "f"})
    except UsageError as e:
        return usage(io, e)
    spec = opts.flags.get("f") or opts.flags.get("c") or opts.flags.get("b")
    if spec is None:
        io.write_err(
            "cut: you must specify a list of bytes, characters, or fields\n"
            "Try 'cut --help' for more information.\n"
        )
        return 1
    ranges = _ranges(spec, io)
    if ranges is None:
        return 1
    delim = opts.flags.get("d", "\t")
    if len(delim) != 1:
        io.write_err(
            "cut: the delimiter must be a single character\n"
            "Try 'cut --help' for more information.\n"
        )
        return 1
    status = 0
    for _name, text in _inputs(sh, opts.operands, stdin, io, "cut: {name}: {error}\n"):
        if text is None:
            status = 1
            continue
        for line in _lines(text):
            if "f" in opts.flags:
                if delim not in line:
                    if "s" not in opts:
                        io.write_out(line + "\n")
                    continue
                parts = line.split(delim)
                keep = [p for n, p in enumerate(parts, 1) if any(a <= n <= b for a, b in ranges)]
                io.write_out(delim.join(keep) + "\n")
            else:
                keep = [ch for n, ch in enumerate(line, 1) if any(a <= n <= b for a, b in ranges)]
                io.write_out("".join(keep) + "\n")
    return status


def _tr_set(spec: str) -> str:
    spec = (
        spec.replace("[:upper:]", "A-Z")
        .replace("[:lower:]", "a-z")
        .replace("[:digit:]", "0-9")
        .replace("[:space:]", " \t\n\r\f\v")
        .replace("\\n", "\n")
        .replace("\\t", "\t")
    )
    out: list[str] = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return "".join(out)


def tr(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("tr", argv[1:], "dsc")
    except UsageError as e:
        return usage(io, e)
    ops = opts.operands
    if not ops:
        io.write_err("tr: missing operand\nTry 'tr --help' for more information.\n")
        return 1
    text = stdin or ""
    first = _tr_set(ops[0])
    if "d" in opts:
        text = "".join(c for c in text if c not in first)
    elif len(ops) < 2 and "s" not in opts:
        io.write_err(
            f"tr: missing operand after ‘{ops[0]}’\n"
            "Two strings must be given when translating.\n"
            "Try 'tr --help' for more information.\n"
        )
        return 1
    elif len(ops) >= 2 and not ops[1] and first:
        io.write_err("tr: STRING2 cannot be empty\n" if sh.profile.tool_style == "busybox"
                     else "tr: when not truncating set1, string2 must be non-empty\n")
        return 1
    elif len(ops) >= 2:
        second = _tr_set(ops[1])
        second = second + second[-1:] * (len(first) - len(second))
        text = text.translate(str.maketrans(first, second[: len(first)]))
        first = second
    if "s" in opts:
        text = re.sub("([" + re.escape(first) + r"])\1+", r"\1", text)
    io.write_out(text)
    return 0


TOOLS = {"cut": cut, "grep": grep, "head": head, "sort": sort, "tail": tail, "tr": tr,
         "uniq": uniq, "wc": wc}  # fmt: skip
