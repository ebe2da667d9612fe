"""``lsof`` 4.95 (Debian bookworm's) in a container: every process it can see, with its cwd,
rtd, txt, the files it maps (``mem``, the same libraries as ``/proc/PID/maps``), its
descriptors, nginx's listening sockets and the pipes containerd gave its stdout and stderr.

The columns follow lsof's print_file(): two passes, each column as wide as its title or its
widest cell, COMMAND (at most 9 characters) padded on the right, every other column aligned
on the right after one space, FD as the descriptor in ``FdColW - 2`` then its access and lock
characters, NAME last. Device numbers, inodes and sizes are plausible, not a node's; lsof's
forked helper and its warnings are left out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from playground.sim.runtime import procfs

_BASH_LIBS: tuple[procfs.Lib, ...] = (
    ("/usr/bin/bash", (0x30000, 0xb9000, 0x31000, 0xc000)),
    ("/usr/lib/x86_64-linux-gnu/libtinfo.so.6.4", (0xe000, 0x13000, 0xe000, 0x5000)),
    ("/usr/lib/x86_64-linux-gnu/libc.so.6", procfs.NGINX_LIBS[1][1]),
    ("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", procfs.NGINX_LIBS[-1][1]),
)
_LSOF_LIBS: tuple[procfs.Lib, ...] = (
    ("/usr/bin/lsof", (0x6000, 0x1e000, 0x8000, 0x3000)),
    ("/usr/lib/x86_64-linux-gnu/libselinux.so.1", (0x6000, 0x17000, 0x7000, 0x2000)),
    ("/usr/lib/x86_64-linux-gnu/libc.so.6", procfs.NGINX_LIBS[1][1]),
    ("/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2", procfs.NGINX_LIBS[5][1]),
    ("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", procfs.NGINX_LIBS[-1][1]),
)
_CMD_LIMIT = 9  # lsof's default CmdLim


@dataclass(frozen=True)
class Row:
    command: str
    pid: int
    user: str
    fd: str  # the descriptor and its access character (u, r, w or none): "cwd", "6u"
    type: str
    device: str
    size: str
    node: str
    name: str


def _number(seed: str, low: int, high: int) -> int:
    digest = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")
    return low + digest % (high - low + 1)


def _files(command: str, pid: int, user: str, libs: tuple[procfs.Lib, ...],
           root_dev: str, seed: str, shared_zero: bool = False) -> list[Row]:
    """cwd, rtd, txt and one ``mem`` row per mapped file, in the order of /proc/PID/maps
    (``procfs.maps``: the program, nginx's shared /dev/zero, the libraries from the lowest
    address up, the loader last)."""
    def inode(path: str) -> str:
        return str(_number("ino" + path, 1_000_000, 3_000_000))

    program, _sizes = libs[0]
    rows = [Row(command, pid, user, "cwd", "DIR", root_dev, "4096", inode(seed + "/"), "/"),
            Row(command, pid, user, "rtd", "DIR", root_dev, "4096", inode(seed + "/"), "/"),
            Row(command, pid, user, "txt", "REG", root_dev, str(sum(libs[0][1])),
                inode(program), program)]
    mapped = [libs[0], *([("/dev/zero", (0, 0, 0, 0))] if shared_zero else []),
              *reversed(libs[1:-1]), libs[-1]]
    for path, sizes in mapped:
        if path == "/dev/zero":  # a shared anonymous mapping: its file is deleted
            rows.append(Row(command, pid, user, "DEL", "REG", "0,1", "", "1033", path))
            continue
        # maps name the lower layer's ext4 device; the path stats on the overlay
        rows.append(Row(command, pid, user, "mem", "REG", "8,1", str(sum(sizes)), inode(path),
                        f"{path} (path dev={root_dev})"))
    return rows


def table(record: dict[str, Any], processes: list[tuple[int, str, str, str | None]],
          tty: bool, users: dict[int, str]) -> str:
    """lsof's listing of ``processes`` ((pid, user, command line, main of), as ps sees them,
    lsof's own row last) in the pod ``record``'s container; ``users``: the image's
    /etc/passwd, which names a numeric user as printuid() does."""
    seed = str(record["metadata"].get("uid"))
    root_dev = f"0,{_number('overlay' + seed, 40, 400)}"
    out_pipe = str(_number("stdout" + seed, 20_000, 900_000))
    err_pipe = str(_number("stderr" + seed, 20_000, 900_000))
    rows: list[Row] = []
    for pid, user, line, _main in processes:
        user = users.get(int(user), user) if user.isdigit() else user
        command = line.split()[0].rsplit("/", 1)[-1].rstrip(":")[:_CMD_LIMIT]
        if command == "nginx":
            rows += _files(command, pid, user, procfs.NGINX_LIBS, root_dev, seed, True)
            # the workers inherit the master's listening sockets; each has its own channel
            sock = _number(f"sock{pid}" + seed, 20_000, 900_000)
            listen = _number("listen" + seed, 20_000, 900_000)
            rows += [
                Row(command, pid, user, "0u", "CHR", "1,3", "0t0", "4", "/dev/null"),
                Row(command, pid, user, "1w", "FIFO", "0,13", "0t0", out_pipe, "pipe"),
                Row(command, pid, user, "2w", "FIFO", "0,13", "0t0", err_pipe, "pipe"),
                Row(command, pid, user, "3u", "unix", f"0x{sock * 4099:016x}", "0t0",
                    str(sock), "type=STREAM (CONNECTED)"),
                Row(command, pid, user, "4w", "FIFO", "0,13", "0t0", out_pipe, "pipe"),
                Row(command, pid, user, "5w", "FIFO", "0,13", "0t0", err_pipe, "pipe"),
                Row(command, pid, user, "6u", "IPv4", str(listen), "0t0", "TCP",
                    "*:80 (LISTEN)"),
                Row(command, pid, user, "7u", "IPv6", str(listen + 1), "0t0", "TCP",
                    "*:80 (LISTEN)"),
            ]
            if user != "root":  # a worker waits in epoll on the listening sockets
                rows.append(Row(command, pid, user, "8u", "a_inode", "0,14", "0", "1049",
                                "[eventpoll:6,7]"))
        elif command in ("bash", "lsof"):
            rows += _files(command, pid, user, _BASH_LIBS if command == "bash" else _LSOF_LIBS,
                           root_dev, seed)
            std = [("CHR", "136,0", "0t0", "3", "/dev/pts/0")] * 3 if tty else [
                ("FIFO", "0,13", "0t0", str(_number(f"in{pid}{n}" + seed, 20_000, 900_000)),
                 "pipe") for n in range(3)]
            for n, (kind, dev, off, node, name) in enumerate(std):
                mode = "u" if tty else "r" if n == 0 else "w"
                rows.append(Row(command, pid, user, f"{n}{mode}", kind, dev, off, node, name))
            if command == "bash" and tty:
                rows.append(Row(command, pid, user, "255u", "CHR", "136,0", "0t0", "3",
                                "/dev/pts/0"))
            if command == "lsof":
                rows += [Row(command, pid, user, "3r", "DIR", "0,22", "0", "1", "/proc"),
                         Row(command, pid, user, "4r", "DIR", "0,22", "0",
                             str(_number(f"fd{pid}", 20_000, 900_000)), f"/proc/{pid}/fd")]
    return _render(rows)


def _split(fd: str) -> tuple[str, str]:
    """(descriptor, access character): "6u" -> ("6", "u"), "cwd" -> ("cwd", " ")."""
    return (fd[:-1], fd[-1]) if fd[:-1].isdigit() else (fd, " ")


def _render(rows: list[Row]) -> str:
    cmd = max([len("COMMAND"), *(len(r.command) for r in rows)])
    pid = max([len("PID"), *(len(str(r.pid)) for r in rows)])
    user = max([len("USER"), *(len(r.user) for r in rows)])
    fd = max([len("FD"), *(len(_split(r.fd)[0]) + 2 for r in rows)])
    typ = max([len("TYPE"), *(len(r.type) for r in rows)])
    dev = max([len("DEVICE"), *(len(r.device) for r in rows)])
    size = max([len("SIZE/OFF"), *(len(r.size) for r in rows)])
    node = max([len("NODE"), *(len(r.node) for r in rows)])
    lines = [f"{'COMMAND':<{cmd}} {'PID':>{pid}} {'USER':>{user}} {'FD':>{fd - 2}}   "
             f"{'TYPE':>{typ}} {'DEVICE':>{dev}} {'SIZE/OFF':>{size}} {'NODE':>{node}} NAME"]
    for r in rows:
        number, access = _split(r.fd)
        # the descriptor, its access character, its lock character (none: a space)
        lines.append(f"{r.command:<{cmd}} {r.pid:>{pid}} {r.user:>{user}} {number:>{fd - 2}}"
                     f"{access}  {r.type:>{typ}} {r.device:>{dev}} {r.size:>{size}} "
                     f"{r.node:>{node}} {r.name}")
    return "".join(line + "\n" for line in lines)
