"""kubectl top pod: CPU and memory of pods, read from the Metrics API (see sim/metrics.py)."""

from __future__ import annotations

from playground.sim.kubectl import common
from playground.sim.kubectl.commands import top_common
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed

NAME = "pod"
HELP_PAGE = "top-pod"
EXAMPLES = """  # Show metrics for all pods in the default namespace
  kubectl top pod"""
FLAGS = [
    common.SELECTOR,
    Flag("field-selector", default=""),
    top_common.SORT_BY,
    Flag("containers", kind="bool", default=False),
    Flag("all-namespaces", "A", kind="bool", default=False),
    top_common.NO_HEADERS,
    top_common.PROTOBUF,
]


def run(parsed: Parsed, ctx: Ctx) -> int:
    del ctx
    top_common.check_args(parsed, NAME)
    top_common.check_sort_by(parsed)
    if parsed.args and (parsed["selector"] or parsed["field-selector"]):
        raise KubectlError("only one of NAME or selector can be provided")
    top_common.check_selectors(parsed, fields=True)
    top_common.require_metrics_api()
    return 0
