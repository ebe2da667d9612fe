"""A container's ``/proc``: its mount table (``/proc/mounts``, ``/proc/1/mounts``), the memory
map of nginx's PID 1 (``/proc/1/maps``) and, in a shared PID namespace, ``/proc/PID/root``,
through which a process reaches another container's file system.

The mount table is what containerd 1.7's CRI plugin and runc make of the pod's spec on a
v1.32 node with cgroup v2: the overlay root, runc's default mounts (proc, the /dev tmpfs,
devpts, mqueue, sysfs read-only, cgroup2), then the CRI's and the kubelet's bind mounts
ordered by the depth of their path (CRI's ``orderedMounts``, stable: containerd's hostname,
resolv.conf and shm first, then the kubelet's volume mounts, /etc/hosts and
/dev/termination-log), then runc's read-only and masked /proc and /sys paths. Which volume
lives where follows the kubelet: emptyDir and configMap on the node's disk, secret,
downwardAPI and projected volumes on a tmpfs sized by the node's allocatable memory (or the
pod's memory limit). Snapshot numbers, layer counts, addresses and inode numbers are
plausible, not what a given node would show.
"""

from __future__ import annotations

import hashlib
import posixpath
from typing import Any

from playground.sim.admission.quantity import parse_quantity

_SNAPSHOTS = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots"
_DISK = "/dev/sda1"  # the node's root file system (Ubuntu 22.04 cloud image)
_DISK_OPTS = "ext4 rw,relatime,discard,errors=remount-ro"
_RUNC = [
    "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
    "tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755,inode64 0 0",
    "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666 0 0",
    "mqueue /dev/mqueue mqueue rw,nosuid,nodev,noexec,relatime 0 0",
    "sysfs /sys sysfs ro,nosuid,nodev,noexec,relatime 0 0",
    "cgroup /sys/fs/cgroup cgroup2 ro,nosuid,nodev,noexec,relatime 0 0",
]
_READONLY = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
# containerd's default masked paths that exist on a 5.15 kernel: directories get a read-only
# tmpfs, files /dev/null bound over them (which lives on the /dev tmpfs)
_MASKED = (("/proc/acpi", True), ("/proc/kcore", False), ("/proc/keys", False),
           ("/proc/timer_list", False), ("/proc/scsi", True), ("/sys/firmware", True))


def _number(seed: str, low: int, high: int) -> int:
    digest = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")
    return low + digest % (high - low + 1)


def _overlay(record: dict[str, Any], container: str, image_ref: str) -> str:
    layers = _number("layers" + image_ref, 2, 7)
    top = _number("snap" + image_ref, 20, 90)
    own = top + _number("own" + record["metadata"]["uid"] + container, 5, 60)
    lower = ":".join(f"{_SNAPSHOTS}/{n}/fs" for n in range(top, top - layers, -1))
    return (f"overlay / overlay rw,relatime,lowerdir={lower},upperdir={_SNAPSHOTS}/{own}/fs,"
            f"workdir={_SNAPSHOTS}/{own}/work 0 0")


def _tmpfs_size(record: dict[str, Any], allocatable_memory: str) -> str:
    """A memory-backed volume's size: the pod's memory limit when every container has one,
    else the node's allocatable memory (the kubelet's SizeMemoryBackedVolumes rule)."""
    limits = [((c.get("resources") or {}).get("limits") or {}).get("memory")
              for c in record["spec"]["containers"]]
    total = sum(int(parse_quantity(str(v))) for v in limits if v) if all(limits) else None
    size = total if total else int(parse_quantity(allocatable_memory))
    return f"size={size // 1024}k"


