"""What a container's programs read of the terminal's size: ``stty size`` (coreutils and
BusyBox: "ROWS COLS" from the tty on stdin) and ``tput cols`` / ``tput lines`` (ncurses: the
terminal's size when there is one, else ``$COLUMNS`` / ``$LINES``, else terminfo's xterm
entry, 80 × 24).

``sh.terminal`` is the session's terminal (cols, rows), None without a tty (a one-shot
``kubectl exec POD -- …``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playground.sim.shell import flavour
from playground.sim.shell.io import Io

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell

_TERMINFO = {"cols": 80, "lines": 24}  # xterm's terminfo entry


def stty(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    if argv[1:] != ["size"]:
        io.write_err("stty: only `stty size` is available in this playground yet\n")
        return 1
    if sh.terminal is None or stdin is not None:  # stdin is a pipe or a file, not the tty
        io.write_err("stty: standard input: Not a tty\n" if flavour.busybox(sh) else
                     "stty: 'standard input': Inappropriate ioctl for device\n")
        return 1
    cols, rows = sh.terminal
    io.write_out(f"{rows} {cols}\n")
    return 0


def tput(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    del stdin
    if len(argv) != 2 or argv[1] not in _TERMINFO:
        io.write_err("tput: only `tput cols` and `tput lines` are available in this playground "
                     "yet\n")
        return 1
    if "TERM" not in sh.state.get("vars", {}):
        io.write_err("tput: No value for $TERM and no -T specified\n")
        return 2
    if sh.terminal is not None:
        value = sh.terminal[0] if argv[1] == "cols" else sh.terminal[1]
    else:
        env = sh.state["vars"].get("COLUMNS" if argv[1] == "cols" else "LINES", "")
        value = int(env) if env.isdigit() else _TERMINFO[argv[1]]
    io.write_out(f"{value}\n")
    return 0
