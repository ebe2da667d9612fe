"""POSIX basic/extended regular expressions (grep, sed, awk) translated to Python's ``re``."""

from __future__ import annotations

import re

CLASSES = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z",
           "lower": "a-z", "space": r" \t\n\r\f\v", "blank": r" \t", "punct": r"!-/:-@\[-`{-~",
           "xdigit": "0-9A-Fa-f", "word": r"\w"}  # fmt: skip


class RegexError(Exception):
    """The pattern does not compile; the message is the tool-independent reason."""


def _bracket(pattern: str, i: int) -> tuple[str, int]:
    """Translate the bracket expression starting at ``pattern[i] == '['``."""
    j = i + 1
    out = ["["]
    if pattern[j : j + 1] == "^":
        out.append("^")
        j += 1
    if pattern[j : j + 1] == "]":
        out.append(r"\]")
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        m = re.match(r"\[:(\w+):\]", pattern[j:])
        if m:
            out.append(CLASSES.get(m.group(1), ""))
            j += m.end()
            continue
        c = pattern[j]
        out.append("\\" + c if c in "\\[" else c)
        j += 1
    if j >= len(pattern):
        raise RegexError("Unmatched [, [^, [:, [., or [=")
    out.append("]")
    return "".join(out), j + 1


def translate(pattern: str, extended: bool) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "[":
            text, i = _bracket(pattern, i)
            out.append(text)
            continue
        if c == "\\" and i + 1 < len(pattern):
            n = pattern[i + 1]
            i += 2
            if not extended and n in "(){}|+?":
                out.append(n)
            elif n in "<>":
                out.append(r"\b")
            elif n in "wWsSbB" or n.isdigit():
                out.append("\\" + n)
            elif n in "tn":  # GNU extensions: \t is a TAB, \n a newline
                out.append({"t": "\t", "n": "\n"}[n])
            else:
                out.append(re.escape(n))
            continue
        i += 1
        if extended:
            out.append(c)
        elif c in "(){}|+?":
            out.append("\\" + c)
        elif c == "*" and (not out or out[-1] in ("^", "\\(")):
            out.append(r"\*")
        else:
            out.append(c)
    return "".join(out)


def compile_posix(pattern: str, extended: bool, ignore_case: bool = False) -> re.Pattern[str]:
    try:
        return re.compile(translate(pattern, extended), re.IGNORECASE if ignore_case else 0)
    except re.error as e:
        raise RegexError(str(e)) from e


def replacement(text: str) -> str:
    """A sed replacement (``&``, ``\\1``) in Python's ``re.sub`` syntax."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            out.append(
                f"\\g<{n}>"
                if n.isdigit()
                else {"n": "\n", "t": "\t"}.get(n, n).replace("\\", "\\\\")
            )
            i += 2
        elif c == "&":
            out.append(r"\g<0>")
            i += 1
        else:
            out.append("\\\\" if c == "\\" else c)
            i += 1
    return "".join(out)
