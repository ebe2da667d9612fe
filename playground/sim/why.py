"""``why pod/NAME``: the playground's own command (not kubectl) that explains a pod's state.

The explanation is the chain of causes the lifecycle walk recorded (``lifecycle/causes.py``):
each step says what happened and when, the field of the pod that decided it (with its value)
and the lesson section that teaches it. Nothing here decides anything about a pod; a state the
engine does not record a cause for is not explained.

Language: the steps are the playground's own words, so they follow the page's language (the
terminal socket passes it, ``?lang=``); field paths, values and kubectl's reasons
(``CrashLoopBackOff``, ``OOMKilled``) stay as Kubernetes spells them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from playground.sim import lifecycle
from playground.sim.lifecycle.causes import pod_causes
from playground.sim.lifecycle.records import Cause
from playground.sim.printers.pods import pod_columns
from playground.sim.timefmt import go_duration

LANGS = ("en", "ko")
_VALUE_WIDTH = 72  # a field's value is shown up to this many characters

# The lesson section teaching each cause: (lesson slug, section number).
LESSONS: dict[str, tuple[str, int]] = {
    "scheduled": ("first-pod", 6),
    "unschedulable-selector": ("labels", 6),
    "unschedulable-resources": ("resources", 4),
    "deleted": ("lifecycle", 4),
    "killed-deleted": ("lifecycle", 4),
    "pulling": ("first-pod", 6),
    "pulled": ("first-pod", 6),
    "image-present": ("first-pod", 6),
    "pull-failed": ("when-pods-fail", 5),
    "never-pull": ("when-pods-fail", 5),
    "invalid-image": ("when-pods-fail", 5),
    "started": ("first-pod", 2),
    "start-error": ("when-pods-fail", 2),
    "exited": ("when-pods-fail", 2),
    "exited-oom": ("resources", 5),
    "restart": ("lifecycle", 2),
    "restart-backoff": ("lifecycle", 3),
    "not-restarted": ("lifecycle", 2),
    "probe-liveness": ("health-checks", 3),
    "probe-readiness": ("health-checks", 4),
    "probe-startup": ("health-checks", 6),
}

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "why {ref} (a Pod Playground command, not kubectl)",
        "pod": "Pod {ns}/{name}: STATUS {status}, READY {ready}, RESTARTS {restarts}",
        "container": "container {name}:",
        "init": "init container {name}:",
        "sidecar": "sidecar container {name} (init, restartPolicy Always):",
        "ephemeral": "ephemeral container {name} (kubectl debug; never restarted):",
        "scheduled": "scheduled to node {node}",
        "unschedulable": "FailedScheduling (attempt {count}): {message}",
        "unschedulable-next": "the scheduler tries again at {next}",
        "unschedulable-until": "until {until}, when the cluster changed and it fit",
        "deleted": "deleted: containers get SIGTERM, then SIGKILL after {grace}",
        "killed-deleted": "stopped because the pod is being deleted (exit code {code})",
        "pulling": "pulling image {image} (done at {done})",
        "pulled": "pulled image {image} in {seconds}",
        "image-present": "image {image} already present on the node",
        "pull-failed": "pulling {image} failed (attempt {attempt}): {error}",
        "pull-next": "ImagePullBackOff until the next pull at {next}",
        "never-pull": "image {image} is not on the node and may not be pulled",
        "invalid-image": "{image} is not a valid image name: nothing is pulled",
        "started": "started (image {image})",
        "port-clash": "port {port} is already taken by another container of the pod",
        "start-error": "could not start: {message}",
        "exited": "exited with code {code} ({reason})",
        "restart": "restartPolicy {policy}: restarted at once (restart {restart})",
        "restart-backoff": "restartPolicy {policy}: restart {restart} after a back-off of {wait}"
                           " (CrashLoopBackOff until then)",
        "restart-next": "next start at {next}",
        "not-restarted": "restartPolicy {policy}: not restarted after exit code {code}",
        "init-policy": "{declared}, which an init container follows as {policy}",
        "probe-failed": "{probe} probe failed ({count}x): {message}"
                        " (failureThreshold {threshold})",
        "probe-kill": "{probe} probe failed {threshold} times in a row: the kubelet kills the"
                      " container",
        "image-changed": "the image changed to {image}: the container is recreated",
        "because": "because {field}",
        "lesson": "lesson: {url}",
        "next-change": "Next change: {next}.",
        "no-change": "Nothing is scheduled to change.",
        "usage": "why: name a pod: why pod/NAME [-n NAMESPACE]",
        "not-pod": "why: only pods can be explained, not {kind}",
        "not-found": 'why: pod "{name}" not found in namespace "{ns}"',
        "in": "in {seconds}",
    },
    "ko": {
        "title": "why {ref} (kubectl이 아닌 Pod Playground 명령)",
        "pod": "Pod {ns}/{name}: STATUS {status}, READY {ready}, RESTARTS {restarts}",
        "container": "컨테이너 {name}:",
        "init": "초기화 컨테이너 {name}:",
        "sidecar": "사이드카 컨테이너 {name} (초기화 컨테이너, restartPolicy Always):",
        "ephemeral": "임시 컨테이너 {name} (kubectl debug, 다시 시작하지 않음):",
        "scheduled": "노드 {node}에 배치됨",
        "unschedulable": "FailedScheduling ({count}번째 시도): {message}",
        "unschedulable-next": "스케줄러가 {next}에 다시 시도함",
        "unschedulable-until": "{until}까지; 클러스터가 바뀌어 자리가 생김",
        "deleted": "삭제됨: 컨테이너는 SIGTERM을 받고, {grace} 뒤에 SIGKILL을 받음",
        "killed-deleted": "Pod가 삭제되는 중이라 멈춤 (종료 코드 {code})",
        "pulling": "이미지 {image}를 받는 중 ({done}에 끝남)",
        "pulled": "이미지 {image}를 {seconds} 만에 받음",
        "image-present": "이미지 {image}가 이미 노드에 있음",
        "pull-failed": "{image} 받기 실패 ({attempt}번째 시도): {error}",
        "pull-next": "다음 받기 시도 {next}까지 ImagePullBackOff",
        "never-pull": "이미지 {image}가 노드에 없고 받아 올 수도 없음",
        "invalid-image": "{image}는 올바른 이미지 이름이 아니라 아무것도 받지 않음",
        "started": "시작됨 (이미지 {image})",
        "port-clash": "포트 {port}를 Pod의 다른 컨테이너가 이미 쓰고 있음",
        "start-error": "시작하지 못함: {message}",
        "exited": "종료 코드 {code}로 끝남 ({reason})",
        "restart": "restartPolicy {policy}: 곧바로 다시 시작 ({restart}번째 재시작)",
        "restart-backoff": "restartPolicy {policy}: {wait} 기다린 뒤 {restart}번째 재시작"
                           " (그때까지 CrashLoopBackOff)",
        "restart-next": "다음 시작은 {next}",
        "not-restarted": "restartPolicy {policy}: 종료 코드 {code} 뒤에 다시 시작하지 않음",
        "init-policy": "{declared} (초기화 컨테이너에는 {policy}로 적용)",
        "probe-failed": "{probe} 프로브가 {count}번 실패: {message} (failureThreshold {threshold})",
        "probe-kill": "{probe} 프로브가 연달아 {threshold}번 실패: kubelet이 컨테이너를 종료함",
        "image-changed": "이미지가 {image}(으)로 바뀜: 컨테이너를 새로 만듦",
        "because": "원인 필드 {field}",
        "lesson": "배울 곳: {url}",
        "next-change": "다음 변화: {next}.",
        "no-change": "예정된 변화가 없습니다.",
        "usage": "why: Pod를 지정하세요: why pod/NAME [-n NAMESPACE]",
        "not-pod": "why: Pod만 설명할 수 있습니다 ({kind}는 안 됨)",
        "not-found": 'why: 네임스페이스 "{ns}"에 pod "{name}"가 없습니다',
        "in": "{seconds} 뒤",
    },
}


@dataclass(frozen=True)
class Step:
    """One link of the chain: when, what (localised), the deciding field and its lesson."""

    at: float | None  # None: a consequence still to come, shown with its own time
    text: str
    field: str | None = None
    lesson: str | None = None


class WhyError(ValueError):
    """Bad arguments or a pod that does not exist; the message is for the learner."""


def text(lang: str, key: str, **values: Any) -> str:
    table = _TEXT.get(lang, _TEXT["en"])
    return table[key].format(**values)


def parse_args(argv: list[str], namespace: str, lang: str) -> tuple[str, str]:
    """(namespace, pod name) from ``why pod/NAME [-n NS]``, ``why NAME``, ``why pod NAME``."""
    words: list[str] = []
    args = iter(argv[1:])
    for arg in args:
        if arg in ("-n", "--namespace"):
            namespace = next(args, "")
            if not namespace:
                raise WhyError(text(lang, "usage"))
        elif arg.startswith("--namespace="):
            namespace = arg.split("=", 1)[1]
        elif arg.startswith("-n") and len(arg) > 2:
            namespace = arg[2:]
        elif arg.startswith("-"):
            raise WhyError(text(lang, "usage"))
        else:
            words.append(arg)
    if len(words) == 2 and words[0] in ("pod", "pods", "po"):
        words = [f"pod/{words[1]}"]
    if len(words) != 1:
        raise WhyError(text(lang, "usage"))
    kind, _, name = words[0].rpartition("/")
    if kind and kind not in ("pod", "pods", "po"):
        raise WhyError(text(lang, "not-pod", kind=kind))
    if not name:
        raise WhyError(text(lang, "usage"))
    return namespace, name


def _clock(t: float) -> str:
    return f"{datetime.fromtimestamp(t, tz=UTC):%H:%M:%S}"


def _field_value(record: dict[str, Any], path: str) -> Any:
    """The value at a cause's field path (``spec.containers[web].image``), if it has one."""
    node: Any = record
    for part in path.split("."):
        name, _, key = part.partition("[")
        if not isinstance(node, dict) or name not in node:
            return None
        node = node[name]
        if key:
            key = key.rstrip("]")
            if key == "*" or not isinstance(node, list):
                return None
            node = next((c for c in node if isinstance(c, dict) and c.get("name") == key), None)
    return node


