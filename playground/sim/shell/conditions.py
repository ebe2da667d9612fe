"""The shell's conditions and loop controls: ``test`` / ``[ … ]``, ``break``, ``continue``.

Errors are worded as each shell's own built-in prints them (flavour.prefix names the shell);
a malformed expression answers status 2, as bash, dash and BusyBox do.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from playground.sim.shell import flavour
from playground.sim.shell.fs import FsError
from playground.sim.shell.io import Io

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell

UNARY_FILE = {"-e", "-f", "-d", "-s", "-r", "-w", "-x", "-L", "-h"}
UNARY_STRING = {"-z", "-n"}
BINARY_STRING = {"=", "==", "!=", "<", ">"}
BINARY_INT = {"-eq", "-ne", "-lt", "-le", "-gt", "-ge"}
INTEGER = re.compile(r"\s*[+-]?\d+\s*")


class _Bad(Exception):
    """The expression is malformed: ``bash`` and ``dash`` texts of the message."""

    def __init__(self, bash: str, dash: str) -> None:
        super().__init__(bash)
        self.bash = bash
        self.dash = dash


def _integer(sh: Shell, word: str) -> int:
    if not INTEGER.fullmatch(word):
        raise _Bad(f"{word}: integer expression expected", f"Illegal number: {word}")
    return int(word)


def _file(sh: Shell, op: str, path: str) -> bool:
    if path == "":
        return False
    if op in ("-L", "-h"):
        return sh.fs.is_link(path)  # the link itself, never followed
    is_dir, is_file = sh.fs.is_dir(path), sh.fs.is_file(path)
    if op == "-d":
        return is_dir
    if op == "-f":
        return is_file
    if op == "-s":
        if is_dir:
            return True
        try:
            return is_file and sh.fs.read(path) != ""
        except FsError:
            return False
    return is_dir or is_file


def _evaluate(sh: Shell, args: list[str]) -> bool:
    if not args:
        return False
    if args[0] == "!" and len(args) > 1:
        return not _evaluate(sh, args[1:])
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        op, word = args
        if op in UNARY_STRING:
            return (word == "") == (op == "-z")
        if op in UNARY_FILE:
            return _file(sh, op, word)
        raise _Bad(f"{op}: unary operator expected", f"{op}: unexpected operator")
    if len(args) == 3:
        left, op, right = args
        if op == "<":
            return left < right
        if op == ">":
            return left > right
        if op in BINARY_STRING:
            return (left == right) == (op != "!=")
        if op in BINARY_INT:
            a, b = _integer(sh, left), _integer(sh, right)
            return {"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b,
                    "-gt": a > b, "-ge": a >= b}[op]
        if left in UNARY_STRING | UNARY_FILE and op in BINARY_STRING | BINARY_INT:
            raise _Bad(f"{left}: unary operator expected", f"{op}: argument expected")
        raise _Bad(f"{op}: binary operator expected", f"{left}: unexpected operator")
    # -a / -o and ( ) are not read here: four words or more are bash's "too many"
    raise _Bad("too many arguments", f"{args[3]}: unexpected operator")


def _arity_errors(args: list[str]) -> _Bad | None:
    """A binary operator missing its right side, as ``[ a = ]`` is worded."""
    if len(args) == 2 and args[1] in BINARY_STRING | BINARY_INT:
        return _Bad(f"{args[0]}: unary operator expected", f"{args[1]}: argument expected")
    return None


def test(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    name = argv[0]
    args = argv[1:]
    if name == "[":
        if not args or args[-1] != "]":
            bash = "missing `]'"
            io.write_err(f"{flavour.prefix(sh)}[: {bash if _bash(sh) else 'missing ]'}\n")
            return 2
        args = args[:-1]
    try:
        bad = _arity_errors(args)
        if bad is not None:
            raise bad
        return 0 if _evaluate(sh, args) else 1
    except _Bad as e:
        io.write_err(f"{flavour.prefix(sh)}{name}: {e.bash if _bash(sh) else e.dash}\n")
        return 2


def _bash(sh: Shell) -> bool:
    return sh.profile.shell_name == "bash"


def _loop_control(sh: Shell, argv: list[str], io: Io) -> int:
    from playground.sim.shell.control import LineStopped, LoopControl

    name = argv[0]
    levels = 1
    if len(argv) > 1:
        if not re.fullmatch(r"\d+", argv[1]) or int(argv[1]) < 1:
            if _bash(sh):
                if not re.fullmatch(r"-?\d+", argv[1]):
                    io.write_err(f"{flavour.prefix(sh)}{name}: {argv[1]}: numeric argument "
                                 "required\n")
                    return 128
                io.write_err(f"{flavour.prefix(sh)}{name}: {argv[1]}: loop count out of range\n")
                return 1
            # dash and ash: an error of a special built-in ends the whole line
            raise LineStopped(f"{flavour.prefix(sh)}{name}: Illegal number: {argv[1]}")
        levels = int(argv[1])
    if sh.loop_depth == 0:
        if _bash(sh):
            io.write_err(f"{flavour.prefix(sh)}{name}: only meaningful in a `for', `while', "
                         "or `until' loop\n")
        return 0
    raise LoopControl(name, min(levels, sh.loop_depth))


def break_(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    return _loop_control(sh, argv, io)


def continue_(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    return _loop_control(sh, argv, io)


TOOLS = {"test": test, "[": test, "break": break_, "continue": continue_}
