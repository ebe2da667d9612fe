"""What `kubectl top pod` and `top node` check alike, in the order kubectl checks it."""

from __future__ import annotations

from playground.sim import metrics, selectors
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, UsageError
from playground.sim.kubectl.flags import Flag

SORT_BY = Flag("sort-by", default="")
NO_HEADERS = Flag("no-headers", kind="bool", default=False)
PROTOBUF = Flag("use-protocol-buffers", kind="bool", default=True)


def check_args(args: tuple[str, ...], name: str) -> None:
    """Complete: at most one NAME (cobra's Use line is the message)."""
    if len(args) > 1:
        raise UsageError(f"{name} [NAME | -l label]", f"top {name}")


def check_sort_by(sort_by: str) -> None:
    if sort_by and sort_by not in ("cpu", "memory"):
        raise KubectlError("--sort-by accepts only cpu or memory")


def check_selectors(selector: str, field_selector: str = "") -> None:
    """RunTop*: the selectors are parsed on the client (the label selector first)."""
    try:
        if selector:
            selectors.parse(selector)
        if field_selector:
            selectors.parse_field_terms(field_selector)
    except selectors.SelectorError as exc:
        raise KubectlError(str(exc)) from None


def require_metrics_api(ctx: Ctx) -> None:
    """Discovery: without a served metrics.k8s.io version (no metrics-server, or none ready:
    the aggregator marks the version stale) kubectl stops before asking for metrics."""
    if not metrics.api_available(ctx.cluster):
        raise KubectlError("Metrics API not available")
