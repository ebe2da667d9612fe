"""What ``echo`` and ``printf`` write in a container's PID 1 script (`script.py`), as dash,
BusyBox ash and bash word them."""

from __future__ import annotations

import re

from playground.sim.shell import printf

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


def printf_text(words: list[str]) -> str:
    """``printf FORMAT [ARG]...``: a few backslash escapes read with the %s/%d… conversions in one
    pass (the shared `shell/printf.py`)."""
    if not words:
        return ""
    return "".join(printf.passes(words[0], words[1:], kinds="sdiuxXoc%", escapes=_ECHO_ESCAPES))
