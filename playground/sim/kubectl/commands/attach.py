"""kubectl attach: join a running container's console.

The checks kubectl makes before it connects are reproduced (the pod must exist, must not have
completed, the container must exist, -t needs a container with a TTY). With -i, a container
whose PID 1 is a shell reading its terminal (`stdin: true`, `command: [sh]`) becomes the
terminal's shell, and leaving it ends the container as `run -it` does; otherwise the terminal
shows what the container writes until Ctrl-C.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.sim.kubectl import common
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "attach"
EXAMPLES = """  # Attach to the ruby-container of pod mypod, sending stdin to it
  kubectl attach mypod -c ruby-container -i -t"""

FLAGS = [
    Flag("container", "c", default=""),
    Flag("stdin", "i", kind="bool", default=False),
    Flag("tty", "t", kind="bool", default=False),
    Flag("quiet", "q", kind="bool", default=False),
    Flag("pod-running-timeout", default="1m0s"),
]


@dataclass(frozen=True)
class AttachOptions:
    args: tuple[str, ...]
    namespace: str
    container: str
    stdin: bool
    tty: bool
    quiet: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> AttachOptions:
        return cls(
            args=tuple(parsed.args),
            namespace=common.namespace(parsed, ctx),
            container=str(parsed["container"]),
            stdin=bool(parsed["stdin"]),
            tty=bool(parsed["tty"]),
            quiet=bool(parsed["quiet"]),
        )

    def validate(self) -> None:
        args = self.args
        if not args:
            raise KubectlError("at least 1 argument is required for attach")
        if len(args) > 2:
            raise KubectlError("expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) "
                               f"saw {len(args)}: [{' '.join(args)}]")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = AttachOptions.complete(parsed, ctx)
    opts.validate()
    args = opts.args
    ns = opts.namespace
    name = args[1] if len(args) == 2 else args[0].split("/", 1)[-1]
    pod = ctx.cluster.pod(ns, name)
    phase = (pod.get("status") or {}).get("phase", "")
    if phase in ("Succeeded", "Failed"):
        raise KubectlError(
            f"cannot attach a container in a completed pod; current phase is {phase}")
    specs = {c["name"]: c for c in [*(pod["spec"].get("containers") or []),
                                    *(pod["spec"].get("initContainers") or []),
                                    *(pod["spec"].get("ephemeralContainers") or [])]}
    first = (pod["spec"].get("containers") or [{}])[0].get("name", "")
    container = opts.container or first
    if container not in specs:
        raise KubectlError(f"cannot attach to the container: container {container} not found "
                           f"in pod {name}")
    tty = opts.tty
    has_tty = bool(specs[container].get("tty"))
    if tty and not has_tty:
        tty = False
        if not opts.quiet:
            ctx.err(f"error: Unable to use a TTY - container {container} did not allocate one\n")
    elif has_tty:
        tty = True  # a container started with a TTY is always attached with one
    ctx.start_stream("attach", namespace=ns, pod=name, container=container, rm=False,
                     verb="attach", stdin=opts.stdin, tty=tty, quiet=opts.quiet)
    return 0
