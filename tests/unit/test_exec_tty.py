"""A one-shot `kubectl exec -t POD -- CMD` gives CMD a tty at the tab's size (TERM=xterm, the
page's columns and rows), as kubectl passes the learner's terminal on; without -t there is none."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox


@pytest.fixture()
def box() -> Sandbox:
    clock = FixedClock()
    sb = Sandbox(Sandbox.new_state("exec-tty", clock.now()), clock)
    assert sb.execute("kubectl run w --image=busybox -- sleep 3600").exit_code == 0
    clock.advance(60)
    return sb


def test_stty_reads_the_tabs_terminal_size(box: Sandbox) -> None:
    assert box.execute("kubectl exec -it w -- stty size").text == "24 80\n"  # never measured
    measured = box.execute("kubectl exec -it w -- stty size", tab="2", size=(132, 40))
    assert measured.text == "40 132\n"
    assert box.execute("kubectl exec -t w -- stty size", tab="2").text == "40 132\n"


def test_without_a_tty_stty_fails_and_ls_writes_a_name_a_line(box: Sandbox) -> None:
    result = box.execute("kubectl exec w -- stty size")
    assert (result.text, result.exit_code) == (
        "stty: standard input: Not a tty\ncommand terminated with exit code 1\n", 1)
    assert box.execute("kubectl exec w -- printenv TERM").exit_code == 1
    one_a_line = box.execute("kubectl exec w -- ls /").text
    assert one_a_line.startswith("bin\ndev\n")


def test_ls_on_the_tty_writes_columns_as_wide_as_the_tab(box: Sandbox) -> None:
    wide = box.execute("kubectl exec -it w -- ls /", tab="3", size=(200, 50)).text
    assert len(wide.splitlines()) == 1 and wide.startswith("bin ")
    narrow = box.execute("kubectl exec -it w -- ls /", tab="4", size=(20, 50)).text
    assert all(len(row) < 20 for row in narrow.splitlines()) and len(narrow.splitlines()) > 1
    assert box.execute("kubectl exec -it w -- printenv TERM").text == "xterm\n"
