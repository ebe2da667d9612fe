"""kubectl port-forward: listen on local ports and relay connections to a pod until Ctrl-C."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim.cluster import not_found
from playground.sim.kubectl import common
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, UsageError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "port-forward"
EXAMPLES = """  # Listen on port 8888 locally, forwarding to 5000 in the pod
  kubectl port-forward pod/mypod 8888:5000"""

FLAGS = [
    Flag("address", kind="list", default=["localhost"]),
    Flag("pod-running-timeout", default="1m0s"),
]


@dataclass(frozen=True)
class PortForwardOptions:
    args: tuple[str, ...]
    namespace: str

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> PortForwardOptions:
        return cls(args=tuple(parsed.args), namespace=common.namespace(parsed, ctx))

    def validate(self) -> None:
        if len(self.args) < 2:
            raise UsageError("TYPE/NAME and list of ports are required for port-forward",
                             "port-forward")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = PortForwardOptions.complete(parsed, ctx)
    opts.validate()
    args = opts.args
    ns = opts.namespace
    kind, slash, name = args[0].partition("/")
    if not slash:
        name = args[0]
    elif kind.lower() not in ("pod", "pods", "po"):
        from playground.sim.kubectl import resources

        resources.lookup(kind)
        raise KubectlError(f"the playground forwards ports of pods only, not {kind}")
    record = ctx.cluster.pod_record(ns, name)
    if record is None:
        raise not_found("pods", name)
    forwards: list[list[int]] = []
    for spec in args[1:]:
        local_text, _, remote_text = spec.partition(":")
        remote_text = remote_text or local_text
        remote = _remote_port(record, remote_text, name)
        try:
            local = int(local_text) if local_text else remote
        except ValueError:
            raise KubectlError(
                f"error parsing local port '{local_text}': strconv.ParseUint: parsing "
                f'"{local_text}": invalid syntax'
            ) from None
        if not 0 <= local <= 65535:
            raise KubectlError(
                f"error parsing local port '{local_text}': strconv.ParseUint: parsing "
                f'"{local_text}": value out of range'
            )
        forwards.append([local, remote])
    phase = ctx.cluster.view(record).obj.get("status", {}).get("phase", "Pending")
    if phase != "Running":
        raise KubectlError(
            f"unable to forward port because pod is not running. Current status={phase}"
        )
    busy = ctx.extra.get("ports_in_use", set())
    for local, remote in forwards:
        if local in busy:
            ctx.err(
                f"Unable to listen on port {local}: Listeners failed to create with the following "
                "errors: [unable to create listener: Error listen tcp4 127.0.0.1:"
                f"{local}: bind: address already in use unable to create listener: Error listen "
                f"tcp6 [::1]:{local}: bind: address already in use]\n"
            )
            raise KubectlError(
                f"unable to listen on any of the requested ports: [{{{local} {remote}}}]"
            )
    for local, remote in forwards:
        ctx.out(f"Forwarding from 127.0.0.1:{local} -> {remote}\n")
        ctx.out(f"Forwarding from [::1]:{local} -> {remote}\n")
    ctx.start_stream("port-forward", namespace=ns, pod=name, uid=record["metadata"]["uid"],
                     forwards=forwards)
    return 0


def _remote_port(record: dict[str, Any], text: str, name: str) -> int:
    try:
        port = int(text)
    except ValueError:
        for container in record["spec"]["containers"]:
            for port_spec in container.get("ports") or []:
                if port_spec.get("name") == text:
                    return int(port_spec["containerPort"])
        raise KubectlError(f"Pod '{name}' does not have a named port '{text}'") from None
    if not 0 < port <= 65535:
        raise KubectlError(
            f"error parsing remote port '{text}': strconv.ParseUint: parsing \"{text}\": value "
            "out of range"
        )
    return port
