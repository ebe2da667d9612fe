"""kubectl attach: the playground attaches to a container only through ``kubectl run -it``.

The checks kubectl makes before it connects are reproduced (the pod must exist, must not have
completed, the container must exist); then, instead of streaming the container's console, the
command says how to get an interactive session here, with exit code 1.
"""

from __future__ import annotations

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


def run(parsed: Parsed, ctx: Ctx) -> int:
    args = parsed.args
    if not args:
        raise KubectlError("at least 1 argument is required for attach")
    if len(args) > 2:
        raise KubectlError("expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw "
                           f"{len(args)}: [{' '.join(args)}]")
    ns = common.namespace(parsed, ctx)
    name = args[1] if len(args) == 2 else args[0].split("/", 1)[-1]
    pod = ctx.cluster.pod(ns, name)
    phase = (pod.get("status") or {}).get("phase", "")
    if phase in ("Succeeded", "Failed"):
        raise KubectlError(
            f"cannot attach a container in a completed pod; current phase is {phase}")
    names = [c["name"] for c in pod["spec"].get("containers") or []]
    container = str(parsed["container"]) or names[0]
    if container not in names:
        raise KubectlError(f"container {container} not found in pod {name}")
    raise KubectlError(
        f"this playground attaches to containers only when it starts them: use "
        f"`kubectl run -it NAME --image=IMAGE -- sh`, or `kubectl exec -it {name} -- sh` "
        f"to open a shell in pod {name}"
    )
