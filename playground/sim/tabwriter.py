"""A re-implementation of Go's text/tabwriter as kubectl configures it for get, describe and watch.

A line is split at tabs into cells; every tab-terminated cell belongs to a column, the text after
the last tab is a trailing cell that is never padded. A column's width is computed per *block* of
consecutive lines that all have a cell in that column, exactly like Go's recursive ``format``.
"""

from __future__ import annotations

from collections.abc import Sequence


def _split(line: str) -> list[str]:
    return line.split("\t")


def _format_block(
    lines: list[list[str]],
    line0: int,
    line1: int,
    widths: list[int],
    minwidth: int,
    padding: int,
    out: list[str],
) -> None:
    column = len(widths)
    this = line0
    while this < line1:
        if column >= len(lines[this]) - 1:
            this += 1
            continue
        # A block of this column starts here: write the lines before it with the known widths.
        _write_lines(lines, line0, this, widths, out)
        line0 = this
        width = minwidth
        while this < line1 and column < len(lines[this]) - 1:
            width = max(width, len(lines[this][column]) + padding)
            this += 1
        widths.append(width)
        _format_block(lines, line0, this, widths, minwidth, padding, out)
        widths.pop()
        line0 = this
    _write_lines(lines, line0, line1, widths, out)


def _write_lines(
    lines: list[list[str]], line0: int, line1: int, widths: list[int], out: list[str]
) -> None:
    for cells in lines[line0:line1]:
        parts = []
        for j, cell in enumerate(cells):
            # Inside a block every line has a cell in each open column, so the trailing cell is
            # never among them; an empty trailing cell still leaves the previous padding behind.
            parts.append(cell.ljust(widths[j]) if j < len(widths) else cell)
        out.append("".join(parts) + "\n")


def _format_uniform(lines: list[list[str]], minwidth: int, padding: int) -> str:
    """``_format_block`` for lines that all have the same number of cells (every ``get``
    table): each column is then one block over all lines, so its width is the widest cell."""
    count = len(lines[0])
    widths = [max(minwidth, max(len(cells[j]) for cells in lines) + padding)
              for j in range(count - 1)]
    return "".join(
        "".join([cell.ljust(width) for cell, width in zip(cells[:-1], widths, strict=True)])
        + cells[-1] + "\n"
        for cells in lines
    )


def format_lines(lines: Sequence[str], minwidth: int = 0, padding: int = 2) -> str:
    """Align tab-separated ``lines`` (without newlines) as one tabwriter flush; adds newlines."""
    cells = [_split(line) for line in lines]
    if cells and all(len(c) == len(cells[0]) for c in cells):
        return _format_uniform(cells, minwidth, padding)
    out: list[str] = []
    _format_block(cells, 0, len(cells), [], minwidth, padding, out)
    return "".join(out)


def format_text(text: str, minwidth: int = 0, padding: int = 2) -> str:
    """Like :func:`format_lines` for a newline-terminated text (describe output)."""
    if not text:
        return ""
    body = text[:-1] if text.endswith("\n") else text
    result = format_lines(body.split("\n"), minwidth, padding)
    return result if text.endswith("\n") else result[:-1]


def format_rows(rows: Sequence[Sequence[str]], minwidth: int = 6, padding: int = 3) -> str:
    """A ``kubectl get`` table: cells joined by tabs, the last cell never padded."""
    return format_lines(["\t".join(row) for row in rows], minwidth, padding)


class WatchTable:
    """Tabwriter state for ``get -w``: every row is flushed alone and column widths only grow.

    kubectl keeps one tabwriter across watch events; each flush aligns the row with the widest
    cells seen so far, so earlier lines are never re-aligned.
    """

    def __init__(self, minwidth: int = 6, padding: int = 3) -> None:
        self.minwidth = minwidth
        self.padding = padding
        self.widths: list[int] = []

    def row(self, cells: Sequence[str]) -> str:
        """Format one row (header or event line) and remember its widths."""
        parts = []
        for j, cell in enumerate(cells):
            if j == len(cells) - 1:
                parts.append(cell)
                continue
            want = max(self.minwidth, len(cell) + self.padding)
            if j >= len(self.widths):
                self.widths.append(want)
            elif want > self.widths[j]:
                self.widths[j] = want
            parts.append(cell.ljust(self.widths[j]))
        return "".join(parts) + "\n"

    def rows(self, rows: Sequence[Sequence[str]]) -> str:
        """Format several rows flushed together (the initial list), widening for all of them."""
        for cells in rows:
            for j, cell in enumerate(cells[:-1]):
                want = max(self.minwidth, len(cell) + self.padding)
                if j >= len(self.widths):
                    self.widths.append(want)
                elif want > self.widths[j]:
                    self.widths[j] = want
        return "".join(self.row(cells) for cells in rows)
