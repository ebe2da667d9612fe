"""Observed pods memoised per (record content, span of instants), shared by the whole process.

``observe`` is a pure function of the stored record and the instant, and an observation holds
unchanged until the next instant anything about the pod changes (``engine.observe_span``). So a
``get`` reuses the view computed at an earlier instant as long as the record is the same and
that span has not ended: a steady pod is walked once, not once per command. The object alone
(what ``get`` prints) holds longer than the whole view when only events change meanwhile.

The key is the record's content, not its uid and resourceVersion: records are decoded afresh
from storage on every command in a worker (so identity is useless there), uids repeat across
sandboxes that share a seed (every replayed transcript uses "replay"), and some writes change
``_sim`` facts. The content is the record's ``marshal`` bytes in format 2, which has no
back-references, so equal JSON-like records give equal bytes whatever else refers to their
parts; marshal reads back plain data only (no classes, nothing run). Encoding a record costs a
few microseconds; a fresh observation costs hundreds. Decoding the bytes gives the view a
private copy of the record to share structure with, so a view never aliases a stored record
that a later write edits in place.

Views handed out are shared by every caller until evicted: callers read them and never edit
them (``verify`` re-observes on every hit and raises if a cached view differs, which is how
the tests prove both the spans and that no caller mutates what it was given).
"""

from __future__ import annotations

import marshal
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from playground.sim.lifecycle.engine import PodView, observe_span

# Entries kept (least recently used dropped first): a thousand-pod sandbox plus kube-system
# fits; each entry holds the record's bytes and one observed pod (a few KB together).
CAPACITY = 2048
_FORMAT = 2  # marshal's last format without references (3+ depend on reference counts)


class StaleObservation(AssertionError):
    """A cached view differs from a fresh observation (a wrong span or a mutated view)."""


@dataclass(frozen=True)
class _Entry:
    since: float  # the instant it was observed at
    until: float  # the same view holds for since <= t < until (only at since when equal)
    status_until: float  # the same object (events aside) holds that long: >= until
    view: PodView

    def holds_at(self, now: float) -> bool:
        return now == self.since or self.since <= now < self.until

    def object_holds_at(self, now: float) -> bool:
        return now == self.since or self.since <= now < self.status_until


class ObservationMemo:
    """A bounded LRU map from record content to the view observed over a span of instants."""

    def __init__(self, capacity: int = CAPACITY, *, verify: bool = False) -> None:
        self.capacity = capacity
        self.verify = verify
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        # Completion reads clusters in threads beside the event loop: the LRU's bookkeeping is
        # locked, the observing itself is not (two threads may both compute an entry; equal).
        self._lock = threading.Lock()

    def observe(self, record: dict[str, Any], now: float) -> PodView:
        """The whole view (object, event occurrences, next change) at ``now``."""
        key = _content(record)
        entry = self._held(key, now, whole=True)
        if entry is None:
            return self._observe(key, now).view
        if self.verify:
            self._check(key, entry, now)
        return entry.view

    def observe_object(self, record: dict[str, Any], now: float) -> dict[str, Any]:
        """Only the pod object at ``now`` (what `get` prints): it outlives the view's span
        when only events changed since, as a crash loop's back-off count does every resync."""
        key = _content(record)
        entry = self._held(key, now, whole=False)
        if entry is None:
            return self._observe(key, now).view.obj
        if self.verify:
            self._check(key, entry, now, object_only=True)
        return entry.view.obj

    def object_until(self, record: dict[str, Any], now: float) -> float:
        """The first instant after ``now`` at which the pod object (events aside) or its
        existence may change; ``now`` when it holds only then, ``inf`` when never by itself."""
        key = _content(record)
        entry = self._held(key, now, whole=False)
        if entry is None:
            entry = self._observe(key, now)
        elif self.verify:
            self._check(key, entry, now, object_only=True)
        gone = entry.view.gone_at
        return entry.status_until if gone is None or gone <= now else min(gone,
                                                                          entry.status_until)

    def _held(self, key: bytes, now: float, *, whole: bool) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or not (entry.holds_at(now) if whole else
                                     entry.object_holds_at(now)):
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def _observe(self, key: bytes, now: float) -> _Entry:
        view, until, status_until = observe_span(marshal.loads(key), now)
        entry = _Entry(now, until, status_until, view)
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def audit(self) -> None:
        """Re-observe every held entry at its instant (tests: after a run, no view was edited)."""
        with self._lock:
            held = list(self._entries.items())
        for key, entry in held:
            self._check(key, entry, entry.since)

    def _check(self, key: bytes, entry: _Entry, now: float, *, object_only: bool = False
               ) -> None:
        fresh = observe_span(marshal.loads(key), now)[0]
        if (fresh.obj != entry.view.obj) if object_only else (fresh != entry.view):
            meta = fresh.obj.get("metadata") or {}
            held = entry.status_until if object_only else entry.until
            raise StaleObservation(
                f"pod {meta.get('namespace')}/{meta.get('name')}: the "
                f"{'object' if object_only else 'view'} observed at {entry.since} (held until "
                f"{held}) differs from a fresh one at {now}"
            )


def _content(record: dict[str, Any]) -> bytes:
    try:
        return marshal.dumps(record, _FORMAT)
    except ValueError:
        # A record made in this process may still hold the YAML decoder's dict subclass
        # (``admission.manifests.Manifest``); stored state is plain JSON, so encode it as such.
        return marshal.dumps(_plain(record), _FORMAT)


def _plain(value: Any) -> Any:
    """``value`` as plain JSON-like data (dict subclasses become dicts); anything that is not
    JSON-like raises, since no stored record may hold it."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if value is None or type(value) in (bool, int, float, str):
        return value
    for kind in (bool, int, float, str):  # a subclass (an enum member, say) as its plain value
        if isinstance(value, kind):
            return kind(value)
    raise TypeError(f"a pod record holds a {type(value).__name__}, which is not JSON data")


MEMO = ObservationMemo()


def observe(record: dict[str, Any], now: float) -> PodView:
    """The pod at ``now`` (``engine.observe``), from the process-wide memo when it holds."""
    return MEMO.observe(record, now)


def observe_object(record: dict[str, Any], now: float) -> dict[str, Any]:
    """``observe(record, now).obj``, from the memo for as long as that object holds."""
    return MEMO.observe_object(record, now)


def object_until(record: dict[str, Any], now: float) -> float:
    """``ObservationMemo.object_until`` on the process-wide memo."""
    return MEMO.object_until(record, now)
