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
