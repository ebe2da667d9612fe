"""The playground's own terminal commands, which are not kubectl: ``why``, ``skip``, ``timeline``.

Each prints in the page's language (``lang``) and reads or changes the sandbox only through the
cluster and ``sim.state``; ``Sandbox.execute`` registers them beside kubectl in the shell.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from playground.sim import skip as skipping
from playground.sim import state as sandbox_state
from playground.sim import why as explaining
from playground.sim.cluster import Cluster
from playground.sim.shell import Io

LANGS = explaining.LANGS


def why_command(
    state: dict[str, Any], argv: list[str], io: Io, cluster: Cluster, lang: str
) -> int:
    """``why pod/NAME [-n NS]``: the lifecycle engine's causes for the pod's state."""
    namespace = str(state.get("kubeconfig", {}).get("namespace") or "default")
    try:
        namespace, name = explaining.parse_args(argv, namespace, lang)
    except explaining.WhyError as error:
        io.write_err(f"{error}\n")
        return 1
    record = cluster.pod_record(namespace, name)
    if record is None:
        io.write_err(explaining.text(lang, "not-found", name=name, ns=namespace) + "\n")
        return 1
    io.write_out(explaining.explain(record, cluster.now, lang))
    return 0


def skip_command(
    state: dict[str, Any], argv: list[str], io: Io, cluster: Cluster, lang: str
) -> int:
    """``skip 5m`` / ``skip next``: move the sandbox's clock ahead (its offset in the state)."""
    try:
        request = skipping.parse(argv, lang)
        if not sandbox_state.skip_allowed(state):
            raise skipping.SkipError(skipping.text(lang, "forbidden"))
        seconds = skipping.amount(request, cluster.now, cluster.next_change(None), lang)
    except skipping.SkipError as error:
        io.write_err(f"{error}\n")
        return 1
    sandbox_state.clock_skip(state, seconds)
    io.write_out(skipping.marker(request, seconds, lang))
    return 0


_TIMELINE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "timeline: the cluster's last changes (a Pod Playground command, not kubectl); "
                 "restore one with: timeline restore N",
        "empty": "timeline: no command has changed the cluster yet",
        "unread": "timeline: type timeline by its own name to read it",
        "usage": "timeline: usage: timeline | timeline restore N",
        "missing": "timeline: no point #{n} (the timeline keeps the last {size})",
        "restored": "[restored the cluster to #{n}: {line}]",
    },
    "ko": {
        "title": "timeline: 클러스터의 최근 변화 (kubectl이 아닌 Pod Playground 명령); "
                 "되돌리려면: timeline restore N",
        "empty": "timeline: 아직 클러스터를 바꾼 명령이 없습니다",
        "unread": "timeline: 읽으려면 timeline을 이름 그대로 입력하세요",
        "usage": "timeline: 사용법: timeline | timeline restore N",
        "missing": "timeline: #{n} 지점이 없습니다 (최근 {size}개만 남습니다)",
        "restored": "[클러스터를 #{n}(으)로 되돌림: {line}]",
    },
}


def _clock(t: float) -> str:
    return f"{datetime.fromtimestamp(t, tz=UTC):%H:%M:%S}"


def _t(lang: str, key: str, **values: Any) -> str:
    return _TIMELINE_TEXT.get(lang, _TIMELINE_TEXT["en"])[key].format(**values) + "\n"


def timeline_command(
    state: dict[str, Any], argv: list[str], io: Io, cluster: Cluster, lang: str
) -> int:
    """``timeline``: the points of the session timeline; ``timeline restore N``: go back."""
    del cluster
    points = state.get("timeline")
    if getattr(points, "partial", False):
        # the worker reads the timeline only for lines that name it (it is the largest journal)
        io.write_err(_t(lang, "unread"))
        return 1
    points = list(points or [])
    if len(argv) == 1:
        if not points:
            io.write_out(_t(lang, "empty"))
            return 0
        out = [_t(lang, "title")]
        for point in points:
            out.append(f"#{point['n']:<3} {_clock(point['t'])}  {point['line']}\n")
            out += [f"       {change}\n" for change in point["changes"]]
        io.write_out("".join(out))
        return 0
    if len(argv) != 3 or argv[1] != "restore" or not argv[2].lstrip("#").isdigit():
        io.write_err(_t(lang, "usage"))
        return 1
    wanted = int(argv[2].lstrip("#"))
    point = next((p for p in points if p["n"] == wanted), None)
    if point is None:
        io.write_err(_t(lang, "missing", n=wanted, size=sandbox_state.TIMELINE_SIZE))
        return 1
    sandbox_state.restore_cluster(state, point["cluster"])
    io.write_out(_t(lang, "restored", n=wanted, line=point["line"]))
    return 0
