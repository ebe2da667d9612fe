"""GNU-style option parsing for the shell's tools: short flags bundled, values attached or not."""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.sim.shell.io import Io


class UsageError(Exception):
    """Bad options; the message is already in GNU's words (with its "Try ..." line)."""


@dataclass
class Options:
    flags: dict[str, str] = field(default_factory=dict)  # letter → value ("" for plain flags)
    multi: dict[str, list[str]] = field(default_factory=dict)  # repeatable valued options
    operands: list[str] = field(default_factory=list)

    def __contains__(self, letter: str) -> bool:
        return letter in self.flags


def parse(
    tool: str,
    args: list[str],
    flags: str,
    valued: str = "",
    long: dict[str, str] | None = None,
    numeric: str | None = None,
) -> Options:
    """Parse GNU options; ``numeric`` names the flag that ``-5`` means (head -5 → -n 5)."""
    long = long or {}
    opts = Options()
    try_help = f"Try '{tool} --help' for more information.\n"
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            opts.operands.extend(args[i:])
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            letter = long.get(name)
            if letter is None:
                raise UsageError(f"{tool}: unrecognized option '{arg}'\n{try_help}")
            if letter in valued and not eq:
                if i >= len(args):
                    raise UsageError(f"{tool}: option '{arg}' requires an argument\n{try_help}")
                value = args[i]
                i += 1
            opts.flags[letter] = value
            opts.multi.setdefault(letter, []).append(value)
            continue
        if not arg.startswith("-") or arg == "-":
            opts.operands.append(arg)
            continue
        if numeric and arg[1:].isdigit():
            opts.flags[numeric] = arg[1:]
            continue
        j = 1
        while j < len(arg):
            letter = arg[j]
            j += 1
            if letter in valued:
                value = arg[j:]
                if not value:
                    if i >= len(args):
                        raise UsageError(
                            f"{tool}: option requires an argument -- '{letter}'\n{try_help}"
                        )
                    value = args[i]
                    i += 1
                opts.flags[letter] = value
                opts.multi.setdefault(letter, []).append(value)
                break
            if letter not in flags:
                raise UsageError(f"{tool}: invalid option -- '{letter}'\n{try_help}")
            opts.flags[letter] = ""
    return opts


def usage(io: Io, error: UsageError, status: int = 1) -> int:
    io.write_err(str(error))
    return status
