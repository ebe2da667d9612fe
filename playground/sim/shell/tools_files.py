"""File tools over the sandbox home, with coreutils' messages: cat, ls, rm, cp, mv, touch, mkdir."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from playground.sim.shell import columns, flavour, ls_long
from playground.sim.shell.fs import FsError, NoSpace
from playground.sim.shell.io import Io
from playground.sim.shell.options import Options, UsageError, parse, usage

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell


def cat(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("cat", argv[1:], "nAEsuv", long={"number": "n"})
    except UsageError as e:
        return usage(io, e)
    status = 0
    line_no = 0
    for name in opts.operands or ["-"]:
        if name == "-":
            text = stdin or ""
        else:
            try:
                text = sh.fs.read(name)
            except FsError as e:
                io.write_err(flavour.cannot_open(sh, "cat", name, str(e)))
                status = 1
                continue
        if "n" in opts:
            lines = text.splitlines(keepends=True)
            numbered = []
            for line in lines:
                line_no += 1
                numbered.append(f"{line_no:6d}\t{line}")
            text = "".join(numbered)
        io.write_out(text)
    return status


_BUSYBOX_LS = "ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]..."


def _short_listing(sh: Shell, names: list[str], io: Io, layout: str, width: int | None) -> str:
    """Names one a line, or in columns: -C (what a terminal gets unasked), -x across, as wide
    as -w or the terminal (80 when stdout is no terminal)."""
    if layout == "1" or not layout and io.columns is None or not names:
        return "".join(name + "\n" for name in names)
    lay_out = columns.busybox if flavour.busybox(sh) else columns.gnu
    return lay_out(names, width or io.columns or 80, across=layout == "x")


def _ls_options(sh: Shell, argv: list[str], io: Io) -> tuple[Options | None, str, int | None]:
    """The parsed options, the layout asked for ("1", "C", "x"; "": the default) and -w's
    width; None, after the tool's complaint, for options it refuses."""
    try:
        opts = parse("ls", argv[1:], "laA1dhtrSFRCxL", valued="w", long={
            "all": "a", "almost-all": "A", "recursive": "R", "dereference": "L", "width": "w"})
    except UsageError as e:
        io.write_err(flavour.busybox_usage(str(e), _BUSYBOX_LS) if flavour.busybox(sh)
                     else str(e))
        return None, "", None
    width = None
    if "w" in opts:
        value = opts.flags["w"]
        if not value.isdigit():
            io.write_err(f"ls: invalid number '{value}'\n" if flavour.busybox(sh) else
                         f"ls: invalid line width: '{value}'\n")
            return None, "", None
        # GNU: 0 is no limit at all
        width = int(value) if int(value) or flavour.busybox(sh) else 1 << 30
    layout = ""
    for arg in argv[1:]:  # the last of -1, -C and -x wins
        if arg.startswith("-") and not arg.startswith("--"):
            for letter in arg[1:]:
                if letter in "1Cx":
                    layout = letter
                if letter == "w":
                    break
    return opts, layout, width


