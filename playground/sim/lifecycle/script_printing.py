"""What ``echo`` and ``printf`` write in a container's PID 1 script (`script.py`), as dash,
BusyBox ash and bash word them."""

from __future__ import annotations

import re

_ECHO_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "r": "\r"}


def echo_text(words: list[str], flavour: str) -> tuple[str, bool]:
    """(text, newline) of ``echo``: -n drops the newline, -e reads backslash escapes (dash's
    echo reads them always, busybox's only with -e)."""
    newline, escapes = True, flavour == "dash"
    while words and re.fullmatch(r"-[neE]+", words[0]):
        flags = words.pop(0)[1:]
        newline = newline and "n" not in flags
        escapes = (escapes or "e" in flags) and not flags.endswith("E")
    text = " ".join(words)
    if escapes:
        text = re.sub(r"\\(.)", lambda m: _ECHO_ESCAPES.get(m.group(1), m.group(0)), text)
    return text, newline


_PRINTF = re.compile(r"%([-+ #0]*[0-9]*(?:\.[0-9]+)?)([sdiuxXoc%])|\\(.)")


def _printf_once(fmt: str, args: list[str]) -> tuple[str, int]:
    """One pass of ``fmt`` over ``args``: (text, how many arguments it consumed)."""
    used = 0

    def convert(m: re.Match[str]) -> str:
        nonlocal used
        if m.group(3) is not None:
            return _ECHO_ESCAPES.get(m.group(3), m.group(0))
        flags, kind = m.group(1), m.group(2)
        if kind == "%":
            return "%"
        arg = args[used] if used < len(args) else ""
        used += 1
        if kind in "diuxXo":
            try:
                number = int(arg or "0")
            except ValueError:
                number = 0
            return ("%" + flags + ("d" if kind in "iu" else kind)) % number
        return ("%" + flags + "s") % (arg[:1] if kind == "c" else arg)

    return _PRINTF.sub(convert, fmt), used


def printf_text(words: list[str]) -> str:
    """``printf FORMAT [ARG]...``: backslash escapes and %s/%d… conversions; the format is
    used again while arguments are left, as coreutils' and busybox's printf do."""
    if not words:
        return ""
    fmt, args = words[0], list(words[1:])
    out: list[str] = []
    while True:
        text, used = _printf_once(fmt, args)
        out.append(text)
        args = args[used:]
        if not args or not used:
            return "".join(out)
