"""Go's sort.Sort as kubectl's describe applies it to events (pdqsort)."""

from __future__ import annotations

import random
from collections.abc import Callable

from playground.sim.printers.gosort import sort_sort

# Recorded from the real kubectl v1.32: describe of 18 events whose lastTimestamps are these
# ages (seconds ago), listed in this order by the API server; the order describe printed them.
AGES = [300, 200, 300, 100, 300, 200, 300, 100, 100, 100, 100, 200, 300, 100, 100, 100, 100, 300]
KUBECTL_ORDER = [12, 6, 0, 2, 4, 17, 5, 1, 11, 7, 10, 3, 9, 13, 14, 15, 16, 8]


def test_order_of_equal_elements_is_kubectls() -> None:
    def newer_first(i: int, j: int) -> bool:
        return -AGES[i] < -AGES[j]

    order = sort_sort(list(range(len(AGES))), newer_first)
    assert order == KUBECTL_ORDER


def test_sorts_and_keeps_every_element() -> None:
    rng = random.Random(3)
    for n in range(0, 300, 7):
        keys = [rng.randint(0, 5) for _ in range(n)]
        order = sort_sort(list(range(n)), _by(keys))
        assert sorted(order) == list(range(n))
        assert [keys[i] for i in order] == sorted(keys)


def test_twelve_or_fewer_and_all_equal_keep_their_order() -> None:
    rng = random.Random(5)
    keys = [rng.randint(0, 2) for _ in range(12)]
    stable = sorted(range(12), key=lambda i: keys[i])
    assert sort_sort(list(range(12)), lambda i, j: keys[i] < keys[j]) == stable
    assert sort_sort(list(range(40)), lambda i, j: False) == list(range(40))


def _by(keys: list[int]) -> Callable[[int, int], bool]:
    return lambda i, j: keys[i] < keys[j]

