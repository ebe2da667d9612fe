"""A sandbox's state: its typed stored shape, the shared base cluster, the codec, the migration.

Two shapes, one owner (this module):

* The **materialised state** is what the simulator, completion and grading read and change: one
  JSON-able dict (``seed``, ``created``, ``cluster`` with every object, ``files``, ``shell``,
  ``tabs``, ``log``, …). Grading snapshots are this shape, complete.
* The **stored document** (``Document``, schema ``SCHEMA_VERSION``) is what a store keeps: the
  sandbox's own objects and its changes to the base cluster (``ClusterDelta``), never the base
  itself. The base — nodes, kube-system pods and controllers, services, namespaces — is a pure
  function of (``BASE_VERSION``, seed, creation time), built once per process and cached
  (``base_cluster``): its names, uids and ages follow each sandbox, as the transcripts expect.

Three lists only ever grow at their end (the command log, the terminal's history and the shell's
history); they are *journals*, stored apart from the document so that a command which changes
nothing else appends a line instead of rewriting the sandbox (``Journal``, ``JOURNALS``).
"""

from __future__ import annotations

import base64
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, SupportsIndex

import orjson

from playground.sim import base_view, cluster_defaults, workloads
from playground.sim.config import SimConfig

State = dict[str, Any]
Obj = dict[str, Any]
# A change to a base object, per field: ["=", value] sets it, ["-"] removes it, ["~", patch]
# changes inside it. Unlike a JSON merge patch it can set null (``_sim`` has null facts).
Patch = dict[str, list[Any]]

SCHEMA_VERSION = 2  # the stored document; 1 was the whole materialised state as one JSON
SNAPSHOT_VERSION = 1  # the materialised dict's ``version`` field (grading snapshots keep it)
# Bump when cluster_defaults builds a different base, and keep the old builder in _BASES: stored
# deltas are relative to the base they were written against (tests pin its fingerprint).
BASE_VERSION = 2  # 2: kube-system runs metrics-server
FIRST_RV = 1000
COLLECTIONS = ("namespaces", "nodes", "services", "pods", "controllers", "configmaps", "secrets")
# name -> path in the materialised state
JOURNALS: dict[str, tuple[str, ...]] = {
    "log": ("log",), "history": ("history",), "shell-history": ("shell", "history"),
    "timeline": ("timeline",),
}
COMMAND_LOG_SIZE = 500  # the command log keeps the latest lines, for activity checks
TIMELINE_SIZE = 50  # the cluster's last changes a learner can restore (sim/timeline.py)
# The newest entries a journal keeps: the simulator trims the lists it holds to the same lengths,
# and a store trims what it appended to a journal it did not read (``Journal.partial``).
JOURNAL_CAPS = {"log": COMMAND_LOG_SIZE, "history": SimConfig().max_history,
                "shell-history": SimConfig().max_history, "timeline": TIMELINE_SIZE}
_BASE_CACHE_SIZE = 256  # sandboxes whose base a worker keeps ready (~350 KB each, frozen + bytes)
_DUMPS_OPTIONS = orjson.OPT_NON_STR_KEYS  # json.dumps turned int keys into strings too


class StateError(ValueError):
    """A stored document this version cannot read (unknown schema or base)."""


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, option=_DUMPS_OPTIONS)


def loads(data: bytes | str) -> Any:
    return orjson.loads(data)


# ------------------------------------------------------------------ the stored shape


@dataclass
class ClusterDelta:
    """What a sandbox's cluster holds beyond its base."""

    rv: int = FIRST_RV
    own: dict[str, dict[str, Obj]] = field(default_factory=dict)  # objects not from the base
    patched: dict[str, dict[str, Patch]] = field(default_factory=dict)  # changed base objects
    removed: dict[str, list[str]] = field(default_factory=dict)  # base keys the sandbox deleted
    tombstones: list[Obj] = field(default_factory=list)  # events of pods that are gone
    extra: dict[str, Any] = field(default_factory=dict)  # any other cluster key, kept as is


@dataclass
class Document:
    """The stored state of one sandbox, journals apart (schema ``SCHEMA_VERSION``)."""

    seed: str
    created: float
    cluster: ClusterDelta
    schema: int = SCHEMA_VERSION
    base: int = BASE_VERSION
    files: dict[str, str] = field(default_factory=dict)
    shell: dict[str, Any] = field(default_factory=dict)  # its history is a journal
    tabs: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # kubeconfig, forwards, pod_files, …