def mounts(record: dict[str, Any], spec: dict[str, Any], image_ref: str,
           allocatable_memory: str, resolve: dict[str, str]) -> str:
    """``/proc/mounts`` of container ``spec`` of the pod; ``resolve``: the image's directory
    links (``/var/run`` → ``/run``), which runc follows before it mounts."""
    volumes = {v["name"]: v for v in record["spec"].get("volumes") or []}
    size = _tmpfs_size(record, allocatable_memory)

    def real(path: str) -> str:
        for link, target in sorted(resolve.items(), key=lambda kv: -len(kv[0])):
            if path == link or path.startswith(link + "/"):
                return target + path[len(link):]
        return path

    binds: list[tuple[str, str]] = [
        ("/etc/hostname", f"{_DISK} /etc/hostname {_DISK_OPTS} 0 0"),
        ("/etc/resolv.conf", f"{_DISK} /etc/resolv.conf {_DISK_OPTS} 0 0"),
        ("/dev/shm", "shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k,inode64 0 0"),
    ]
    for mount in spec.get("volumeMounts") or []:
        volume = volumes.get(mount.get("name")) or {}
        path = real("/" + posixpath.normpath(str(mount.get("mountPath") or "/")).lstrip("/"))
        mode = "ro" if mount.get("readOnly") else "rw"
        memory = any(k in volume for k in ("secret", "downwardAPI", "projected")) or \
            (volume.get("emptyDir") or {}).get("medium") == "Memory"
        if memory:
            line = f"tmpfs {path} tmpfs {mode},relatime,{size},inode64 0 0"
        else:
            line = f"{_DISK} {path} {_DISK_OPTS.replace('rw,', mode + ',', 1)} 0 0"
        binds.append((path, line))
    binds.append(("/etc/hosts", f"{_DISK} /etc/hosts {_DISK_OPTS} 0 0"))
    binds.append(("/dev/termination-log", f"{_DISK} /dev/termination-log {_DISK_OPTS} 0 0"))
    binds.sort(key=lambda b: b[0].count("/"))
    lines = [_overlay(record, str(spec.get("name")), image_ref), *_RUNC,
             *(line for _p, line in binds)]
    lines += [f"proc {p} proc ro,nosuid,nodev,noexec,relatime 0 0" for p in _READONLY]
    lines += [f"tmpfs {p} tmpfs ro,relatime,inode64 0 0" if is_dir else
              f"tmpfs {p} tmpfs rw,nosuid,size=65536k,mode=755,inode64 0 0"
              for p, is_dir in _MASKED]
    return "".join(line + "\n" for line in lines)


# What Debian bookworm's nginx 1.27 (nginx.org's package) maps: the binary, then the shared
# objects ld.so loaded, each as its ELF segments (pages of r--, r-x, r--, rw-).
Lib = tuple[str, tuple[int, int, int, int]]
NGINX_LIBS: tuple[Lib, ...] = (
    ("/usr/sbin/nginx", (0x2e000, 0x100000, 0x3a000, 0x4000)),
    ("/usr/lib/x86_64-linux-gnu/libc.so.6", (0x26000, 0x155000, 0x55000, 0x6000)),
    ("/usr/lib/x86_64-linux-gnu/libz.so.1.2.13", (0x3000, 0x15000, 0x6000, 0x2000)),
    ("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", (0x9e000, 0x2fd000, 0xce000, 0x58000)),
    ("/usr/lib/x86_64-linux-gnu/libssl.so.3", (0x1d000, 0x75000, 0x1d000, 0xe000)),
    ("/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2", (0x2000, 0x88000, 0x2a000, 0x2000)),
    ("/usr/lib/x86_64-linux-gnu/libcrypt.so.1.1.0", (0x3000, 0x13000, 0x19000, 0x2000)),
    ("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", (0x1000, 0x25000, 0xa000, 0x2000)),
)
_NAME_COLUMN = 73  # show_map_vma pads the name to 25 + 6 * sizeof(void *) - 1, then a space


def _map_line(start: int, end: int, perms: str, offset: int, dev: str, inode: int,
              name: str) -> str:
    head = f"{start:08x}-{end:08x} {perms} {offset:08x} {dev} {inode} "
    return (head.ljust(_NAME_COLUMN) + name if name else head) + "\n"


