"""Where sandbox state lives: RedisStore (product) and MemoryStore (tests), one contract.

A sandbox is stored as its ``state.Document`` (its own objects and changes to the shared base
cluster, encoded with orjson) under a revision number, plus three *journals* (command log,
terminal history, shell history) kept as lists. ``update`` runs a change on the materialised
state and then writes only what it changed:

* nothing changed: no write at all (a read-only command costs one read, one Lua script);
* only journals grew: their new entries are appended, with no compare-and-set (appends from two
  tabs commute) and no re-encoding of the document;
* the document changed: a compare-and-set on the revision, so two tabs (or two workers) racing
  on the same sandbox never lose an update: the loser reloads and runs its change again.

Idle sandboxes expire: every load or save pushes the expiry ``idle_seconds`` into the future.

A caller may save and run its own Redis scripts in one round trip (``update(then=)``: a worker's
frames and the end of its job), run only once the save stored, and hand in a read it made
already (``update(preread=)``, ``RedisStore.read_call``: a worker reads with its job's claim).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from playground.sim import state as sandbox_state
from playground.sim.clock import Clock, SystemClock
from playground.sim.state import JOURNAL_CAPS, JOURNALS, Journal, State

T = TypeVar("T")
Entry = bytes | str  # one encoded journal entry as a store returns it

# A conflict means another writer saved in between; past this many rounds something is wrong.
MAX_UPDATE_ATTEMPTS = 50


class StoreConflictError(RuntimeError):
    """The sandbox kept changing under us for MAX_UPDATE_ATTEMPTS rounds."""


def state_key(sandbox_id: str) -> str:
    return f"sandbox:{sandbox_id}:state"


def journal_key(sandbox_id: str, name: str) -> str:
    return f"sandbox:{sandbox_id}:{name}"


@dataclass
class Stored:
    """What a store holds for one sandbox, still encoded."""

    revision: int
    data: Entry  # the encoded document
    journals: dict[str, list[Entry]] = field(default_factory=dict)


@dataclass(frozen=True)
class Preread:
    """A read a caller made already (``stored`` None: nothing was stored), for ``update``."""

    stored: Stored | None


@dataclass
class JournalWrite:
    entries: list[bytes]  # encoded, oldest first
    replace: bool = False  # the stored journal becomes exactly ``entries``
    keep: int = 0  # after appending, keep only the newest ``keep`` entries (0: all)


@dataclass
class Write:
    """What ``update`` must store after a change; ``data`` None: journals only, no CAS."""

    data: bytes | None
    journals: dict[str, JournalWrite]


@dataclass
class _Loaded:
    state: State
    revision: int
    data: Entry | None  # as stored; None: nothing was stored
    journals: dict[str, Journal]  # the journal objects handed out, to see what was appended


def decode_journal(entries: list[Entry]) -> list[Any]:
    """A stored journal's entries (one JSON value each) in one decode call."""
    if not entries:
        return []
    if isinstance(entries[0], bytes):
        joined: Entry = b"[" + b",".join(e if isinstance(e, bytes) else e.encode()
                                         for e in entries) + b"]"
    else:
        joined = "[" + ",".join(str(e) for e in entries) + "]"
    values: list[Any] = sandbox_state.loads(joined)
    return values


def materialise(stored: Stored, unread: frozenset[str] = frozenset()) -> tuple[State, bool]:
    """The materialised state of stored data, and whether its journals were stored apart (a
    schema-1 document carried them inline and must be written whole on its next save)."""
    doc, inline = sandbox_state.decode(stored.data)
    if inline is not None:
        return sandbox_state.materialise(doc, inline), False
    journals = {name: decode_journal(stored.journals.get(name, [])) for name in JOURNALS
                if name not in unread}
    return sandbox_state.materialise(doc, journals, unread=unread), True


def _journal_of(state: State, path: tuple[str, ...]) -> Any:
    parent: Any = state
    for part in path[:-1]:
        parent = parent.get(part) if isinstance(parent, dict) else None
    return parent.get(path[-1]) if isinstance(parent, dict) else None


