"""A shell inside a container with the programs that reach out of it: curl and wget over the
pod network, ps, ping, nslookup against the cluster's DNS, and ``sh -c`` child shells.

The shell itself (files, flavour, prompt) comes from ``containers``; this module wires the
network-facing commands to the cluster the line runs against.
"""

from __future__ import annotations

from typing import Any

from playground.sim import (
    container_processes,
    containers,
    endpoints,
    http_tools,
    lifecycle,
    nslookup,
    ping,
    service_traffic,
)
from playground.sim.cluster import Cluster
from playground.sim.config import SimConfig
from playground.sim.runtime import tools as runtime_tools
from playground.sim.shell import Io, Shell


def build(state: dict[str, Any], config: SimConfig, cluster: Cluster, record: dict[str, Any],
          container: str, program: str, date: containers.CommandFn,
          attached: bool = False) -> Shell:
    """The shell ``program`` in ``container`` of the pod ``record`` (``attached``: it is the
    container's PID 1, `kubectl run -it`)."""

    def fetch(host: str, port: int, path: str) -> tuple[int, str]:
        pods = cluster.pod_records(None)
        services = cluster.services(None)
        if containers.ping_route(pods, services, record, host) is None:
            raise http_tools.NoSuchHost()  # no DNS answer for the name
        service = service_traffic.service_named(services, record["metadata"]["namespace"],
                                                host)
        node_ips = {a.get("address") for n in cluster.nodes()
                    for a in (n.get("status") or {}).get("addresses") or []}
        by_node_port = service_traffic.node_port_target(services, port)
        if service is None and host in node_ips and by_node_port is not None:
            service, port = by_node_port
        if service is not None:
            # kube-proxy's rules: the connection goes to one ready endpoint's target port
            try:
                chosen = service_traffic.backend(
                    service, cluster.pods(None), port, state.setdefault("service_turns", {}),
                    endpoints.api_server_address(cluster.nodes()))
            except service_traffic.NoEndpoints:
                raise http_tools.Refused() from None
            except service_traffic.NoSuchPort:
                raise http_tools.Unreachable() from None
            host, port = chosen.ip, chosen.port
        try:
            return containers.http_from_pod(state, pods, record, host, port, path, cluster.now)
        except lifecycle.ConnectionRefused:
            raise http_tools.Refused() from None

    def curl(argv: list[str], stdin: str | None, io_: Io) -> int:
        return http_tools.curl(argv, stdin, io_, fetch)

    def address_of(host: str) -> str:
        """A Service's name dials its ClusterIP (what busybox wget names in its messages)."""
        service = service_traffic.service_named(cluster.services(None),
                                                record["metadata"]["namespace"], host)
        return str((service.get("spec") or {}).get("clusterIP") or "") if service else ""

    def wget(argv: list[str], stdin: str | None, io_: Io) -> int:
        return http_tools.wget(argv, stdin, io_, fetch, address_of)

    def ps(argv: list[str], stdin: str | None, io_: Io) -> int:
        del stdin
        busybox = sh.profile.tool_style == "busybox"
        io_.write_out(container_processes.ps_lines(record, container, busybox,
                                          [] if attached else [sh.profile.shell_program], argv))
        return 0

    def nested(argv: list[str], stdin: str | None, io_: Io) -> int:
        # `sh -c 'cmd'` runs cmd in a child shell: same files, its own cwd and variables
        if len(argv) >= 3 and argv[1] == "-c":
            child = containers.shell(state, record, container, config, commands, argv[0],
                                     now=cluster.now)
            child.state = dict(sh.state, lineno=0, script=True)
            return child.run(argv[2], io_)
        if stdin:
            return sh.run(stdin, io_)
        return 0

    def ping_cmd(argv: list[str], stdin: str | None, io_: Io) -> int:
        del stdin
        return ping.ping(argv, io_, lambda host: containers.ping_route(
            cluster.pod_records(None), cluster.services(None), record, host))

    def nslookup_cmd(argv: list[str], stdin: str | None, io_: Io) -> int:
        del stdin
        image = containers.image_of(record, container)
        dns = nslookup.dns_for(record["metadata"]["namespace"], cluster.services(None))
        return nslookup.nslookup(argv, io_, dns, image.nslookup if image else "1.36")

    commands: dict[str, containers.CommandFn] = {
        "curl": curl, "wget": wget, "ps": ps, "date": date, "sh": nested, "bash": nested,
        "ash": nested, "dash": nested, "ping": ping_cmd, "nslookup": nslookup_cmd}
    meta = record["metadata"]
    commands.update(runtime_tools.commands(record, container, lambda: sh, lambda to, sig:
                    cluster.signal_main(meta["namespace"], meta["name"], to, sig), attached))
    sh = containers.shell(state, record, container, config, commands, program,
                          run_id=containers.container_id(cluster.view(record).obj, container),
                          now=cluster.now, on_change=lambda path, exists:
                          cluster.file_changed(record, container, path, exists))
    return sh
