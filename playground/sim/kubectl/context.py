"""What a kubectl verb gets to work with: the cluster, streams, files and the session's context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from playground.sim.cluster import Cluster


class Io(Protocol):
    def write_out(self, text: str) -> None: ...

    def write_err(self, text: str) -> None: ...


class Files(Protocol):
    """The learner's home directory, as the shell keeps it."""

    def read(self, path: str) -> str | None: ...

    def is_dir(self, path: str) -> bool: ...

    def list_dir(self, path: str) -> list[str]: ...

    def write(self, path: str, content: str) -> str | None: ...


@dataclass
class Stream:
    """A command that keeps running after it returns (watch, logs -f, waiting for deletion)."""

    kind: str
    spec: dict[str, Any]


@dataclass
class Ctx:
    cluster: Cluster
    io: Io
    files: Files
    stdin: str | None = None
    namespace: str = "default"  # the kubeconfig context's namespace
    stream: Stream | None = None
    # set by `kubectl exec -it` / `run -it`: the sandbox switches the tab into a container shell
    attach: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # turns a command's name into kubectl's klog prefix for warnings (time-dependent)
    klog: Callable[[str, str], str] | None = None

    @property
    def now(self) -> float:
        return self.cluster.now

    def out(self, text: str) -> None:
        self.io.write_out(text)

    def err(self, text: str) -> None:
        self.io.write_err(text)

    def start_stream(self, kind: str, **spec: Any) -> None:
        self.stream = Stream(kind, spec)
