"""The terminal tabs' streams: what each tab runs past its first answer, and what waits for it.

Each tab of a sandbox may hold one *stream* in ``state["tabs"][tab]["stream"]``: a command that
goes on after its first answer (``get -w``, ``logs -f``, ``port-forward``, ``delete`` waiting for
the pod to go, ``sleep``, ``run -it`` waiting for its pod, ``watch``) or a container shell that
lines are typed into; and output kept for it until it is in view (``pending``: what a curl
through its port-forward made it print). ``TabStreams`` owns that part of the state; the
``Sandbox`` decides when a stream starts, runs on and ends.
"""

from __future__ import annotations

from typing import Any

Chunk = tuple[str, str]  # ("out" | "err", text)
# Streams whose output a change made elsewhere may extend (a pod created in another tab).
WATCHING = frozenset({"watch", "logs"})
# Streams that print on the way while another tab's command waits (a transcript's clock runs).
TICKING = frozenset({"watch", "logs", "watch-cmd"})


class TabStreams:
    """The streams and pending output of a sandbox's tabs, read and written in its state."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state

    def get(self, tab: str) -> dict[str, Any] | None:
        stream: dict[str, Any] | None = (
            self.state.setdefault("tabs", {}).get(tab, {}).get("stream")
        )
        return stream

    def set(self, tab: str, stream: dict[str, Any] | None) -> None:
        """Hold ``stream`` in ``tab`` (None: none); a tab left with nothing is dropped."""
        entry = self.state.setdefault("tabs", {}).setdefault(tab, {})
        if stream is None:
            entry.pop("stream", None)
        else:
            entry["stream"] = stream
        if not entry:
            self.state["tabs"].pop(tab, None)

    def add_pending(self, tab: str, chunk: Chunk) -> None:
        entry = self.state.setdefault("tabs", {}).setdefault(tab, {})
        entry.setdefault("pending", []).append(list(chunk))

    def take_pending(self, tab: str) -> list[Chunk]:
        entry = self.state.setdefault("tabs", {}).get(tab, {})
        pending = entry.pop("pending", [])
        return [(str(a), str(b)) for a, b in pending]

    def others(self, tab: str, kinds: frozenset[str]) -> list[str]:
        """The tabs other than ``tab`` whose stream is one of ``kinds``, in the state's order."""
        return [other for other, entry in self.state.get("tabs", {}).items()
                if other != tab and entry.get("stream", {}).get("kind") in kinds]
