"""``printf FORMAT [ARG]...``, one implementation for the terminal's bash (`builtins.printf`) and
for a container's PID 1 script (`lifecycle/script_printing.py`): the %-conversions, and the
format used again while arguments are left, as bash's, coreutils' and busybox's printf do.

The two callers differ only in what they hand in: the set of conversions they know and where
backslash escapes are read (bash's builtin unescapes the format first and has ``%b``; the script
reads a few escapes in the same left-to-right pass as the conversions)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

_FLAGS = r"%([-+ #0]*[0-9]*(?:\.[0-9]+)?)"


def passes(
    fmt: str,
    args: list[str],
    *,
    kinds: str,
    escapes: Mapping[str, str] | None = None,
    unescape_arg: Callable[[str], str] | None = None,
) -> Iterator[str]:
    """The text of each pass of ``fmt`` over what is left of ``args``. ``kinds`` lists the
    conversion letters understood (others stay as written); ``escapes`` (``\\n`` → newline, …),
    when given, is read in the same pass, an unknown escape kept as written; ``unescape_arg``
    serves ``%b``."""
    pattern = _FLAGS + f"([{re.escape(kinds)}])" + (r"|\\(.)" if escapes is not None else "")
    spec = re.compile(pattern)
    args = list(args)
    while True:
        used = 0

        def convert(m: re.Match[str]) -> str:
            nonlocal used
            if escapes is not None and m.group(3) is not None:
                return escapes.get(m.group(3), m.group(0))
            flags, kind = m.group(1), m.group(2)
            if kind == "%":
                return "%"
            arg = args[used] if used < len(args) else ""
            used += 1
            return _convert(flags, kind, arg, unescape_arg)

        yield spec.sub(convert, fmt)
        del args[:used]
        if not args or not used:
            return


def _convert(flags: str, kind: str, arg: str, unescape_arg: Callable[[str], str] | None) -> str:
    if kind in "diuxXo":
        try:
            number = int(arg or "0")
        except ValueError:
            number = 0
        return ("%" + flags + ("d" if kind in "iu" else kind)) % number
    if kind == "f":
        return ("%" + flags + "f") % float(arg or "0")
    if kind == "b" and unescape_arg is not None:
        return unescape_arg(arg)
    return ("%" + flags + "s") % (arg[:1] if kind == "c" else arg)
