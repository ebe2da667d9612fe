"""The simulated registry: which images exist, how they pull and what their processes do.

The catalogue itself is data: ``data/images.json`` holds each repository (tags, entrypoint and
cmd, ports, logs, web pages, its own files, users and programs) on top of an operating-system
layer from ``data/image_bases.json`` (``ls /``, system files, which flavour ``sh`` is, the tools on
PATH and their error style, /etc/passwd). This module normalizes references the way containerd
does, answers pull outcomes with registry/containerd error texts and hands out ``Image`` records
the lifecycle engine and the container shells interpret.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).parent / "data" / "images.json"
_BASES = Path(__file__).parent / "data" / "image_bases.json"

# Registries that answer (an unknown repository there is "not found" / "access denied");
# any other host fails in DNS, like my.io in the seeds.
_KNOWN_HOSTS = frozenset({"docker.io", "gcr.io", "ghcr.io", "quay.io", "registry.k8s.io"})


@dataclass(frozen=True)
class Reference:
    """A parsed image reference: ``docker.io/library/httpd`` + tag ``latest``."""

    host: str
    repository: str  # with host: docker.io/library/httpd
    tag: str
    digest: str | None  # "sha256:…" when pinned

    @property
    def normalized(self) -> str:
        if self.digest:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag}"


@dataclass(frozen=True)
class Mode:
    """One subcommand of a multi-mode program (agnhost liveness, netexec, serve-hostname…)."""

    name: str
    ports: tuple[int, ...] = ()
    port_flags: tuple[tuple[str, int], ...] = ()  # ("--http-port", index into ports)
    logs: tuple[str, ...] = ()
    stop_logs: tuple[str, ...] = ()
    on_sigterm: str = "exit0"
    http: dict[str, tuple[int, str]] = field(default_factory=dict)
    # (seconds after start, paths that answer differently from then on): agnhost liveness
    http_after: tuple[tuple[float, dict[str, tuple[int, str]]], ...] = ()


@dataclass(frozen=True)
class User:
    name: str
    uid: int
    gid: int
    home: str


@dataclass(frozen=True)
class Image:
    """What one tag of a catalogue repository is and does."""

    repository: str
    tag: str
    digest: str  # 64 hex, no "sha256:"
    size: int
    pull_range: tuple[float, float]
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    args_are_command: bool = False  # entrypoint script exec's "$@" (nginx, mysql, redis)
    dash_args_to: str = ""  # the entrypoint runs this program when "$1" starts with "-" (bash)
    behaviour: str = "serve"  # serve | exit | shell
    program: str = ""  # a PID 1 with its own rules in lifecycle/programs.py (vish-stress)
    exit_code: int = 0
    ports: tuple[int, ...] = ()
    grpc_ports: tuple[int, ...] = ()  # ports serving grpc.health.v1.Health (etcd's 2379)
    on_sigterm: str = "exit0"  # exit0 | exit143 | exit2 | ignore
    logs: tuple[str, ...] = ()
    stop_logs: tuple[str, ...] = ()
    clash_logs: tuple[str, ...] = ()
    http: dict[str, tuple[int, str]] = field(default_factory=dict)
    modes: dict[str, Mode] = field(default_factory=dict)
    unknown_mode_logs: tuple[str, ...] = ()
    workdir: str = "/"
    base: str = ""  # the operating-system layer (image_bases.json): debian-12, alpine-3.21…
    binaries: frozenset[str] = frozenset()  # every program on PATH: the base's and the image's
    # which flavour each shell program is: {"sh": "dash", "bash": "bash"}; empty: no shell
    shells: dict[str, str] = field(default_factory=dict)
    tool_style: str = "gnu"  # gnu (coreutils' messages) | busybox (applets' messages)
    bash_prompt: str = "plain"  # debian: user@host:dir# from /etc/bash.bashrc | plain: bash-5.2#
    bash_version: str = "5.2"
    nslookup: str = "1.36"  # busybox nslookup's output style: 1.36 (new) | 1.28 (libc resolver)
    root: tuple[str, ...] = ()  # names `ls /` shows
    dirs: frozenset[str] = frozenset()  # every directory of the image (absolute, parents too)
    user: str = "root"  # the image's USER: who `kubectl exec` runs as
    users: dict[str, User] = field(default_factory=dict)  # /etc/passwd
    owners: tuple[tuple[str, str], ...] = ()  # (folder, user) owning it and what is below it
    docroot: str = ""  # the folder a web server serves its pages from
    needs_env_any: tuple[str, ...] = ()
    missing_env_logs: tuple[str, ...] = ()
    request_log: str = ""
    files: tuple[tuple[str, str], ...] = ()  # system files (path, content): /etc/os-release
    links: tuple[tuple[str, str], ...] = ()  # symbolic links (path, target): /bin -> usr/bin
    env: tuple[tuple[str, str], ...] = ()  # the image config's Env after PATH (Dockerfile ENV)
    # what the image's own process uses when idle (metrics-server's figures): CPU in
    # millicores, memory working set in bytes
    idle_cpu_millis: int = 0
    idle_memory: int = 0

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}"

    @property
    def image_id(self) -> str:
        return f"{self.repository}@sha256:{self.digest}"

    @property
    def shell(self) -> str:
        """The flavour of the image's ``sh`` (dash, ash or bash), or "" without a shell."""
        return self.shells.get("sh") or next(iter(self.shells.values()), "")

    def has_binary(self, name: str) -> bool:
        return name.rsplit("/", 1)[-1] in self.binaries

    def shell_flavour(self, program: str) -> str | None:
        """dash, ash or bash for a shell program the image has (``/bin/sh`` → sh's), else None."""
        return self.shells.get(program.rsplit("/", 1)[-1])

    def process_user(self) -> User:
        """Who the image's processes (and ``kubectl exec``) run as without a securityContext."""
        return self.users.get(self.user) or User(self.user, 0, 0, "/")

    def owner_of(self, path: str) -> User:
        """Who owns an image path: the user of the deepest ``owners`` folder holding it, else
        root (images are built as root; only folders an image chowns belong to its user)."""
        for folder, name in self.owners:
            if path == folder or path.startswith(folder.rstrip("/") + "/"):
                return self.users.get(name) or User(name, 0, 0, "/")
        return self.users.get("root") or User("root", 0, 0, "/root")

    def respond(self, path: str) -> tuple[int, str]:
        """HTTP status and body for ``GET path`` (query string ignored)."""
        return page_of(self.http, path)


