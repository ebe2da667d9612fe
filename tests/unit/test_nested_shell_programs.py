"""`sh -c` / `bash -c` children of a container shell exec from the same PATH as their parent:
what apt-get installed runs there too, and the tty-minded tools ask the child's terminal."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox


@pytest.fixture(scope="module")
def box() -> Sandbox:
    clock = FixedClock()
    sb = Sandbox(Sandbox.new_state("nested", clock.now()), clock)
    assert sb.execute("kubectl run web --image=nginx").exit_code == 0
    clock.advance(60)
    for line in ("kubectl exec -it web -- bash", "apt-get update",
                 "apt-get install -y lsof tcpdump procps"):
        assert sb.execute(line, tab="t").exit_code == 0
    return sb


def test_lsof_runs_in_a_sh_c_child_as_it_does_directly(box: Sandbox) -> None:
    direct = box.execute("lsof", tab="t").text
    child = box.execute("sh -c 'lsof'", tab="t")
    assert "not found" not in child.text and child.exit_code == 0
    assert child.text.splitlines()[0] == direct.splitlines()[0]


def test_tcpdump_help_runs_in_a_bash_c_child(box: Sandbox) -> None:
    direct = box.execute("tcpdump -h", tab="t")
    child = box.execute('bash -c "tcpdump -h"', tab="t")
    assert "not found" not in child.text
    assert (child.text, child.exit_code) == (direct.text, direct.exit_code)


def test_procps_ps_aux_runs_in_a_sh_c_child(box: Sandbox) -> None:
    child = box.execute("sh -c 'ps aux'", tab="t")
    assert child.exit_code == 0
    assert child.text.splitlines()[0].split()[:3] == ["USER", "PID", "%CPU"]


def test_stty_and_tput_in_a_child_see_the_terminal_it_inherits(box: Sandbox) -> None:
    assert box.execute("sh -c 'stty size'", tab="t").text == box.execute(
        "stty size", tab="t").text
    assert box.execute("bash -c 'tput cols'", tab="t").text == box.execute(
        "tput cols", tab="t").text
