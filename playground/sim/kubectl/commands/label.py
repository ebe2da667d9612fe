"""kubectl label: add, change (--overwrite) and remove (KEY-) labels."""

from __future__ import annotations

from dataclasses import dataclass

from playground.sim.kubectl import metadata_edit
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.flags import Parsed

HELP_PAGE = "label"
EXAMPLES = """  # Update pod 'foo' with the label 'unhealthy' and the value 'true'
  kubectl label pods foo unhealthy=true"""
FLAGS = metadata_edit.FLAGS


@dataclass(frozen=True)
class LabelOptions(metadata_edit.MetadataEditOptions):
    """metadata_edit's flags, editing labels."""

    EDIT = metadata_edit.LABEL


def run(parsed: Parsed, ctx: Ctx) -> int:
    return metadata_edit.run(LabelOptions.complete(parsed, ctx), ctx)

