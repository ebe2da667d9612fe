"""kubectl version: the client and the sandbox's API server versions."""

from __future__ import annotations

import json
from dataclasses import dataclass

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


@dataclass(frozen=True)
class VersionOptions:
    client_only: bool
    output: str

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> VersionOptions:
        return cls(client_only=bool(parsed["client"]), output=str(parsed["output"]))

    def validate(self) -> None:
        if self.output not in ("", "yaml", "json"):
            raise KubectlError("--output must be 'yaml' or 'json'")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = VersionOptions.complete(parsed, ctx)
    opts.validate()
    doc: dict[str, object] = {"clientVersion": CLIENT, "kustomizeVersion": KUSTOMIZE}
    if not opts.client_only:
        doc["serverVersion"] = SERVER
    if opts.output == "json":
        ctx.out(json.dumps(doc, indent=2) + "\n")
    elif opts.output == "yaml":
        ctx.out(yamljson.to_yaml(doc))
    else:
        ctx.out(f"Client Version: {CLIENT['gitVersion']}\nKustomize Version: {KUSTOMIZE}\n")
        if not opts.client_only:
            ctx.out(f"Server Version: {SERVER['gitVersion']}\n")
    return 0
