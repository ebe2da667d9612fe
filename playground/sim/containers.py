"""Inside a running container: its file system, shared volumes, processes and network view.

``kubectl exec`` and ``kubectl run -it`` put the learner into a shell that lives here. What a
container sees is derived from the pod: the hostname is the pod's name, ``localhost`` reaches
every container of the pod, ``emptyDir`` volumes are shared by the containers that mount them,
and only the image's own programs are installed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from playground.sim import images, lifecycle, ping
from playground.sim.config import SimConfig
from playground.sim.lifecycle import process
from playground.sim.shell import Io, Shell
from playground.sim.shell.fs import Layout
from playground.sim.shell.runner import Profile

CommandFn = Callable[[list[str], "str | None", Io], int]

# Programs every shell image offers as built-ins even when the image lists no binary for them.
_ALWAYS = frozenset({"exit", "cd", "echo", "pwd", "export", "true", "false", "type", "alias",
                     "unalias", "history", "printf", "unset", "help", "clear", "env"})


class MountedFiles(MutableMapping[str, str]):
    """A container's files: keys under a volume's mount path live in the shared volume dict."""

    def __init__(self, own: dict[str, str], mounts: dict[str, dict[str, str]]) -> None:
        self.own = own
        self.mounts = dict(sorted(mounts.items(), key=lambda kv: -len(kv[0])))

    def _route(self, key: str) -> tuple[dict[str, str], str]:
        for mount, volume in self.mounts.items():
            if key.startswith(mount + "/"):
                return volume, key[len(mount) + 1 :]
        return self.own, key

    def __getitem__(self, key: str) -> str:
        store, inner = self._route(key)
        return store[inner]

    def __setitem__(self, key: str, value: str) -> None:
        store, inner = self._route(key)
        store[inner] = value

    def __delitem__(self, key: str) -> None:
        store, inner = self._route(key)
        del store[inner]

    def __iter__(self) -> Iterator[str]:
        yield from self.own
        for mount, volume in self.mounts.items():
            for inner in volume:
                yield f"{mount}/{inner}"

    def __len__(self) -> int:
        return len(self.own) + sum(len(v) for v in self.mounts.values())


def container_spec(record: dict[str, Any], name: str) -> dict[str, Any] | None:
    for container in [*record["spec"].get("initContainers", []), *record["spec"]["containers"]]:
        if container["name"] == name:
            return dict(container)
    return None


def image_of(record: dict[str, Any], name: str) -> images.Image | None:
    spec = container_spec(record, name)
    return images.lookup(spec["image"]) if spec else None


def has_program(record: dict[str, Any], container: str, program: str) -> bool:
    image = image_of(record, container)
    if image is None:
        return False
    base = program.rsplit("/", 1)[-1]
    return image.has_binary(base) or (base in _ALWAYS and bool(image.shells))


def process_user(record: dict[str, Any], container: str) -> images.User:
    """Who the container's processes and ``kubectl exec`` run as: the image's USER.

    The one seam for a pod's securityContext (runAsUser/runAsGroup override this answer)."""
    image = image_of(record, container)
    return image.process_user() if image is not None else images.User("root", 0, 0, "/root")


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


def _mount_paths(record: dict[str, Any], container: str) -> list[str]:
    spec = container_spec(record, container) or {}
    return [posixpath.normpath(m["mountPath"]) for m in spec.get("volumeMounts") or []
            if m.get("mountPath")]


def profile(record: dict[str, Any], container: str, program: str = "sh") -> Profile:
    """The shell ``program`` (sh, bash, /bin/ash…) in ``container``: its flavour, user, files."""
    image = image_of(record, container)
    spec = container_spec(record, container) or {}
    hostname = record["spec"].get("hostname") or record["metadata"]["name"]
    user = process_user(record, container)
    mounts = _mount_paths(record, container)
    # A volume mounted over an image folder hides what the image had there.
    files = {path: body for path, body in (image.files if image is not None else ())
             if not any(path.startswith(m.rstrip("/") + "/") for m in mounts)}
    files.update({"/etc/hostname": hostname + "\n", "/etc/hosts": _hosts(record, hostname)})
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOSTNAME": hostname,
        "HOME": user.home,
        "TERM": "xterm",
        "KUBERNETES_SERVICE_HOST": "10.96.0.1",
        "KUBERNETES_SERVICE_PORT": "443",
        "KUBERNETES_PORT": "tcp://10.96.0.1:443",
    }
    for item in spec.get("env") or []:
        if "value" in item:
            env[item["name"]] = str(item["value"])
    flavour = (image.shell_flavour(program) if image else None) or (image.shell if image else "")
    programs = frozenset(image.binaries) | _ALWAYS if image else frozenset(_ALWAYS)
    return Profile(
        user=user.name,
        hostname=hostname,
        layout=Layout(home=image.workdir if image else "/", root="/",
                      system_dirs=frozenset({"/", *(image.dirs if image else ())}),
                      system_files=tuple(files.items()), writable_system=True),
        env=tuple(env.items()),
        programs=programs,
        shell_name=flavour or "ash",
        shell_program=program if flavour else "sh",  # as started: "/bin/sh: 1: ps: not found"
        tool_style=image.tool_style if image else "busybox",
        ip=record["_sim"].get("podIP") or "",
        owner=_owner_function(image, user, files),
        bash_prompt=("debian" if image is None or image.bash_prompt == "debian"
                     else f"bash-{image.bash_version}"),
    )


