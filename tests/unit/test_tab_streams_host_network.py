"""The objects a Sandbox coordinates: its tabs' streams and the learner's machine on the network.

Their behaviour through kubectl (port-forward, curl through it, watches in other tabs) is in the
transcripts; here each object alone, over a plain state dict.
"""

from __future__ import annotations

from typing import Any

import pytest

from playground.sim import http_tools
from playground.sim.cluster import Cluster
from playground.sim.config import SimConfig
from playground.sim.host_network import HostNetwork
from playground.sim.state import new_state
from playground.sim.tab_streams import TICKING, WATCHING, TabStreams

FORWARD = {"namespace": "default", "pod": "web", "uid": "u-1", "forwards": [[8080, 80]]}


def test_a_tab_left_with_nothing_is_dropped_and_pending_output_is_taken_once() -> None:
    state: dict[str, Any] = {}
    tabs = TabStreams(state)
    tabs.set("1", {"kind": "watch", "spec": {}})
    tabs.add_pending("1", ("out", "Handling connection for 8080\n"))
    assert tabs.get("1") == {"kind": "watch", "spec": {}}
    assert tabs.take_pending("1") == [("out", "Handling connection for 8080\n")]
    assert tabs.take_pending("1") == []
    tabs.set("1", None)
    assert state["tabs"] == {}
    assert tabs.get("1") is None


def test_other_tabs_by_kind() -> None:
    tabs = TabStreams({})
    for tab, kind in (("1", "watch"), ("2", "logs"), ("3", "watch-cmd"), ("4", "shell")):
        tabs.set(tab, {"kind": kind, "spec": {}})
    assert tabs.others("1", WATCHING) == ["2"]
    assert tabs.others("4", TICKING) == ["1", "2", "3"]


def test_forwards_open_and_close_with_their_tab() -> None:
    state: dict[str, Any] = {}
    network = HostNetwork(state, TabStreams(state), lambda: "0101 00:00:00.000000")
    network.open_forwards("2", FORWARD)
    assert network.ports_in_use() == {8080}
    assert state["forwards"]["8080"] == {"tab": "2", "namespace": "default", "pod": "web",
                                         "uid": "u-1", "remote": 80}
    network.close_forwards("1")
    assert network.ports_in_use() == {8080}
    network.close_forwards("2")
    assert network.ports_in_use() == set()


@pytest.mark.parametrize(("host", "port", "refusal"), [
    ("10.0.0.7", 80, http_tools.Unreachable),  # no route from the learner's machine
    ("web.default.svc", 80, http_tools.Refused),
    ("localhost", 9999, http_tools.Refused),  # no forward listens there
])  # fmt: skip
def test_curl_reaches_only_the_forwards(host: str, port: int, refusal: type) -> None:
    state = new_state(seed="s", now=1_700_000_000.0)
    network = HostNetwork(state, TabStreams(state), lambda: "")
    cluster = Cluster(state["cluster"], 1_700_000_000.0, SimConfig())
    with pytest.raises(refusal):
        network.fetcher(cluster, {})(host, port, "/")


def test_a_forward_to_a_pod_that_is_gone_tells_its_tab_and_answers_nothing() -> None:
    state = new_state(seed="s", now=1_700_000_000.0)
    tabs = TabStreams(state)
    network = HostNetwork(state, tabs, lambda: "")
    network.open_forwards("2", FORWARD)
    wakes: dict[str, float] = {}
    cluster = Cluster(state["cluster"], 1_700_000_000.0, SimConfig())
    with pytest.raises(http_tools.EmptyReply):
        network.fetcher(cluster, wakes)("127.0.0.1", 8080, "/")
    assert wakes == {"2": 1_700_000_000.0}
    assert tabs.take_pending("2") == [("out", "Handling connection for 8080\n")]