def maps(seed: str, libs: tuple[Lib, ...] = NGINX_LIBS) -> str:
    """``/proc/PID/maps`` of a dynamically linked program: its PIE binary low, heap above
    it, the libraries below the stack, vvar and vdso (the kernel's format)."""
    rows: list[str] = []
    base = 0x55d000000000 + _number("pie" + seed, 0, 0xfffff) * 0x1000
    dev = "08:01"

    def segments(at: int, name: str, sizes: tuple[int, int, int, int]) -> int:
        inode = _number("ino" + name, 1_000_000, 3_000_000)
        offset = 0
        for perms, size in zip(("r--p", "r-xp", "r--p", "rw-p"), sizes, strict=True):
            rows.append(_map_line(at, at + size, perms, offset, dev, inode, name))
            at, offset = at + size, offset + size
        return at

    at = segments(base, *libs[0])
    rows.append(_map_line(at, at + 0x8000, "rw-p", 0, "00:00", 0, ""))
    heap = at + 0x1000000 + _number("brk" + seed, 0, 0xfff) * 0x1000
    rows.append(_map_line(heap, heap + 0x6b000, "rw-p", 0, "00:00", 0, "[heap]"))
    at = 0x7f0000000000 + _number("mmap" + seed, 0x100000, 0xfffff0) * 0x1000
    rows.append(_map_line(at, at + 0x40000, "rw-s", 0, "00:01", 1033, "/dev/zero (deleted)"))
    at += 0x40000
    for lib in reversed(libs[1:-1]):
        at = segments(at, *lib)
    rows.append(_map_line(at, at + 0x4000, "rw-p", 0, "00:00", 0, ""))
    at += 0x4000
    rows.append(_map_line(at, at + 0x4000, "r--p", 0, "00:00", 0, "[vvar]"))
    rows.append(_map_line(at + 0x4000, at + 0x6000, "r-xp", 0, "00:00", 0, "[vdso]"))
    segments(at + 0x6000, *libs[-1])
    stack = 0x7ffc00000000 + _number("stack" + seed, 0, 0x3ffff) * 0x1000
    rows.append(_map_line(stack, stack + 0x21000, "rw-p", 0, "00:00", 0, "[stack]"))
    rows.append(_map_line(0xffffffffff600000, 0xffffffffff601000, "--xp", 0, "00:00", 0,
                          "[vsyscall]"))
    return "".join(rows)


def other_roots(record: dict[str, Any], container: str) -> dict[int, tuple[dict[str, str], str]]:
    """In a shared PID namespace, each other container's main process → that container's
    image files (what ``/proc/PID/root`` reaches)."""
    from playground.sim import containers, process_table  # they read this module: late

    out: dict[int, tuple[dict[str, str], str]] = {}
    for pid, main in process_table.pids(record, container, []).items():
        image = containers.image_of(record, main) if main and main != container else None
        if image is not None:
            theirs = dict(image.files)
            # a link to a file reads as that file there (/etc/os-release ->
            # ../usr/lib/os-release); /proc/PID/root's own links are not modelled
            for link, target in _dir_links(image).items():
                if target in theirs:
                    theirs.setdefault(link, theirs[target])
            out[pid] = theirs, image.ref
    return out


def _dir_links(image: Any) -> dict[str, str]:
    """The image's links runc resolves in mount paths (Debian's /var/run -> /run), as
    absolute targets."""
    return {path: posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            for path, target in getattr(image, "links", ())}


def files(record: dict[str, Any], container: str, spec: dict[str, Any], image: Any,
          shares_pid_one: bool,
          others: dict[int, tuple[dict[str, str], str]]) -> dict[str, str]:
    """The /proc files a shell in ``container`` reads: its mount table, PID 1's when PID 1
    is its own main process (and that process's maps for nginx), and ``/proc/PID/root/…``
    of ``others`` (pid → (the files of the container it runs in, its image))."""
    from playground.sim.cluster_defaults import node_allocatable  # a leaf; keeps this light

    memory = node_allocatable(str(record["_sim"].get("node") or ""))["memory"]
    ref = image.ref if image is not None else str(spec.get("image") or "")
    table = mounts(record, spec, ref, memory, _dir_links(image))
    out = {"/proc/mounts": table, "/proc/self/mounts": table}
    if shares_pid_one:
        out["/proc/1/mounts"] = table
        own_program = not spec.get("command") and not spec.get("args")
        if own_program and image is not None and image.repository.endswith("/nginx") \
                and image.base.startswith("debian"):
            out["/proc/1/maps"] = maps(record["metadata"]["uid"] + container)
    for pid, (theirs, _ref) in others.items():
        out.update({f"/proc/{pid}/root{path}": text for path, text in theirs.items()})
    return out
