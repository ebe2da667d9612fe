"""``ps`` in a pipeline lists the stages after it: they run beside ps, blocked on its pipe."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox


@pytest.fixture(scope="module")
def box() -> Sandbox:
    clock = FixedClock()
    sb = Sandbox(Sandbox.new_state("ps-pipes", clock.now()), clock)
    for line in ("kubectl run web --image=nginx", "kubectl run bb --image=busybox -- sleep 1d"):
        assert sb.execute(line).exit_code == 0
    clock.advance(60)
    for line in ("kubectl exec -it web -- bash", "apt-get update", "apt-get install -y procps"):
        assert sb.execute(line, tab="web").exit_code == 0
    assert sb.execute("kubectl exec -it bb -- sh", tab="bb").exit_code == 0
    return sb


def rows(sb: Sandbox, line: str, tab: str) -> list[list[str]]:
    return [row.split() for row in sb.execute(line, tab=tab).text.splitlines()]


def test_ps_aux_shows_grep_in_the_foreground_after_ps(box: Sandbox) -> None:
    table = rows(box, "ps aux | grep nginx", "web")
    assert [r[10:] for r in table][-1] == ["grep", "nginx"]
    grep = table[-1]
    assert (grep[0], grep[6], grep[7]) == ("root", "pts/0", "S+")
    everything = rows(box, "ps aux | cat", "web")
    ps, cat = everything[-2], everything[-1]
    assert int(cat[1]) == int(ps[1]) + 1 and cat[10:] == ["cat"] and cat[7] == "S+"


def test_ps_ef_gives_the_stage_the_shell_as_parent(box: Sandbox) -> None:
    table = rows(box, "ps -ef | grep 'ngin[x]' ; ps -ef | cat", "web")
    shell = next(r for r in table if r[7:] == ["/bin/bash"] or r[7:] == ["bash"])
    cat = table[-1]
    assert cat[7:] == ["cat"] and cat[2] == shell[1]


def test_busybox_ps_shows_the_stage_as_its_argv(box: Sandbox) -> None:
    table = rows(box, "ps | grep sleep", "bb")
    assert table[0][1:] == ["root", "0:00", "sleep", "1d"]
    assert table[-1][1:] == ["root", "0:00", "grep", "sleep"]


def test_ps_alone_lists_no_pipeline(box: Sandbox) -> None:
    assert not any("grep" in r for r in rows(box, "ps aux", "web"))
