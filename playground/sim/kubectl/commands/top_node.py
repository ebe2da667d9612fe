"""kubectl top node: CPU and memory of nodes, read from the Metrics API (see sim/metrics.py)."""

from __future__ import annotations

from playground.sim.kubectl import common
from playground.sim.kubectl.commands import top_common
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed

NAME = "node"
HELP_PAGE = "top-node"
EXAMPLES = """  # Show metrics for all nodes
  kubectl top node"""
FLAGS = [
    common.SELECTOR,
    top_common.SORT_BY,
    top_common.NO_HEADERS,
    top_common.PROTOBUF,
    Flag("show-capacity", kind="bool", default=False),
]


def run(parsed: Parsed, ctx: Ctx) -> int:
    del ctx
    top_common.check_args(parsed, NAME)
    top_common.check_sort_by(parsed)
    if parsed.args and parsed["selector"]:
        raise KubectlError("only one of NAME or --selector can be provided")
    top_common.check_selectors(parsed, fields=False)
    top_common.require_metrics_api()
    return 0
