"""A shell inside a container with the programs that reach out of it: curl and wget over the
pod network, ps, ping, nslookup against the cluster's DNS, and ``sh -c`` child shells.

The shell itself (files, flavour, prompt) comes from ``containers``; this module wires the
network-facing commands to the cluster the line runs against.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from playground.sim import (
    containers,
    endpoints,
    http_tools,
    lifecycle,
    nslookup,
    ping,
    process_table,
    service_traffic,
)
from playground.sim.cluster import Cluster
from playground.sim.config import SimConfig
from playground.sim.runtime import lsof, packages, procps, security, tcpdump, termsize
from playground.sim.runtime import tools as runtime_tools
from playground.sim.shell import Io, Shell
from playground.sim.timefmt import parse_rfc3339


def build(state: dict[str, Any], config: SimConfig, cluster: Cluster, record: dict[str, Any],
          container: str, program: str, date: containers.CommandFn,
          attached: bool = False) -> Shell:
    """The shell ``program`` in ``container`` of the pod ``record`` (``attached``: it is the
    container's PID 1, `kubectl run -it`)."""

    running: list[Shell] = []

    def cluster_dns() -> nslookup.Dns:
        return nslookup.dns_for(record["metadata"]["namespace"], cluster.services(None),
                                cluster.pods(None),
                                [n["metadata"]["name"] for n in cluster.namespaces()])

    def to_pod(host: str) -> str:
        """A name cluster DNS answers with a pod's IP (a headless Service, an endpoint's or a
        pod's DNS name) is that IP for the program; Services' names stay names, for
        kube-proxy's rules below."""
        if host == "localhost" or nslookup.is_ipv4(host) or "." not in host and \
                host in (record["spec"].get("hostname"), record["metadata"]["name"]):
            return host
        found = cluster_dns().resolve(host)
        if found is None:
            return host
        cluster_ips = {ip for s in cluster.services(None)
                       for ip in (s.get("spec") or {}).get("clusterIPs") or []}
        return host if found[1][0] in cluster_ips else found[1][0]

    def unanswered(host: str) -> bool:
        """A headless Service's name that DNS does not answer (no ready endpoint)."""
        service = service_traffic.service_named(cluster.services(None),
                                                record["metadata"]["namespace"], host)
        return service is not None and (service.get("spec") or {}).get("clusterIP") == "None"

    def fetch(host: str, port: int, path: str) -> tuple[int, str]:
        host = to_pod(host)
        pods = cluster.pod_records(None)
        services = cluster.services(None)
        if unanswered(host) or containers.ping_route(pods, services, record, host) is None:
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
        if not busybox:
            entry = lifecycle.container_state(record, container, cluster.now) or {}
            started = ((entry.get("state") or {}).get("running") or {}).get("startedAt")
            table = procps.ps(record, container, [] if attached else [sh.profile.shell_program],
                              argv, "TERM" in sh.state.get("vars", {}), cluster.now,
                              parse_rfc3339(started) if started else None,
                              running[-1].pipe_after)
            if table is not None:
                io_.write_out(table)
                return 0
        io_.write_out(process_table.ps_lines(record, container, busybox,
                                          [] if attached else [sh.profile.shell_program], argv,
                                          running[-1].pipe_after))
        return 0

    def lsof_cmd(argv: list[str], stdin: str | None, io_: Io) -> int:
        del stdin
        if len(argv) > 1:  # lsof's selection options are not modelled: say so in words
            io_.write_err("lsof: options are not available in this playground yet\n")
            return 1
        rows = process_table.processes(record, container,
                                       [] if attached else [sh.profile.shell_program],
                                       ["lsof"], titles=True)
        users = {u.uid: u.name for u in (image.users.values() if image else ())}
        io_.write_out(lsof.table(record, rows, "TERM" in sh.state.get("vars", {}), users))
        return 0

    def nested(argv: list[str], stdin: str | None, io_: Io) -> int:
        # `sh -c 'cmd'` runs cmd in a child shell: same files, its own cwd and variables
        parent = running[-1]
        if len(argv) >= 3 and argv[1] == "-c":
            child = containers.shell(state, record, container, config, commands, argv[0],
                                     now=cluster.now)
            child.state = dict(parent.state, lineno=0, script=True)
            child.fs.state = child.state  # its files see its own cwd (`cd x; ls`)
            # the child execs from the same PATH: what apt-get installed is there too
            child.profile = dataclasses.replace(child.profile, programs=(
                child.profile.programs or frozenset()) | (parent.profile.programs or frozenset()))
            child.terminal = parent.terminal  # it inherits the parent's tty (stty size)
            running.append(child)
            try:
                return child.run(argv[2], io_)
            finally:
                running.pop()
        if stdin:
            return parent.run(stdin, io_)
        return 0

    def ping_cmd(argv: list[str], stdin: str | None, io_: Io) -> int:
        del stdin
        return ping.ping(argv, io_, lambda host: None if unanswered(to_pod(host)) else
                         containers.ping_route(cluster.pod_records(None),
                                               cluster.services(None), record, to_pod(host)))

    def nslookup_cmd(argv: list[str], stdin: str | None, io_: Io) -> int:
        del stdin
        image = containers.image_of(record, container)
        return nslookup.nslookup(argv, io_, cluster_dns(), image.nslookup if image else "1.36")

    commands: dict[str, containers.CommandFn] = {
        "curl": curl, "wget": wget, "ps": ps, "date": date, "sh": nested, "bash": nested,
        "ash": nested, "dash": nested, "ping": ping_cmd, "nslookup": nslookup_cmd,
        "lsof": lsof_cmd,
        "tcpdump": lambda argv, stdin, io_: tcpdump.tcpdump(running[-1], argv, stdin, io_),
        "stty": lambda argv, stdin, io_: termsize.stty(running[-1], argv, stdin, io_),
        "tput": lambda argv, stdin, io_: termsize.tput(running[-1], argv, stdin, io_)}
    meta = record["metadata"]
    commands.update(runtime_tools.commands(record, container, lambda: sh, lambda to, sig:
                    cluster.signal_main(meta["namespace"], meta["name"], to, sig), attached))
    image = containers.image_of(record, container)

    def layer() -> dict[str, Any]:
        """The container run's storage (its writable layer; made with the shell)."""
        return containers.pod_storage(state, record)["containers"][container]

    def refresh_path() -> None:
        """What the run's packages installed is on PATH."""
        for each in running:  # a `sh -c 'apt-get install ...'` child and its parent alike
            each.profile = dataclasses.replace(each.profile, programs=(
                each.profile.programs or frozenset()) | packages.programs(image, layer()))

    def question() -> dict[str, Any]:
        # a tty session answers apt's question on its next line; a plain exec reads EOF
        return sh.state if "TERM" in sh.state.get("vars", {}) else {}

    commands.update(packages.commands(
        image, layer, security.identity(record, containers.container_spec(record, container)
                                        or {}).uid == 0, question, refresh_path))
    commands[packages.ANSWER] = lambda argv, stdin, io_: packages.answer(
        sh.state, argv[1], io_, image, layer(), refresh_path)
    sh = containers.shell(state, record, container, config, commands, program,
                          run_id=containers.container_id(cluster.view(record).obj, container),
                          now=cluster.now, on_change=lambda path, exists:
                          cluster.file_changed(record, container, path, exists))
    # the shell a command runs in: ``sh`` itself, or the `sh -c` child running now
    running.append(sh)
    refresh_path()
    return sh
