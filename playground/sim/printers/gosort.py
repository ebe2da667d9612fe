"""Go's ``sort.Sort``: the order it leaves equal elements in, which kubectl's output shows.

Since Go 1.19 ``sort.Sort`` is pattern-defeating quicksort (pdqsort, Orson Peters): ranges of at
most 12 elements are insertion-sorted (stable), longer ones are partitioned around a pivot
chosen by median-of-three (ninther from 50 elements on), with a partial insertion sort for
ranges that look sorted, a partition that gathers elements equal to the previous pivot, a
deterministic xorshift shuffle of a few elements after an unbalanced partition, and heapsort
when the recursion budget runs out. None of that keeps equal elements in their input order, so
Python's stable ``sorted`` differs from kubectl once more than 12 elements are sorted.

Written from the algorithm's description; to give the same order it has to take the same steps
as Go's implementation (the sort package, BSD-3-Clause, (c) The Go Authors), whose structure it
therefore follows. Checked against the real kubectl v1.32 (describe's event order) by
tests/integration/test_oracle_event_order.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_INSERTION_MAX = 12  # ranges this short are insertion-sorted
_NINTHER_MIN = 50  # from this length the pivot is a median of three medians
_PARTIAL_STEPS = 5  # partial insertion sort gives up after this many misplaced elements
_PARTIAL_SHIFT_MIN = 50  # ...and shifts elements only in ranges at least this long
_MAX_SWAPS = 4 * 3
_INCREASING, _DECREASING, _UNKNOWN = 0, 1, 2
_MASK64 = (1 << 64) - 1


class _Data(Generic[T]):
    """The sort.Interface view of a list: Less by index, Swap by index."""

    def __init__(self, items: list[T], less: Callable[[T, T], bool]) -> None:
        self.items = items
        self._less = less

    def less(self, i: int, j: int) -> bool:
        return self._less(self.items[i], self.items[j])

    def swap(self, i: int, j: int) -> None:
        self.items[i], self.items[j] = self.items[j], self.items[i]


def sort_sort(items: list[T], less: Callable[[T, T], bool]) -> list[T]:
    """A new list in the order Go's ``sort.Sort`` leaves ``items`` in under ``less``."""
    data: _Data[T] = _Data(list(items), less)
    n = len(data.items)
    _pdqsort(data, 0, n, n.bit_length())
    return data.items


def _insertion_sort(data: _Data[T], a: int, b: int) -> None:
    for i in range(a + 1, b):
        j = i
        while j > a and data.less(j, j - 1):
            data.swap(j, j - 1)
            j -= 1


def _sift_down(data: _Data[T], lo: int, hi: int, first: int) -> None:
    root = lo
    while True:
        child = 2 * root + 1
        if child >= hi:
            return
        if child + 1 < hi and data.less(first + child, first + child + 1):
            child += 1
        if not data.less(first + root, first + child):
            return
        data.swap(first + root, first + child)
        root = child


