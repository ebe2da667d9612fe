"""kubectl label: add, change (--overwrite) and remove (KEY-) labels."""

from __future__ import annotations

from playground.sim.kubectl import metadata_edit
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.flags import Parsed

HELP_PAGE = "label"
EXAMPLES = """  # Update pod 'foo' with the label 'unhealthy' and the value 'true'
  kubectl label pods foo unhealthy=true"""
FLAGS = metadata_edit.FLAGS


def run(parsed: Parsed, ctx: Ctx) -> int:
    return metadata_edit.run(parsed, ctx, metadata_edit.LABEL)

