"""kubectl annotate: add, change (--overwrite) and remove (KEY-) annotations."""

from __future__ import annotations

from dataclasses import dataclass

from playground.sim.kubectl import metadata_edit
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.flags import Parsed

HELP_PAGE = "annotate"
EXAMPLES = """  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'
  kubectl annotate pods foo description='my frontend'"""
FLAGS = metadata_edit.FLAGS


@dataclass(frozen=True)
class AnnotateOptions(metadata_edit.MetadataEditOptions):
    """metadata_edit's flags, editing annotations."""

    EDIT = metadata_edit.ANNOTATE


def run(parsed: Parsed, ctx: Ctx) -> int:
    return metadata_edit.run(AnnotateOptions.complete(parsed, ctx), ctx)