def _rewriting(name: str) -> Any:
    """A list method that marks the journal rewritten before it runs."""

    def method(self: Journal, *args: Any, **kwargs: Any) -> Any:
        self.rewritten = True
        return getattr(list, name)(self, *args, **kwargs)

    return method


class Journal(list[Any]):
    """A list that knows what was appended to it since it was loaded.

    Appending (and trimming its oldest entries) is what the simulator does to its journals; any
    other change marks it ``rewritten`` and the store then writes it whole. A ``partial`` journal
    was not read (the change only appends to it): it holds just what was appended.
    """

    def __init__(self, entries: Iterable[Any] = (), *, partial: bool = False) -> None:
        super().__init__(entries)
        self.loaded = len(self)
        self.appended = 0
        self.rewritten = False
        self.partial = partial

    def append(self, entry: Any) -> None:
        super().append(entry)
        self.appended += 1

    def extend(self, entries: Iterable[Any]) -> None:
        before = len(self)
        super().extend(entries)
        self.appended += len(self) - before

    def __iadd__(self, entries: Iterable[Any]) -> Journal:  # type: ignore[misc]
        self.extend(entries)
        return self

    def __delitem__(self, index: SupportsIndex | slice) -> None:
        # `del journal[:n]` drops the oldest entries (a length cap); anything else rewrites.
        if not (isinstance(index, slice) and index.start in (None, 0) and index.step is None):
            self.rewritten = True
        super().__delitem__(index)

    __setitem__ = _rewriting("__setitem__")
    insert = _rewriting("insert")
    pop = _rewriting("pop")
    remove = _rewriting("remove")
    clear = _rewriting("clear")
    sort = _rewriting("sort")
    reverse = _rewriting("reverse")

    @property
    def trimmed(self) -> bool:
        """The simulator dropped old entries (known only when the journal was read whole)."""
        return not self.partial and self.loaded + self.appended > len(self)

    def new_entries(self) -> list[Any]:
        count = min(self.appended, len(self))
        return list(self[len(self) - count:]) if count else []


# ------------------------------------------------------------------ the base cluster


@dataclass(frozen=True)
class Base:
    """One sandbox's base cluster: decoded once and frozen (shared by every materialised
    state: ``base_view``), and encoded per object (a private copy, and the change check)."""

    objects: dict[str, dict[str, bytes]]  # collection -> key -> encoded object
    frozen: dict[str, dict[str, base_view.FrozenDict]]  # collection -> key -> shared object

    @property
    def blob(self) -> bytes:
        """The whole base, ``{"namespaces": {key: obj}, …}``, encoded (the pinned fingerprints)."""
        return dumps({name: {key: orjson.Fragment(raw) for key, raw in objs.items()}
                      for name, objs in self.objects.items()})


def _build_base_v1(seed: str, created: float) -> dict[str, dict[str, Obj]]:
    return _collections(cluster_defaults.default_cluster(seed, created, metrics_server=False))


def _build_base_v2(seed: str, created: float) -> dict[str, dict[str, Obj]]:
    return _collections(cluster_defaults.default_cluster(seed, created))


def _collections(base: dict[str, Any]) -> dict[str, dict[str, Obj]]:
    return {
        "namespaces": {ns["metadata"]["name"]: ns for ns in base["namespaces"]},
        "nodes": {n["metadata"]["name"]: n for n in base["nodes"]},
        "services": {_key(s): s for s in base["services"]},
        "pods": {_key(p): p for p in base["pods"]},
        "controllers": {workloads.key(c): c for c in base["controllers"]},
    }


_BASES = {1: _build_base_v1, 2: _build_base_v2}
_base_cache: OrderedDict[tuple[int, str, float], Base] = OrderedDict()
_base_lock = threading.Lock()


