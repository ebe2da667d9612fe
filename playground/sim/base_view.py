"""The base cluster's objects shared by every sandbox of a process, and a sandbox's view of them.

A base (``state.base_cluster``) is decoded once per process and kept *frozen*: ``FrozenDict``
and ``FrozenList`` refuse every change, so no sandbox can alter what another one sees, even by
mistake. A sandbox's collection of objects (``cluster["pods"]``, …) is an ``Overlay``: a dict
whose slots start as those shared objects and which hands out a private copy of one (decoded
from the base's bytes) the first time it is read through the ordinary dict methods (``[]``,
``get``, ``values``, ``items``, ``pop``, ``setdefault``). The simulator therefore only ever
holds private objects and may change them in place as it always did; what it never read stays
shared, and saving knows it unchanged by identity (``untouched``), with no encoding.

Scans that only read (which pods are in a namespace, which are being deleted) use ``peek_items``
and ``peek_values``, which see the shared objects without copying them: never change what they
return (a change raises ``TypeError``). Anything else that reaches a shared object (``dict(view)``
copies the slots as they are) finds it read-only too: a loud error, never a leak.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

import orjson

Obj = dict[str, Any]


def _refuse(self: object, *args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError("a shared base cluster object is read-only; read it through the sandbox's "
                    "collection (which hands out a private copy) before changing it")


class FrozenDict(dict[str, Any]):
    """A dict of a shared base object: read-only; copies of it are plain and private."""

    __slots__ = ()
    __setitem__ = __delitem__ = setdefault = pop = popitem = clear = update = _refuse
    __ior__ = _refuse

    def copy(self) -> Obj:
        return thaw(self)

    def __copy__(self) -> Obj:
        return thaw(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> Obj:
        return thaw(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (thaw(self),))


class FrozenList(list[Any]):
    """A list inside a shared base object: read-only."""

    __slots__ = ()
    __setitem__ = __delitem__ = append = extend = insert = pop = remove = clear = _refuse
    sort = reverse = _refuse
    __iadd__ = __imul__ = _refuse

    def copy(self) -> list[Any]:
        return thaw(self)

    def __copy__(self) -> list[Any]:
        return thaw(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return thaw(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (thaw(self),))


def freeze(value: Any) -> Any:
    """A deep read-only copy of decoded JSON (plain dicts and lists; the leaves, mostly scalars,
    are kept without a call each: this runs once per base, over every object)."""
    kind = type(value)
    if kind is dict:
        return FrozenDict({key: item if type(item) not in _NESTED else freeze(item)
                           for key, item in value.items()})
    if kind is list:
        return FrozenList([item if type(item) not in _NESTED else freeze(item)
                           for item in value])
    return value


_NESTED = frozenset({dict, list})


def thaw(value: Any) -> Any:
    """A deep plain copy of a frozen (or any JSON-able) value."""
    return orjson.loads(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS))


class Overlay(dict[str, Any]):
    """One collection of a sandbox's cluster over its shared base: see the module's docstring.

    ``encoded`` holds each base object's bytes (key -> bytes): a private copy is decoded from
    them, which is cheaper than walking the frozen object.
    """

    __slots__ = ("encoded",)

    def __init__(self, shared: Mapping[str, FrozenDict], encoded: Mapping[str, bytes]) -> None:
        super().__init__()
        dict.update(self, shared)
        self.encoded = encoded

    def _private(self, key: str, value: Any) -> Any:
        if type(value) is FrozenDict:
            value = self._copy_of(key, value)
            dict.__setitem__(self, key, value)
        return value

    def _copy_of(self, key: str, value: FrozenDict) -> Obj:
        raw = self.encoded.get(key)
        found: Obj = thaw(value) if raw is None else orjson.loads(raw)
        return found

    def __getitem__(self, key: str) -> Any:
        return self._private(key, dict.__getitem__(self, key))

    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self, key, _MISSING)
        return default if value is _MISSING else self._private(key, value)

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self._private(key, value) for key, value in dict.items(self)]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(key, self._private(key, value)) for key, value in dict.items(self)]

    def pop(self, key: str, *default: Any) -> Any:
        value = dict.pop(self, key, *default)
        return self._copy_of(key, value) if type(value) is FrozenDict else value

    def popitem(self) -> tuple[str, Any]:
        key, value = dict.popitem(self)
        return key, (self._copy_of(key, value) if type(value) is FrozenDict else value)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        dict.__setitem__(self, key, default)
        return default

    def copy(self) -> Overlay:
        """A shallow copy, as dict's: the shared objects stay shared (they never change)."""
        other = Overlay({}, self.encoded)
        dict.update(other, self)
        return other

    __copy__ = copy

    def __deepcopy__(self, memo: dict[int, Any]) -> Overlay:
        other = Overlay({}, self.encoded)
        for key, value in dict.items(self):
            dict.__setitem__(other, key, value if type(value) is FrozenDict
                             else copy.deepcopy(value, memo))
        return other

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self.items()),))


_MISSING = object()


def peek_items(objects: Mapping[str, Obj]) -> Iterable[tuple[str, Obj]]:
    """Every (key, object) of a collection without copying shared ones: read, never change."""
    return dict.items(objects) if isinstance(objects, dict) else objects.items()


def peek_values(objects: Mapping[str, Obj]) -> Iterable[Obj]:
    """Every object of a collection without copying shared ones: read, never change."""
    return dict.values(objects) if isinstance(objects, dict) else objects.values()


def peek(objects: Mapping[str, Obj], key: str) -> Obj | None:
    """One object of a collection without copying a shared one: read, never change."""
    found: Obj | None = dict.get(objects, key) if isinstance(objects, dict) else objects.get(key)
    return found


def untouched(value: Any) -> bool:
    """Still the shared base object: the sandbox never read it for itself, so never changed."""
    return type(value) is FrozenDict