def changes(state: State, loaded: _Loaded | None) -> Write | None:
    """What must be written for ``state`` (None: nothing changed since it was loaded)."""
    data = sandbox_state.encode(sandbox_state.document(state))
    writes: dict[str, JournalWrite] = {}
    replaced = False
    for name, path in JOURNALS.items():
        value = _journal_of(state, path)
        if value is None:
            value = []
        mine = loaded.journals.get(name) if loaded else None
        if value is mine and mine.partial and mine.rewritten:
            # Only appends were announced for it; a rewrite of a list never read would lose it.
            raise RuntimeError(f"journal {name!r} was not read, so it may only be appended to")
        if value is mine and not mine.rewritten:
            if mine.appended:
                keep = len(mine) if mine.trimmed else JOURNAL_CAPS[name]
                writes[name] = JournalWrite([sandbox_state.dumps(e) for e in mine.new_entries()],
                                            keep=keep)
        else:
            writes[name] = JournalWrite([sandbox_state.dumps(e) for e in value], replace=True,
                                        keep=JOURNAL_CAPS[name])
            replaced = True
    same = loaded is not None and loaded.data is not None and _same(data, loaded.data)
    if same and not replaced:
        return Write(None, writes) if writes else None
    return Write(data, writes)


def _same(data: bytes, stored: Entry) -> bool:
    return data == (stored if isinstance(stored, bytes) else stored.encode())


class SandboxStore:
    """Load/save a sandbox's state with a revision; subclasses provide the four primitives."""

    idle_seconds: int

    # Primitives every store must provide.
    def read(self, sandbox_id: str, *, unread: frozenset[str] = frozenset()) -> Stored | None:
        """What is stored (None if absent or expired), the journals named in ``unread`` left
        out; refreshes the expiry."""
        raise NotImplementedError("subclasses of SandboxStore must provide read()")

    def write(self, sandbox_id: str, write: Write, *, revision: int) -> bool:
        """Store ``write``. With ``write.data``: only if the stored revision is still
        ``revision`` (else False). Without: append the journals if the sandbox still exists."""
        raise NotImplementedError("subclasses of SandboxStore must provide write()")

    def ttl(self, sandbox_id: str) -> float | None:
        """Seconds until the sandbox expires, None if it does not exist."""
        raise NotImplementedError("subclasses of SandboxStore must provide ttl()")

    def delete(self, sandbox_id: str) -> None:
        raise NotImplementedError("subclasses of SandboxStore must provide delete()")

    def commit(
        self, sandbox_id: str, write: Write | None, *, revision: int, calls: list[Any]
    ) -> bool:
        """``write`` (None: nothing to store), then ``calls`` if it stored."""
        if calls:
            raise TypeError(f"{type(self).__name__} runs no script calls")
        return write is None or self.write(sandbox_id, write, revision=revision)

    # Built on the primitives.
    def _load(self, sandbox_id: str, unread: frozenset[str] = frozenset()) -> _Loaded | None:
        return self._loaded(self.read(sandbox_id, unread=unread), unread)

    @staticmethod
    def _loaded(stored: Stored | None, unread: frozenset[str]) -> _Loaded | None:
        if stored is None:
            return None
        state, apart = materialise(stored, unread)
        handed = {name: _journal_of(state, path) for name, path in JOURNALS.items()} if apart \
            else {}
        return _Loaded(state, stored.revision, stored.data, handed)

    def load_revision(self, sandbox_id: str) -> tuple[State | None, int]:
        """The materialised state (None if absent or expired) and its revision (0 if absent)."""
        loaded = self._load(sandbox_id)
        return (None, 0) if loaded is None else (loaded.state, loaded.revision)

    def load(self, sandbox_id: str) -> State | None:
        return self.load_revision(sandbox_id)[0]

    def save_if(self, sandbox_id: str, state: State, *, revision: int) -> bool:
        """Store ``state`` whole if the stored revision is still ``revision``."""
        write = changes(state, None)
        assert write is not None  # without a loaded state everything is new
        return self.write(sandbox_id, write, revision=revision)

    def update(
        self,
        sandbox_id: str,
        change: Callable[[State], T],
        *,
        create: Callable[[], State],
        append_only: frozenset[str] = frozenset(),
        preread: Preread | None = None,
        then: Callable[[T], list[Any]] | None = None,
    ) -> T:
        """Apply ``change`` to the current state (or a new one) and store what it changed.

        ``change`` mutates the state in place and may run more than once (on conflicts), each time
        on a freshly loaded state; only the run that was saved counts, so return its result.
        The journals named in ``append_only`` are not read: ``change`` may only append to them
        (a command's log line), which spares loading hundreds of entries per command.
        ``preread``: what the caller read already (with the same ``append_only`` left unread),
        used by the first attempt instead of reading again. ``then(result)``: script calls
        (``RedisStore.read_call``'s shape: script, keys, args) to run right after the save that
        counts, in its round trip (a worker's frames); only a Redis store takes them.
        """
        for attempt in range(MAX_UPDATE_ATTEMPTS):
            if attempt == 0 and preread is not None:
                loaded = self._loaded(preread.stored, append_only)
            else:
                loaded = self._load(sandbox_id, append_only)
            state = create() if loaded is None else loaded.state
            result = change(state)
            write = changes(state, loaded)
            calls = then(result) if then is not None else []
            revision = 0 if loaded is None else loaded.revision
            if write is None and not calls:
                return result
            if self.commit(sandbox_id, write, revision=revision, calls=calls):
                return result
        raise StoreConflictError(f"sandbox {sandbox_id} changed {MAX_UPDATE_ATTEMPTS} times")


