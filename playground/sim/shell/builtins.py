"""Bash built-ins and the small session commands: cd, export, alias, echo, history, sleep, …"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from playground.sim.shell import flavour
from playground.sim.shell import printf as printf_format
from playground.sim.shell.io import Io

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SHELL_BUILTINS = {"alias", "cd", "echo", "exit", "export", "false", "help", "history", "printf",
                  "pwd", "true", ":", "type", "unalias", "unset", "test", "[", "break",
                  "continue"}  # fmt: skip
CLEAR = "\x1b[H\x1b[2J\x1b[3J"
HELP = """\
This terminal runs a small bash. Commands you can use:

  kubectl        talk to your cluster (try: kubectl get pods, kubectl --help)
  files          ls, cat, cp, mv, rm, touch, mkdir, cd, pwd
  text           echo, printf, grep, head, tail, wc, sort, uniq, cut, sed, awk, tr
  shell          alias, unalias, export, unset, history, type, which, env, clear, exit
  other          sleep, watch, date, whoami, hostname, true, false, test, help

Pipes (|), redirections (>, >>, <, 2>&1), here-documents (<<EOF), ;, && and || work as in bash.
So do if/then/elif/else/fi, for/while/until … do … done, break, continue, { … }, test and
[ … ], and $(( )) arithmetic; sleep waits, in loops too, until Ctrl-C stops the line.
"""


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def cd(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if len(args) > 1:
        io.write_err("bash: cd: too many arguments\n")
        return 1
    if not args:
        target = sh.get_var("HOME") or sh.home
    elif args[0] == "-":
        target = sh.state.get("oldpwd") or ""
        if not target:
            io.write_err("bash: cd: OLDPWD not set\n")
            return 1
        io.write_out(target + "\n")
    else:
        target = args[0]
    if not sh.fs.is_dir(target):
        reason = "Not a directory" if sh.fs.is_file(target) else "No such file or directory"
        io.write_err(flavour.cd_failed(sh, target, reason))
        return 1
    sh.state["oldpwd"] = sh.state["cwd"]
    sh.state["cwd"] = sh.fs.abspath(target)
    sh.set_var("OLDPWD", sh.state["oldpwd"], export=True)
    sh.set_var("PWD", sh.state["cwd"])
    return 0


def pwd(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    io.write_out(sh.state["cwd"] + "\n")
    return 0


def export(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    args = [a for a in argv[1:] if a != "-p"]
    if not args:
        for name in sorted(sh.state["exported"]):
            value = sh.state["vars"].get(name)
            if value is None:
                io.write_out(f"declare -x {name}\n")
            else:
                escaped = re.sub(r'(["\\$`])', r"\\\1", value)
                io.write_out(f'declare -x {name}="{escaped}"\n')
        return 0
    status = 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if not NAME.fullmatch(name):
            io.write_err(f"bash: export: `{arg}': not a valid identifier\n")
            status = 1
            continue
        if eq:
            sh.set_var(name, value, export=True)
        elif name not in sh.state["exported"]:
            sh.state["exported"].append(name)
    return status


def unset(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    for name in argv[1:]:
        if name in ("-v", "-f"):
            continue
        sh.state["vars"].pop(name, None)
        if name in sh.state["exported"]:
            sh.state["exported"].remove(name)
    return 0


def alias(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    aliases: dict[str, str] = sh.state["aliases"]
    args = [a for a in argv[1:] if a != "-p"]
    if not args:
        for name in sorted(aliases):
            io.write_out(f"alias {name}={_quote(aliases[name])}\n")
        return 0
    status = 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if eq:
            if not name or re.search(r"[\s'\"\\$`|&;<>()/=]", name):
                io.write_err(f"bash: alias: `{name}': invalid alias name\n")
                status = 1
                continue
            aliases[name] = value
        elif name in aliases:
            io.write_out(f"alias {name}={_quote(aliases[name])}\n")
        else:
            io.write_err(f"bash: alias: {name}: not found\n")
            status = 1
    return status


def unalias(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    aliases: dict[str, str] = sh.state["aliases"]
    if argv[1:2] == ["-a"]:
        aliases.clear()
        return 0
    if len(argv) < 2:
        io.write_err("unalias: usage: unalias [-a] name [name ...]\n")
        return 2
    status = 0
    for name in argv[1:]:
        if aliases.pop(name, None) is None:
            io.write_err(f"bash: unalias: {name}: not found\n")
            status = 1
    return status


def exit_(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    from playground.sim.shell.runner import ExitShell

    if len(argv) > 2:
        io.write_err("bash: exit: too many arguments\n")
        return 1
    status = sh.state["status"]
    if len(argv) == 2:
        if not re.fullmatch(r"[+-]?\d+", argv[1]):
            io.write_err(f"bash: exit: {argv[1]}: numeric argument required\n")
            raise ExitShell(2)
        status = int(argv[1]) % 256
    raise ExitShell(status)


def history(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    lines: list[str] = sh.state["history"]
    if argv[1:2] == ["-c"]:
        lines.clear()
        return 0
    start = 0
    if len(argv) > 1:
        if not argv[1].isdigit():
            io.write_err(f"bash: history: {argv[1]}: numeric argument required\n")
            return 1
        start = max(0, len(lines) - int(argv[1]))
    for n, line in enumerate(lines[start:], start + 1):
        io.write_out(f"{n:5d}  {line}\n")
    return 0


def help_(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    io.write_out(HELP)
    return 0


def type_(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    status = 0
    for name in argv[1:]:
        kind = sh.kind_of(name)
        if kind == "alias":
            io.write_out(f"{name} is aliased to `{sh.state['aliases'][name]}'\n")
        elif kind == "builtin":
            io.write_out(f"{name} is a shell builtin\n")
        elif kind == "file":
            io.write_out(f"{name} is {sh.path_of(name)}\n")
        else:
            io.write_err(f"bash: type: {name}: not found\n")
            status = 1
    return status


def which(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    status = 0
    for name in argv[1:]:
        if sh.is_program(name):
            io.write_out(sh.path_of(name) + "\n")
        else:
            status = 1
    return status


def echo(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    args = argv[1:]
    newline, escapes = True, False
    if sh.profile.shell_name == "dash":
        # dash's echo knows only -n and always reads backslash escapes (POSIX XSI echo)
        newline = not (args and args[0] == "-n")
        args = args[1:] if not newline else args
        text, stop = unescape(" ".join(args))
        io.write_out(text + ("\n" if newline and not stop else ""))
        return 0
    while args and re.fullmatch(r"-[neE]+", args[0]):
        newline = newline and "n" not in args[0]
        for flag in args[0][1:]:
            escapes = {"e": True, "E": False}.get(flag, escapes)
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stop = unescape(text)
        newline = newline and not stop
    io.write_out(text + ("\n" if newline else ""))
    return 0


ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b",
           "f": "\f", "r": "\r", "v": "\v"}  # fmt: skip


def unescape(text: str) -> tuple[str, bool]:
    """echo -e / printf backslash escapes; the flag says a ``\\c`` stopped the output."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        nxt = text[i + 1 : i + 2]
        if c != "\\" or not nxt:
            out.append(c)
            i += 1
        elif nxt == "c":
            return "".join(out), True
        elif nxt in ESCAPES:
            out.append(ESCAPES[nxt])
            i += 2
        elif nxt == "0" or nxt == "x":
            m = re.match(r"0([0-7]{0,3})|x([0-9a-fA-F]{1,2})", text[i + 1 :])
            if m and (m.group(1) is not None or m.group(2)):
                out.append(
                    chr(int(m.group(1) or "0", 8) if m.group(2) is None else int(m.group(2), 16))
                )
                i += 1 + m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out), False