def base_cluster(seed: str, created: float, version: int = BASE_VERSION) -> Base:
    """The base a sandbox created at ``created`` with ``seed`` starts from (built once, kept)."""
    cache_key = (version, seed, created)
    with _base_lock:  # completion reads states from several threads of one process
        cached = _base_cache.get(cache_key)
        if cached is not None:
            _base_cache.move_to_end(cache_key)
            return cached
    builder = _BASES.get(version)
    if builder is None:
        raise StateError(f"sandbox state refers to base cluster {version}; "
                         f"this version knows {sorted(_BASES)}")
    built = builder(seed, created).items()
    base = Base(objects={n: {k: dumps(o) for k, o in objs.items()} for n, objs in built},
                frozen={n: {k: base_view.freeze(o) for k, o in objs.items()} for n, objs in built})
    with _base_lock:
        _base_cache[cache_key] = base
        if len(_base_cache) > _BASE_CACHE_SIZE:
            _base_cache.popitem(last=False)
    return base


def _key(obj: Obj) -> str:
    meta = obj["metadata"]
    return f"{meta.get('namespace', '')}/{meta['name']}"


# ------------------------------------------------------------------ materialised <-> document


def new_state(seed: str, now: float) -> State:
    """A fresh sandbox, materialised: the base cluster and nothing of its own."""
    return materialise(Document(seed=seed, created=now, cluster=ClusterDelta()), {})


def new_cluster(seed: str, now: float) -> State:
    """The cluster part of a fresh sandbox (``Cluster``'s state)."""
    return _materialise_cluster(seed, now, BASE_VERSION, ClusterDelta())


def _materialise_cluster(seed: str, created: float, version: int, delta: ClusterDelta) -> State:
    base = base_cluster(seed, created, version)
    collections: dict[str, dict[str, Obj]] = {  # each base object copied when first read
        name: base_view.Overlay(frozen, base.objects[name]) for name, frozen in base.frozen.items()}
    for name, patches in delta.patched.items():
        for key, patch in patches.items():
            _apply(collections[name][key], patch)
    for name, objects in delta.own.items():
        collections.setdefault(name, {}).update(objects)
    for name, keys in delta.removed.items():
        for key in keys:
            dict.pop(collections.get(name, {}), key, None)
    extra = dict(delta.extra)
    cluster: State = {"seed": extra.pop("seed", seed), "rv": delta.rv}
    cluster.update(collections)
    cluster["tombstones"] = delta.tombstones
    cluster.update(extra)
    return cluster


def materialise(
    doc: Document, journals: dict[str, list[Any]], *, unread: Iterable[str] = ()
) -> State:
    """The simulator's view of a stored document; journals become ``Journal`` lists, those
    named in ``unread`` empty and ``partial``."""
    shell = dict(doc.shell)
    state: State = {
        "version": SNAPSHOT_VERSION,
        "seed": doc.seed,
        "created": doc.created,
        "cluster": _materialise_cluster(doc.seed, doc.created, doc.base, doc.cluster),
        "files": doc.files,
        "shell": shell,
        "tabs": doc.tabs,
    }
    state.update(doc.extra)
    skipped = set(unread)
    for name, path in JOURNALS.items():
        _parent(state, path)[path[-1]] = (Journal(partial=True) if name in skipped
                                          else Journal(journals.get(name, ())))
    return state


def document(state: State, version: int = BASE_VERSION) -> Document:
    """The stored shape of a materialised state (its journals left out: see ``journals``), as a
    delta from base cluster ``version``."""
    seed, created = str(state["seed"]), float(state["created"])
    cluster = dict(state["cluster"])
    base = base_cluster(seed, created, version)
    delta = ClusterDelta(rv=int(cluster.pop("rv", FIRST_RV)),
                         tombstones=list(cluster.pop("tombstones", [])))
    if cluster.get("seed") == seed:
        del cluster["seed"]
    for name in COLLECTIONS:
        objects: dict[str, Obj] = cluster.pop(name, {})
        encoded, shared = base.objects.get(name, {}), base.frozen.get(name, {})
        own: dict[str, Obj] = {}
        patched: dict[str, Patch] = {}
        for key, obj in base_view.peek_items(objects):
            was = encoded.get(key)
            if was is None:
                own[key] = obj
                continue
            if obj is shared.get(key):  # never read by the sandbox for itself: unchanged
                continue
            now = dumps(obj)
            if now != was:
                patch = _exact_patch(was, obj, now)
                if patch is None:
                    own[key] = obj
                else:
                    patched[key] = patch
        removed = [key for key in encoded if key not in objects]
        if own:
            delta.own[name] = own
        if patched:
            delta.patched[name] = patched
        if removed:
            delta.removed[name] = removed
    delta.extra = cluster
    shell = {k: v for k, v in (state.get("shell") or {}).items() if k != "history"}
    skip = {"version", "seed", "created", "cluster", "files", "shell", "tabs", *JOURNALS}
    return Document(
        seed=seed, created=created, cluster=delta, base=version, files=state.get("files") or {},
        shell=shell, tabs=state.get("tabs") or {},
        extra={k: v for k, v in state.items() if k not in skip},
    )


