"""tcpdump in a container shell: tcpdump 4.99's start lines, a wait for Ctrl-C, its counts."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.runtime import tcpdump
from playground.sim.sandbox import Sandbox

START = ("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
         "listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n")


@pytest.fixture()
def box() -> Sandbox:
    clock = FixedClock()
    sb = Sandbox(Sandbox.new_state("tcpdump", clock.now()), clock)
    assert sb.execute("kubectl run web --image=nginx").exit_code == 0
    clock.advance(60)
    for line in ("kubectl exec -it web -- bash", "apt-get update", "apt-get install -y tcpdump"):
        assert sb.execute(line, tab="t").exit_code == 0
    return sb


def test_tcpdump_listens_until_ctrl_c_then_prints_its_counts(box: Sandbox) -> None:
    started = box.execute("tcpdump", tab="t")
    assert (started.text, started.running) == (START, True)
    busy = box.execute("ls", tab="t")
    assert busy.running and "still running" in busy.text
    stopped = box.interrupt(tab="t")
    assert stopped.chunks == [("err", "0 packets captured\n0 packets received by filter\n"
                                      "0 packets dropped by kernel\n")]
    assert (stopped.exit_code, stopped.prompt) == (0, "root@web:/# ")
    assert box.execute("echo back", tab="t").text == "back\n"


def test_verbose_names_the_program_once(box: Sandbox) -> None:
    assert box.execute("tcpdump -v -i any", tab="t").text == (
        "tcpdump: listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length "
        "262144 bytes\n")
    box.interrupt(tab="t")


@pytest.mark.parametrize(("line", "says"), [
    ("tcpdump -i eth9", "tcpdump: eth9: No such device exists\n"),
    ("tcpdump port 80", "not available in this playground yet"),
    ("tcpdump | head", "only available at a container shell's prompt"),
])
def test_what_it_cannot_do_is_said_plainly(box: Sandbox, line: str, says: str) -> None:
    result = box.execute(line, tab="t")
    assert not result.running and says in result.text
    assert box.execute("echo $?", tab="t").text == ("0\n" if "|" in line else "1\n")


def test_counts_are_plural_but_for_one() -> None:
    assert tcpdump.summary(1, 2).splitlines() == [
        "1 packet captured", "2 packets received by filter", "0 packets dropped by kernel"]
