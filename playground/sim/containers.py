"""Inside a running container: its file system, shared volumes, processes and network view.

``kubectl exec`` and ``kubectl run -it`` put the learner into a shell that lives here. What a
container sees is derived from the pod: the hostname is the pod's name, ``localhost`` reaches
every container of the pod, ``emptyDir`` volumes are shared by the containers that mount them,
and only the image's own programs are installed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from playground.sim import images, lifecycle, node_files, ping
from playground.sim.config import SimConfig
from playground.sim.lifecycle import process
from playground.sim.runtime import atomic_writer, envvars, procfs, programs, security, sources
from playground.sim.shell import Io, Shell
from playground.sim.shell.fs import FsError, Layout
from playground.sim.shell.runner import Profile
from playground.sim.timefmt import parse_rfc3339

CommandFn = Callable[[list[str], "str | None", Io], int]

# Programs every shell image offers as built-ins even when the image lists no binary for them.
_ALWAYS = frozenset({"exit", "cd", "echo", "pwd", "export", "true", "false", "type", "alias",
                     "unalias", "history", "printf", "unset", "help", "clear", "env", "kill"})


class MountedFiles(MutableMapping[str, str]):
    """A container's files: keys under a volume's mount path live in the shared volume dict.

    ``read_only`` names the mounts (and ``""`` for the root file system) that refuse writes
    with the kernel's EROFS text."""

    def __init__(self, own: dict[str, str], mounts: dict[str, dict[str, str]],
                 read_only: frozenset[str] = frozenset(), under: dict[str, str] | None = None,
                 removed: list[str] | None = None,
                 on_change: Callable[[str, bool], None] | None = None,
                 owners: dict[str, list[str]] | None = None,
                 volume_modes: dict[str, tuple[str, str, str]] | None = None,
                 creator: tuple[str, str] = ("root", "root"),
                 image_owner: Callable[[str], tuple[str, str]] | None = None,
                 links: dict[str, str] | None = None) -> None:
        self.own = own
        self.links = links or {}  # the kubelet volumes' atomic-writer links, by absolute path
        # (user, group) of the files the learner made; mount path → (mode, user, group)
        self.owners = owners if owners is not None else {}
        self.volume_modes = volume_modes or {}
        self.creator = creator
        self.image_owner = image_owner  # (user, group) of an image path (its chowned folders)
        self.mounts = dict(sorted(mounts.items(), key=lambda kv: -len(kv[0])))
        self.read_only = read_only
        # what the containers' processes wrote (shown unless the learner replaced or removed it)
        self.removed = removed if removed is not None else []
        self.under = {k: v for k, v in (under or {}).items() if k not in self.removed}
        self.on_change = on_change

    def _route(self, key: str) -> tuple[dict[str, str], str]:
        for mount, volume in self.mounts.items():
            if key.startswith(mount + "/"):
                return volume, key[len(mount) + 1 :]
        return self.own, key

    def _check(self, key: str) -> None:
        mount = next((m for m in self.mounts if key.startswith(m + "/")), "")
        if mount in self.read_only:
            raise FsError("Read-only file system")

    def __getitem__(self, key: str) -> str:
        store, inner = self._route(key)
        if inner in store:
            return store[inner]
        return self.under[key]

    def __setitem__(self, key: str, value: str) -> None:
        self._check(key)
        store, inner = self._route(key)
        if key not in self:
            mount = next((m for m in self.mounts if key.startswith(m + "/")), None)
            group = self.volume_modes[mount][2] if mount in self.volume_modes else None
            # a setgid volume (fsGroup) gives new files its group
            self.owners[key] = [self.creator[0], group or self.creator[1]]
        store[inner] = value
        if key in self.removed:
            self.removed.remove(key)
        if self.on_change is not None:
            self.on_change("/" + key, True)

    def __delitem__(self, key: str) -> None:
        self._check(key)
        store, inner = self._route(key)
        if inner in store:
            del store[inner]
        elif key in self.under:
            self.removed.append(key)
            del self.under[key]
        else:
            raise KeyError(key)
        if self.on_change is not None:
            self.on_change("/" + key, False)

    def owner(self, absolute: str, is_dir: bool) -> tuple[str, str, str]:
        """(mode, user, group) that ``ls -l`` shows."""
        key = absolute.lstrip("/")
        if is_dir and key in self.volume_modes:
            return self.volume_modes[key]
        mode = "drwxr-xr-x" if is_dir else "-rw-r--r--"
        if not is_dir and key in self.owners:
            user, group = self.owners[key]
            return mode, user, group
        user, group = self.image_owner(absolute) if self.image_owner else ("root", "root")
        return mode, user, group

    def _keys(self) -> list[str]:
        keys = list(self.own)
        for mount, volume in self.mounts.items():
            keys.extend(f"{mount}/{inner}" for inner in volume)
        seen = set(keys)
        return keys + [k for k in self.under if k not in seen]

    def __iter__(self) -> Iterator[str]:
        yield from self._keys()

    def __len__(self) -> int:
        return len(self._keys())