def _apply_journal(current: list[bytes], write: JournalWrite) -> list[bytes]:
    entries = (list(write.entries) if write.replace else current + list(write.entries))
    return entries[-write.keep:] if write.keep else entries


class MemoryStore(SandboxStore):
    """In-process store for tests and transcripts; expiry follows the injected clock."""

    def __init__(self, idle_seconds: int = 86400, clock: Clock | None = None) -> None:
        self.idle_seconds = idle_seconds
        self.clock = clock or SystemClock()
        # sandbox id -> (revision, encoded document, journals, expires at); encoded, so callers
        # never share dicts with the store.
        self._items: dict[str, tuple[int, bytes, dict[str, list[bytes]], float]] = {}
        self._lock = threading.Lock()  # a write checks then sets: atomic, as Redis's script is

    def _live(self, sandbox_id: str) -> tuple[int, bytes, dict[str, list[bytes]], float] | None:
        item = self._items.get(sandbox_id)
        if item is not None and item[3] <= self.clock.now():
            del self._items[sandbox_id]
            return None
        return item

    def read(self, sandbox_id: str, *, unread: frozenset[str] = frozenset()) -> Stored | None:
        with self._lock:
            item = self._live(sandbox_id)
            if item is None:
                return None
            revision, data, journals, _ = item
            expires = self.clock.now() + self.idle_seconds
            self._items[sandbox_id] = (revision, data, journals, expires)
        return Stored(revision, data, {name: list(entries) for name, entries in journals.items()
                                       if name not in unread})

    def write(self, sandbox_id: str, write: Write, *, revision: int) -> bool:
        with self._lock:
            return self._write_locked(sandbox_id, write, revision=revision)

    def _write_locked(self, sandbox_id: str, write: Write, *, revision: int) -> bool:
        item = self._live(sandbox_id)
        expires = self.clock.now() + self.idle_seconds
        if write.data is None:
            if item is None:
                return False
            current_rev, data, journals = item[0], item[1], dict(item[2])
        else:
            if (item[0] if item else 0) != revision:
                return False
            current_rev, data, journals = revision + 1, write.data, dict(item[2]) if item else {}
        for name, journal in write.journals.items():
            journals[name] = _apply_journal(journals.get(name, []), journal)
        self._items[sandbox_id] = (current_rev, data, journals, expires)
        return True

    def ttl(self, sandbox_id: str) -> float | None:
        item = self._live(sandbox_id)
        return None if item is None else item[3] - self.clock.now()

    def delete(self, sandbox_id: str) -> None:
        self._items.pop(sandbox_id, None)

    def stored_bytes(self, sandbox_id: str) -> int:
        """What the sandbox occupies here: its document and its journals' entries."""
        item = self._live(sandbox_id)
        if item is None:
            return 0
        return len(item[1]) + sum(len(e) for entries in item[2].values() for e in entries)


