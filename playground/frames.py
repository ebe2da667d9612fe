"""The frames the server sends a terminal socket, typed (their wire form: PROTOCOL.md).

Every sender builds one of these and puts ``wire()`` on the sandbox's output stream (or the
socket); nothing else writes a frame by hand, so a frame's shape is said once. They live beside
``sandboxes.py`` and ``output_stream.py``, not in the terminal app: the grading side sends some of
them too (a reset's files), and neither app imports the other.

What the browser sends is parsed and validated in ``playground/terminal/protocol.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

Wire = dict[str, Any]


@dataclass(frozen=True)
class _Frame:
    TYPE: ClassVar[str]

    def wire(self) -> Wire:
        body: Wire = {"type": self.TYPE}
        body.update(self._fields())
        return body

    def _fields(self) -> Wire:
        """The dataclass fields under their own names, in declaration order (a tuple goes on
        the wire as a JSON list); a frame whose wire form differs overrides this."""
        return {f.name: _wire_value(getattr(self, f.name)) for f in fields(self)}


def _wire_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple | list) else value


@dataclass(frozen=True)
class Output(_Frame):
    """Text a command wrote, in order, on ``stream`` "out" or "err"."""

    TYPE: ClassVar[str] = "output"
    tab: str
    id: int
    stream: str
    data: str


@dataclass(frozen=True)
class Done(_Frame):
    """The command is over; ``prompt`` is a container shell's prompt, None for the learner's."""

    TYPE: ClassVar[str] = "done"
    tab: str
    id: int
    exit: int
    prompt: str | None = None


@dataclass(frozen=True)
class Wake(_Frame):
    """Internal (never reaches a browser): the tab's running command has news at ``at``
    (None: only when interrupted)."""

    TYPE: ClassVar[str] = "_wake"
    tab: str
    id: int | None
    at: float | None


@dataclass(frozen=True)
class Error(_Frame):
    """A clear error about a request, or the end of a command that cannot answer itself.
    ``code`` (with its ``values``) lets the page say it in its own language."""

    TYPE: ClassVar[str] = "error"
    message: str
    tab: str | None = None
    id: int | None = None
    code: str | None = None
    name: str | None = None  # the file of a refused file.save / file.delete
    values: dict[str, Any] = field(default_factory=dict)

    def _fields(self) -> Wire:
        body: Wire = {"message": self.message}
        if self.code is not None:
            body["code"] = self.code
            body.update(self.values)
        if self.name is not None:
            body["name"] = self.name
        if self.tab is not None:
            body["tab"] = self.tab
        if self.id is not None:
            body["id"] = self.id
        return body


@dataclass(frozen=True)
class Notice(_Frame):
    """News about a command still waiting (``queued``); it goes on."""

    TYPE: ClassVar[str] = "notice"
    tab: str
    id: int
    code: str
    message: str
    values: dict[str, Any] = field(default_factory=dict)

    def _fields(self) -> Wire:
        return {"code": self.code, "message": self.message, **self.values,
                "tab": self.tab, "id": self.id}


@dataclass(frozen=True)
class Files(_Frame):
    """Every file name of the sandbox home; their contents follow, one ``File`` each."""

    TYPE: ClassVar[str] = "files"
    names: tuple[str, ...]


@dataclass(frozen=True)
class File(_Frame):
    TYPE: ClassVar[str] = "file"
    name: str
    content: str


@dataclass(frozen=True)
class FileDeleted(_Frame):
    TYPE: ClassVar[str] = "file.deleted"
    name: str


@dataclass(frozen=True)
class History(_Frame):
    TYPE: ClassVar[str] = "history"
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Reset(_Frame):
    """The sandbox was reset; its files follow."""

    TYPE: ClassVar[str] = "reset"


@dataclass(frozen=True)
class Completion(_Frame):
    TYPE: ClassVar[str] = "completion"
    tab: str
    id: int
    replace_from: int
    candidates: tuple[str, ...]
    common_prefix: str


@dataclass(frozen=True)
class Cluster(_Frame):
    """The cluster picture drawn for ``namespace`` at the sandbox's time ``at`` (sim/picture)."""

    TYPE: ClassVar[str] = "cluster"
    namespace: str
    at: float
    picture: dict[str, Any]  # nodes, unscheduled, namespaces (PROTOCOL.md)
    next: float | None

    def _fields(self) -> Wire:
        return {"namespace": self.namespace, "at": self.at, **self.picture, "next": self.next}


IMAGE_UNKNOWN = (
    "the playground does not know the image {images}: a real registry may have it, but here "
    "its pods stay in ErrImagePull / ImagePullBackOff, as a cluster shows for an image it "
    "cannot pull"
)


@dataclass(frozen=True)
class Editor(_Frame):
    """``kubectl edit`` waits for its editor: the page's editor pane opens ``content`` (the
    buffer kubectl wrote to its temporary file ``name``) until the tab's ``done``."""

    TYPE: ClassVar[str] = "editor"
    tab: str
    id: int
    name: str
    content: str


@dataclass(frozen=True)
class ImageUnknown(_Frame):
    """The command's pods use images the simulated registry does not hold. The terminal keeps
    kubectl's own words (ErrImagePull); the page says why beside it, in its language."""

    TYPE: ClassVar[str] = "image.unknown"
    tab: str
    id: int
    images: tuple[str, ...]

    def _fields(self) -> Wire:
        return {"tab": self.tab, "id": self.id, "code": "image_unknown",
                "images": list(self.images),
                "message": IMAGE_UNKNOWN.format(images=", ".join(self.images))}
