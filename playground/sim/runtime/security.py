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
    return user.uid, user.gid, tuple(sorted({user.gid, *image_groups(image, user.uid)}))


def _table(image: images.Image, path: str) -> list[list[str]]:
    """The colon-separated records of one of the image's account files (empty without it)."""
    text = dict(image.files).get(path, "")
    return [line.split(":") for line in text.splitlines() if line.count(":") >= 3]


def _passwd_entry(image: images.Image | None, uid: int) -> tuple[str, int] | None:
    """(name, gid) of the first /etc/passwd entry with this uid, as getpwuid finds it."""
    if image is None:
        return None
    for fields in _table(image, "/etc/passwd"):
        if fields[2] == str(uid) and fields[3].isdigit():
            return fields[0], int(fields[3])
    user = next((u for u in image.users.values() if u.uid == uid), None)
    return (user.name, user.gid) if user else None


def image_groups(image: images.Image | None, uid: int) -> tuple[int, ...]:
    """The groups the image's /etc/group lists the uid's user as a member of: what containerd
    1.7 adds to a container's supplementary groups whatever the pod says (its
    WithAdditionalGIDs; a group named like the user is the user's own, not counted). A uid
    the image's /etc/passwd does not know gets none."""
    if image is None:
        return ()
    entry = _passwd_entry(image, uid)
    if entry is None:
        return ()
    rows = _table(image, "/etc/group")
    if not rows:
        # images catalogued without their /etc/group: busybox's root is in wheel
        busybox_root = uid == 0 and image.repository == "docker.io/library/busybox"
        return (10,) if busybox_root else ()
    name = entry[0]
    return tuple(sorted({int(f[2]) for f in rows if f[2].isdigit() and f[0] != name
                         and name in f[3].split(",")}))


def _group_names(image: images.Image | None) -> dict[int, str]:
    """gid → name from the image's /etc/group (its users' own groups when it has none)."""
    if image is None:
        return {}
    rows = _table(image, "/etc/group")
    if rows:
        return {int(f[2]): f[0] for f in reversed(rows) if f[2].isdigit()}
    return {u.gid: u.name for u in image.users.values()}


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
    """The ids containerd 1.7 starts the container's process with: the uid (runAsUser, else the
    image's USER); the gid (runAsGroup, else that uid's /etc/passwd group, else 0); and as
    supplementary groups the gid, the uid's memberships in the image's /etc/group, the pod's
    supplementalGroups and fsGroup, sorted as the kernel keeps them. The API server of v1.32
    drops ``supplementalGroupsPolicy`` (admission/gates.py), so the image's groups always
    count (Merge)."""
    image = images.lookup(str(container.get("image", "")))
    uid, gid, _ = image_user(image)
    names = {u.uid: u.name for u in (image.users.values() if image else ())}
    run_as_user = _id(_field(record, container, "runAsUser"))
    run_as_group = _id(_field(record, container, "runAsGroup"))
    if run_as_user is not None and run_as_user != uid:
        uid = run_as_user
        gid = (_passwd_entry(image, uid) or ("", 0))[1]
    if run_as_group is not None:
        gid = run_as_group
    pod = _context(record["spec"].get("securityContext"))
    supplemental = pod.get("supplementalGroups")
    extra = [g for g in (_id(v) for v in (supplemental if isinstance(supplemental, list)
                                          else [])) if g is not None]
    fs_group = _id(pod.get("fsGroup"))
    if fs_group is not None:
        extra.append(fs_group)
    groups = tuple(sorted({gid, *image_groups(image, uid), *extra}))
    own = _context(container.get("securityContext"))
    return Identity(uid=uid, gid=gid, groups=groups,
                    names=tuple(sorted(names.items())),
                    group_names=tuple(sorted(_group_names(image).items())),
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
    """What ``id`` prints: ``uid=1000 gid=3000 groups=2000,3000``; ids the image's /etc/passwd
    and /etc/group name with their names, as busybox's and coreutils' ``id`` look them up."""
    users = {**_USER_NAMES, **dict(who.names)}
    group_names = {**_GROUP_NAMES, **dict(who.group_names)}

    def named(number: int, names: dict[int, str]) -> str:
        return f"{number}({names[number]})" if number in names else str(number)

    groups = ",".join(named(g, group_names) for g in who.groups)
    return (f"uid={named(who.uid, users)} gid={named(who.gid, group_names)} "
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