def _diff(old: Obj, new: Obj) -> Patch:
    patch: Patch = {}
    for key, value in new.items():
        if key not in old:
            patch[key] = ["=", value]
        elif old[key] != value:
            was = old[key]
            if isinstance(was, dict) and isinstance(value, dict):
                patch[key] = ["~", _diff(was, value)]
            else:
                patch[key] = ["=", value]
    for key in old:
        if key not in new:
            patch[key] = ["-"]
    return patch


def _apply(target: Obj, patch: Patch) -> None:
    for key, (op, *arg) in patch.items():
        if op == "=":
            target[key] = arg[0]
        elif op == "-":
            target.pop(key, None)
        else:
            _apply(target[key], arg[0])


def _exact_patch(base: bytes, obj: Obj, encoded: bytes) -> Patch | None:
    """The patch from a base object to ``obj``, if applying it gives ``obj`` back field order
    included (a field removed and added again moves to the end; then the object is kept whole)."""
    patch = _diff(loads(base), obj)
    again: Obj = loads(base)
    _apply(again, patch)
    return patch if dumps(again) == encoded else None


def journals(state: State) -> dict[str, list[Any]]:
    """The journals of a materialised state (absent ones as empty lists)."""
    out: dict[str, list[Any]] = {}
    for name, path in JOURNALS.items():
        parent = state
        for part in path[:-1]:
            parent = parent.get(part) or {}
        out[name] = parent.get(path[-1]) or []
    return out


def snapshot(state: State) -> State:
    """A complete, independent copy of a materialised state with plain lists (for grading).
    Its timeline keeps what happened (time, line, one-line changes), not the stored clusters
    a learner may restore: a grader never restores, and they are most of a timeline's bytes."""
    copy: State = loads(dumps(state))
    if copy.get("timeline"):
        copy["timeline"] = [{k: v for k, v in point.items() if k != "cluster"}
                            for point in copy["timeline"]]
    return copy


def cluster_point(state: State) -> str:
    """The cluster as a restorable point: its delta from the base, compressed (pod records
    repeat each other: zlib's fastest level makes a 10-pod delta 17 KB → 2 KB in 0.1 ms) and
    in base64, as journal entries are JSON."""
    delta = document({**state, "files": {}, "shell": {}, "tabs": {}}).cluster
    raw = dumps({"rv": delta.rv, "own": delta.own, "patched": delta.patched,
                 "removed": delta.removed, "tombstones": delta.tombstones, "extra": delta.extra})
    return base64.b64encode(zlib.compress(raw, 1)).decode()


def restore_cluster(state: State, point: str) -> None:
    """Make the cluster what ``cluster_point`` saw; resourceVersions keep growing (a watch
    must never see one go back)."""
    delta = ClusterDelta(**loads(zlib.decompress(base64.b64decode(point))))
    rv = max(int(state["cluster"].get("rv", FIRST_RV)), delta.rv)
    state["cluster"] = _materialise_cluster(str(state["seed"]), float(state["created"]),
                                            BASE_VERSION, delta)
    state["cluster"]["rv"] = rv + 1


def _parent(state: State, path: tuple[str, ...]) -> State:
    parent = state
    for part in path[:-1]:
        parent = parent.setdefault(part, {})
    return parent


# ------------------------------------------------------------------ the seam for the Django side
# What the terminal and grading read and change in a materialised state, so that none of them
# spells its keys.

RESET_FORGETS = ("cwd", "oldpwd", "dirs", "status")  # shell facts a reset clears


def files(state: State) -> dict[str, str]:
    """The learner's files (the editor's tabs), live: changing it changes the sandbox."""
    found: dict[str, str] = state.setdefault("files", {})
    return found


def terminal_history(state: State) -> list[str]:
    """The terminal's command history (the browser's arrow keys), live."""
    found: list[str] = state.setdefault("history", Journal())
    return found