def ls(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    opts, layout, width = _ls_options(sh, argv, io)
    if opts is None:
        return 1 if flavour.busybox(sh) else 2
    status = 0
    files: list[str] = []
    dirs: list[str] = []
    # -l, -d and -F show a link named on the command line itself, else ls follows it
    own_links = any(flag in opts for flag in "ldF") and "L" not in opts
    for name in opts.operands or ["."]:
        if not sh.fs.exists(name) and not sh.fs.is_link(name):
            message, status = flavour.ls_missing(sh, name)
            io.write_err(message)
        elif sh.fs.is_dir(name) and "d" not in opts and not (
                own_links and sh.fs.is_link(name) and not name.endswith("/")):
            dirs.append(name)
        else:
            files.append(name)
    reverse = "r" in opts
    chunks: list[str] = []
    if files:
        files.sort(reverse=reverse)
        if "l" in opts:
            chunks.append(ls_long.listing(sh, [(f, f) for f in files], total=False,
                                          follow="L" in opts))
        else:
            chunks.append(_short_listing(sh, files, io, layout, width))
    headers = len(files) + len(dirs) > 1 or bool(status) or "R" in opts
    pending = sorted(dirs, reverse=reverse)
    while pending:
        d = pending.pop(0)
        names = sh.fs.listdir(d)
        if "a" not in opts and "A" not in opts:
            names = [n for n in names if not n.startswith(".")]
        names.sort(reverse=reverse)
        entries = [(posixpath.join(d, n), n) for n in names]
        if "R" in opts:  # depth first, in listing order; links are not followed
            pending[:0] = [p for p, _n in entries if sh.fs.is_dir(p) and not sh.fs.is_link(p)]
        if "a" in opts:
            entries = [(d, "."), (posixpath.join(d, ".."), "..")] + entries
        header = f"{d}:\n" if headers else ""
        if "l" in opts:
            body = ls_long.listing(sh, entries, total=True, follow="L" in opts)
        else:
            body = _short_listing(sh, [name for _, name in entries], io, layout, width)
        chunks.append(header + body)
    io.write_out("\n".join(chunks))
    return status


def rm(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("rm", argv[1:], "frRvdi", long={"force": "f", "recursive": "r"})
    except UsageError as e:
        return usage(io, e)
    if not opts.operands:
        if "f" in opts:
            return 0
        io.write_err("rm: missing operand\nTry 'rm --help' for more information.\n")
        return 1
    status = 0
    recursive = "r" in opts or "R" in opts
    for name in opts.operands:
        # a link to a directory is removed as the link it is (unlink(2)), -r or not
        if sh.fs.is_dir(name) and (name.endswith("/") or not sh.fs.is_link(name)):
            if not recursive:
                io.write_err(flavour.cannot_remove(sh, name, "Is a directory"))
                status = 1
                continue
            try:
                sh.fs.remove_tree(name)
            except FsError as e:
                io.write_err(flavour.cannot_remove(sh, name, str(e)))
                status = 1
            continue
        try:
            sh.fs.remove_file(name)
            if "v" in opts:
                io.write_out(f"removed '{name}'\n")
        except FsError as e:
            if "f" not in opts:
                io.write_err(flavour.cannot_remove(sh, name, str(e)))
                status = 1
    return status


def _copy_or_move(sh: Shell, argv: list[str], io: Io, move: bool) -> int:
    tool = "mv" if move else "cp"
    try:
        opts = parse(tool, argv[1:], "rRfivn", long={"recursive": "r", "force": "f"})
    except UsageError as e:
        return usage(io, e)
    ops = opts.operands
    if not ops:
        io.write_err(f"{tool}: missing file operand\nTry '{tool} --help' for more information.\n")
        return 1
    if len(ops) == 1:
        io.write_err(
            f"{tool}: missing destination file operand after '{ops[0]}'\n"
            f"Try '{tool} --help' for more information.\n"
        )
        return 1
    *sources, dest = ops
    dest_is_dir = sh.fs.is_dir(dest)
    if len(sources) > 1 and not dest_is_dir:
        io.write_err(f"{tool}: target '{dest}': Not a directory\n")
        return 1
    status = 0
    for src in sources:
        target = posixpath.join(dest, posixpath.basename(src)) if dest_is_dir else dest
        # mv renames a link; cp -r copies it as a link (-P): neither goes through it
        if (move or "r" in opts or "R" in opts) and sh.fs.is_link(src) \
                and not src.endswith("/"):
            status |= _move_link(sh, src, target, io, tool)
            continue
        if not sh.fs.exists(src):
            io.write_err(f"{tool}: cannot stat '{src}': No such file or directory\n")
            status = 1
            continue
        if sh.fs.is_dir(src):
            if not move and "r" not in opts and "R" not in opts:
                io.write_err(f"cp: -r not specified; omitting directory '{src}'\n")
                status = 1
                continue
            status |= _copy_tree(sh, src, target, io, tool, move)
            continue
        if sh.fs.abspath(src) == sh.fs.abspath(target):
            io.write_err(f"{tool}: '{src}' and '{target}' are the same file\n")
            status = 1
            continue
        try:
            sh.fs.write(target, sh.fs.read(src), moved_from=src if move else None)
            if move:
                sh.fs.remove_file(src)
        except NoSpace as e:  # the file opens; its write fails (coreutils' copy.c words)
            io.write_err(f"{tool}: error writing '{target}': {e}\n")
            status = 1
        except FsError as e:
            verb = "cannot move" if move else "cannot create regular file"
            extra = f" to '{target}'" if move else ""
            first = f"'{src}'{extra}" if move else f"'{target}'"
            io.write_err(f"{tool}: {verb} {first}: {e}\n")
            status = 1
    return status


def _move_link(sh: Shell, src: str, target: str, io: Io, tool: str) -> int:
    """mv renames the link itself, cp -r makes another with its target, whatever it points
    to (or whether it points anywhere)."""
    try:
        if sh.fs.is_link(target) or sh.fs.is_file(target):  # rename(2) replaces it
            sh.fs.remove_file(target)
        sh.fs.move_link(src, target, keep=tool == "cp")
    except FsError as e:
        io.write_err(f"mv: cannot move '{src}' to '{target}': {e}\n" if tool == "mv" else
                     f"cp: cannot create symbolic link '{target}': {e}\n")
        return 1
    return 0


def _copy_tree(sh: Shell, src: str, target: str, io: Io, tool: str, move: bool) -> int:
    src_key = sh.fs.key(sh.fs.abspath(src)) or ""
    if not sh.fs.is_dir(target):
        try:
            sh.fs.make_dir(target)
        except FsError as e:
            io.write_err(f"{tool}: cannot create directory '{target}': {e}\n")
            return 1
    for key in [k for k in list(sh.fs.files) + sh.fs.state["dirs"] if k.startswith(src_key + "/")]:
        rel = key[len(src_key) + 1 :]
        path = posixpath.join(target, rel)
        if key in sh.fs.files:
            try:
                sh.fs.write(path, sh.fs.files[key],
                            moved_from=posixpath.join(src, rel) if move else None)
            except FsError as e:
                io.write_err(f"{tool}: cannot create regular file '{path}': {e}\n")
                return 1
        elif not sh.fs.is_dir(path):
            sh.fs.make_dir(path)
    if move:
        try:
            sh.fs.remove_tree(src)
        except FsError as e:  # the rename(2) is refused: GNU mv's words for it
            io.write_err(f"{tool}: cannot move '{src}' to '{target}': {e}\n")
            return 1
    return 0


def cp(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    return _copy_or_move(sh, argv, io, move=False)


def mv(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    return _copy_or_move(sh, argv, io, move=True)


def touch(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("touch", argv[1:], "acm")
    except UsageError as e:
        return usage(io, e)
    if not opts.operands:
        io.write_err("touch: missing file operand\nTry 'touch --help' for more information.\n")
        return 1
    status = 0
    for name in opts.operands:
        if sh.fs.exists(name):
            continue
        try:
            sh.fs.write(name, "")
        except FsError as e:
            io.write_err(flavour.cannot_touch(sh, name, str(e)))
            status = 1
    return status


def mkdir(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    try:
        opts = parse("mkdir", argv[1:], "pv", long={"parents": "p"})
    except UsageError as e:
        return usage(io, e)
    if not opts.operands:
        io.write_err("mkdir: missing operand\nTry 'mkdir --help' for more information.\n")
        return 1
    status = 0
    for name in opts.operands:
        parts = [name] if "p" not in opts else _prefixes(name)
        for part in parts:
            if "p" in opts and sh.fs.is_dir(part):
                continue
            try:
                sh.fs.make_dir(part)
            except FsError as e:
                io.write_err(flavour.cannot_mkdir(sh, part, str(e)))
                status = 1
                break
    return status


def _prefixes(path: str) -> list[str]:
    parts = path.rstrip("/").split("/")
    return [p for n in range(len(parts)) if (p := "/".join(parts[: n + 1]))]


TOOLS = {"cat": cat, "cp": cp, "ls": ls, "mkdir": mkdir, "mv": mv, "rm": rm, "touch": touch,
         "readlink": ls_long.readlink}
