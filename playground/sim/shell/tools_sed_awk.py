"""sed (addresses, p, d, s///, -n, -e, -i) and the awk subset learners use on kubectl output."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playground.sim.shell import awk
from playground.sim.shell.fs import FsError
from playground.sim.shell.io import Io
from playground.sim.shell.options import UsageError, parse, usage
from playground.sim.shell.regex import RegexError, compile_posix, replacement

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell


class SedError(Exception):
    pass


@dataclass
class SedCommand:
    addr1: object
    addr2: object
    negate: bool
    name: str
    rx: re.Pattern[str] | None = None
    repl: str = ""
    count: int = 1  # 0: every match (g)
    print_after: bool = False


def _sed_regex(script: str, i: int, extended: bool) -> tuple[re.Pattern[str], int]:
    delim = script[i]
    j = i + 1
    buf: list[str] = []
    while j < len(script) and script[j] != delim:
        if script[j] == "\\" and j + 1 < len(script):
            buf.append(script[j : j + 2] if script[j + 1] != delim else delim)
            j += 2
            continue
        buf.append(script[j])
        j += 1
    if j >= len(script):
        raise SedError(f"-e expression #1, char {j}: unterminated address regex")
    try:
        return compile_posix("".join(buf), extended), j + 1
    except RegexError as e:
        raise SedError(f"-e expression #1, char {j + 1}: {e}") from e


def _address(script: str, i: int, extended: bool) -> tuple[object, int]:
    m = re.match(r"\d+|\$", script[i:])
    if m:
        text = m.group(0)
        return (text if text == "$" else int(text)), i + m.end()
    if script[i : i + 1] == "/":
        return _sed_regex(script, i, extended)
    return None, i


def parse_sed(script: str, extended: bool) -> list[SedCommand]:
    cmds: list[SedCommand] = []
    i = 0
    while i < len(script):
        while i < len(script) and script[i] in " \t\n;":
            i += 1
        if i >= len(script):
            break
        addr1, i = _address(script, i, extended)
        addr2 = None
        if addr1 is not None and script[i : i + 1] == ",":
            addr2, i = _address(script, i + 1, extended)
        negate = script[i : i + 1] == "!"
        i += negate
        name = script[i : i + 1]
        i += 1
        cmd = SedCommand(addr1, addr2, negate, name)
        if name == "s":
            rx, j = _sed_regex(script, i, extended)
            delim = script[i]
            k = j
            while k < len(script) and script[k] != delim:
                k += 2 if script[k] == "\\" else 1
            if k >= len(script):
                raise SedError(f"-e expression #1, char {len(script)}: unterminated `s' command")
            cmd.repl = replacement(script[j:k])
            m = re.match(r"[gpI0-9]*", script[k + 1 :])
            flags = m.group(0) if m else ""
            i = k + 1 + len(flags)
            cmd.count = 0 if "g" in flags else int(re.sub(r"\D", "", flags) or 1)
            cmd.print_after = "p" in flags
            cmd.rx = re.compile(rx.pattern, re.IGNORECASE) if "I" in flags else rx
        elif name not in ("p", "d", "q", "="):
            raise SedError(f"-e expression #1, char {i}: unknown command: `{name}'")
        cmds.append(cmd)
    return cmds


def _matches(addr: object, n: int, last: bool, line: str) -> bool:
    if addr == "$":
        return last
    if isinstance(addr, int):
        return n == addr
    return isinstance(addr, re.Pattern) and bool(addr.search(line))


def run_sed(cmds: list[SedCommand], text: str, quiet: bool) -> str:
    lines = text.splitlines()
    out: list[str] = []
    active = [False] * len(cmds)
    for n, line in enumerate(lines, 1):
        last = n == len(lines)
        deleted = False
        quit_ = False
        for k, cmd in enumerate(cmds):
            if cmd.addr1 is None:
                hit = True
            elif cmd.addr2 is None:
                hit = _matches(cmd.addr1, n, last, line)
            elif active[k]:
                hit = True
                end = cmd.addr2
                if (isinstance(end, int) and n >= end) or _matches(end, n, last, line):
                    active[k] = False
            else:
                hit = _matches(cmd.addr1, n, last, line)
                end = cmd.addr2
                active[k] = hit and not (isinstance(end, int) and end <= n)
            if hit == cmd.negate:
                continue
            if cmd.name == "p":
                out.append(line)
            elif cmd.name == "=":
                out.append(str(n))
            elif cmd.name == "d":
                deleted = True
                break
            elif cmd.name == "q":
                quit_ = True
                break
            elif cmd.name == "s" and cmd.rx is not None:
                new, subs = _substitute(cmd, line)
                line = new
                if subs and cmd.print_after:
                    out.append(line)
        if not deleted and not quiet:
            out.append(line)
        if quit_:
            break
    trailing = "" if text.endswith("\n") or not text else ""
    return "".join(x + "\n" for x in out) + trailing


def _substitute(cmd: SedCommand, line: str) -> tuple[str, int]:
    assert cmd.rx is not None
    if cmd.count == 0:
        return cmd.rx.subn(cmd.repl, line)
    seen = 0

    def one(m: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return m.expand(cmd.repl) if seen == cmd.count else m.group(0)

    new = cmd.rx.sub(one, line)
    return new, int(seen >= cmd.count)


def sed(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse(
            "sed",
            argv[1:],
            "nEri",
            "e",
            long={"quiet": "n", "expression": "e", "regexp-extended": "E"},
        )
    except UsageError as e:
        return usage(io, e)
    operands = opts.operands
    scripts = opts.multi.get("e", [])
    if not scripts:
        if not operands:
            io.write_err(
                "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n"
            )
            return 1
        scripts, operands = [operands[0]], operands[1:]
    try:
        cmds = parse_sed("\n".join(scripts), "E" in opts or "r" in opts)
    except SedError as e:
        io.write_err(f"sed: {e}\n")
        return 1
    status = 0
    if "i" in opts:
        for name in operands:
            try:
                sh.fs.write(name, run_sed(cmds, sh.fs.read(name), "n" in opts))
            except FsError as e:
                io.write_err(f"sed: can't read {name}: {e}\n")
                status = 2
        return status
    text_parts: list[str] = []
    for name in operands or ["-"]:
        try:
            text_parts.append(stdin or "" if name == "-" else sh.fs.read(name))
        except FsError as e:
            io.write_err(f"sed: can't read {name}: {e}\n")
            status = 2
    io.write_out(run_sed(cmds, "".join(text_parts), "n" in opts))
    return status


def awk_tool(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("awk", argv[1:], "", "Fv")
    except UsageError as e:
        return usage(io, e, 2)
    if not opts.operands:
        io.write_err("usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n")
        return 2
    source, names = opts.operands[0], opts.operands[1:]
    try:
        program = awk.compile_program(source)
    except awk.AwkError as e:
        io.write_err(f"awk: {e}\n")
        return 2
    inputs: list[str] = []
    status = 0
    for name in names or ["-"]:
        try:
            inputs.append(stdin or "" if name == "-" else sh.fs.read(name))
        except FsError as e:
            io.write_err(f'awk: cannot open "{name}" ({e})\n')
            status = 2
    variables = dict(v.split("=", 1) for v in opts.multi.get("v", []) if "=" in v)
    try:
        io.write_out(program.run(inputs, opts.flags.get("F"), variables))
    except awk.AwkError as e:
        io.write_err(f"awk: {e}\n")
        return 2
    return status


TOOLS = {"awk": awk_tool, "sed": sed}
