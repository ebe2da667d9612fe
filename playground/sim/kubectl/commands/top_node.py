"""kubectl top node: CPU and memory of nodes, read from the Metrics API (see sim/metrics.py)."""

from __future__ import annotations

from playground.sim import metrics, selectors
from playground.sim.cluster import ApiError
from playground.sim.kubectl import common
from playground.sim.kubectl.commands import top_common
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.lifecycle.process import quantity_bytes
from playground.sim.lifecycle.schedule import cpu_millis
from playground.sim.printers import top

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
    top_common.check_args(parsed, NAME)
    top_common.check_sort_by(parsed)
    if parsed.args and parsed["selector"]:
        raise KubectlError("only one of NAME or --selector can be provided")
    top_common.check_selectors(parsed, fields=False)
    top_common.require_metrics_api(ctx)
    label = selectors.parse(str(parsed["selector"])) if parsed["selector"] else None
    nodes = [n for n in ctx.cluster.nodes()
             if label is None or label.matches(n["metadata"].get("labels") or {})]
    if parsed.args:
        name = parsed.args[0]
        nodes = [n for n in nodes if n["metadata"]["name"] == name]
        if not nodes:
            raise ApiError("NotFound", f'nodes "{name}" not found', code=404)
    names = {n["metadata"]["name"] for n in nodes}
    found = [m for m in metrics.node_metrics(ctx.cluster) if m.name in names]
    if parsed.args and not found:
        raise ApiError("NotFound", f'nodemetrics.{metrics.GROUP} "{parsed.args[0]}" not found',
                       code=404)
    if not found:
        raise KubectlError("metrics not available yet")
    field = "capacity" if parsed["show-capacity"] else "allocatable"
    available = {}
    for node in nodes:
        amounts = (node.get("status") or {}).get(field) or {}
        available[node["metadata"]["name"]] = (cpu_millis(amounts.get("cpu")),
                                               quantity_bytes(amounts.get("memory")))
    ctx.out(top.node_table(found, available, no_headers=bool(parsed["no-headers"]),
                           sort_by=str(parsed["sort-by"])))
    return 0