# One round trip for any write. Without a revision (ARGV[1] == ''), journals are appended only
# if the sandbox still exists; with one, the document is replaced only if it is unchanged since.
# ARGV: revision, data, ttl, then per journal (KEYS[2..]): mode, keep, count, entries...
_WRITE = """
local ttl = tonumber(ARGV[3])
if ARGV[1] == '' then
  if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
else
  local current = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
  if current ~= tonumber(ARGV[1]) then return 0 end
  redis.call('HSET', KEYS[1], 'rev', current + 1, 'data', ARGV[2])
end
redis.call('EXPIRE', KEYS[1], ttl)
local i = 4
for k = 2, #KEYS do
  local mode, keep, count = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  i = i + 3
  if mode == 'replace' then redis.call('DEL', KEYS[k]) end
  local first = i
  while first < i + count do
    local last = math.min(first + 999, i + count - 1)
    redis.call('RPUSH', KEYS[k], unpack(ARGV, first, last))
    first = last + 1
  end
  i = i + count
  if keep > 0 then redis.call('LTRIM', KEYS[k], -keep, -1) end
  redis.call('EXPIRE', KEYS[k], ttl)
end
return 1
"""


def _keys(sandbox_id: str) -> list[str]:
    return [state_key(sandbox_id), *(journal_key(sandbox_id, name) for name in JOURNALS)]


# One round trip and one reply for a read (a pipeline of HMGET, LRANGEs and EXPIREs cost the
# worker a dozen commands to pack and replies to parse per command). KEYS: the state hash, then
# each journal in JOURNALS order. ARGV: ttl, then per journal '1' to read it ('' to leave it).
# Returns {rev, data, journal entries...}; an unread journal's entry is an empty list.
_READ = """
local found = redis.call('HMGET', KEYS[1], 'rev', 'data')
local out = {found[1], found[2]}
for k = 2, #KEYS do
  if ARGV[k] == '1' then
    out[#out + 1] = redis.call('LRANGE', KEYS[k], 0, -1)
  else
    out[#out + 1] = {}
  end
end
for k = 1, #KEYS do redis.call('EXPIRE', KEYS[k], ARGV[1]) end
return out
"""


def _chain(sources: tuple[str, ...], *, guarded: bool) -> str:
    """One script running several, each as a function of its own KEYS and ARGV (ARGV starts
    with each part's key count and argument count); ``guarded``: the first part is the write,
    and a 0 from it (a conflict) runs none of the others."""
    parts = "".join(f"local function part{n}(KEYS, ARGV)\n{source}\nend\n"
                    for n, source in enumerate(sources))
    names = ", ".join(f"part{n}" for n in range(len(sources)))
    return parts + f"local parts = {{{names}}}\nlocal guarded = {str(guarded).lower()}\n" + """
local ki, ai = 1, #parts * 2 + 1
local out = {}
for i = 1, #parts do
  local nk, na = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local keys, args = {}, {}
  for j = 1, nk do keys[j] = KEYS[ki + j - 1] end
  for j = 1, na do args[j] = ARGV[ai + j - 1] end
  ki, ai = ki + nk, ai + na
  out[i] = parts[i](keys, args)
  if guarded and i == 1 and out[i] == 0 then return out end
end
return out
"""


@dataclass(frozen=True)
class ReadCall:
    """A read as a script call, for a caller that sends it beside its own commands in one round
    trip (a worker claims its job and reads the sandbox together): ``script(keys=, args=)``,
    then ``RedisStore.stored_from`` of the reply."""

    script: Any
    keys: list[str]
    args: list[Any]
    journals: list[str]  # the journals it reads