def _owner_function(image: images.Image | None, user: images.User,
                    files: dict[str, str]) -> Callable[[str], tuple[str, str]]:
    """ls -l's owner: the image's for what the image holds, the shell's user for the rest."""
    groups = {u.gid: u.name for u in (image.users.values() if image else ())}

    def owner(path: str) -> tuple[str, str]:
        if image is not None and (path in image.dirs or path in files or path == "/"):
            who = image.owner_of(path)
        else:
            who = user
        return who.name, groups.get(who.gid, str(who.gid))

    return owner


def _hosts(record: dict[str, Any], hostname: str) -> str:
    ip = record["_sim"].get("podIP") or ""
    return (
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost "
        "ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\n"
        f"fe00::2\tip6-allrouters\n{ip}\t{hostname}\n"
    )


def shell(
    state: dict[str, Any], record: dict[str, Any], container: str, config: SimConfig,
    commands: dict[str, CommandFn], program: str = "sh",
) -> Shell:
    """A shell ``program`` in ``container`` of the pod, over its files and the pod's shared
    volumes."""
    storage = pod_storage(state, record)
    own = storage["containers"].setdefault(container, {"files": {}, "shell": {}})
    spec = container_spec(record, container) or {}
    mounts: dict[str, dict[str, str]] = {}
    volumes = {v["name"]: v for v in record["spec"].get("volumes") or []}
    for mount in spec.get("volumeMounts") or []:
        volume = volumes.get(mount.get("name"))
        if volume is None or "emptyDir" not in volume:
            continue
        path = posixpath.normpath(mount["mountPath"]).lstrip("/")
        mounts[path] = storage["volumes"].setdefault(volume["name"], {})
    shell_state = own["shell"]
    dirs = shell_state.setdefault("dirs", [])
    for path in mounts:
        parts = path.split("/")
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            if sub not in dirs:
                dirs.append(sub)
    the_profile = profile(record, container, program)
    return Shell(MountedFiles(own["files"], mounts), shell_state,  # type: ignore[arg-type]
                 commands, config, the_profile)


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
    if sh.profile.shell_name == "bash":
        if sh.profile.bash_prompt == "debian":
            return f"{sh.profile.user}@{sh.profile.hostname}:{shown}{sign} "
        return f"{sh.profile.bash_prompt}{sign} "
    return f"{shown} {sign} "


def ps_lines(record: dict[str, Any], container: str, busybox: bool, extra: list[str]) -> str:
    """What ``ps`` shows: the container's main process, then the shell and ps itself."""
    spec = container_spec(record, container) or {}
    image = image_of(record, container)
    # Kubernetes' rule: `command` replaces the image's ENTRYPOINT and drops its CMD;
    # `args` alone replaces only CMD.
    if spec.get("command"):
        argv = [*spec["command"], *(spec.get("args") or ())]
    else:
        argv = [*(image.entrypoint if image else ()),
                *(spec.get("args") or (image.cmd if image else ()))]
    main = " ".join(argv) or container
    rows = [(1, main), *((7 + 6 * i, name) for i, name in enumerate([*extra, "ps"]))]
    if busybox:
        head = "PID   USER     TIME  COMMAND\n"
        return head + "".join(f"{pid:>5} root      0:00 {cmd}\n" for pid, cmd in rows)
    head = "    PID TTY          TIME CMD\n"
    return head + "".join(
        f"{pid:>7} {'?' if pid == 1 else 'pts/0':<8} 00:00:00 {cmd.split()[0].rsplit('/', 1)[-1]}\n"
        for pid, cmd in rows
    )


def http_from_pod(
    state: dict[str, Any], pods: list[dict[str, Any]], record: dict[str, Any], host: str,
    port: int, path: str, now: float,
) -> tuple[int, str]:
    """GET from inside ``record``'s network namespace: localhost is the pod, pod IPs are flat."""
    if host in ("localhost", "127.0.0.1", record["_sim"].get("podIP"),
                record["spec"].get("hostname") or record["metadata"]["name"]):
        return lifecycle.http_get(record, port, path, now, docroot_pages(state, record))
    for other in pods:
        if other["_sim"].get("podIP") == host:
            return lifecycle.http_get(other, port, path, now, docroot_pages(state, other))
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


def docroot_pages(state: dict[str, Any], record: dict[str, Any]) -> lifecycle.Pages:
    """A web server's pages as its container's files are now: a file written into (or a
    volume mounted on) the image's docroot is what it serves; one removed from it is gone.

    The one place HTTP and the container's file tree meet (``kubectl exec … > index.html``, the
    two-container page's shared ``emptyDir``)."""

    def page(container: str, image: images.Image, path: str) -> tuple[int, str] | None:
        name = path.split("?", 1)[0] or "/"
        target = image.docroot + ("/index.html" if name == "/" else name)
        storage = state.get("pod_files", {}).get(record["metadata"]["uid"])
        if storage is None or container not in storage["containers"]:
            return None  # nobody opened this container's files: the image's pages stand
        own = storage["containers"][container]
        mounts: dict[str, dict[str, str]] = {}
        volumes = {v["name"]: v for v in record["spec"].get("volumes") or []}
        for mount in (container_spec(record, container) or {}).get("volumeMounts") or []:
            volume = volumes.get(mount.get("name"))
            if volume is not None and "emptyDir" in volume:
                path_key = posixpath.normpath(mount["mountPath"]).lstrip("/")
                mounts[path_key] = storage["volumes"].setdefault(volume["name"], {})
        files = MountedFiles(own["files"], mounts)
        key = target.lstrip("/")
        if key in files:
            return 200, files[key]
        shadowed = any(target.startswith("/" + m + "/") for m in mounts)
        if target in own["shell"].get("removed", ()) or shadowed:
            # gone: a folder without its index.html is refused, any other page not found
            if name == "/" and "403" in image.http:
                return image.http["403"]
            return image.respond("/nonexistent-page")
        return None

    return page
