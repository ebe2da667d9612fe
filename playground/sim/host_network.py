"""The learner's own machine on the network: what its curl and wget reach, and its forwards.

The only ports open on the learner's machine are its ``kubectl port-forward``s, kept in
``state["forwards"]`` (local port -> the tab that runs it, the pod, its uid and the remote
port). A request to one of them is served by the pod, and the forwarding tab prints ``Handling
connection for PORT`` (or the forward's error) the next time it is in view; any other address
is refused or unreachable, as on a machine that reaches no cluster network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playground.sim import containers, http_tools, lifecycle, streams
from playground.sim.cluster import Cluster
from playground.sim.tab_streams import TabStreams

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


class HostNetwork:
    """The forwards in a sandbox's state, and the fetcher its curl and wget use."""

    def __init__(self, state: dict[str, Any], tabs: TabStreams,
                 klog_time: Callable[[], str]) -> None:
        self.state = state
        self.tabs = tabs
        self.klog_time = klog_time  # kubectl's log-line time, for a forward's error

    def open_forwards(self, tab: str, spec: dict[str, Any]) -> None:
        """``kubectl port-forward`` in ``tab`` now listens on its local ports."""
        forwards = self.state.setdefault("forwards", {})
        for local, remote in spec["forwards"]:
            forwards[str(local)] = {"tab": tab, "namespace": spec["namespace"],
                                    "pod": spec["pod"], "uid": spec["uid"], "remote": remote}

    def close_forwards(self, tab: str) -> None:
        """The tab's stream ended: its ports close."""
        forwards = self.state.get("forwards", {})
        for port in [p for p, f in forwards.items() if f["tab"] == tab]:
            del forwards[port]

    def ports_in_use(self) -> set[int]:
        return {int(p) for p in self.state.get("forwards", {})}

    def fetcher(self, cluster: Cluster, wakes: dict[str, float]) -> http_tools.Fetcher:
        """What curl on the learner's machine reaches: its port-forwards, nothing else. A tab
        a request went through is added to ``wakes`` (it has output to show)."""

        def fetch(host: str, port: int, path: str) -> tuple[int, str]:
            if host not in LOOPBACK:
                if _is_ip(host):
                    raise http_tools.Unreachable()
                raise http_tools.Refused()
            forward = self.state.get("forwards", {}).get(str(port))
            if forward is None:
                raise http_tools.Refused()
            tab = forward["tab"]
            self.tabs.add_pending(tab, ("out", f"Handling connection for {port}\n"))
            wakes[tab] = cluster.now
            record = cluster.pod_record(forward["namespace"], forward["pod"])
            if record is None or record["metadata"]["uid"] != forward["uid"]:
                raise http_tools.EmptyReply()
            try:
                remote = int(forward["remote"])
                code, body = lifecycle.http_get(record, remote, path, cluster.now)
                served = containers.web_file(self.state, record, remote, path, cluster.now)
                return served if served is not None else (code, body)
            except lifecycle.ConnectionRefused:
                self.tabs.add_pending(tab, ("err", streams.forward_error(
                    self.klog_time(), port, int(forward["remote"]), record)))
                raise http_tools.EmptyReply() from None

        return fetch


def _is_ip(host: str) -> bool:
    parts = host.split(".")
    return len(parts) == 4 and all(p.isdigit() for p in parts)
