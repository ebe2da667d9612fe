"""kubectl top node: CPU and memory of nodes, read from the Metrics API (see sim/metrics.py)."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class TopNodeOptions:
    args: tuple[str, ...]
    selector: str
    sort_by: str
    no_headers: bool
    show_capacity: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> TopNodeOptions:
        args = tuple(parsed.args)
        top_common.check_args(args, NAME)
        return cls(
            args=args,
            selector=str(parsed["selector"] or ""),
            sort_by=str(parsed["sort-by"] or ""),
            no_headers=bool(parsed["no-headers"]),
            show_capacity=bool(parsed["show-capacity"]),
        )

    def validate(self) -> None:
        top_common.check_sort_by(self.sort_by)
        if self.args and self.selector:
            raise KubectlError("only one of NAME or --selector can be provided")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = TopNodeOptions.complete(parsed, ctx)
    opts.validate()
    top_common.check_selectors(opts.selector)
    top_common.require_metrics_api(ctx)
    label = selectors.parse(opts.selector) if opts.selector else None
    nodes = [n for n in ctx.cluster.nodes()
             if label is None or label.matches(n["metadata"].get("labels") or {})]
    if opts.args:
        name = opts.args[0]
        nodes = [n for n in nodes if n["metadata"]["name"] == name]
        if not nodes:
            raise ApiError("NotFound", f'nodes "{name}" not found', code=404)
    names = {n["metadata"]["name"] for n in nodes}
    found = [m for m in metrics.node_metrics(ctx.cluster) if m.name in names]
    if opts.args and not found:
        raise ApiError("NotFound", f'nodemetrics.{metrics.GROUP} "{opts.args[0]}" not found',
                       code=404)
    if not found:
        raise KubectlError("metrics not available yet")
    field = "capacity" if opts.show_capacity else "allocatable"
    available = {}
    for node in nodes:
        amounts = (node.get("status") or {}).get(field) or {}
        available[node["metadata"]["name"]] = (cpu_millis(amounts.get("cpu")),
                                               quantity_bytes(amounts.get("memory")))
    ctx.out(top.node_table(found, available, no_headers=opts.no_headers,
                           sort_by=opts.sort_by))
    return 0
