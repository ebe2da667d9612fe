"""The `watch` tool (procps-ng): re-run a command every N seconds on a full screen.

Real watch draws in the terminal's alternate screen and redraws it on every refresh; the first
line is ``Every 2.0s: <command>`` with ``<hostname>: <date>`` at the right edge of an 80-column
terminal, then a blank line and the command's output. Ctrl-C restores the screen.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ENTER = "\x1b[?1049h"  # switch to the alternate screen, as watch does
LEAVE = "\x1b[?1049l"  # and back on Ctrl-C
CLEAR = "\x1b[H\x1b[2J"
WIDTH = 80


@dataclass(frozen=True)
class WatchArgs:
    line: str
    interval: float
    title: bool


def parse_args(argv: list[str]) -> WatchArgs | str:
    """``watch [-n SECS] [-t] COMMAND...``; a string is the usage error to print."""
    interval, title = 2.0, True
    rest = argv[1:]
    while rest and rest[0].startswith("-") and rest[0] != "-":
        flag = rest.pop(0)
        if flag in ("-n", "--interval") and rest:
            value = rest.pop(0)
        elif flag.startswith("--interval="):
            value = flag.split("=", 1)[1]
        elif flag.startswith("-n") and len(flag) > 2:
            value = flag[2:]
        elif flag in ("-t", "--no-title"):
            title = False
            continue
        elif flag == "--":
            break
        else:
            return f"watch: invalid option -- '{flag.lstrip('-')[:1]}'\n" + _usage()
        try:
            interval = max(0.1, float(value))
        except ValueError:
            return f"watch: failed to parse argument: '{value}'\n"
    if not rest:
        return _usage()
    line = rest[0] if len(rest) == 1 else " ".join(shlex.quote(a) for a in rest)
    return WatchArgs(line, interval, title)


def render(spec: dict[str, Any], output: str, hostname: str, moment: datetime) -> str:
    if not spec.get("title", True):
        return CLEAR + output
    left = f"Every {float(spec['interval']):.1f}s: {spec['line']}"
    right = f"{hostname}: {moment:%a %b} {moment.day:>2} {moment:%H:%M:%S %Y}"
    gap = max(1, WIDTH - len(left) - len(right))
    return CLEAR + left + " " * gap + right + "\n\n" + output


def _usage() -> str:
    return ("\nUsage:\n watch [options] command\n\nOptions:\n"
            "  -n, --interval <secs>  seconds to wait between updates\n"
            "  -t, --no-title         turn off header\n")
