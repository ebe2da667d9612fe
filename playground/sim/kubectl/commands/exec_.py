"""kubectl exec: run a command in a container, or open an interactive shell with -it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from playground.sim import containers
from playground.sim.cluster import ApiError, not_found
from playground.sim.kubectl import common, podcmd
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError, UsageError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "exec"
EXAMPLES = """  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container
  # from pod mypod
  kubectl exec mypod -c ruby-container -i -t -- bash -il
"""

FLAGS = [
    Flag("container", "c", default=""),
    Flag("stdin", "i", kind="bool", default=False),
    Flag("tty", "t", kind="bool", default=False),
    Flag("quiet", "q", kind="bool", default=False),
    Flag("pod-running-timeout", default="1m0s"),
    common.FILENAME,
]

_SHELLS = frozenset({"sh", "bash", "ash", "/bin/sh", "/bin/bash", "/bin/ash", "zsh", "dash"})


@dataclass(frozen=True)
class ExecOptions:
    args: tuple[str, ...]
    dash_at: int | None  # where "--" stood: the command is what follows it
    from_files: bool
    namespace: str
    container: str
    stdin: bool
    tty: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> ExecOptions:
        return cls(
            args=tuple(parsed.args),
            dash_at=parsed.dash_at,
            from_files=bool(parsed.get("filename")),
            namespace=common.namespace(parsed, ctx),
            container=str(parsed["container"]),
            stdin=bool(parsed["stdin"]),
            tty=bool(parsed["tty"]),
        )

    @property
    def command(self) -> list[str]:
        return list(self.args[self.dash_at:]) if self.dash_at is not None else []

    def validate(self) -> None:
        if not self.args and not self.from_files:
            raise KubectlError("pod, type/name or --filename must be specified")
        if self.dash_at is None and len(self.args) > 1:
            raise UsageError(
                "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] "
                "instead",
                "exec",
            )
        if self.dash_at is not None and self.dash_at == 0 and not self.from_files:
            raise KubectlError("pod, type/name or --filename must be specified")
        if not self.command:
            raise KubectlError("you must specify at least one command for the container")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = ExecOptions.complete(parsed, ctx)
    opts.validate()
    args, command = opts.args, opts.command
    ns = opts.namespace
    record = _pod_record(ctx, ns, args[0])
    container = _container(ctx, record, opts.container)
    check_running(ctx, record, container)
    interactive = opts.stdin and opts.tty
    installed = ctx.extra["installed_programs"](record, container)  # what apt-get added
    if not containers.has_program(record, container, command[0]) and \
            command[0].rsplit("/", 1)[-1] not in installed:
        raise not_in_path(ctx, record, container, command)
    if interactive and command[0] in _SHELLS and len(command) == 1:
        ctx.attach = {"namespace": ns, "pod": record["metadata"]["name"],
                      "uid": record["metadata"]["uid"], "container": container, "mode": "exec",
                      "program": command[0]}
        return 0
    runner = ctx.extra.get("exec")
    if runner is None:
        raise KubectlError("exec is not available here")
    code = int(runner(record, container, command, ctx.stdin if opts.stdin else None, ctx.io,
                      opts.tty))
    if code != 0:
        ctx.err(f"command terminated with exit code {code}\n")
    return code


def not_in_path(ctx: Ctx, record: dict[str, Any], container: str, command: list[str]) -> RawError:
    """The runtime's answer to an exec of a program the image does not have (runc's words)."""
    exec_id = hashlib.sha256(
        f"{record['metadata']['uid']}/{container}/{ctx.now}/{command}".encode()
    ).hexdigest()
    return RawError(
        "error: Internal error occurred: error executing command in container: "
        f'failed to exec in container: failed to start exec "{exec_id}": '
        "OCI runtime exec failed: exec failed: "
        "unable to start container process: exec: "
        f'"{command[0]}": executable file not found in $PATH: unknown\n'
    )


def _pod_record(ctx: Ctx, ns: str, arg: str) -> dict[str, Any]:
    kind, slash, name = arg.partition("/")
    if slash and kind.lower() not in ("pod", "pods", "po"):
        from playground.sim.kubectl import resources

        resources.lookup(kind)
        raise KubectlError(f"cannot exec into a {kind}")
    name = name if slash else arg
    record = ctx.cluster.pod_record(ns, name)
    if record is None:
        raise not_found("pods", name)
    return record


def _container(ctx: Ctx, record: dict[str, Any], wanted: str) -> str:
    names = [c["name"] for c in record["spec"]["containers"]]
    if wanted:
        if containers.container_spec(record, wanted) is None:
            raise KubectlError(f'unable to upgrade connection: container not found ("{wanted}")')
        return wanted
    annotations = record["metadata"].get("annotations") or {}
    default = annotations.get("kubectl.kubernetes.io/default-container")
    if default in names:
        return str(default)
    notice = podcmd.defaulted_notice(record["spec"])
    if notice:
        ctx.err(notice)
    return names[0]


def check_phase(ctx: Ctx, record: dict[str, Any]) -> None:
    """exec's first check, made before it picks a container."""
    phase = ctx.cluster.view(record).obj.get("status", {}).get("phase", "Pending")
    if phase in ("Succeeded", "Failed"):
        raise KubectlError(
            f"cannot exec into a container in a completed pod; current phase is {phase}"
        )


def check_running(ctx: Ctx, record: dict[str, Any], container: str) -> None:
    check_phase(ctx, record)
    pod = ctx.cluster.view(record).obj
    if not pod["spec"].get("nodeName"):
        raise ApiError(
            "BadRequest", f"pod {pod['metadata']['name']} does not have a host assigned"
        )
    status_of = pod.get("status", {})
    ephemeral = status_of.get("ephemeralContainerStatuses") or []
    for status in [*(status_of.get("containerStatuses") or []), *ephemeral]:
        if status["name"] == container and "running" not in (status.get("state") or {}):
            raise KubectlError(
                f'unable to upgrade connection: container not found ("{container}")'
            )
    debuggers = {c["name"] for c in pod["spec"].get("ephemeralContainers") or []}
    if container in debuggers and not any(s["name"] == container for s in ephemeral):
        # kubectl debug's container the kubelet has not started yet
        raise KubectlError(f'unable to upgrade connection: container not found ("{container}")')
    if not pod.get("status", {}).get("containerStatuses"):
        raise KubectlError(f'unable to upgrade connection: container not found ("{container}")')