def container_spec(record: dict[str, Any], name: str) -> dict[str, Any] | None:
    for container in [*record["spec"].get("initContainers", []), *record["spec"]["containers"],
                      *record["spec"].get("ephemeralContainers", [])]:
        if container["name"] == name:
            return dict(container)
    return None


def container_id(pod: dict[str, Any], name: str) -> str | None:
    """The containerID of ``name``'s current run in an observed pod (None before it has one)."""
    status = pod.get("status") or {}
    for entry in [*status.get("initContainerStatuses", []), *status.get("containerStatuses", []),
                  *status.get("ephemeralContainerStatuses", [])]:
        if entry.get("name") == name:
            return str(entry.get("containerID", "")) or None
    return None


def image_of(record: dict[str, Any], name: str) -> images.Image | None:
    spec = container_spec(record, name)
    return images.lookup(spec["image"]) if spec else None


def has_program(record: dict[str, Any], container: str, program: str) -> bool:
    image = image_of(record, container)
    if image is None:
        return False
    base = program.rsplit("/", 1)[-1]
    return programs.installed(image, base) or (base in _ALWAYS and bool(image.shell))


def session_program(record: dict[str, Any], spec: dict[str, Any]) -> str:
    """The shell program a terminal session in the container talks to: what ``exec -it``
    started, or PID 1's program for ``run -it`` (busybox's default ``sh``)."""
    if spec.get("program"):
        return str(spec["program"])
    image = image_of(record, spec["container"])
    container = container_spec(record, spec["container"]) or {}
    if image is None:
        return "sh"
    argv, _default = process.argv_of(image, container)
    return argv[0] if argv else "sh"


def runs_interactive_shell(record: dict[str, Any], container: str) -> bool:
    """Whether the container's PID 1 is a shell reading its terminal (`run -it … -- sh`):
    attaching to it is a shell session, not the output of a program."""
    image = image_of(record, container)
    spec = container_spec(record, container) or {}
    if image is None or not spec.get("stdin"):
        return False
    argv, default = process.argv_of(image, spec)
    if default:
        return image.behaviour == "shell"
    exe = argv[0].rsplit("/", 1)[-1]
    return exe in ("sh", "bash", "ash", "dash") and "-c" not in argv[1:2]


