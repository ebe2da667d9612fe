"""kubectl cluster-info: where the control plane and the cluster services answer."""

from __future__ import annotations

from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "cluster-info"
EXAMPLES = """  # Print the address of the control plane and cluster services
  kubectl cluster-info"""
FLAGS: list[Flag] = []

API_SERVER = "https://192.168.100.100:6443"
# kubectl colours the names green and the addresses yellow (go-colortext escape codes)
_GREEN, _YELLOW, _RESET = "\x1b[0;32m", "\x1b[0;33m", "\x1b[0m"


def run(parsed: Parsed, ctx: Ctx) -> int:
    if parsed.args and parsed.args[0] == "dump":
        raise KubectlError("`kubectl cluster-info dump` is not available in this playground")
    lines = [
        f"{_GREEN}Kubernetes control plane{_RESET} is running at {_YELLOW}{API_SERVER}{_RESET}"
    ]
    for svc in ctx.cluster.services("kube-system"):
        labels = svc["metadata"].get("labels") or {}
        if labels.get("kubernetes.io/cluster-service") != "true":
            continue
        name = labels.get("kubernetes.io/name") or svc["metadata"]["name"]
        port = (svc["spec"].get("ports") or [{}])[0]
        target = f"{svc['metadata']['name']}:{port.get('name')}" if port.get("name") else (
            svc["metadata"]["name"])
        url = f"{API_SERVER}/api/v1/namespaces/kube-system/services/{target}/proxy"
        lines.append(f"{_GREEN}{name}{_RESET} is running at {_YELLOW}{url}{_RESET}")
    ctx.out("\n".join(lines) + "\n\nTo further debug and diagnose cluster problems, use "
            "'kubectl cluster-info dump'.\n")
    return 0