def _because(record: dict[str, Any], where: str) -> str:
    value = _field_value(record, where) if "," not in where else None
    if value is None or where.startswith("metadata."):
        return where
    shown = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    if len(shown) > _VALUE_WIDTH:  # a probe's whole spec would hide the step it explains
        shown = shown[:_VALUE_WIDTH - 3] + "..."
    return f"{where}: {shown}"


def _lesson(lang: str, key: str | None) -> str | None:
    if key is None or key not in LESSONS:
        return None
    slug, section = LESSONS[key]
    return f"/lessons/{lang}/{slug}/#section-{section}"


def _steps(cause: Cause, record: dict[str, Any], now: float, lang: str) -> list[Step]:
    """The cause as one step (and what it makes happen later, as a second)."""
    v, kind = cause.values, cause.kind
    because = _because(record, cause.path)
    lesson = kind
    if kind == "unschedulable":
        fields = v.get("fields") or []
        lesson = "unschedulable-resources" if any("resources" in f for f in fields) \
            else "unschedulable-selector"
        steps = [Step(cause.at, text(lang, kind, count=v["count"], message=v["message"]),
                      ", ".join(fields) or None, _lesson(lang, lesson))]
        if "next" in v:
            steps.append(Step(None, text(lang, "unschedulable-next", next=_clock(v["next"]))))
        else:
            steps.append(Step(None, text(lang, "unschedulable-until", until=_clock(v["until"]))))
        return steps
    if kind == "deleted":
        return [Step(cause.at, text(lang, kind, grace=go_duration(v["grace"])), because,
                     _lesson(lang, kind))]
    if kind == "exited":
        if v["reason"] == "OOMKilled":
            lesson = "exited-oom"
        return [Step(cause.at, text(lang, kind, code=v["code"], reason=v["reason"]), because,
                     _lesson(lang, lesson))]
    if kind == "pulling":
        return [Step(cause.at, text(lang, kind, image=v["image"], done=_clock(v["done"])),
                     because, _lesson(lang, kind))]
    if kind == "pulled":
        return [Step(cause.at, text(lang, kind, image=v["image"],
                                    seconds=go_duration(round(v["seconds"], 3))),
                     because, _lesson(lang, kind))]
    if kind == "pull-failed":
        steps = [Step(cause.at, text(lang, kind, image=v["image"], attempt=v["attempt"],
                                     error=v["error"]), because, _lesson(lang, kind))]
        if v["next"] > now:
            steps.append(Step(None, text(lang, "pull-next", next=_next(v["next"], now, lang))))
        return steps
    if kind == "started":
        steps = [Step(cause.at, text(lang, kind, image=v["image"]), because, _lesson(lang, kind))]
        if v.get("port_clash"):
            steps.append(Step(None, text(lang, "port-clash", port=v["port_clash"])))
        return steps
    if kind in ("restart", "not-restarted") and v.get("declared", v["policy"]) != v["policy"] \
            and cause.path == "spec.restartPolicy":
        # an init container under the pod's Always is retried only after a failure
        v = dict(v, policy=text(lang, "init-policy", declared=v["declared"], policy=v["policy"]))
    if kind == "restart":
        backoff = bool(v.get("backoff"))
        lesson = "restart-backoff" if backoff else "restart"
        steps = [Step(cause.at, text(lang, lesson, policy=v["policy"], restart=v["restart"],
                                     wait=go_duration(round(v["wait"], 3))),
                      because, _lesson(lang, lesson))]
        if v["next"] > now:
            steps.append(Step(None, text(lang, "restart-next", next=_next(v["next"], now, lang))))
        return steps
    if kind in ("probe-failed", "probe-kill"):
        probe = str(v["probe"])
        threshold = v.get("threshold", "")
        words = text(lang, kind, probe=probe, count=v.get("count", ""), threshold=threshold,
                     message=v.get("message", ""))
        return [Step(cause.at, words, because, _lesson(lang, f"probe-{probe}"))]
    words = text(lang, kind, **v) if kind in _TEXT["en"] else kind
    return [Step(cause.at, words, because, _lesson(lang, lesson))]


