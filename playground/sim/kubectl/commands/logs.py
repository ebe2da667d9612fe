"""kubectl logs: what a container wrote, with -c, -p, --tail, --since, -f and -l."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from playground.sim import lifecycle
from playground.sim.kubectl import common, podcmd, resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError, UsageError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.timefmt import rfc3339_nano_fixed

HELP_PAGE = "logs"
EXAMPLES = """  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx"""

FLAGS = [
    Flag("container", "c", default=""),
    Flag("follow", "f", kind="bool", default=False),
    Flag("previous", "p", kind="bool", default=False),
    Flag("tail", kind="int", default=-1),
    Flag("since", default="0s"),
    Flag("since-time", default=""),
    Flag("timestamps", kind="bool", default=False),
    Flag("all-containers", kind="bool", default=False),
    Flag("prefix", kind="bool", default=False),
    Flag("limit-bytes", kind="int", default=0),
    Flag("max-log-requests", kind="int", default=5),
    Flag("ignore-errors", kind="bool", default=False),
    Flag("insecure-skip-tls-verify-backend", kind="bool", default=False),
    Flag("pod-running-timeout", default="20s"),
    common.SELECTOR,
]

_USAGE = (
    "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
    "POD or TYPE/NAME is a required argument for the logs command"
)
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


@dataclass(frozen=True)
class LogsOptions:
    namespace: str
    args: tuple[str, ...]
    selector: str
    container: str  # -c, or the inline CONTAINER argument
    since_time: str
    since: str  # parsed where kubectl reads it, after the pod is found
    all_containers: bool
    timestamps: bool
    previous: bool
    tail: int
    prefix: bool
    follow: bool
    max_log_requests: int

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> LogsOptions:
        args = tuple(parsed.args)
        return cls(
            namespace=common.namespace(parsed, ctx),
            args=args,
            selector=str(parsed["selector"]),
            container=args[1] if len(args) == 2 else str(parsed["container"]),
            since_time=str(parsed["since-time"] or ""),
            since=str(parsed["since"]),
            all_containers=bool(parsed["all-containers"]),
            timestamps=bool(parsed["timestamps"]),
            previous=bool(parsed["previous"]),
            tail=int(parsed["tail"]),
            prefix=bool(parsed["prefix"]),
            follow=bool(parsed["follow"]),
            max_log_requests=int(parsed["max-log-requests"]),
        )

    def validate(self) -> None:
        if self.selector and self.args:
            raise UsageError("only a selector (-l) or a POD name is allowed", "logs")
        if not self.selector and not self.args:
            raise UsageError(_USAGE, "logs")
        if len(self.args) > 2:
            raise UsageError(_USAGE, "logs")
        if self.since_time and self.since != "0s":
            raise KubectlError("at most one of `sinceTime` or `sinceSeconds` may be specified")

    def prefix_for(self, pod: str, container: str) -> str:
        """--prefix: kubectl's prefixingWriter puts [pod/NAME/CONTAINER] before every line, for
        one pod as for many."""
        return f"[pod/{pod}/{container}] " if self.prefix else ""


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = LogsOptions.complete(parsed, ctx)
    opts.validate()
    ns = opts.namespace
    if opts.selector:
        return _by_selector(opts, ctx)
    pod_name = _pod_name(opts.args[0])
    record = ctx.cluster.pod_record(ns, pod_name)
    if record is None:
        raise KubectlError(
            f'error from server (NotFound): pods "{pod_name}" not found in namespace "{ns}"'
        )
    pod = ctx.cluster.view(record).obj
    containers = _containers(pod, opts.container, opts.all_containers, ctx)
    since = _since(opts.since)
    _check_concurrency(opts, len(containers))
    for name in containers:
        text = _logs(record, name, ctx, opts.previous, opts.timestamps, since)
        ctx.out(prefixed(_trim(text, opts.tail), opts.prefix_for(pod_name, name)))
    if opts.follow and not opts.previous:
        _start_follow(ctx, opts, [(record, pod_name, name) for name in containers])
    return 0


def _check_concurrency(opts: LogsOptions, streams: int) -> None:
    """kubectl follows several streams at once only up to --max-log-requests."""
    limit = opts.max_log_requests
    if opts.follow and streams > 1 and streams > limit:
        raise KubectlError(f"you are attempting to follow {streams} log streams, but maximum "
                           f"allowed concurrency is {limit}, use --max-log-requests to increase "
                           "the limit")


def _start_follow(ctx: Ctx, opts: LogsOptions,
                  streams: list[tuple[dict[str, Any], str, str]]) -> None:
    """kubectl follows every container it printed, each on its own stream (parallel
    consumption); a stream stays on the run it opened and closes when that run ends."""
    follows = []
    for record, pod_name, name in streams:
        opened = lifecycle.follow_run(record, name, ctx.now)
        follows.append({"pod": pod_name, "container": name, "id": opened.container_id,
                        "seen": ctx.now, "ended": opened.ended,
                        "prefix": opts.prefix_for(pod_name, name)})
    ctx.start_stream("logs", namespace=opts.namespace, timestamps=opts.timestamps,
                     follows=follows)


def resume_follow(spec: dict[str, Any], ctx: Ctx) -> bool:
    """Print what the followed runs wrote since the last look, in the order they wrote it;
    True when every stream has closed (kubectl then exits 0)."""
    written: list[tuple[float, int, str]] = []
    for index, follow in enumerate(spec.get("follows") or []):
        if follow["ended"]:
            continue
        seen = float(follow["seen"])
        now_seen = _look(spec["namespace"], follow, ctx)
        if now_seen is None:
            follow["ended"] = True
            continue
        for at, line in now_seen.lines:
            if at > seen:
                stamp = f"{rfc3339_nano_fixed(at)} " if spec.get("timestamps") else ""
                written.append((at, index, f"{follow['prefix']}{stamp}{line}\n"))
        follow["seen"] = ctx.now
        follow["ended"] = now_seen.ended
    written.sort(key=lambda item: (item[0], item[1]))
    ctx.out("".join(text for _at, _index, text in written))
    return all(follow["ended"] for follow in spec.get("follows") or [])


def follow_wake(spec: dict[str, Any], ctx: Ctx) -> float | None:
    """When a followed stream next has something to show: a line written, or its run ending."""
    follows = spec.get("follows") or []
    if all(follow["ended"] for follow in follows):
        return ctx.now  # every stream closed (or none opened): the command ends at once
    wakes: list[float] = []
    for follow in follows:
        if follow["ended"]:
            continue
        now_seen = _look(spec["namespace"], follow, ctx)
        if now_seen is None or now_seen.ended:
            return ctx.now
        wakes.extend(t for t in (now_seen.next_line_at, now_seen.ends_at) if t is not None)
        record = ctx.cluster.pod_record(spec["namespace"], follow["pod"])
        change = ctx.cluster.view(record).next_change if record is not None else None
        if change is not None:
            wakes.append(change)  # a deletion or a kill may end the run sooner
    return min(wakes) if wakes else None


def _look(namespace: str, follow: dict[str, Any], ctx: Ctx) -> lifecycle.Followed | None:
    record = ctx.cluster.pod_record(namespace, follow["pod"])
    if record is None:
        return None
    try:
        return lifecycle.follow_run(record, follow["container"], ctx.now, follow["id"])
    except lifecycle.LogsError:
        return None


def prefixed(text: str, prefix: str) -> str:
    if not prefix:
        return text
    return "".join(prefix + line for line in text.splitlines(keepends=True))


def _container_status(pod: dict[str, Any], name: str) -> dict[str, Any] | None:
    for status in pod.get("status", {}).get("containerStatuses") or []:
        if status.get("name") == name:
            return dict(status)
    return None


def _pod_name(arg: str) -> str:
    if "/" not in arg:
        return arg
    kind, _, name = arg.partition("/")
    if kind.lower() not in ("pod", "pods", "po"):
        from playground.sim.kubectl import resources

        resources.lookup(kind)  # unknown types: "the server doesn't have a resource type"
        raise KubectlError(
            'error from server (NotFound): the server could not find the requested resource '
            'in namespace "default"'
        )
    return name


def _containers(pod: dict[str, Any], wanted: str, every: bool, ctx: Ctx) -> list[str]:
    names = [c["name"] for c in pod["spec"]["containers"]]
    init = [c["name"] for c in pod["spec"].get("initContainers") or []]
    # FindContainerByName and --all-containers know ephemeral containers too (kubectl debug's)
    ephemeral = [c["name"] for c in pod["spec"].get("ephemeralContainers") or []]
    if every:
        return init + names + ephemeral
    if wanted:
        if wanted not in names and wanted not in init and wanted not in ephemeral:
            raise KubectlError(
                f"container {wanted} is not valid for pod {pod['metadata']['name']}"
            )
        return [wanted]
    annotations = pod["metadata"].get("annotations") or {}
    default = annotations.get("kubectl.kubernetes.io/default-container")
    if default is not None and default in names:
        return [default]
    notice = podcmd.defaulted_notice(pod["spec"])
    if notice:
        ctx.err(notice)
    return [names[0]]


def _logs(record: dict[str, Any], container: str, ctx: Ctx, previous: bool,
          timestamps: bool = False, since: float = 0.0) -> str:
    try:
        return _log_text(record, container, ctx.now, previous, timestamps, since)
    except lifecycle.LogsError as exc:
        raise RawError(f"Error from server (BadRequest): {exc}\n") from None


def _log_text(record: dict[str, Any], container: str, now: float, previous: bool,
              timestamps: bool, since: float = 0.0) -> str:
    """The container's log; with --timestamps the kubelet starts each line with the instant
    it was written (RFC3339NanoFixed) and a space; --since keeps the lines written in the
    last ``since`` seconds."""
    lines = lifecycle.container_log_lines(record, container, now, previous)
    if since > 0:
        lines = [(at, line) for at, line in lines if at >= now - since]
    if timestamps:
        return "".join(f"{rfc3339_nano_fixed(at)} {line}\n" for at, line in lines)
    return "".join(line + "\n" for _at, line in lines)


def _since(text: str) -> float:
    match = _DURATION.match(text)
    if not match or not text:
        raise KubectlError(f'invalid argument "{text}" for "--since" flag: time: invalid duration '
                           f'"{text}"')
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _trim(text: str, tail: int) -> str:
    if tail < 0 or not text:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(lines[-tail:]) if tail else ""


def _by_selector(opts: LogsOptions, ctx: Ctx) -> int:
    ns = opts.namespace
    records = common.with_labels(ctx.cluster.pod_records(ns), opts.selector, resources.POD)
    if not records:
        ctx.err(f"No resources found in {ns} namespace.\n")
        return 0
    tail = 10 if opts.tail < 0 else opts.tail  # kubectl logs -l defaults --tail to 10
    since = _since(opts.since)
    every = opts.all_containers
    streams = [(record, ctx.cluster.view(record).obj["metadata"]["name"], name)
               for record in records
               for name in _containers(ctx.cluster.view(record).obj, opts.container, every, ctx)]
    _check_concurrency(opts, len(streams))
    for record, pod_name, name in streams:
        text = _logs(record, name, ctx, opts.previous, opts.timestamps, since)
        ctx.out(prefixed(_trim(text, tail), opts.prefix_for(pod_name, name)))
    if opts.follow and not opts.previous:
        _start_follow(ctx, opts, streams)
    return 0
