"""kubectl top pod: CPU and memory of pods, read from the Metrics API (see sim/metrics.py)."""

from __future__ import annotations

from dataclasses import dataclass

from playground.sim import metrics, selectors
from playground.sim.cluster import ApiError
from playground.sim.kubectl import common
from playground.sim.kubectl.commands import top_common
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.printers import top
from playground.sim.timefmt import go_duration, parse_rfc3339

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
    Flag("sum", kind="bool", default=False),
]
# kubectl's metricsCreationDelay: a pod older than this without metrics is reported as such.
METRICS_CREATION_DELAY = 120.0
_META_FIELDS = ("metadata.name", "metadata.namespace")


@dataclass(frozen=True)
class TopPodOptions:
    args: tuple[str, ...]
    namespace: str
    all_namespaces: bool
    selector: str
    field_selector: str
    sort_by: str
    containers: bool
    no_headers: bool
    sum: bool

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> TopPodOptions:
        args = tuple(parsed.args)
        top_common.check_args(args, NAME)
        return cls(
            args=args,
            namespace=common.namespace(parsed, ctx),
            all_namespaces=bool(parsed["all-namespaces"]),
            selector=str(parsed["selector"] or ""),
            field_selector=str(parsed["field-selector"] or ""),
            sort_by=str(parsed["sort-by"] or ""),
            containers=bool(parsed["containers"]),
            no_headers=bool(parsed["no-headers"]),
            sum=bool(parsed["sum"]),
        )

    def validate(self) -> None:
        top_common.check_sort_by(self.sort_by)
        if self.args and (self.selector or self.field_selector):
            raise KubectlError("only one of NAME or selector can be provided")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = TopPodOptions.complete(parsed, ctx)
    opts.validate()
    top_common.check_selectors(opts.selector, opts.field_selector)
    top_common.require_metrics_api(ctx)
    namespace = opts.namespace
    every = opts.all_namespaces
    found = _metrics(opts, ctx, None if every else namespace)
    if not found:
        _explain_empty(opts, ctx, namespace)
        ctx.err("No resources found\n" if every else
                f"No resources found in {namespace} namespace.\n")
    ctx.out(top.pod_table(found, containers=opts.containers, namespaces=every,
                          no_headers=opts.no_headers, sort_by=opts.sort_by, total=opts.sum))
    return 0


def _metrics(opts: TopPodOptions, ctx: Ctx, namespace: str | None) -> list[metrics.PodMetrics]:
    """What the Metrics API answers: GET of one pod's metrics, or a filtered LIST."""
    if opts.args:
        name = opts.args[0]
        if namespace is None:
            # -A with a NAME: a GET without a namespace, a path the API does not serve
            raise ApiError("NotFound", "the server could not find the requested resource "
                           f"(get pods.{metrics.GROUP} {name})", code=404)
        where = namespace
        if ctx.cluster.pod_record(where, name) is None:
            raise ApiError("NotFound", f'pods "{name}" not found', code=404)
        one = [m for m in metrics.pod_metrics(ctx.cluster, where) if m.name == name]
        if not one:
            raise ApiError("NotFound", f'podmetrics.{metrics.GROUP} "{where}/{name}" not found',
                           code=404)
        return one
    label = selectors.parse(opts.selector) if opts.selector else None
    terms = selectors.parse_field_terms(opts.field_selector)
    for field, _op, _value in terms:
        if field not in _META_FIELDS:
            raise ApiError("BadRequest", f'"{field}" is not a known field selector: only '
                           '"metadata.name", "metadata.namespace"')
    chosen = metrics.pod_metrics(ctx.cluster, namespace,
                                 label.matches if label is not None else None)
    field_of = {"metadata.name": lambda m: m.name, "metadata.namespace": lambda m: m.namespace}
    return [m for m in chosen
            if all((field_of[f](m) == v) == (op == "=") for f, op, v in terms)]


def _explain_empty(opts: TopPodOptions, ctx: Ctx, namespace: str) -> None:
    """verifyEmptyMetrics: the pods (of the context's namespace, even with -A) are listed, and
    one older than two minutes means its metrics are missing, younger ones that they are not
    ready yet; with no pod at all nothing is wrong."""
    label = selectors.parse(opts.selector) if opts.selector else None
    pods = ctx.cluster.pods(namespace, label.matches if label is not None else None)
    if opts.field_selector:
        chosen = selectors.parse_field_selector(opts.field_selector)
        pods = [p for p in pods if chosen.matches(p)]
    if not pods:
        return
    for pod in pods:
        age = ctx.now - parse_rfc3339(pod["metadata"]["creationTimestamp"])
        if age > METRICS_CREATION_DELAY:
            meta = pod["metadata"]
            raise KubectlError(f"Metrics not available for pod {meta['namespace']}/"
                               f"{meta['name']}, age: {go_duration(age)}")
    raise KubectlError("metrics not available yet")