def replace(state: State, fresh: State) -> None:
    """Make ``state`` (the dict a store handed out, which it will save) become ``fresh``."""
    state.clear()
    state.update(fresh)


def restart(state: State, fresh: State) -> None:
    """Reset cluster: ``fresh`` replaces everything but the command history, the shell's
    settings (aliases, variables), the clock's skips and the timeline; where the shell stood and
    its last status are forgotten."""
    fresh["history"] = list(terminal_history(state))
    shell = dict(state.get("shell") or {})
    for key in RESET_FORGETS:
        shell.pop(key, None)
    fresh["shell"] = shell
    for kept in ("clock", "timeline", "timeline_next"):  # time runs on; the past stays restorable
        if kept in state:
            fresh[kept] = state[kept]
    replace(state, fresh)


# The sandbox's clock: how far a learner skipped ahead of the real clock (``skip 5m``), and
# whether the exercise lets them (``allow_skip: false`` in its YAML). Kept across a reset so
# the sandbox's time never runs backwards (command log times, ages).


def clock_offset(state: State) -> float:
    return float((state.get("clock") or {}).get("offset", 0.0))


def clock_skip(state: State, seconds: float) -> None:
    clock = state.setdefault("clock", {})
    clock["offset"] = round(clock_offset(state) + seconds, 6)


def skip_allowed(state: State) -> bool:
    return (state.get("clock") or {}).get("skip", True) is not False


def forbid_skip(state: State) -> None:
    state.setdefault("clock", {})["skip"] = False


def set_answers(state: State, answers: dict[str, str]) -> None:
    """The learner's typed answers, graded by ``answer`` checks (grading's snapshot)."""
    state["answers"] = answers


def clear_command_log(state: State) -> None:
    """An exercise's setup is not the learner's activity."""
    state["log"] = []


# Reads that never change the state (grading reads snapshots it must leave as they are).


def answers_of(state: State) -> dict[str, str]:
    found: dict[str, str] = state.get("answers") or {}
    return found


def command_log_of(state: State) -> list[dict[str, Any]]:
    """What was typed, when, in which tab, with which exit status (oldest first)."""
    found: list[dict[str, Any]] = state.get("log") or []
    return found


def created_of(state: State) -> float | None:
    created = state.get("created")
    return None if created is None else float(created)


def file_text_of(state: State, name: str) -> str | None:
    """One of the learner's files (a path under the home directory), if it exists."""
    text = (state.get("files") or {}).get(name)
    return text if isinstance(text, str) else None


def port_forwards_of(state: State) -> dict[str, dict[str, Any]]:
    """Running port-forwards by local port: tab, namespace, pod, uid, remote port."""
    found: dict[str, dict[str, Any]] = state.get("forwards") or {}
    return found


def container_storage_of(state: State, pod_uid: str) -> dict[str, Any]:
    """The files of one pod's containers and volumes (written by ``kubectl exec``)."""
    found: dict[str, Any] = (state.get("pod_files") or {}).get(pod_uid) or {}
    return found


# ------------------------------------------------------------------ encoding and migration


def encode(doc: Document) -> bytes:
    return dumps(doc)


def decode(data: bytes | str) -> tuple[Document, dict[str, list[Any]] | None]:
    """A stored document, migrated to this schema. Journals are returned only when the document
    carried them (schema 1 kept them inline); otherwise they are stored apart."""
    raw = loads(data)
    if not isinstance(raw, dict):
        raise StateError("sandbox state is not a JSON object")
    return migrate(raw)


def migrate(raw: dict[str, Any]) -> tuple[Document, dict[str, list[Any]] | None]:
    """Any stored schema → ``Document``; schema 1 was the materialised state written whole."""
    schema = raw.get("schema", 1 if "cluster" in raw and "version" in raw else None)
    if schema == 1:
        # written whole before the base carried metrics-server: a delta from base 1
        return document(raw, 1), journals(raw)
    if schema != SCHEMA_VERSION:
        raise StateError(f"sandbox state has schema {schema!r}; this version reads 1 and "
                         f"{SCHEMA_VERSION}")
    fields = dict(raw)
    try:
        fields["cluster"] = ClusterDelta(**fields["cluster"])
        return Document(**fields), None
    except (KeyError, TypeError) as exc:
        raise StateError(f"sandbox state of schema {SCHEMA_VERSION} is malformed: {exc}") from None