def _heap_sort(data: _Data[T], a: int, b: int) -> None:
    first, hi = a, b - a
    for i in range((hi - 1) // 2, -1, -1):
        _sift_down(data, i, hi, first)
    for i in range(hi - 1, -1, -1):
        data.swap(first, first + i)
        _sift_down(data, 0, i, first)


def _pdqsort(data: _Data[T], a: int, b: int, limit: int) -> None:
    balanced = partitioned = True
    while True:
        length = b - a
        if length <= _INSERTION_MAX:
            _insertion_sort(data, a, b)
            return
        if limit == 0:
            _heap_sort(data, a, b)
            return
        if not balanced:
            _break_patterns(data, a, b)
            limit -= 1
        pivot, hint = _choose_pivot(data, a, b)
        if hint == _DECREASING:
            _reverse(data, a, b)
            pivot = (b - 1) - (pivot - a)
            hint = _INCREASING
        if balanced and partitioned and hint == _INCREASING and _partial_insertion_sort(
                data, a, b):
            return
        # the previous pivot (just left of the range) is not less than this one: the range
        # starts with elements equal to it, which need no further sorting
        if a > 0 and not data.less(a - 1, pivot):
            a = _partition_equal(data, a, b, pivot)
            continue
        mid, partitioned = _partition(data, a, b, pivot)
        left, right = mid - a, b - mid
        threshold = length // 8
        if left < right:
            balanced = left >= threshold
            _pdqsort(data, a, mid, limit)
            a = mid + 1
        else:
            balanced = right >= threshold
            _pdqsort(data, mid + 1, b, limit)
            b = mid


def _partition(data: _Data[T], a: int, b: int, pivot: int) -> tuple[int, bool]:
    """Elements less than the pivot to its left, the others to its right; True when nothing
    had to move."""
    data.swap(a, pivot)
    i, j = a + 1, b - 1
    while i <= j and data.less(i, a):
        i += 1
    while i <= j and not data.less(j, a):
        j -= 1
    if i > j:
        data.swap(j, a)
        return j, True
    data.swap(i, j)
    i, j = i + 1, j - 1
    while True:
        while i <= j and data.less(i, a):
            i += 1
        while i <= j and not data.less(j, a):
            j -= 1
        if i > j:
            break
        data.swap(i, j)
        i, j = i + 1, j - 1
    data.swap(j, a)
    return j, False


def _partition_equal(data: _Data[T], a: int, b: int, pivot: int) -> int:
    """Elements equal to the pivot to the left; returns where the greater ones begin."""
    data.swap(a, pivot)
    i, j = a + 1, b - 1
    while True:
        while i <= j and not data.less(a, i):
            i += 1
        while i <= j and data.less(a, j):
            j -= 1
        if i > j:
            break
        data.swap(i, j)
        i, j = i + 1, j - 1
    return i


def _partial_insertion_sort(data: _Data[T], a: int, b: int) -> bool:
    """Sort a nearly sorted range by moving a few misplaced elements; False if it is not."""
    i = a + 1
    for _step in range(_PARTIAL_STEPS):
        while i < b and not data.less(i, i - 1):
            i += 1
        if i == b:
            return True
        if b - a < _PARTIAL_SHIFT_MIN:
            return False
        data.swap(i, i - 1)
        if i - a >= 2:  # the smaller one moves left
            j = i - 1
            while j >= 1 and data.less(j, j - 1):
                data.swap(j, j - 1)
                j -= 1
        if b - i >= 2:  # the greater one moves right
            j = i + 1
            while j < b and data.less(j, j - 1):
                data.swap(j, j - 1)
                j += 1
    return False


def _break_patterns(data: _Data[T], a: int, b: int) -> None:
    """Swap three elements near the middle with pseudo-random ones (xorshift seeded with the
    range's length, so the same input always sorts the same way)."""
    length = b - a
    if length < 8:
        return
    state = length
    modulus = 1 << length.bit_length()
    first = a + (length // 4) * 2 - 1  # the three swapped places start just left of the middle
    for i in range(3):
        state ^= (state << 13) & _MASK64
        state ^= state >> 17
        state ^= (state << 5) & _MASK64
        other = state & (modulus - 1)
        if other >= length:
            other -= length
        data.swap(first + i, a + other)


def _choose_pivot(data: _Data[T], a: int, b: int) -> tuple[int, int]:
    """The pivot's index and a hint of the range's order (no swaps: increasing, all: decreasing)."""
    length = b - a
    swaps = [0]
    i, j, k = a + length // 4, a + length // 4 * 2, a + length // 4 * 3
    if length >= 8:
        if length >= _NINTHER_MIN:
            i = _median(data, i - 1, i, i + 1, swaps)
            j = _median(data, j - 1, j, j + 1, swaps)
            k = _median(data, k - 1, k, k + 1, swaps)
        j = _median(data, i, j, k, swaps)
    if swaps[0] == 0:
        return j, _INCREASING
    if swaps[0] == _MAX_SWAPS:
        return j, _DECREASING
    return j, _UNKNOWN


def _order2(data: _Data[T], a: int, b: int, swaps: list[int]) -> tuple[int, int]:
    if data.less(b, a):
        swaps[0] += 1
        return b, a
    return a, b


def _median(data: _Data[T], a: int, b: int, c: int, swaps: list[int]) -> int:
    a, b = _order2(data, a, b, swaps)
    b, c = _order2(data, b, c, swaps)
    a, b = _order2(data, a, b, swaps)
    return b


def _reverse(data: _Data[T], a: int, b: int) -> None:
    i, j = a, b - 1
    while i < j:
        data.swap(i, j)
        i, j = i + 1, j - 1
