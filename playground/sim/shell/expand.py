"""Bash's word expansions: tilde, parameters, command substitution, field splitting, globbing."""

from __future__ import annotations

import re
from typing import Protocol

from playground.sim.shell import arith

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SPECIAL = "?$#0123456789@*!-"
IFS = " \t\n"


class ExpansionError(Exception):
    """An expansion bash refuses (``${}``); ``str(e)`` is its message, exit status 1."""


class Context(Protocol):
    home: str

    def get_var(self, name: str) -> str | None: ...

    def substitute(self, command: str) -> str: ...

    def glob(self, pattern: str) -> list[str]: ...


# A piece of a word being expanded: its text, whether it was quoted, whether it came from an
# unquoted expansion (only those are split into fields).
Piece = tuple[str, bool, bool]


def _param(ctx: Context, body: str, braced: bool) -> str:
    if not braced:
        return ctx.get_var(body) or ""
    if body.startswith("#") and len(body) > 1:
        return str(len(ctx.get_var(body[1:]) or ""))
    m = NAME.match(body) or re.match(r"[?$#0-9@*!-]", body)
    if not m:
        raise ExpansionError(f"bash: ${{{body}}}: bad substitution")
    name, rest = m.group(0), body[m.end() :]
    value = ctx.get_var(name)
    if not rest:
        return value or ""
    op = re.match(r":?[-=+?]", rest)
    if not op:
        raise ExpansionError(f"bash: ${{{body}}}: bad substitution")
    word = expand_string(rest[op.end() :], ctx)
    unset = value is None or (op.group(0).startswith(":") and value == "")
    kind = op.group(0)[-1]
    if kind in "-=":
        return word if unset else value or ""
    if kind == "+":
        return "" if unset else word
    if unset:
        raise ExpansionError(f"bash: {name}: {word or 'parameter null or not set'}")
    return value or ""


def _dollar(raw: str, i: int, ctx: Context) -> tuple[str, int] | None:
    """Expand the ``$`` at ``raw[i]``; returns (value, index after) or None for a literal ``$``."""
    nxt = raw[i + 1 : i + 2]
    if raw.startswith("$((", i):
        end = _arith_end(raw, i + 3)
        if end is not None:
            inner = expand_string(raw[i + 3 : end], ctx)
            try:
                return str(arith.evaluate(inner, ctx.get_var)), end + 2
            except arith.ArithError as e:
                raise ExpansionError(f"bash: {e}") from None
    if nxt == "(":
        depth, j = 0, i + 1
        while j < len(raw):
            if raw[j] in "'\"":
                end = raw.find(raw[j], j + 1)
                j = end + 1 if end > 0 else len(raw)
                continue
            depth += {"(": 1, ")": -1}.get(raw[j], 0)
            if depth == 0:
                break
            j += 1
        return ctx.substitute(raw[i + 2 : j]).rstrip("\n"), j + 1
    if nxt == "{":
        j = raw.find("}", i + 2)
        return _param(ctx, raw[i + 2 : j], True), j + 1
    if nxt and nxt in SPECIAL:
        return _param(ctx, nxt, False), i + 2
    m = NAME.match(raw, i + 1)
    if m:
        return _param(ctx, m.group(0), False), m.end()
    return None


def _arith_end(raw: str, start: int) -> int | None:
    """Index of the ``))`` closing ``$((`` whose body starts at ``start``; None when the
    parentheses close apart (``$( (cmd) )``-like: a command substitution)."""
    depth = 0
    for j in range(start, len(raw)):
        if raw[j] == "(":
            depth += 1
        elif raw[j] == ")":
            if depth == 0:
                return j if raw[j + 1 : j + 2] == ")" else None
            depth -= 1
    return None


def _backtick(raw: str, i: int, ctx: Context) -> tuple[str, int]:
    j = i + 1
    while j < len(raw) and raw[j] != "`":
        j += 2 if raw[j] == "\\" else 1
    inner = re.sub(r"\\([$`\\])", r"\1", raw[i + 1 : j])
    return ctx.substitute(inner).rstrip("\n"), j + 1


