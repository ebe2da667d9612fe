"""The simulated registry: which images exist, how they pull and what their processes do.

The catalogue itself is data (``data/images.json``); this module normalizes references the way
containerd does, answers pull outcomes with registry/containerd error texts and hands out
``Image`` records the lifecycle engine interprets.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).parent / "data" / "images.json"

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
    behaviour: str = "serve"  # serve | exit | shell
    exit_code: int = 0
    ports: tuple[int, ...] = ()
    on_sigterm: str = "exit0"  # exit0 | exit143 | exit2 | ignore
    logs: tuple[str, ...] = ()
    stop_logs: tuple[str, ...] = ()
    clash_logs: tuple[str, ...] = ()
    http: dict[str, tuple[int, str]] = field(default_factory=dict)
    shell: str = ""
    prompt: str = ""
    workdir: str = "/"
    binaries: frozenset[str] = frozenset()
    needs_env_any: tuple[str, ...] = ()
    missing_env_logs: tuple[str, ...] = ()
    request_log: str = ""
    files: tuple[tuple[str, str], ...] = ()  # system files (path, content): /etc/os-release

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}"

    @property
    def image_id(self) -> str:
        return f"{self.repository}@sha256:{self.digest}"

    def has_binary(self, name: str) -> bool:
        return name.rsplit("/", 1)[-1] in self.binaries

    def respond(self, path: str) -> tuple[int, str]:
        """HTTP status and body for ``GET path`` (query string ignored)."""
        path = path.split("?", 1)[0] or "/"
        if path in self.http:
            return self.http[path]
        if "*" in self.http:
            return self.http["*"]
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


def normalize(ref: str) -> str:
    """``httpd`` → ``docker.io/library/httpd:latest``."""
    return parse(ref).normalized


def _derived_digest(text: str) -> str:
    return hashlib.sha256(f"pod-playground/{text}".encode()).hexdigest()


@cache
def _catalogue() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(_DATA.read_text(encoding="utf-8"))["images"]
    return data


def repositories() -> list[str]:
    return sorted(_catalogue())


def _build(repository: str, tag: str, entry: dict[str, Any]) -> Image:
    digest = entry.get("digest") if tag == entry["tags"][0] else None
    http = {path: (int(v[0]), str(v[1])) for path, v in entry.get("http", {}).items()}
    return Image(
        repository=repository,
        tag=tag,
        digest=digest or _derived_digest(f"{repository}:{tag}"),
        size=int(entry["size"]) + (0 if digest or tag == entry["tags"][0] else len(tag) * 4099),
        pull_range=(float(entry["pull"][0]), float(entry["pull"][1])),
        entrypoint=tuple(entry.get("entrypoint", ())),
        cmd=tuple(entry.get("cmd", ())),
        args_are_command=bool(entry.get("args_are_command", False)),
        behaviour=entry.get("behaviour", "serve"),
        exit_code=int(entry.get("exit_code", 0)),
        ports=tuple(entry.get("ports", ())),
        on_sigterm=entry.get("on_sigterm", "exit0"),
        logs=tuple(entry.get("logs", ())),
        stop_logs=tuple(entry.get("stop_logs", ())),
        clash_logs=tuple(entry.get("clash_logs", ())),
        http=http,
        shell=entry.get("shell", ""),
        prompt=entry.get("prompt", ""),
        workdir=entry.get("workdir", "/"),
        binaries=frozenset(entry.get("binaries", ())),
        needs_env_any=tuple(entry.get("needs_env_any", ())),
        missing_env_logs=tuple(entry.get("missing_env_logs", ())),
        request_log=entry.get("request_log", ""),
        files=_files_for(tag, entry.get("files") or {}),
    )


def _files_for(tag: str, by_tags: dict[str, dict[str, str]]) -> tuple[tuple[str, str], ...]:
    """The system files of one tag: the entry whose tag list names it, else ``"*"``."""
    for tags, files in by_tags.items():
        if tag in tags.split():
            return tuple(sorted(files.items()))
    return tuple(sorted((by_tags.get("*") or {}).items()))


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