def page_of(table: dict[str, tuple[int, str]], path: str) -> tuple[int, str]:
    """A page of an http table: the exact path, else the ``*`` entry, else Go's 404."""
    path = path.split("?", 1)[0] or "/"
    if path in table:
        return table[path]
    if "*" in table:
        return table["*"]
    return 404, "404 page not found\n"


@dataclass(frozen=True)
class PullOutcome:
    """Result of asking the registry for a reference."""

    image: Image | None
    error: str | None  # containerd's error text (without kubelet's "Failed to pull image" part)


def parse(ref: str) -> Reference:
    """Split a reference the way containerd's docker reference parser does."""
    name, at, after_at = ref.partition("@")
    digest = after_at if at else None
    tag = "latest"
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        host, path = first, rest
    else:
        host, path = "docker.io", name
    if host == "docker.io" and "/" not in path:
        path = f"library/{path}"
    return Reference(host, f"{host}/{path}", tag, digest)


# The docker reference grammar (distribution/reference) the kubelet parses an image with.
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN = (r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
           r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?")
_REFERENCE = re.compile(
    rf"(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*(?::[\w][\w.-]{{0,127}})?"
    r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?")


def reference_error(ref: str) -> str | None:
    """Why the kubelet cannot parse ``ref`` as an image name (its "couldn't parse image name"
    detail, as ParseNormalizedNamed words it), None when it can."""
    name = ref.partition("@")[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name = name.rsplit(":", 1)[0]
    first, _, rest = name.partition("/")
    remote = rest if rest and ("." in first or ":" in first or first == "localhost") else name
    if "/" not in remote and remote == name:
        remote = f"library/{remote}"
    if remote.lower() != remote:
        return f"invalid reference format: repository name ({remote}) must be lowercase"
    if len(name) > 255:
        return "repository name must not be more than 255 characters"
    return None if _REFERENCE.fullmatch(ref) else "invalid reference format"


def normalize(ref: str) -> str:
    """``httpd`` → ``docker.io/library/httpd:latest``."""
    return parse(ref).normalized


def _derived_digest(text: str) -> str:
    return hashlib.sha256(f"pod-playground/{text}".encode()).hexdigest()


@cache
def _catalogue() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(_DATA.read_text(encoding="utf-8"))["images"]
    return data


@cache
def _bases() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(_BASES.read_text(encoding="utf-8"))["bases"]
    return data


def repositories() -> list[str]:
    return sorted(_catalogue())


def _for_tag(entry: dict[str, Any], tag: str) -> dict[str, Any]:
    """The entry with the fields its ``variants`` change for ``tag``."""
    for tags, fields in (entry.get("variants") or {}).items():
        if tag in tags.split():
            return {**entry, **fields}
    return entry


def _http(table: dict[str, Any]) -> dict[str, tuple[int, str]]:
    return {path: (int(v[0]), str(v[1])) for path, v in table.items()}


def _mode(name: str, entry: dict[str, Any]) -> Mode:
    return Mode(
        name=name,
        ports=tuple(entry.get("ports", ())),
        port_flags=tuple((str(k), int(v)) for k, v in (entry.get("port_flags") or {}).items()),
        logs=tuple(entry.get("logs", ())),
        stop_logs=tuple(entry.get("stop_logs", ())),
        on_sigterm=entry.get("on_sigterm", "exit0"),
        http=_http(entry.get("http") or {}),
        http_after=tuple((float(at), _http(table)) for at, table in entry.get("http_after", ())),
    )


def _with_parents(paths: list[str]) -> frozenset[str]:
    out: set[str] = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        for i in range(1, len(parts) + 1):
            out.add("/" + "/".join(parts[:i]))
    return frozenset(out)


def _build(repository: str, tag: str, entry: dict[str, Any]) -> Image:
    digest = entry.get("digest") if tag == entry["tags"][0] else None
    size = int(entry["size"]) + (0 if digest or tag == entry["tags"][0] else len(tag) * 4099)
    entry = _for_tag(entry, tag)
    base = _bases()[entry["base"]]
    http = _http(entry.get("http") or {})
    files = dict(base["files"])
    files.update(_files_for(tag, entry.get("files") or {}))
    docroot = entry.get("docroot", "")
    if docroot:
        # the server's pages are files of its document root (ls, cat and the web agree); its
        # "/" is the folder's index.html
        if "/" in http:
            http.setdefault("/index.html", http["/"])
        for path, (code, body) in http.items():
            if code == 200 and path.startswith("/") and path != "/":
                files[docroot + path] = body
    users = {name: User(name, int(u[0]), int(u[1]), str(u[2]))
             for name, u in {**base["users"], **(entry.get("users") or {})}.items()}
    workdir = entry.get("workdir", "/")
    for name in entry.get("root_files", ()):
        files.setdefault(f"/{name}", "")  # a binary or script: present, its bytes not shown
    root_names = sorted({*base["root"], *entry.get("root", ()), *entry.get("root_files", ())})
    dirs = _with_parents([
        *(f"/{n}" for n in {*base["root"], *entry.get("root", ())}),
        *entry.get("dirs", ()), *([workdir] if workdir != "/" else ()),
        *(p.rsplit("/", 1)[0] for p in files if p.count("/") > 1),
        # where the base's links lead (merged /usr: /bin -> usr/bin) is a directory too
        *(lead for link, target in (base.get("links") or {}).items()
          if (lead := posixpath.normpath(posixpath.join(posixpath.dirname(link), target)))
          not in files),  # /etc/os-release -> ../usr/lib/os-release leads to a file
    ])
    owners = sorted((entry.get("owners") or {}).items(), key=lambda kv: -len(kv[0]))
    usage = entry.get("usage") or {}
    return Image(
        repository=repository,
        tag=tag,
        digest=digest or _derived_digest(f"{repository}:{tag}"),
        size=size,
        pull_range=(float(entry["pull"][0]), float(entry["pull"][1])),
        entrypoint=tuple(entry.get("entrypoint", ())),
        cmd=tuple(entry.get("cmd", ())),
        args_are_command=bool(entry.get("args_are_command", False)),
        dash_args_to=entry.get("dash_args_to", ""),
        behaviour=entry.get("behaviour", "serve"),
        program=entry.get("program", ""),
        exit_code=int(entry.get("exit_code", 0)),
        ports=tuple(entry.get("ports", ())),
        grpc_ports=tuple(entry.get("grpc_ports", ())),
        on_sigterm=entry.get("on_sigterm", "exit0"),
        logs=tuple(entry.get("logs", ())),
        stop_logs=tuple(entry.get("stop_logs", ())),
        clash_logs=tuple(entry.get("clash_logs", ())),
        http=http,
        modes={name: _mode(name, m) for name, m in (entry.get("modes") or {}).items()},
        unknown_mode_logs=tuple(entry.get("unknown_mode_logs", ())),
        workdir=workdir,
        base=str(entry["base"]),
        binaries=frozenset({*base["tools"], *entry.get("binaries", ())}),
        shells={**base["shells"], **(entry.get("shells") or {})},
        tool_style=base["tool_style"],
        bash_prompt=base["bash_prompt"],
        bash_version=entry.get("bash_version") or base.get("bash_version", "5.2"),
        nslookup=entry.get("nslookup", "1.36"),
        root=tuple(root_names),
        dirs=dirs,
        user=entry.get("user", "root"),
        users=users,
        owners=tuple(owners),
        docroot=docroot,
        needs_env_any=tuple(entry.get("needs_env_any", ())),
        missing_env_logs=tuple(entry.get("missing_env_logs", ())),
        request_log=entry.get("request_log", ""),
        files=tuple(sorted(files.items())),
        links=tuple(sorted((base.get("links") or {}).items())),
        env=tuple((str(k), str(v)) for k, v in _for_tags(tag, entry.get("env") or {}, [])),
        idle_cpu_millis=int(str(usage.get("cpu", "0m")).removesuffix("m")),
        idle_memory=_bytes(str(usage.get("memory", "0"))),
    )


def _for_tags(tag: str, by_tags: dict[str, Any], default: Any) -> Any:
    """The value of the entry whose space-separated tag list names ``tag``, else ``"*"``'s."""
    for tags, value in by_tags.items():
        if tag in tags.split():
            return value
    return by_tags.get("*", default)


_BINARY_UNITS = {"Ki": 1024, "Mi": 1024**2, "Gi": 1024**3}


def _bytes(text: str) -> int:
    """A catalogue memory figure (``3Mi``, ``5440Ki``) in bytes."""
    unit = text[-2:]
    return int(text[:-2]) * _BINARY_UNITS[unit] if unit in _BINARY_UNITS else int(text)


def _files_for(tag: str, by_tags: dict[str, dict[str, str]]) -> dict[str, str]:
    """The image's own system files for one tag: the entry whose tag list names it, else
    ``"*"`` (they replace the base's files of the same path)."""
    for tags, files in by_tags.items():
        if tag in tags.split():
            return dict(files)
    return dict(by_tags.get("*") or {})


@cache
def lookup(ref: str) -> Image | None:
    """The catalogue image for a reference, or None if the registry would not have it."""
    parsed = parse(ref)
    entry = _catalogue().get(parsed.repository)
    if entry is None:
        return None
    if parsed.digest:
        # A pinned digest is accepted when it is the one we publish for some tag.
        for tag in entry["tags"]:
            image = _build(parsed.repository, tag, entry)
            if f"sha256:{image.digest}" == parsed.digest:
                return image
        return None
    if parsed.tag not in entry["tags"]:
        return None
    return _build(parsed.repository, parsed.tag, entry)


@cache
def pull_outcome(ref: str) -> PullOutcome:
    """What containerd answers when the kubelet pulls ``ref``."""
    image = lookup(ref)
    if image is not None:
        return PullOutcome(image, None)
    parsed = parse(ref)
    full = parsed.normalized
    resolve = f'failed to pull and unpack image "{full}": failed to resolve reference "{full}"'
    if parsed.host not in _KNOWN_HOSTS:
        path = parsed.repository.split("/", 1)[1]
        reference = parsed.digest or parsed.tag
        return PullOutcome(
            None,
            f"rpc error: code = Unknown desc = {resolve}: failed to do request: "
            f'Head "https://{parsed.host}/v2/{path}/manifests/{reference}": '
            f"dial tcp: lookup {parsed.host} on 127.0.0.53:53: no such host",
        )
    if parsed.repository in _catalogue():
        return PullOutcome(None, f"rpc error: code = NotFound desc = {resolve}: {full}: not found")
    return PullOutcome(
        None,
        f"rpc error: code = Unknown desc = {resolve}: pull access denied, repository does not "
        "exist or may require authorization: server message: insufficient_scope: "
        "authorization failed",
    )
