"""kubectl create configmap (alias cm): see create_data."""

from __future__ import annotations

from playground.sim.kubectl.commands import create_data
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.flags import Parsed

EXAMPLES = """  # Create a new config map named my-config based on folder bar
  kubectl create configmap my-config --from-file=path/to/bar"""
HELP_PAGE = "create-configmap"
FLAGS = create_data.CONFIGMAP_FLAGS


class ConfigMapOptions(create_data.CreateDataOptions):
    KIND = "ConfigMap"


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = ConfigMapOptions.complete(parsed, ctx)
    return create_data.create_object(opts, ctx, "create configmap")
