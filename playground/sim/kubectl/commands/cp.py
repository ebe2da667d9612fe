"""kubectl cp: copy files between the learner's home and a container, through the container's tar.

Follows kubectl v1.32's cp.go: argument checks, then `test -d DEST` and `tar -xmf - -C DIR` in the
container for a copy in, `tar cf - SRC` for a copy out (tar's stderr lands on kubectl's stdout
there, and a failing tar still ends with exit 0 when its empty archive is read first, kubectl
issue #980). The tar side's messages are GNU tar's or busybox tar's, as the image has them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playground.sim import containers, images
from playground.sim.cluster import not_found
from playground.sim.kubectl import common
from playground.sim.kubectl.commands import exec_
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.runtime import security
from playground.sim.shell.fs import FileSystem, FsError

HELP_PAGE = "cp"
EXAMPLES = """  # Copy /tmp/foo local file to /tmp/bar in a remote pod in a specific container
  kubectl cp /tmp/foo <some-pod>:/tmp/bar -c <specific-container>
"""

FLAGS = [
    Flag("container", "c", default=""),
    Flag("no-preserve", kind="bool", default=False),
    Flag("retries", kind="int", default=0),
]

_SPEC_FORMAT = "filespec must match the canonical format: [[namespace/]pod:]file/path"
# the learner's account on their machine: the first user (Go's tar header carries its uid, and
# tar run as root gives extracted files that owner unless --no-preserve)
LEARNER_UID = 1000
# a negative --retries retries forever when the stream stays empty; the playground stops here
_RETRY_CAP = 20


@dataclass(frozen=True)
class Spec:
    namespace: str
    pod: str
    path: str


def parse_spec(arg: str) -> Spec:
    """extractFileSpec: ``[[namespace/]pod:]path``; no colon is a local path."""
    colon = arg.find(":")
    if colon == 0:
        raise KubectlError(_SPEC_FORMAT)
    if colon < 0:
        return Spec("", "", arg)
    pieces = arg[:colon].split("/")
    if len(pieces) > 2:
        raise KubectlError(_SPEC_FORMAT)
    namespace = pieces[0] if len(pieces) == 2 else ""
    return Spec(namespace, pieces[-1], arg[colon + 1 :])


@dataclass(frozen=True)
class CpOptions:
    args: tuple[str, ...]
    namespace: str  # a spec's own namespace wins over it
    container: str
    no_preserve: bool
    retries: int

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> CpOptions:
        return cls(
            args=tuple(parsed.args),
            namespace=common.namespace(parsed, ctx),
            container=str(parsed["container"]),
            no_preserve=bool(parsed["no-preserve"]),
            retries=int(parsed["retries"]),
        )

    def validate(self) -> None:
        if len(self.args) != 2:
            raise KubectlError("source and destination are required")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = CpOptions.complete(parsed, ctx)
    opts.validate()
    src, dest = parse_spec(opts.args[0]), parse_spec(opts.args[1])
    if src.pod and dest.pod:
        raise KubectlError("one of src or dest must be a local file specification")
    if not src.path or not dest.path:
        raise KubectlError("filepath can not be empty")
    if src.pod:
        return _copy_from_pod(opts, ctx, src, dest)
    if dest.pod:
        return _copy_to_pod(opts, ctx, src, dest)
    raise KubectlError("one of src or dest must be a remote file specification")


# ---------------------------------------------------------------------------- the container side
@dataclass
class Remote:
    record: dict[str, Any]
    container: str
    fs: FileSystem
    busybox: bool  # busybox tar's messages, else GNU tar's
    root: bool  # the exec runs as root: tar keeps the archive's owners
    image: images.Image | None


def _remote(opts: CpOptions, ctx: Ctx, spec: Spec, argv: list[str],
            say: Callable[[str], None]) -> Remote:
    """What an exec of ``argv`` in the pod meets first: the pod, its phase, the container, the
    program (each failure as exec's own error)."""
    ns = spec.namespace or opts.namespace
    record = ctx.cluster.pod_record(ns, spec.pod)
    if record is None:
        raise not_found("pods", spec.pod)
    exec_.check_phase(ctx, record)
    container = _container(record, opts.container, say)
    exec_.check_running(ctx, record, container)
    if not containers.has_program(record, container, argv[0]):
        raise exec_.not_in_path(ctx, record, container, argv)
    opener = ctx.extra.get("container_fs")
    if opener is None:
        raise KubectlError("cp is not available here")
    image = containers.image_of(record, container)
    who = security.identity(record, containers.container_spec(record, container) or {})
    return Remote(record, container, opener(record, container),
                  image is not None and image.tool_style == "busybox", who.uid == 0, image)


def _container(record: dict[str, Any], wanted: str, say: Callable[[str], None]) -> str:
    """FindOrDefaultContainerByName: -c as given (the kubelet judges it), else the annotated
    default, else the first, saying so to the exec's error stream."""
    if wanted:
        if containers.container_spec(record, wanted) is None:
            raise KubectlError(f'unable to upgrade connection: container not found ("{wanted}")')
        return wanted
    names = [c["name"] for c in record["spec"]["containers"]]
    default = (record["metadata"].get("annotations") or {}).get(
        "kubectl.kubernetes.io/default-container")
    if default in names:
        return str(default)
    if len(names) > 1:
        say(f'Defaulted container "{names[0]}" out of: {", ".join(names)}\n')
    return names[0]


# ---------------------------------------------------------------------------- copy in
def _copy_to_pod(opts: CpOptions, ctx: Ctx, src: Spec, dest: Spec) -> int:
    home = _home(ctx)
    if not home.exists(src.path):
        raise KubectlError(f"{src.path} doesn't exist in local filesystem")
    argv = (["tar", "--no-same-permissions", "--no-same-owner", "-xmf", "-"]
            if opts.no_preserve else ["tar", "-xmf", "-"])
    target = dest.path
    # `test -d DEST` first (its output and failures are discarded): into a folder, keep the name
    probe = _remote_or_none(opts, ctx, dest, ["test", "-d", dest.path])
    if probe is not None and probe.fs.is_dir(dest.path):
        target = posixpath.join(dest.path, posixpath.basename(posixpath.normpath(src.path)))
    target = posixpath.normpath(target)
    folder = posixpath.dirname(target) or "."
    remote = _remote(opts, ctx, dest, [*argv, "-C", folder], ctx.err)
    entries = _local_entries(home, posixpath.normpath(src.path), posixpath.basename(target))
    return _extract(ctx, remote, folder, entries, keep_owner=not opts.no_preserve)


def _remote_or_none(opts: CpOptions, ctx: Ctx, spec: Spec, argv: list[str]) -> Remote | None:
    try:
        return _remote(opts, ctx, spec, argv, lambda _text: None)
    except KubectlError:
        return None


def _local_entries(home: FileSystem, path: str, name: str) -> list[tuple[str, str | None]]:
    """makeTar's members: (name, content) for files, (name, None) for an empty folder."""
    if not home.is_dir(path):
        return [(name, home.read(path))]
    children = home.listdir(path)
    if not children:
        return [(name, None)]
    out: list[tuple[str, str | None]] = []
    for child in children:
        out.extend(_local_entries(home, posixpath.join(path, child), f"{name}/{child}"))
    return out


def _extract(ctx: Ctx, remote: Remote, folder: str, entries: list[tuple[str, str | None]],
             keep_owner: bool) -> int:
    """tar -x in ``folder`` of the container: its errors, its exit status."""
    fs = remote.fs
    if not fs.is_dir(folder):
        if remote.busybox:
            ctx.err(f"tar: can't change directory to '{folder}': No such file or directory\n")
            return _terminated(ctx, 1)
        ctx.err(f"tar: {folder}: Cannot open: No such file or directory\n"
                "tar: Error is not recoverable: exiting now\n")
        return _terminated(ctx, 2)
    failed = False
    for name, content in entries:
        path = posixpath.join(folder, name)
        try:
            _make_dirs(fs, posixpath.dirname(path) if content is not None else path)
            if content is not None:
                fs.write(path, content)
                if keep_owner and remote.root:
                    _own(remote, path)
        except FsError as exc:
            failed = True
            if remote.busybox:
                ctx.err(f"tar: can't open '{name}': {exc}\n")
                return _terminated(ctx, 1)
            ctx.err(f"tar: {name}: Cannot open: {exc}\n")
    if failed:
        ctx.err("tar: Exiting with failure status due to previous errors\n")
        return _terminated(ctx, 2)
    return 0


def _own(remote: Remote, path: str) -> None:
    """tar as root: the archive's owner, by name when the container's passwd has its uid."""
    users = remote.image.users.values() if remote.image else ()
    user = next((u.name for u in users if u.uid == LEARNER_UID), str(LEARNER_UID))
    group = next((u.name for u in users if u.gid == LEARNER_UID), str(LEARNER_UID))
    owners = getattr(remote.fs.files, "owners", None)
    key = remote.fs.key(remote.fs.abspath(path))
    if owners is not None and key is not None:
        owners[key] = [user, group]


def _make_dirs(fs: FileSystem, path: str) -> None:
    parts = fs.abspath(path).strip("/").split("/")
    for i in range(1, len(parts) + 1):
        sub = "/" + "/".join(parts[:i])
        if not fs.is_dir(sub):
            fs.make_dir(sub)


def _terminated(ctx: Ctx, code: int) -> int:
    ctx.err(f"command terminated with exit code {code}\n")
    return code


# ---------------------------------------------------------------------------- copy out
def _copy_from_pod(opts: CpOptions, ctx: Ctx, src: Spec, dest: Spec) -> int:
    retries = opts.retries
    argv = (["sh", "-c", f"tar cf - {src.path} | tail -c+0"] if retries
            else ["tar", "cf", "-", src.path])
    # the tar pipe's error stream is kubectl's standard output (cp.go's TarPipe)
    remote = _remote(opts, ctx, src, argv, ctx.out)
    members = _archive(ctx, remote, src.path)
    attempt = 0
    while members is None and (retries < 0 or attempt < retries):
        attempt += 1
        if attempt > _RETRY_CAP:
            raise KubectlError(f"the playground stops retrying after {_RETRY_CAP} retries "
                               "(kubectl would retry forever with a negative --retries)")
        ctx.out(f"Resuming copy at 0 bytes, retry {attempt}/{retries}\n")
        members = _archive(ctx, remote, src.path)
    if members is None:
        if retries:
            ctx.out(f"Dropping out copy after {attempt} retries\n")
        return 0  # the empty archive ends the copy before tar's exit status is seen
    return _untar(ctx, members, dest.path)


def _archive(ctx: Ctx, remote: Remote, path: str) -> list[tuple[str, str | None]] | None:
    """tar cf - PATH: its members (relative to the archived path), or None when it has none."""
    fs = remote.fs
    exists = fs.exists(path)
    if remote.busybox:
        if not exists:
            ctx.out(f"tar: {path}: No such file or directory\n")
            return None
        if path.startswith("/"):
            ctx.out("tar: removing leading '/' from member names\n")
    else:
        if path.startswith("/"):
            ctx.out("tar: Removing leading `/' from member names\n")
        if not exists:
            ctx.out(f"tar: {path}: Cannot stat: No such file or directory\n"
                    "tar: Exiting with failure status due to previous errors\n")
            return None
    return _remote_entries(fs, path, "")


def _remote_entries(fs: FileSystem, path: str, rel: str) -> list[tuple[str, str | None]]:
    if not fs.is_dir(path):
        return [(rel, fs.read(path))]
    out: list[tuple[str, str | None]] = [(rel, None)]
    for child in fs.listdir(path):
        out.extend(_remote_entries(fs, posixpath.join(path, child), f"{rel}/{child}"))
    return out


def _untar(ctx: Ctx, members: list[tuple[str, str | None]], dest: str) -> int:
    """untarAll: each member at DEST joined with its path below the source; Go's errors."""
    home = _home(ctx)
    for rel, content in members:
        target = posixpath.normpath(posixpath.join(dest, rel.lstrip("/"))) if rel else \
            posixpath.normpath(dest)
        parent = posixpath.dirname(target) or "."
        try:
            _make_local_dirs(home, parent if content is not None else target)
        except _GoError as exc:
            raise KubectlError(str(exc)) from None
        if content is None:
            continue
        if home.is_dir(target):
            raise KubectlError(f"open {target}: is a directory")
        try:
            home.write(target, content)
        except FsError as exc:
            raise KubectlError(f"open {target}: {_go_errno(str(exc))}") from None
    return 0


class _GoError(Exception):
    pass


def _make_local_dirs(home: FileSystem, path: str) -> None:
    """os.MkdirAll: every missing folder of ``path``; fails as Go words it."""
    missing: list[str] = []
    sub = home.abspath(path)
    while not home.is_dir(sub) and sub != "/":  # from the deepest folder that exists
        if home.is_file(sub):
            raise _GoError(f"mkdir {path}: not a directory")
        missing.append(sub)
        sub = posixpath.dirname(sub)
    for folder in reversed(missing):
        try:
            home.make_dir(folder)
        except FsError as exc:
            raise _GoError(f"mkdir {folder}: {_go_errno(str(exc))}") from None


def _go_errno(text: str) -> str:
    """Go prints the errno texts in lower case (syscall.Errno's table)."""
    return text[:1].lower() + text[1:]


def _home(ctx: Ctx) -> FileSystem:
    home = ctx.extra.get("home_fs")
    if not isinstance(home, FileSystem):
        raise KubectlError("cp is not available here")
    return home
