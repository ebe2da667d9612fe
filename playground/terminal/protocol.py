"""Frames of the terminal websocket (PROTOCOL.md): validate what the browser sends.

Every problem becomes a ``ProtocolError`` whose message is shown to the learner as an ``error``
frame; nothing here raises anything else for any input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playground import frames

BUSY = "a command is still running in this tab (press Ctrl-C to stop it)"
RATE_LIMITED = "too many requests: wait a moment before sending more commands"
BINARY = "binary frames are not supported: send JSON text frames"
NOT_JSON = "malformed frame: not a JSON object"
INTERNAL = "the playground could not run this command (internal error); please try again"
OUTPUT_CUT = "some earlier output of this sandbox is no longer available and was skipped"

# Back-pressure and lost workers (jobs.py). Each has a ``code`` so the page can show it in the
# learner's language; ``message`` is the English text for other clients.
QUEUE_FULL = (
    "too many commands waiting: {limit} of yours are queued or running already; "
    "wait for them to finish"
)
TOO_MANY_SOCKETS = (
    "too many terminals open: close another playground tab or window (the limit is {limit})"
)
QUEUED = "the playground is busy: your command is waiting for a free worker ({seconds} s so far)"
QUEUED_BEHIND = (
    "the playground is busy: your command is waiting for a free worker, "
    "{ahead} other commands ahead of it ({seconds} s so far)"
)
QUEUE_TIMEOUT = (
    "the playground is too busy: your command did not start within {seconds} s "
    "and was not run; please try again"
)
# Sent just before the server closes the socket with 1007 (playground/ws_protocol.py).
INVALID_UTF8 = "malformed frame: a text frame that is not valid UTF-8 ends the connection"
SERVER_FULL = (
    "the playground is out of memory for new work right now; nothing was changed. "
    "Please try again in a while"
)
SAVE_LIMITED = (
    "too many file saves: this one was not saved; the editor saves it again in {seconds} s"
)
# A file.save that would take the sandbox's files past TERMINAL_FILES_MAX_BYTES (fs.NoSpace).
FILES_FULL = (
    "not saved: the sandbox's files may take {limit} KiB in all and this save would need more; "
    "delete or shorten a file, then save again"
)
WORKER_LOST = (
    "the command was interrupted: the worker running it stopped. The sandbox holds its state "
    "from before or after the command, never half of it"
)
# code of each message above, and of BUSY / RATE_LIMITED
CODES = {
    BUSY: "busy",
    RATE_LIMITED: "rate_limited",
    QUEUE_FULL: "queue_full",
    TOO_MANY_SOCKETS: "too_many_sockets",
    QUEUED: "queued",
    QUEUED_BEHIND: "queued",
    QUEUE_TIMEOUT: "queue_timeout",
    WORKER_LOST: "worker_lost",
    SAVE_LIMITED: "save_limited",
    FILES_FULL: "files_full",
    SERVER_FULL: "server_full",
    INVALID_UTF8: "invalid_utf8",
    OUTPUT_CUT: "output_cut",
}

# Names of files in the sandbox home: no directories, no hidden tricks, short.
_MAX_NAME = 255


class ProtocolError(ValueError):
    """A frame we refuse, with the message for the learner and where it came from."""

    def __init__(
        self,
        message: str,
        tab: str | None = None,
        cmd_id: int | None = None,
        *,
        code: str | None = None,
        **values: int | str,
    ) -> None:
        super().__init__(message)
        self.message = message.format(**values) if values else message
        self.tab = tab
        self.cmd_id = cmd_id
        self.code = code or CODES.get(message)
        self.values = values

    def frame(self) -> dict[str, Any]:
        return frames.Error(self.message, tab=self.tab, id=self.cmd_id, code=self.code,
                            values=dict(self.values)).wire()


@dataclass(frozen=True)
class Run:
    tab: str
    cmd_id: int
    line: str


@dataclass(frozen=True)
class Interrupt:
    """Ctrl-C; ``restore``: the page's own one on load, which leaves a ``kubectl edit`` waiting
    (its buffer is sent again) and stops anything else."""

    tab: str
    restore: bool = False


@dataclass(frozen=True)
class EditSave:
    """The editor pane saved the buffer ``kubectl edit`` waits on in ``tab``."""

    tab: str
    content: str


@dataclass(frozen=True)
class FileSave:
    name: str
    content: str


@dataclass(frozen=True)
class FileDelete:
    name: str


@dataclass(frozen=True)
class Complete:
    """Tab completion of ``line`` at ``cursor``; answered with a ``completion`` frame."""

    tab: str
    cmd_id: int
    line: str
    cursor: int


@dataclass(frozen=True)
class Sync:
    """Ask for files and history; resuming output is chosen at connect (``?since=``)."""


@dataclass(frozen=True)
class Reset:
    """Reset cluster: the sandbox goes back to its starting state (files too); history stays."""


@dataclass(frozen=True)
class Resize:
    """The tab's terminal is ``cols`` × ``rows`` (on open and on every resize); the tab's next
    commands run with it (a tty session's ``ls`` lays out by it)."""

    tab: str
    cols: int
    rows: int


# xterm.js has no upper bound; a terminal wider than this is a mistake or a trick
MAX_TERMINAL_SIDE = 1000


@dataclass(frozen=True)
class Picture:
    """The page's cluster panel opened on a namespace filter (``*``: all), or closed (None)."""

    namespace: str | None


ClientFrame = (Run | Interrupt | EditSave | FileSave | FileDelete | Sync | Complete | Reset
               | Picture | Resize)


# What the server sends back is typed in playground/frames.py.


def _field(obj: dict[str, Any], name: str, kind: type, frame_type: str) -> Any:
    value = obj.get(name)
    # bool is an int in Python; a JSON true is not a command id.
    if not isinstance(value, kind) or isinstance(value, bool):
        message = f"malformed {frame_type} frame: field {name!r} must be a {kind.__name__}"
        raise ProtocolError(message)
    return value


def _tab(obj: dict[str, Any], frame_type: str) -> str:
    tab = _field(obj, "tab", str, frame_type)
    if not tab or len(tab) > 64:
        raise ProtocolError(f"malformed {frame_type} frame: field 'tab' must be 1-64 characters")
    return tab


def _file_name(obj: dict[str, Any], frame_type: str) -> str:
    name = _field(obj, "name", str, frame_type)
    if not name or len(name) > _MAX_NAME or "/" in name or name in {".", ".."} or "\0" in name:
        raise ProtocolError(f"invalid file name: {name!r}")
    return name


def _picture(obj: dict[str, Any]) -> Picture:
    shown = obj.get("open")
    if not isinstance(shown, bool):
        raise ProtocolError("malformed picture frame: field 'open' must be a bool")
    if not shown:
        return Picture(None)
    namespace = obj.get("namespace", "*")
    if not isinstance(namespace, str) or not namespace or len(namespace) > 63:
        raise ProtocolError("malformed picture frame: field 'namespace' must be 1-63 characters")
    return Picture(namespace)


def _text(obj: dict[str, Any], name: str, frame: str) -> str:
    """A string field that must be text: JSON can carry a lone surrogate (``"\\ud800"``), which
    no editor or terminal produces and which neither UTF-8 nor the task queue's JSON can hold."""
    value = _field(obj, name, str, frame)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ProtocolError(f"malformed {frame} frame: field '{name}' is not valid text") from None
    return value


def parse_frame(
    text: str | None, data: bytes | None, *, max_frame_bytes: int, max_line_bytes: int
) -> ClientFrame:
    """Turn one websocket message into a typed frame or raise ProtocolError."""
    if text is None:
        raise ProtocolError(BINARY)
    if len(text) > max_frame_bytes or len(text.encode("utf-8", "surrogatepass")) > max_frame_bytes:
        raise ProtocolError(f"frame too large: the limit is {max_frame_bytes} bytes")
    try:
        obj = json.loads(text)
    except ValueError:
        raise ProtocolError(NOT_JSON) from None
    if not isinstance(obj, dict):
        raise ProtocolError(NOT_JSON)
    kind = obj.get("type")
    if kind == "run":
        tab = _tab(obj, "run")
        cmd_id = _field(obj, "id", int, "run")
        line = _field(obj, "line", str, "run")
        try:
            size = len(line.encode("utf-8"))
        except UnicodeEncodeError:
            message = "malformed run frame: the line is not valid text"
            raise ProtocolError(message, tab, cmd_id) from None
        if size > max_line_bytes:
            message = f"line too long: {size} bytes, the limit is {max_line_bytes}"
            raise ProtocolError(message, tab, cmd_id)
        return Run(tab, cmd_id, line)
    if kind == "interrupt":
        restore = obj.get("restore", False)
        if not isinstance(restore, bool):
            raise ProtocolError("malformed interrupt frame: field 'restore' must be a bool")
        return Interrupt(_tab(obj, "interrupt"), restore)
    if kind == "edit.save":
        return EditSave(_tab(obj, "edit.save"), _text(obj, "content", "edit.save"))
    if kind == "file.save":
        name = _file_name(obj, "file.save")
        return FileSave(name, _text(obj, "content", "file.save"))
    if kind == "file.delete":
        return FileDelete(_file_name(obj, "file.delete"))
    if kind == "sync":
        return Sync()
    if kind == "reset":
        return Reset()
    if kind == "picture":
        return _picture(obj)
    if kind == "resize":
        tab = _tab(obj, "resize")
        cols, rows = _field(obj, "cols", int, "resize"), _field(obj, "rows", int, "resize")
        if not (0 < cols <= MAX_TERMINAL_SIDE and 0 < rows <= MAX_TERMINAL_SIDE):
            raise ProtocolError(f"malformed resize frame: 'cols' and 'rows' must be 1-"
                                f"{MAX_TERMINAL_SIDE}", tab)
        return Resize(tab, cols, rows)
    if kind == "complete":
        tab = _tab(obj, "complete")
        line = _text(obj, "line", "complete")
        if len(line.encode("utf-8", "surrogatepass")) > max_line_bytes:
            raise ProtocolError(f"line too long: the limit is {max_line_bytes} bytes")
        cursor = obj.get("cursor", len(line))
        if not isinstance(cursor, int) or isinstance(cursor, bool):
            raise ProtocolError("malformed complete frame: field 'cursor' must be a int")
        return Complete(tab, _field(obj, "id", int, "complete"), line, cursor)
    raise ProtocolError(f"unknown frame type: {str(kind)[:40]!r}")
