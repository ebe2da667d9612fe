"""The live cluster picture over the terminal socket: the ``cluster`` frame and its feed.

Worker side, ``picture_frame`` draws the sandbox (``sim/picture.py``) after a command, only when
the socket that sent the command has the panel open (the task's ``picture`` argument names its
namespace filter; absent, the worker computes nothing). It goes out on the sandbox's output
stream with the command's own frames, so it arrives right after them.

Socket side, ``PictureFeed`` remembers whether this socket's panel is open and for which
namespace, drops pictures that are not for it or that repeat the last one sent, and says when
the picture next changes by itself, so the socket can ask for one then (a timer on the socket,
no polling by the page and no work for the worker in between).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground import frames as frames_

Frame = dict[str, Any]
ALL_NAMESPACES = "*"  # the picture's namespace filter for every namespace
MAX_NAMESPACE = 63  # a namespace name is a DNS label


def picture_frame(state: dict[str, Any], now: float, offset: float, namespace: str,
                  config: Any = None) -> Frame:
    """The ``cluster`` frame for ``state`` at the sandbox's ``now``; ``offset`` (what the
    learner skipped) turns its next change back into wall-clock time for the socket's timer."""
    from playground.sim.picture import sandbox_picture  # workers only: Daphne never loads it

    picture = sandbox_picture(state, now, namespace, config)
    upcoming = picture.pop("next")
    return frames_.Cluster(namespace, now, picture,
                           None if upcoming is None else upcoming - offset).wire()


@dataclass
class PictureFeed:
    """One socket's panel: closed (``namespace`` None) or open on a namespace filter."""

    namespace: str | None = None
    last: Frame | None = field(default=None, repr=False)

    @property
    def open(self) -> bool:
        return self.namespace is not None

    def task_kwargs(self) -> dict[str, Any]:
        """What a command's task needs to know: nothing while the panel is closed."""
        return {} if self.namespace is None else {"picture": self.namespace}

    def show(self, namespace: str | None) -> None:
        self.namespace = namespace
        self.last = None  # the next picture is sent even if it equals the one before

    def accept(self, frame: Frame) -> bool:
        """Whether this socket sends ``frame`` to its page."""
        if self.namespace is None or frame.get("namespace") != self.namespace:
            return False
        drawn = {k: v for k, v in frame.items() if k not in ("at", "next")}
        if drawn == self.last:
            return False
        self.last = drawn
        return True
