"""``ls -l`` lines in the two forms the images have: GNU coreutils' (columns as wide as
their widest cell) and BusyBox's (fixed widths: ``%-10s %4u %-8.8s %-8.8s %9u``), symbolic
links as ``name -> target`` (mode ``lrwxrwxrwx``, the target's length as the size)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from playground.sim.shell.io import Io
from playground.sim.shell.options import UsageError, parse, usage

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell

WHEN = "Nov 23 14:45"


def _cells(sh: Shell, path: str, name: str, follow: bool) -> tuple[int, list[str]]:
    """(1K blocks, [mode, links, user, group, size, name]) of one entry (``follow``: ls -L,
    a link shows what it leads to; a dangling one stays a link)."""
    owner = getattr(sh.fs.files, "owner", None)
    # "x/" names the directory a link leads to, as the kernel's walk does
    target = sh.fs.readlink(path) if name not in (".", "..") and not name.endswith("/") \
        else None
    if follow and target is not None and sh.fs.exists(path):
        target = None
    if target is not None:
        _mode, user, group = owner(sh.fs.abspath(path), False) if owner else (
            "", "learner", "learner")
        return 0, ["lrwxrwxrwx", "1", user, group, str(len(target)), f"{name} -> {target}"]
    if sh.fs.is_dir(path):
        inner = sh.fs.listdir(path) if path != ".." else []
        links = 2 + sum(1 for n in inner if sh.fs.is_dir(posixpath.join(path, n))
                        and not sh.fs.is_link(posixpath.join(path, n)))
        mode, user, group = owner(sh.fs.abspath(path), True) if owner else (
            "drwxr-xr-x", "learner", "learner")
        return 4, [mode, str(links), user, group, "4096", name]
    size = len(sh.fs.read(path).encode())
    mode, user, group = owner(sh.fs.abspath(path), False) if owner else (
        "-rw-r--r--", "learner", "learner")
    return -(-size // 4096) * 4, [mode, "1", user, group, str(size), name]


def listing(sh: Shell, entries: list[tuple[str, str]], total: bool,
            follow: bool = False) -> str:
    """The long listing of (path, name shown) entries, with ``total`` blocks first."""
    rows = [_cells(sh, path, name, follow) for path, name in entries]
    out = [f"total {sum(b for b, _ in rows)}\n"] if total else []
    if sh.profile.tool_style == "busybox":
        for _b, (mode, links, user, group, size, name) in rows:
            out.append(f"{mode:<10} {links:>4} {user[:8]:<8} {group[:8]:<8} {size:>9} "
                       f"{WHEN} {name}\n")
        return "".join(out)
    widths = [max((len(cells[i]) for _b, cells in rows), default=1) for i in range(5)]
    for _b, (mode, links, user, group, size, name) in rows:
        out.append(f"{mode} {links:>{widths[1]}} {user:<{widths[2]}} {group:<{widths[3]}} "
                   f"{size:>{widths[4]}} {WHEN} {name}\n")
    return "".join(out)


def readlink(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    """``readlink [-f] FILE…``: a link's target as written; ``-f`` the path with every link
    followed. Anything else prints nothing and fails, as both coreutils and BusyBox do."""
    del stdin
    try:
        opts = parse("readlink", argv[1:], "fenqsvz", long={"canonicalize": "f"})
    except UsageError as e:
        return usage(io, e)
    if not opts.operands:
        io.write_err("readlink: missing operand\nTry 'readlink --help' for more information.\n"
                     if sh.profile.tool_style != "busybox" else
                     "BusyBox v1.36.1 multi-call binary.\n\nUsage: readlink [-fnv] FILE\n")
        return 1
    status = 0
    for name in opts.operands:
        if "f" in opts or "e" in opts:
            resolved = sh.fs.resolve(sh.fs.abspath(name))
            if sh.fs.exists(resolved) or ("f" in opts and sh.fs.is_dir(
                    posixpath.dirname(resolved))):
                io.write_out(resolved + "\n")
                continue
        else:
            target = sh.fs.readlink(name)
            if target is not None:
                io.write_out(target + "\n")
                continue
        status = 1
    return status