class RedisStore(SandboxStore):
    """The product store: a hash ``sandbox:<id>:state`` (fields ``rev`` and ``data``) and one
    list per journal, ``sandbox:<id>:<journal>`` (one JSON entry per item)."""

    def __init__(self, client: Any, idle_seconds: int = 86400) -> None:
        # ``client`` is a redis.Redis; typed loosely so the simulator does not import redis.
        self.client = client
        self.idle_seconds = idle_seconds
        self._write = client.register_script(_WRITE)
        self._read = client.register_script(_READ)
        self._chains: dict[tuple[bool, tuple[str, ...]], Any] = {}

    def read_call(self, sandbox_id: str, *, unread: frozenset[str] = frozenset()) -> ReadCall:
        read = [name for name in JOURNALS if name not in unread]
        args = [self.idle_seconds, *("1" if name in read else "" for name in JOURNALS)]
        return ReadCall(self._read, _keys(sandbox_id), args, read)

    @staticmethod
    def stored_from(call: ReadCall, reply: list[Any]) -> Stored | None:
        """``Stored`` from the reply of ``call``'s script."""
        rev, data, *lists = reply
        if data is None:
            return None
        by_name = dict(zip(JOURNALS, lists, strict=True))
        return Stored(int(rev), data, {name: by_name[name] for name in call.journals})

    def read(self, sandbox_id: str, *, unread: frozenset[str] = frozenset()) -> Stored | None:
        call = self.read_call(sandbox_id, unread=unread)
        return self.stored_from(call, call.script(keys=call.keys, args=call.args))

    def write(self, sandbox_id: str, write: Write, *, revision: int) -> bool:
        return bool(self._write(keys=_keys(sandbox_id), args=self._write_args(write, revision)))

    def _write_args(self, write: Write, revision: int) -> list[Any]:
        args: list[Any] = ["" if write.data is None else revision, write.data or "",
                           self.idle_seconds]
        for name in JOURNALS:
            journal = write.journals.get(name)
            if journal is None:
                args += ["", 0, 0]
            else:
                args += ["replace" if journal.replace else "append", journal.keep,
                         len(journal.entries), *journal.entries]
        return args

    def commit(
        self, sandbox_id: str, write: Write | None, *, revision: int, calls: list[Any]
    ) -> bool:
        """The write and the calls after it in one script: one round trip (``_chain``)."""
        if not calls:
            return super().commit(sandbox_id, write, revision=revision, calls=calls)
        parts = [(call.script.script, call.keys, call.args) for call in calls]
        if write is not None:
            parts.insert(0, (_WRITE, _keys(sandbox_id), self._write_args(write, revision)))
        sources = tuple(source for source, _, _ in parts)
        if (write is not None, sources) not in self._chains:
            self._chains[write is not None, sources] = self.client.register_script(
                _chain(sources, guarded=write is not None))
        script = self._chains[write is not None, sources]
        counts = [n for _, keys, args in parts for n in (len(keys), len(args))]
        keys = [key for _, part_keys, _ in parts for key in part_keys]
        args = [*counts, *(arg for _, _, part_args in parts for arg in part_args)]
        replies = script(keys=keys, args=args)
        return write is None or bool(replies[0])

    def ttl(self, sandbox_id: str) -> float | None:
        seconds = self.client.ttl(state_key(sandbox_id))
        return None if seconds < 0 else float(seconds)

    def delete(self, sandbox_id: str) -> None:
        self.client.delete(*_keys(sandbox_id))

    def stored_bytes(self, sandbox_id: str) -> int:
        """What the sandbox occupies in Redis: its document and its journals' entries."""
        stored = self.read(sandbox_id)
        if stored is None:
            return 0
        size = len(stored.data if isinstance(stored.data, bytes) else stored.data.encode())
        return size + sum(len(e if isinstance(e, bytes) else e.encode())
                          for entries in stored.journals.values() for e in entries)


def stored_from_replies(replies: list[Any], journals: list[str]) -> Stored | None:
    """``Stored`` from the replies of a read pipeline: HMGET, then LRANGE per journal named."""
    rev, data = replies[0]
    if data is None:
        return None
    return Stored(int(rev), data, dict(zip(journals, replies[1:1 + len(journals)], strict=True)))


async def redis_read_async(
    client: Any, sandbox_id: str, *, unread: frozenset[str] = frozenset()
) -> State | None:
    """The materialised state through a ``redis.asyncio`` client (the socket side's reads:
    completion and sync), without refreshing the expiry; ``unread`` journals left empty."""
    pipe = client.pipeline(transaction=True)
    pipe.hmget(state_key(sandbox_id), "rev", "data")
    read = [name for name in JOURNALS if name not in unread]
    for name in read:
        pipe.lrange(journal_key(sandbox_id, name), 0, -1)
    stored = stored_from_replies(await pipe.execute(), read)
    return None if stored is None else materialise(stored, unread)[0]
