"""kubectl version: the client and the sandbox's API server versions."""

from __future__ import annotations

import json

from playground.sim.kubectl import common
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.printers import yamljson

HELP_PAGE = "version"
EXAMPLES = """  # Print the client and server versions for the current context
  kubectl version"""
FLAGS = [Flag("client", kind="bool", default=False), common.OUTPUT]

CLIENT = {
    "major": "1", "minor": "32", "gitVersion": "v1.32.5",
    "gitCommit": "9894294ef13a5b32803e3ca2c0d620a088cc84d1", "gitTreeState": "clean",
    "buildDate": "2025-05-15T09:08:45Z", "goVersion": "go1.23.8", "compiler": "gc",
    "platform": "linux/amd64",
}
SERVER = {
    "major": "1", "minor": "32", "gitVersion": "v1.32.4",
    "gitCommit": "59526cd4867447956156ae3a602fcbac10a2c335", "gitTreeState": "clean",
    "buildDate": "2025-04-22T16:02:27Z", "goVersion": "go1.23.6", "compiler": "gc",
    "platform": "linux/amd64",
}
KUSTOMIZE = "v5.5.0"


def run(parsed: Parsed, ctx: Ctx) -> int:
    fmt = str(parsed["output"])
    if fmt not in ("", "yaml", "json"):
        raise KubectlError("--output must be 'yaml' or 'json'")
    doc: dict[str, object] = {"clientVersion": CLIENT, "kustomizeVersion": KUSTOMIZE}
    if not parsed["client"]:
        doc["serverVersion"] = SERVER
    if fmt == "json":
        ctx.out(json.dumps(doc, indent=2) + "\n")
    elif fmt == "yaml":
        ctx.out(yamljson.to_yaml(doc))
    else:
        ctx.out(f"Client Version: {CLIENT['gitVersion']}\nKustomize Version: {KUSTOMIZE}\n")
        if not parsed["client"]:
            ctx.out(f"Server Version: {SERVER['gitVersion']}\n")
    return 0
