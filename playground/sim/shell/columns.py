"""``ls`` on a terminal: names in columns as wide as the terminal, the way each ls lays them out.

Both fill columns top to bottom (``-C``, what a tty gets) but choose them differently:

- GNU coreutils (ls.c's ``calculate_columns``) tries every column count up to
  ``width // 3`` and keeps the most whose line fits, each column as wide as its own longest name
  plus two spaces (the last column none); a line must stay shorter than the width.
- BusyBox (ls.c's ``display_files``) gives every column the longest name of the whole listing
  plus two, and fits ``(width - 1) // that`` of them (it goes one less than the terminal).

GNU ls reaches a column with tabs where a tab stop comes first (tab size 8); the terminal shows
the same picture, and spaces keep the text as it reads on the screen. Names are plain here (no
quoting of odd characters, no BusyBox colours).
"""

from __future__ import annotations

from collections.abc import Callable

# GNU ls never makes a column narrower than this (a one-character name and its two spaces)
_MIN_COLUMN = 3


def gnu(names: list[str], width: int, across: bool = False) -> str:
    """What coreutils' ``ls -C`` prints for ``names`` (already sorted) on ``width`` columns
    (``across``: ``ls -x``, the names filling rows rather than columns)."""
    if not names:
        return ""
    count = len(names)
    most = min(max(1, width // _MIN_COLUMN), count)
    best = 1
    for cols in range(most, 1, -1):
        rows = (count + cols - 1) // cols
        # column of each name when laid out in `cols` columns of `rows` rows
        widths = [0] * cols
        for n, name in enumerate(names):
            col = n % cols if across else n // rows
            widths[col] = max(widths[col], len(name) + (0 if col == cols - 1 else 2))
        if sum(widths) < width:
            best = cols
            break
    return _lay_out(names, best, lambda rows: _column_widths(names, rows, best, across),
                    across)


def _column_widths(names: list[str], rows: int, cols: int, across: bool) -> list[int]:
    cols = cols if across else (len(names) + rows - 1) // rows
    widths = [0] * cols
    for n, name in enumerate(names):
        col = n % cols if across else n // rows
        widths[col] = max(widths[col], len(name) + 2)
    return widths


def busybox(names: list[str], width: int, across: bool = False) -> str:
    """What BusyBox's ``ls`` prints for ``names`` (sorted) on a terminal ``width`` wide
    (``across``: ``ls -x``)."""
    if not names:
        return ""
    column = max(len(name) for name in names) + 2
    cols = max(1, (width - 1) // column)
    return _lay_out(names, cols, lambda _rows: [column] * cols, across)


def _lay_out(names: list[str], cols: int, widths_for: Callable[[int], list[int]],
             across: bool = False) -> str:
    """Rows of ``names`` filled column by column (``across``: row by row); each name but a
    row's last padded to its column's width."""
    count = len(names)
    rows = (count + cols - 1) // cols
    widths = widths_for(rows)
    lines = []
    for row in range(rows):
        cells = [(names[i], widths[i % cols]) for i in range(row * cols, min(count,
                 (row + 1) * cols))] if across else \
            [(names[i], widths[i // rows]) for i in range(row, count, rows)]
        line = "".join(name.ljust(w) for name, w in cells[:-1]) + cells[-1][0]
        lines.append(line + "\n")
    return "".join(lines)
