"""Go text/tabwriter behaviour kubectl relies on (spec §1.2, §1.10, §2.1)."""

from __future__ import annotations

from playground.sim.tabwriter import WatchTable, format_lines, format_rows


def test_format_rows_pads_all_but_last_column() -> None:
    rows = [["NAME", "READY", "STATUS", "RESTARTS", "AGE"], ["myweb", "1/1", "Running", "0", "46s"]]
    assert format_rows(rows) == (
        "NAME    READY   STATUS    RESTARTS   AGE\nmyweb   1/1     Running   0          46s\n"
    )


def test_format_rows_keeps_trailing_spaces_for_empty_last_cell() -> None:
    rows = [["NAME", "CREATION_METHOD", "ENV"], ["kubia-manual", "", ""]]
    assert format_rows(rows).splitlines()[1] == "kubia-manual   " + " " * 18


def test_format_rows_uses_min_width_six() -> None:
    assert format_rows([["A", "B"], ["x", "y"]]) == "A     B\nx     y\n"


def test_format_lines_aligns_per_block_of_tabbed_lines() -> None:
    lines = [
        "    Restart Count:\t3",
        "    Limits:",
        "      memory:\t100Mi",
        "    Requests:",
        "      memory:\t50Mi",
        "    Environment:\t<none>",
        "    Mounts:",
    ]
    assert format_lines(lines) == (
        "    Restart Count:  3\n"
        "    Limits:\n"
        "      memory:  100Mi\n"
        "    Requests:\n"
        "      memory:     50Mi\n"
        "    Environment:  <none>\n"
        "    Mounts:\n"
    )


def test_watch_table_widens_columns_without_realigning() -> None:
    table = WatchTable()
    out = table.rows(
        [["NAME", "READY", "STATUS", "RESTARTS", "AGE"], ["myweb", "1/1", "Running", "0", "69s"]]
    )
    out += table.row(["watchme", "0/1", "Pending", "0", "1s"])
    out += table.row(["watchme", "0/1", "ContainerCreating", "0", "1s"])
    out += table.row(["watchme", "1/1", "Running", "0", "2s"])
    assert out == (
        "NAME    READY   STATUS    RESTARTS   AGE\n"
        "myweb   1/1     Running   0          69s\n"
        "watchme   0/1     Pending   0          1s\n"
        "watchme   0/1     ContainerCreating   0          1s\n"
        "watchme   1/1     Running             0          2s\n"
    )


def test_tables_whose_lines_have_equal_cells_align_as_the_block_algorithm_does() -> None:
    # format_lines takes a shortcut for such tables (every `get`); it must equal Go's blocks.
    import random

    from playground.sim import tabwriter

    rng = random.Random(12)
    for _ in range(400):
        columns, count = rng.randint(1, 6), rng.randint(1, 8)
        lines = ["\t".join("".join(rng.choice("ab ") for _ in range(rng.randint(0, 9)))
                           for _ in range(columns)) for _ in range(count)]
        for minwidth, padding in ((6, 3), (0, 2)):
            blocks: list[str] = []
            tabwriter._format_block([line.split("\t") for line in lines], 0, len(lines), [],
                                    minwidth, padding, blocks)
            assert format_lines(lines, minwidth, padding) == "".join(blocks)
