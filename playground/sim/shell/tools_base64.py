"""base64 as GNU coreutils' base64 encodes and decodes (wrapped at 76 columns, ``-w 0`` for one
line, ``-d`` to decode): the step every Secret page starts with."""

from __future__ import annotations

import base64 as b64
import binascii
from typing import TYPE_CHECKING

from playground.sim.shell.fs import FsError
from playground.sim.shell.io import Io
from playground.sim.shell.options import UsageError, parse, usage

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell


def base64(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("base64", argv[1:], "di", "w",
                     long={"decode": "d", "ignore-garbage": "i", "wrap": "w"})
    except UsageError as e:
        return usage(io, e, 1)
    if len(opts.operands) > 1:
        io.write_err(f"base64: extra operand '{opts.operands[1]}'\n"
                     "Try 'base64 --help' for more information.\n")
        return 1
    name = opts.operands[0] if opts.operands else "-"
    if name == "-":
        text = stdin or ""
    else:
        try:
            text = sh.fs.read(name)
        except FsError as e:
            io.write_err(f"base64: {name}: {e}\n")
            return 1
    if "d" in opts.flags:
        cleaned = "".join(text.split())
        try:
            io.write_out(b64.b64decode(cleaned, validate=True).decode("utf-8", errors="replace"))
        except (binascii.Error, ValueError):
            io.write_err("base64: invalid input\n")
            return 1
        return 0
    wrap_text = opts.flags.get("w", "76")
    if not wrap_text.isdigit():
        io.write_err(f"base64: invalid wrap size: '{wrap_text}'\n")
        return 1
    encoded = b64.b64encode(text.encode()).decode("ascii")
    wrap = int(wrap_text)
    if wrap == 0:  # one line, and no newline after it
        io.write_out(encoded)
        return 0
    lines = [encoded[i:i + wrap] for i in range(0, len(encoded), wrap)]
    io.write_out("".join(line + "\n" for line in lines))
    return 0


TOOLS = {"base64": base64}