def _next(t: float, now: float, lang: str) -> str:
    # rounded up: "in 0s" would read as "now" for a change still to come
    return f"{_clock(t)} ({text(lang, 'in', seconds=go_duration(math.ceil(t - now)))})"


# A container's chain starts at its latest attempt: the last start (with the pull before it),
# the last failed start or pull; what follows (exit, restart, probes) belongs to it.
_ATTEMPTS = ("started", "start-error", "pull-failed", "never-pull", "invalid-image", "pulling",
             "image-present")
_PULLS = ("pulling", "pulled", "image-present")


def _latest_attempt(causes: list[Cause]) -> list[Cause]:
    ordered = sorted(causes, key=lambda c: c.at)
    begin = 0
    for i, c in enumerate(ordered):
        if c.kind in _ATTEMPTS:
            begin = i
    while begin > 0 and ordered[begin].kind in ("started", "pulled") \
            and ordered[begin - 1].kind in _PULLS:
        begin -= 1
    return ordered[begin:]


def explain(record: dict[str, Any], now: float, lang: str) -> str:
    """The explanation of one stored pod at ``now``, as terminal text."""
    view = lifecycle.observe(record, now)
    obj = view.obj
    meta = obj["metadata"]
    ready, status, restarts = pod_columns(obj, now)
    lines = [text(lang, "title", ref=f"pod/{meta['name']}"),
             text(lang, "pod", ns=meta["namespace"], name=meta["name"], status=status,
                  ready=ready, restarts=restarts)]
    found = pod_causes(record, now)
    chain: list[Step] = []
    for cause in found.pod:
        chain += _steps(cause, record, now, lang)
    _render(lines, chain, lang)
    for container in found.containers:
        lines.append("")
        lines.append(text(lang, "container" if container.kind == "app" else container.kind,
                          name=container.name))
        steps: list[Step] = []
        for cause in _latest_attempt(container.causes):
            steps += _steps(cause, record, now, lang)
        _render(lines, steps, lang)
    lines.append("")
    if view.next_change is not None:
        lines.append(text(lang, "next-change", next=_next(view.next_change, now, lang)))
    else:
        lines.append(text(lang, "no-change"))
    return "\n".join(lines) + "\n"


def _render(lines: list[str], steps: list[Step], lang: str) -> None:
    for step in steps:
        when = _clock(step.at) if step.at is not None else "      ->"
        lines.append(f"  {when}  {step.text}")
        if step.field:
            lines.append(f"            {text(lang, 'because', field=step.field)}")
        if step.lesson:
            lines.append(f"            {text(lang, 'lesson', url=step.lesson)}")
