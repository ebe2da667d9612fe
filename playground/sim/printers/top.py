"""`kubectl top`'s tables, as kubectl 1.32's metricsutil.TopCmdPrinter writes them.

Every value is written with a tab after it, the line's last one too, so each line ends in
padding (the tabwriter pads tab-terminated cells). CPU is ``Quantity.MilliValue()`` (rounded
up to the next millicore) with ``m``; memory is whole MiB (rounded down) with ``Mi``; a node's
share is the usage over its allocatable (or capacity) in whole percent, rounded down. Sorting
is Go's ``sort.Sort`` (pdqsort, not stable) with the sorters' Less: by name, or by CPU or
memory, largest first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from playground.sim.metrics import NodeMetrics, PodMetrics
from playground.sim.printers.gosort import sort_sort
from playground.sim.tabwriter import format_text
from playground.sim.usage import Reading

NODE_COLUMNS = ("NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)")
POD_COLUMNS = ("NAME", "CPU(cores)", "MEMORY(bytes)")
MI = 1024 * 1024


def milli(cpu_nanos: int) -> int:
    """Quantity.MilliValue() of a CPU rate in nanocores: rounded up."""
    return math.ceil(cpu_nanos / 1_000_000)


def _usage(cpu_nanos: int, memory: int) -> str:
    return f"{milli(cpu_nanos)}m\t{memory // MI}Mi\t"


def _tabled(text: str) -> str:
    return format_text(text, 6, 3)


def node_table(metrics: Sequence[NodeMetrics], available: dict[str, tuple[int, int]],
               *, no_headers: bool, sort_by: str) -> str:
    """``available``: node name → (CPU millicores, memory bytes) of the nodes kubectl listed;
    a listed node without metrics gets a row of ``<unknown>``."""
    if not metrics:
        return ""

    def less(a: NodeMetrics, b: NodeMetrics) -> bool:
        if sort_by == "cpu":
            return milli(a.cpu_nanos) > milli(b.cpu_nanos)
        if sort_by == "memory":
            return a.memory > b.memory
        return a.name < b.name

    rows = "" if no_headers else "".join(f"{c}\t" for c in NODE_COLUMNS) + "\n"
    left = dict(available)
    for m in sort_sort(list(metrics), less):
        rows += f"{m.name}\t{milli(m.cpu_nanos)}m\t"
        if m.name in left:
            cpu, memory = left.pop(m.name)
            rows += f"{int(milli(m.cpu_nanos) / cpu * 100) if cpu else 0}%\t"
        rows += f"{m.memory // MI}Mi\t"
        if m.name in available:
            memory = available[m.name][1]
            rows += f"{int(m.memory * 1000 / (memory * 1000) * 100) if memory else 0}%\t"
        rows += "\n"
    for name in left:  # Go ranges over a map here: any order (one node at most in practice)
        rows += f"{name}\t" + "<unknown>\t" * 4 + "\n"
    return _tabled(rows)


def _pod_totals(m: PodMetrics) -> tuple[int, int]:
    return sum(c.cpu_nanos for c in m.containers), sum(c.memory for c in m.containers)


def pod_table(metrics: Sequence[PodMetrics], *, containers: bool, namespaces: bool,
              no_headers: bool, sort_by: str, total: bool) -> str:
    if not metrics:
        return ""
    rows = ""
    width = len(POD_COLUMNS)
    if not no_headers:
        # metricsutil counts the extra columns only while writing their headers, so --sum's
        # alignment under --no-headers leaves them out
        if namespaces:
            rows += "NAMESPACE\t"
            width += 1
        if containers:
            rows += "POD\t"
            width += 1
        rows += "".join(f"{c}\t" for c in POD_COLUMNS) + "\n"

    def less(a: PodMetrics, b: PodMetrics) -> bool:
        if sort_by == "cpu":
            return milli(_pod_totals(a)[0]) > milli(_pod_totals(b)[0])
        if sort_by == "memory":
            return _pod_totals(a)[1] > _pod_totals(b)[1]
        if namespaces and a.namespace != b.namespace:
            return a.namespace < b.namespace
        return a.name < b.name

    def container_less(a: Reading, b: Reading) -> bool:
        if sort_by == "cpu":
            return milli(a.cpu_nanos) > milli(b.cpu_nanos)
        if sort_by == "memory":
            return a.memory > b.memory
        return a.name < b.name

    ordered = sort_sort(list(metrics), less)
    for m in ordered:
        prefix = f"{m.namespace}\t" if namespaces else ""
        if containers:
            for c in sort_sort(list(m.containers), container_less):
                rows += f"{prefix}{m.name}\t{c.name}\t{_usage(c.cpu_nanos, c.memory)}\n"
        else:
            rows += f"{prefix}{m.name}\t{_usage(*_pod_totals(m))}\n"
    if total:
        cpu = sum(_pod_totals(m)[0] for m in ordered)
        memory = sum(_pod_totals(m)[1] for m in ordered)
        rows += "\t" * (width - 2) + "________\t________\t\n"
        rows += "\t" * (width - 3) + f"\t{_usage(cpu, memory)}\n"
    return _tabled(rows)