def pod_storage(state: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """Per-pod container files and volumes, keyed by the pod's uid (a new pod starts empty)."""
    store: dict[str, Any] = state.setdefault("pod_files", {})
    uid = record["metadata"]["uid"]
    return store.setdefault(uid, {"volumes": {}, "containers": {}})


def forget_missing(state: dict[str, Any], uids: set[str]) -> None:
    """Drop the files of pods that no longer exist."""
    store: dict[str, Any] = state.get("pod_files", {})
    for uid in [u for u in store if u not in uids]:
        del store[uid]


def _started(record: dict[str, Any], container: str, now: float | None) -> float | None:
    """When the container's current run started (its environment was made then)."""
    entry = lifecycle.container_state(record, container, now) if now is not None else None
    started = (((entry or {}).get("state") or {}).get("running") or {}).get("startedAt")
    return parse_rfc3339(started) if started else None


def profile(record: dict[str, Any], container: str, program: str = "sh",
            env_at: float | None = None) -> Profile:
    """The shell ``program`` (sh, bash, /bin/ash…) in ``container``: its flavour, user, files."""
    image = image_of(record, container)
    spec = container_spec(record, container) or {}
    hostname = pod_hostname(record)
    who = security.identity(record, spec)
    files = dict(image.files) if image is not None else {}
    files.update({"/etc/hostname": hostname + "\n", "/etc/hosts": _hosts(record, hostname)})
    pid = 1
    target = str(spec.get("targetContainerName") or "")
    shared = bool(record["spec"].get("shareProcessNamespace"))
    if target:
        # in the target's PID namespace: PID 1 is the target's process, this one comes later
        from playground.sim import process_table  # it reads containers: imported late

        pid = max(p for p, main in process_table.pids(record, container, []).items()
                  if main == container)
        target_spec = container_spec(record, target) or {}
        files["/proc/1/status"] = security.proc_status(record, target_spec,
                                                       main_argv(record, target))
        files[f"/proc/{pid}/status"] = security.proc_status(record, spec,
                                                            main_argv(record, container), pid)
    elif not record["spec"].get("shareProcessNamespace"):
        files["/proc/1/status"] = security.proc_status(record, spec, main_argv(record, container))
    files.update(procfs.files(record, container, spec, image, not target and not shared,
                              procfs.other_roots(record, container) if shared else {}))
    # a volume mounted over an image directory hides what the image had there
    hidden = ["/" + posixpath.normpath(m["mountPath"]).lstrip("/") + "/"
              for m in spec.get("volumeMounts") or []]
    files = {k: v for k, v in files.items() if not any(k.startswith(h) for h in hidden)}
    env = envvars.environment(record, spec, env_at)
    home = env.pop("HOME")
    env = {**env, "TERM": "xterm", "HOME": home}  # a tty's exec: containerd adds TERM, runc HOME
    flavour = (image.shell_flavour(program) if image else None) or (image.shell if image else "")
    known = frozenset(image.binaries) | _ALWAYS if image else frozenset(_ALWAYS)
    if "env" in known:
        known |= programs.COMES_WITH_ENV
    return Profile(
        user=who.user if who.uid != 0 else "root",
        hostname=hostname,
        layout=Layout(home=image.workdir if image else "/", root="/",
                      system_dirs=frozenset({"/", *(image.dirs if image else ()),
                                             *_parents(files)}),
                      system_files=tuple(files.items()), writable_system=True,
                      links=image.links if image else ()),
        env=tuple(env.items()),
        programs=known,
        shell_name=flavour or "ash",
        shell_program=program if flavour else "sh",  # as started: "/bin/sh: 1: ps: not found"
        tool_style=image.tool_style if image else "busybox",
        ip=record["_sim"].get("podIP") or "",
        pid=pid,
        bash_prompt=("debian" if image is None or image.bash_prompt == "debian"
                     else f"bash-{image.bash_version}"),
    )


def _parents(files: dict[str, str]) -> set[str]:
    return {path.rsplit("/", i)[0] for path in files for i in range(1, path.count("/"))}


def _image_owner(image: images.Image | None) -> Callable[[str], tuple[str, str]]:
    """ls -l's owner of an image path: root, but for the folders the image chowns."""
    groups = {u.gid: u.name for u in (image.users.values() if image else ())}

    def owner(path: str) -> tuple[str, str]:
        if image is None:
            return "root", "root"
        who = image.owner_of(path)
        return who.name, groups.get(who.gid, str(who.gid))

    return owner


def pod_hostname(record: dict[str, Any]) -> str:
    """The pod's hostname: the node's in the host's network namespace (hostNetwork), else
    spec.hostname or the pod's name."""
    if record["spec"].get("hostNetwork") and record["_sim"].get("node"):
        return str(record["_sim"]["node"])
    return str(record["spec"].get("hostname") or record["metadata"]["name"])


def _hosts(record: dict[str, Any], hostname: str) -> str:
    ip = record["_sim"].get("podIP") or ""
    return (
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost "
        "ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\n"
        f"fe00::2\tip6-allrouters\n{ip}\t{hostname}\n"
    )


def shell(
    state: dict[str, Any], record: dict[str, Any], container: str, config: SimConfig,
    commands: dict[str, CommandFn], program: str = "sh", run_id: str | None = None,
    now: float | None = None, on_change: Callable[[str, bool], None] | None = None,
) -> Shell:
    """A shell ``program`` in ``container`` of the pod, over its files and the pod's shared
    volumes.

    ``run_id`` is the container's current containerID: a restarted container starts from its
    image again (what the last run wrote outside volumes is gone)."""
    storage = pod_storage(state, record)
    own = storage["containers"].setdefault(container, {"files": {}, "shell": {}})
    if run_id is not None and own.get("run", run_id) != run_id:
        own["files"], own["shell"] = {}, {}
        own.pop("packages", None)  # what apt-get installed was the old container's layer
    if run_id is not None:
        own["run"] = run_id
    spec = container_spec(record, container) or {}
    mounts: dict[str, dict[str, str]] = {}
    read_only: set[str] = set()
    if security.identity(record, spec).read_only_root:
        read_only.add("")
    volumes = {v["name"]: v for v in record["spec"].get("volumes") or []}
    host_dirs: list[str] = []
    links: dict[str, str] = {}
    for mount in spec.get("volumeMounts") or []:
        volume = volumes.get(mount.get("name"))
        if volume is None:
            continue
        path = posixpath.normpath(mount["mountPath"]).lstrip("/")
        written = envvars.volume_files(record, volume, sources.synced_at(record, now))
        if "emptyDir" in volume:
            mounts[path] = storage["volumes"].setdefault(volume["name"], {})
        elif "hostPath" in volume:
            # the node's own files (`kubectl debug node/...` mounts its root at /host)
            on_node, below = node_files.host_path(state, str(record["_sim"].get("node") or ""),
                                                  str(volume["hostPath"].get("path") or "/"))
            mounts[path] = on_node
            host_dirs.extend(f"{path}/{d}" for d in below)
        elif written is not None:
            mounts[path] = written  # the kubelet writes these files; a container only reads them
            read_only.add(path)
            links.update({f"/{path}/{name}": target
                          for name, target in atomic_writer.links_in(written).items()})
        else:
            continue
        if mount.get("readOnly"):
            read_only.add(path)
    shell_state = own["shell"]
    dirs = shell_state.setdefault("dirs", [])
    inner_dirs = [f"{m}/{posixpath.dirname(k)}" for m, files in mounts.items() for k in files
                  if "/" in k]
    for path in (*mounts, *inner_dirs, *host_dirs):
        parts = path.split("/")
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            if sub not in dirs:
                dirs.append(sub)
    the_profile = profile(record, container, program, _started(record, container, now))
    workdir = the_profile.layout.home.lstrip("/")
    if workdir and workdir not in dirs:
        dirs.append(workdir)
    under = _written(record, container, now) if now is not None else {}
    who = security.identity(record, spec)
    fs_group = (record["spec"].get("securityContext") or {}).get("fsGroup")
    volume_modes = {path: _volume_mode(volumes, record, spec, path, fs_group) for path in mounts}
    # the process environment keeps the order it was given (the image's, then the kubelet's
    # in declaration order), not the sorted one of a login shell
    shell_state.setdefault("exported", [k for k, _v in the_profile.env])
    files = MountedFiles(own["files"], mounts, frozenset(read_only), under,
                         own.setdefault("removed", []), on_change,
                         owners=own.setdefault("owners", {}), volume_modes=volume_modes,
                         creator=(who.user, who.group),
                         image_owner=_image_owner(image_of(record, container)), links=links)
    sh = Shell(files, shell_state, commands, config, the_profile)  # type: ignore[arg-type]
    return sh


def _volume_mode(volumes: dict[str, Any], record: dict[str, Any], spec: dict[str, Any],
                 path: str, fs_group: Any) -> tuple[str, str, str]:
    """How a mounted volume's directory looks: an emptyDir is world-writable (setgid and
    group-owned by fsGroup when the pod sets one); the kubelet's own volumes are root's."""
    del record
    for mount in spec.get("volumeMounts") or []:
        if posixpath.normpath(mount["mountPath"]).lstrip("/") != path:
            continue
        volume = volumes.get(mount.get("name")) or {}
        if "emptyDir" in volume:
            if fs_group is not None:
                return "drwxrwsrwx", "root", str(fs_group)
            return "drwxrwxrwx", "root", "root"
        if fs_group is not None:
            return "drwxrwsrwt", "root", str(fs_group)
        return "drwxrwxrwt", "root", "root"
    return "drwxr-xr-x", "root", "root"


def _volume_mounts(record: dict[str, Any], name: str) -> dict[str, str]:
    """emptyDir volume name → where container ``name`` mounts it (no leading slash)."""
    volumes = {v["name"]: v for v in record["spec"].get("volumes") or [] if "emptyDir" in v}
    spec = container_spec(record, name) or {}
    return {m["name"]: posixpath.normpath(m["mountPath"]).lstrip("/")
            for m in spec.get("volumeMounts") or [] if m.get("name") in volumes}


def _written(record: dict[str, Any], container: str, now: float) -> dict[str, str]:
    """Files (keys under /) the pod's processes wrote that ``container`` sees: its current
    run's own files, and whatever any container wrote into an emptyDir it mounts."""
    mine = _volume_mounts(record, container)
    ordered: list[tuple[float, str, str, bool]] = []
    for writer, writes in lifecycle.process_writes(record, now).items():
        theirs = _volume_mounts(record, writer)
        for at, path, text, appended, current in writes:
            key = posixpath.normpath(path).lstrip("/")
            volume = next((v for v, m in theirs.items() if key.startswith(m + "/")), None)
            if volume is not None and volume in mine:
                inner = key[len(theirs[volume]) + 1 :]
                ordered.append((at, f"{mine[volume]}/{inner}", text, appended))
            elif volume is None and writer == container and current:
                ordered.append((at, key, text, appended))
    ordered.sort(key=lambda w: w[0])
    return lifecycle.apply_writes([(k, t, a) for _at, k, t, a in ordered])


def begin_session(state: dict[str, Any], record: dict[str, Any], container: str) -> None:
    """A new terminal session in the container: a fresh shell reads its first line (dash
    counts lines from there)."""
    own = pod_storage(state, record)["containers"].setdefault(container,
                                                               {"files": {}, "shell": {}})
    own["shell"]["lineno"] = 0


def prompt(sh: Shell) -> str:
    """The prompt of a container shell, by flavour: Debian's bash ``user@host:dir# `` (from its
    /etc/bash.bashrc), bash's own ``bash-5.2# `` elsewhere, dash's ``# ``, ash's ``dir # ``."""
    cwd = str(sh.state.get("cwd", "/"))
    home = sh.get_var("HOME") or "/"
    shown = "~" + cwd[len(home):] if home != "/" and (cwd == home or cwd.startswith(home + "/")) \
        else ("~" if cwd == home else cwd)
    sign = "$" if sh.profile.user != "root" else "#"
    if sh.profile.shell_name == "dash":
        return f"{sign} "
    if sh.profile.shell_name == "bash" and sh.profile.bash_prompt != "debian":
        return f"{sh.profile.bash_prompt}{sign} "
    if sh.profile.shell_name == "bash":
        # bash names a user /etc/passwd does not know "I have no name!"
        user = "I have no name!" if sh.profile.user.isdigit() else sh.profile.user
        return f"{user}@{sh.profile.hostname}:{shown}{sign} "
    return f"{shown} {sign} "


# How some images' main process names itself in `ps` (and the workers it forks).
def main_argv(record: dict[str, Any], name: str) -> str:
    spec = container_spec(record, name) or {}
    image = image_of(record, name)
    # Kubernetes' rule: `command` replaces the image's ENTRYPOINT and drops its CMD;
    # `args` alone replaces only CMD.
    if spec.get("command"):
        argv = [*spec["command"], *(spec.get("args") or ())]
    else:
        argv = [*(image.entrypoint if image else ()),
                *(spec.get("args") or (image.cmd if image else ()))]
    shells = ("sh", "bash", "ash", "dash")
    if (len(argv) == 3 and argv[0].rsplit("/", 1)[-1] in shells and argv[1] == "-c"
            and not re.search(r"[;&|<>()`$\n]", argv[2])):
        # a shell given one simple command replaces itself with it (exec)
        return argv[2].strip()
    return " ".join(argv) or name


def web_file(state: dict[str, Any], record: dict[str, Any], port: int, path: str,
             now: float) -> tuple[int, str] | None:
    """What a web server image of the pod answers for ``path`` from its document root, as
    its container sees it (written there by the learner, by a process or through a shared
    volume); None: the image's own answer stands. A volume mounted over the document root
    hides the image's pages, as does removing them: then a missing index is nginx's 403 (a
    directory it may not list) and a missing file its 404."""
    store = (state.get("pod_files") or {}).get(record["metadata"]["uid"]) or {}
    for spec in record["spec"]["containers"]:
        image = images.lookup(str(spec.get("image", "")))
        if image is None or not image.docroot or port not in image.ports:
            continue
        root = image.docroot.lstrip("/")
        wanted = path.split("?", 1)[0]
        index = wanted.endswith("/") or not wanted
        rel = wanted.lstrip("/") + ("index.html" if index else "")
        own = ((store.get("containers") or {}).get(spec["name"]) or {})
        volumes = store.get("volumes") or {}
        mounts = {m: volumes.get(v, {}) for v, m in _volume_mounts(record, spec["name"]).items()}
        removed = list(own.get("removed") or [])
        view = MountedFiles(dict(own.get("files") or {}), mounts,
                            under=_written(record, spec["name"], now), removed=removed)
        key = posixpath.normpath(f"{root}/{rel}")
        if key in view:
            return 200, view[key]
        # the image's files a shell removed are in its state (absolute paths)
        gone = (own.get("shell") or {}).get("removed") or []
        hidden = "/" + key in gone or any(key.startswith(m + "/") for m in mounts)
        if not hidden:
            return None
        return image.http.get("403" if index else "*") or (404, "")
    return None


def http_from_pod(
    state: dict[str, Any], pods: list[dict[str, Any]], record: dict[str, Any], host: str,
    port: int, path: str, now: float,
) -> tuple[int, str]:
    """GET from inside ``record``'s network namespace: localhost is the pod, pod IPs are flat."""
    target = None
    if host in ("localhost", "127.0.0.1", record["_sim"].get("podIP"),
                record["spec"].get("hostname") or record["metadata"]["name"]):
        target = record
    for other in pods:
        if target is None and other["_sim"].get("podIP") == host:
            target = other
    if target is not None:
        code, body = lifecycle.http_get(target, port, path, now)
        served = web_file(state, target, port, path, now)
        return served if served is not None else (code, body)
    raise lifecycle.ConnectionRefused(f"dial tcp {host}:{port}: connect: no route to host")


def ping_route(
    pods: list[dict[str, Any]], services: list[dict[str, Any]], record: dict[str, Any],
    host: str,
) -> ping.Route | None:
    """Where ``ping host`` from inside ``record`` goes (see ``ping.py``); None: bad address."""
    own_ip = record["_sim"].get("podIP") or ""
    own_name = record["spec"].get("hostname") or record["metadata"]["name"]
    if host == "localhost" or host.startswith("127."):
        return ping.Route("127.0.0.1" if host == "localhost" else host, 0)
    if host in (own_ip, own_name):
        return ping.Route(own_ip, 0)
    namespace = record["metadata"]["namespace"]
    for svc in services:
        name, ns = svc["metadata"]["name"], svc["metadata"]["namespace"]
        names = {f"{name}.{ns}", f"{name}.{ns}.svc", f"{name}.{ns}.svc.cluster.local"}
        if host in names or (host == name and ns == namespace):
            return ping.Route(str(svc.get("spec", {}).get("clusterIP", "")), None)
    if not _is_ipv4(host):
        return None
    for other in pods:
        if other["_sim"].get("podIP") == host:
            same_node = other["_sim"].get("node") == record["_sim"].get("node")
            return ping.Route(host, 1 if same_node else 2)
    return ping.Route(host, None)


def _is_ipv4(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)
