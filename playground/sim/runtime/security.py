"""Who a container's processes are: the user and groups its ``securityContext`` and image give
them, and what the kubelet refuses to start (``runAsNonRoot``).

A container's own ``securityContext`` wins over the pod's for the fields both have
(runAsUser, runAsGroup, runAsNonRoot); ``fsGroup`` and ``supplementalGroups`` are the pod's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim import images

# Names the images' /etc/passwd and /etc/group give to ids (others show as numbers).
_USER_NAMES = {0: "root", 65534: "nobody"}
_GROUP_NAMES = {0: "root", 10: "wheel", 65534: "nogroup"}


@dataclass(frozen=True)
class Identity:
    uid: int
    gid: int
    groups: tuple[int, ...]  # supplementary groups, as getgroups() lists them
    read_only_root: bool = False
    no_new_privs: bool = False
    # the image's /etc/passwd and /etc/group names (uid or gid, name)
    names: tuple[tuple[int, str], ...] = ()
    group_names: tuple[tuple[int, str], ...] = ()

    @property
    def user(self) -> str:
        """The name ``ps``, ``ls -l`` and the prompt show (the number when the image has none)."""
        return dict(self.names).get(self.uid) or _USER_NAMES.get(self.uid, str(self.uid))

    @property
    def group(self) -> str:
        return dict(self.group_names).get(self.gid) or _GROUP_NAMES.get(self.gid, str(self.gid))


def image_user(image: images.Image | None) -> tuple[int, int, tuple[int, ...]]:
    """The image's default user (uid, gid, supplementary groups from its /etc/group).

    The one place that reads it from the catalogue: the image's USER (``Image.process_user``:
    kuard's nobody, memcached's memcache, hello-app's nonroot), root otherwise (busybox's root
    is also in ``wheel``)."""
    if image is None:
        return 0, 0, (0,)
    user = image.process_user()
    if user.uid == 0 and image.repository == "docker.io/library/busybox":
        return 0, 0, (0, 10)
    return user.uid, user.gid, (user.gid,)


def _field(record: dict[str, Any], container: dict[str, Any], name: str) -> Any:
    own = _context(container.get("securityContext"))
    if own.get(name) is not None:
        return own[name]
    return _context(record["spec"].get("securityContext")).get(name)


def _context(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _id(value: Any) -> int | None:
    """An id field's number (validation has rejected other shapes; None if it is not one)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def identity(record: dict[str, Any], container: dict[str, Any]) -> Identity:
    image = images.lookup(str(container.get("image", "")))
    uid, gid, groups = image_user(image)
    names = {u.uid: u.name for u in (image.users.values() if image else ())}
    group_names = {u.gid: u.name for u in (image.users.values() if image else ())}
    run_as_user = _id(_field(record, container, "runAsUser"))
    run_as_group = _id(_field(record, container, "runAsGroup"))
    if run_as_user is not None:
        uid = run_as_user
        gid, groups = (0, ()) if uid != 0 else (gid, groups)
    if run_as_group is not None:
        gid = run_as_group
        groups = ()
    pod = _context(record["spec"].get("securityContext"))
    supplemental = pod.get("supplementalGroups")
    extra = [g for g in (_id(v) for v in (supplemental if isinstance(supplemental, list)
                                          else [])) if g is not None]
    fs_group = _id(pod.get("fsGroup"))
    if fs_group is not None:
        extra.append(fs_group)
    if extra or run_as_group is not None:
        groups = tuple(sorted({*groups, *extra, gid}))
    if not groups:
        groups = (gid,)
    own = _context(container.get("securityContext"))
    return Identity(uid=uid, gid=gid, groups=groups,
                    names=tuple(sorted(names.items())),
                    group_names=tuple(sorted(group_names.items())),
                    read_only_root=bool(own.get("readOnlyRootFilesystem")),
                    no_new_privs=own.get("allowPrivilegeEscalation") is False)


def config_error(record: dict[str, Any], container: dict[str, Any]) -> str | None:
    """The kubelet's CreateContainerConfigError message for a container it will not create."""
    if not _field(record, container, "runAsNonRoot"):
        return None
    meta = record["metadata"]
    where = (f'(pod: "{meta["name"]}_{meta["namespace"]}({meta.get("uid", "")})", '
             f'container: {container["name"]})')
    run_as_user = _id(_field(record, container, "runAsUser"))
    if run_as_user is not None:
        if run_as_user == 0:
            return f"container's runAsUser breaks non-root policy {where}"
        return None
    if identity(record, container).uid == 0:
        return f"container has runAsNonRoot and image will run as root {where}"
    return None


def id_line(who: Identity) -> str:
    """What ``id`` prints: ``uid=1000 gid=3000 groups=2000,3000``; known ids with names."""
    def named(number: int, names: dict[int, str]) -> str:
        return f"{number}({names[number]})" if number in names else str(number)

    groups = ",".join(named(g, _GROUP_NAMES) for g in who.groups)
    return (f"uid={named(who.uid, _USER_NAMES)} gid={named(who.gid, _GROUP_NAMES)} "
            f"groups={groups}")


# Linux capability numbers (include/uapi/linux/capability.h) and the set containerd gives a
# container by default.
CAPABILITIES = (
    "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
    "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
    "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
    "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
    "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
    "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
)
DEFAULT_CAPS = 0x00000000A80425FB


def capability_set(container: dict[str, Any]) -> int:
    """The bounding set: the runtime's default, with the container's adds and drops."""
    context = _context(container.get("securityContext"))
    if context.get("privileged") is True:
        return (1 << len(CAPABILITIES)) - 1
    caps = _context(context.get("capabilities"))
    value = DEFAULT_CAPS

    def bits(names: Any) -> int:
        out = 0
        for name in names if isinstance(names, list) else []:
            key = str(name).upper().removeprefix("CAP_")
            if key == "ALL":
                return (1 << len(CAPABILITIES)) - 1
            if key in CAPABILITIES:
                out |= 1 << CAPABILITIES.index(key)
        return out

    value |= bits(caps.get("add"))
    value &= ~bits(caps.get("drop"))
    return value


def proc_status(record: dict[str, Any], container: dict[str, Any], command: str,
                pid: int = 1) -> str:
    """``/proc/1/status`` of the container's main process: its ids, groups, capabilities and
    no_new_privs (allowPrivilegeEscalation: false)."""
    who = identity(record, container)
    bounding = capability_set(container)
    # a process that is not root keeps no permitted or effective capabilities
    effective = bounding if who.uid == 0 else 0
    name = (command.split() or ["sh"])[0].rsplit("/", 1)[-1][:15]
    ids = "\t".join([str(who.uid)] * 4)
    gids = "\t".join([str(who.gid)] * 4)
    groups = " ".join(str(g) for g in who.groups)
    return (f"Name:\t{name}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t{pid}\nNgid:\t0\n"
            f"Pid:\t{pid}\nPPid:\t0\nTracerPid:\t0\nUid:\t{ids}\nGid:\t{gids}\nFDSize:\t64\n"
            f"Groups:\t{groups} \nCapInh:\t0000000000000000\nCapPrm:\t{effective:016x}\n"
            f"CapEff:\t{effective:016x}\nCapBnd:\t{bounding:016x}\nCapAmb:\t0000000000000000\n"
            f"NoNewPrivs:\t{1 if who.no_new_privs else 0}\nSeccomp:\t0\n")
