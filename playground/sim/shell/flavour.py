"""How each shell and tool family words what it prints: bash, dash and BusyBox ash; GNU
coreutils and BusyBox applets.

The learner's terminal is bash over GNU tools. A container shell is whatever the image's
program is (``sh`` is dash on Debian and Ubuntu, BusyBox ash on Alpine and BusyBox), and the
tools it runs are the image's (BusyBox applets on Alpine even under bash). Every text that
differs between them lives here, so the tools ask one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playground.sim.shell.parser import ShellSyntaxError
    from playground.sim.shell.runner import Shell

FLAVOURS = frozenset({"bash", "dash", "ash"})


def prefix(sh: Shell) -> str:
    """What the shell puts before its own error messages: ``bash: `` (``bash: line 1: `` in a
    ``-c`` script), dash's ``sh: 3: `` (the number of the line it read, counting from the
    session's first), ash's ``sh: ``; each names itself as it was started (``/bin/sh: 1: ``)."""
    name = sh.profile.shell_program
    if sh.profile.shell_name == "dash":
        return f"{name}: {sh.state.get('lineno', 1)}: "
    if sh.profile.shell_name == "bash" and sh.state.get("script"):
        # bash reading a script (`bash -c …`) names the line (error.c's error_prolog)
        return f"{name}: line {sh.state.get('lineno', 1)}: "
    return f"{name}: "


def not_found(sh: Shell, name: str) -> str:
    if sh.profile.shell_name == "bash":
        if "/" in name:
            return f"{prefix(sh)}{name}: No such file or directory\n"
        return f"{prefix(sh)}{name}: command not found\n"
    return f"{prefix(sh)}{name}: not found\n"


def cd_failed(sh: Shell, target: str, reason: str) -> str:
    if sh.profile.shell_name == "dash":
        return f"{prefix(sh)}cd: can't cd to {target}\n"
    if sh.profile.shell_name == "ash":
        return f"{prefix(sh)}cd: can't cd to {target}: {reason}\n"
    return f"{prefix(sh)}cd: {target}: {reason}\n"


def cannot_redirect(sh: Shell, target: str, reason: str) -> str:
    if sh.profile.shell_name == "dash":
        why = "Directory nonexistent" if reason == "No such file or directory" else reason
        return f"{prefix(sh)}cannot create {target}: {why}\n"
    if sh.profile.shell_name == "ash":
        why = "nonexistent directory" if reason == "No such file or directory" else reason
        return f"{prefix(sh)}can't create {target}: {why}\n"
    return f"{prefix(sh)}{target}: {reason}\n"


def redirect_status(sh: Shell) -> int:
    """A failed redirection: bash's command fails with 1; dash and ash raise their error
    exception, whose status is 2."""
    return 1 if sh.profile.shell_name == "bash" else 2


def busybox(sh: Shell) -> bool:
    return sh.profile.tool_style == "busybox"


BUSYBOX_BANNER = "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"


def busybox_usage(complaint: str, usage: str) -> str:
    """A BusyBox applet refusing its options: getopt's complaint (glibc's words, its first
    line only: no "Try --help") and bb_show_usage's banner with the applet's usage line."""
    first = complaint.splitlines()[0] + "\n" if complaint else ""
    return f"{first}{BUSYBOX_BANNER}Usage: {usage}\n"


def ls_missing(sh: Shell, name: str) -> tuple[str, int]:
    """(message, exit status) of ``ls`` for a name that does not exist."""
    if busybox(sh):
        return f"ls: {name}: No such file or directory\n", 1
    return f"ls: cannot access '{name}': No such file or directory\n", 2


def cannot_open(sh: Shell, tool: str, name: str, reason: str) -> str:
    """cat/head/tail/grep … reading a file that cannot be read."""
    if busybox(sh):
        return f"{tool}: can't open '{name}': {reason}\n"
    return f"{tool}: {name}: {reason}\n"


def cannot_remove(sh: Shell, name: str, reason: str) -> str:
    if busybox(sh):
        return f"rm: can't remove '{name}': {reason}\n"
    return f"rm: cannot remove '{name}': {reason}\n"


def cannot_mkdir(sh: Shell, name: str, reason: str) -> str:
    if busybox(sh):
        return f"mkdir: can't create directory '{name}': {reason}\n"
    return f"mkdir: cannot create directory ‘{name}’: {reason}\n"


def cannot_touch(sh: Shell, name: str, reason: str) -> str:
    if busybox(sh):
        return f"touch: {name}: {reason}\n"
    return f"touch: cannot touch '{name}': {reason}\n"


def syntax_error(sh: Shell, e: ShellSyntaxError) -> str:
    """A line the parser refused, as each shell words it: bash's "syntax error near unexpected
    token `done'", dash's "Syntax error: "done" unexpected", BusyBox ash's "syntax error:
    unexpected "done"" (both name a word as ``word`` and add "(expecting "fi")" when a
    keyword was due)."""
    name = sh.profile.shell_name
    text = str(e).removeprefix("bash: ")
    if name == "bash" and sh.state.get("script"):
        # bash -c: "bash: -c: line N: …", and a refused token's line quoted under it
        line = int(sh.state.get("lineno", 1)) - 1 + e.line
        where = f"{sh.profile.shell_program}: -c: line {line}: "
        quoted = f"{where}`{e.source}'\n" if e.kind not in ("", "eof") else ""
        return f"{where}{text}\n{quoted}"
    if not e.kind or name == "bash":
        return f"{prefix(sh)}{text}\n"
    if e.kind == "bad-for":
        what = "Bad for loop variable"
        return f"{prefix(sh)}Syntax error: {what}\n" if name == "dash" else \
            f"{prefix(sh)}syntax error: bad for loop variable\n"
    token = {"eof": "end of file", "newline": "newline", "word": "word",
             "redirection": "redirection"}.get(e.kind, f'"{e.token}"')
    expecting = f' (expecting "{e.expecting}")' if e.expecting else ""
    if name == "dash":
        return f"{prefix(sh)}Syntax error: {token} unexpected{expecting}\n"
    return f"{prefix(sh)}syntax error: unexpected {token}{expecting}\n"