def _pieces(raw: str, ctx: Context, assignment: bool = False) -> list[Piece]:
    out: list[Piece] = []
    i = 0
    if raw.startswith("~") and (len(raw) == 1 or raw[1] == "/"):
        out.append((ctx.home, True, False))
        i = 1
    while i < len(raw):
        c = raw[i]
        if c == "\\":
            # a backslash that ends the line escapes nothing: bash and dash keep it
            out.append((raw[i + 1 : i + 2] or "\\", True, False))
            i += 2
        elif c == "'":
            end = raw.index("'", i + 1)
            out.append((raw[i + 1 : end], True, False))
            i = end + 1
        elif c == '"':
            i = _double_quoted(raw, i + 1, ctx, out)
        elif c == "$" or c == "`":
            got = _dollar(raw, i, ctx) if c == "$" else _backtick(raw, i, ctx)
            if got is None:
                out.append(("$", False, False))
                i += 1
            else:
                out.append((got[0], False, not assignment))
                i = got[1]
        elif assignment and c == "~" and raw[i - 1 : i] in ("=", ":"):
            rest = raw[i + 1 : i + 2]
            out.append((ctx.home if rest in ("", "/", ":") else "~", True, False))
            i += 1
        else:
            out.append((c, False, False))
            i += 1
    return out


def _double_quoted(raw: str, i: int, ctx: Context, out: list[Piece]) -> int:
    buf: list[str] = []
    while i < len(raw) and raw[i] != '"':
        c = raw[i]
        if c == "\\" and raw[i + 1 : i + 2] in ('"', "\\", "$", "`"):
            buf.append(raw[i + 1])
            i += 2
        elif c == "\\" and raw[i + 1 : i + 2] == "\n":
            i += 2
        elif c in "$`":
            got = _dollar(raw, i, ctx) if c == "$" else _backtick(raw, i, ctx)
            if got is None:
                buf.append("$")
                i += 1
            else:
                buf.append(got[0])
                i = got[1]
        else:
            buf.append(c)
            i += 1
    out.append(("".join(buf), True, False))
    return i + 1


def _glob_pattern(field: list[Piece]) -> str | None:
    """A fnmatch pattern for the field, or None when no unquoted ``*?[`` makes it a glob."""
    active = False
    parts: list[str] = []
    for text, quoted, _ in field:
        if quoted:
            parts.append(re.sub(r"([*?\[])", r"[\1]", text))
        else:
            active = active or any(ch in text for ch in "*?[")
            parts.append(text)
    return "".join(parts) if active else None


def expand_word(raw: str, ctx: Context) -> list[str]:
    """One raw word → the arguments it becomes (none, one, or several)."""
    fields: list[list[Piece]] = []
    current: list[Piece] = []
    started = False
    for piece in _pieces(raw, ctx):
        text, quoted, split = piece
        if not split:
            current.append(piece)
            started = True
            continue
        # an unquoted expansion: IFS whitespace separates fields
        parts = re.split(r"[ \t\n]+", text)
        for k, part in enumerate(parts):
            if k > 0 and (started or current):
                fields.append(current)
                current, started = [], False
            if part:
                current.append((part, False, False))
                started = True
    if started or current:
        fields.append(current)
    words: list[str] = []
    for f in fields:
        if not f or (all(not t for t, _, _ in f) and not any(q for _, q, _ in f)):
            continue
        pattern = _glob_pattern(f)
        matches = ctx.glob(pattern) if pattern is not None else []
        words.extend(matches or ["".join(t for t, _, _ in f)])
    return words


def expand_string(raw: str, ctx: Context, assignment: bool = False) -> str:
    """A word expanded without splitting or globbing (assignments, here-strings, redirections)."""
    return "".join(t for t, _, _ in _pieces(raw, ctx, assignment))


def expand_heredoc(body: str, ctx: Context) -> str:
    """An unquoted here-document body: parameters and substitutions, ``\\$ \\` \\\\`` escapes."""
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and body[i + 1 : i + 2] in ("$", "`", "\\"):
            out.append(body[i + 1])
            i += 2
        elif c == "\\" and body[i + 1 : i + 2] == "\n":
            i += 2
        elif c in "$`":
            got = _dollar(body, i, ctx) if c == "$" else _backtick(body, i, ctx)
            if got is None:
                out.append("$")
                i += 1
            else:
                out.append(got[0])
                i = got[1]
        else:
            out.append(c)
            i += 1
    return "".join(out)