def printf(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    if len(argv) < 2:
        io.write_err("printf: usage: printf [-v var] format [arguments]\n")
        return 2
    fmt = unescape(argv[1])[0]
    for text in printf_format.passes(fmt, argv[2:], kinds="sdifxXoc%b", unescape_arg=_unescaped):
        io.write_out(text)
    return 0


def _unescaped(text: str) -> str:
    return unescape(text)[0]


def const(text: str, status: int = 0) -> Callable[[Shell, list[str], str | None, Io], int]:
    def run(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
        io.write_out(text)
        return status

    return run


def env(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    args = argv[1:]
    if args:
        return sh.dispatch(args, stdin, io)
    for name, value in sh.environment().items():
        io.write_out(f"{name}={value}\n")
    return 0


def sleep(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    if len(argv) < 2:
        io.write_err("sleep: missing operand\nTry 'sleep --help' for more information.\n")
        return 1
    total = 0.0
    for arg in argv[1:]:
        m = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", arg)
        if not m:
            io.write_err(
                f"sleep: invalid time interval ‘{arg}’\nTry 'sleep --help' for more information.\n"
            )
            return 1
        total += float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    if total > 0 and sh.can_suspend():
        from playground.sim.shell.control import Suspended

        # the line waits here and goes on when the time has passed (the sandbox resumes it)
        raise Suspended(total, in_loop=sh.loop_depth > 0)
    hook = sh.commands.get("sleep")
    if total > 0 and sh.loop_depth > 0:
        from playground.sim.shell.runner import LineStopped

        # the line cannot stop here to go on later (inside $(…) or a pipe, or a shell that
        # cannot wait: a container's), so a loop could not wait between its rounds: say so
        # rather than print every round at once
        where = "inside $(…) or a pipe; run the loop on its own" if sh.suspends else \
            "yet in this shell; try it in the playground's own terminal"
        raise LineStopped(
            f"{flavour.prefix(sh)}sleep inside a loop is not available in this playground "
            + where
        )
    # The sandbox's hook advances its clock; without one, sleeping is instant.
    return hook(["sleep", f"{total:g}"], None, io) if hook is not None else 0


def date(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    hook = sh.commands.get("date")
    if hook is None:
        io.write_err("date: the clock is not available\n")
        return 1
    return hook(argv, stdin, io)


def hostname(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    if any(a in ("-i", "-I", "--ip-address", "--all-ip-addresses") for a in argv[1:]):
        io.write_out(sh.profile.ip + ("\n" if "-i" in argv[1:] else " \n"))
        return 0
    io.write_out(sh.profile.hostname + "\n")
    return 0


def whoami(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    io.write_out(sh.profile.user + "\n")
    return 0


BUILTINS = {
    "alias": alias, "cd": cd, "clear": const(CLEAR), "date": date, "echo": echo, "env": env,
    "exit": exit_, "export": export, "false": const("", 1), "help": help_, "history": history,
    "hostname": hostname, "printf": printf, "pwd": pwd, "sleep": sleep,
    "true": const(""), ":": const(""), "type": type_, "unalias": unalias, "unset": unset,
    "which": which, "whoami": whoami,
}  # fmt: skip
