"""kubectl wait: block until pods meet a condition (Ready, delete, create, a jsonpath value).

Pods are waited on one after another within one overall ``--timeout`` (default 30s), as
kubectl's visitor does; each prints ``pod/x condition met`` when it gets there. Once the
deadline has passed every pod still waited on times out. The command returns through the
``wait`` stream, so a transcript's clock runs until it ends and a web terminal resumes it at
``wake_at``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from playground.sim.cluster import ApiError
from playground.sim.kubectl import common, resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import FlagError, KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.printers import custom_columns, jsonpath

HELP_PAGE = "wait"
EXAMPLES = """  # Wait for the pod "busybox1" to contain the status condition of type "Ready"
  kubectl wait --for=condition=Ready pod/busybox1"""

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.SELECTOR,
    common.OUTPUT,
    Flag("for", default=""),
    Flag("timeout", default="30s"),
    Flag("all", kind="bool", default=False),
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("field-selector", default=""),
    Flag("local", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("template", default=""),
    Flag("kustomize", "k", default=""),
]

_NOTHING = common.NO_RESOURCES_GIVEN
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
# kubectl treats a negative --timeout as "a week"
_WEEK = 7 * 24 * 3600.0


def parse_go_duration(text: str) -> float | None:
    """Go's time.ParseDuration in seconds, or None when Go would refuse it."""
    body = text.lstrip("+-")
    sign = -1.0 if text.startswith("-") else 1.0
    if body == "0":
        return 0.0
    if not body:
        return None
    total = 0.0
    pos = 0
    while pos < len(body):
        m = _DURATION_PART.match(body, pos)
        if m is None:
            return None
        total += float(m.group(1)) * _UNIT_SECONDS[m.group(2)]
        pos = m.end()
    return sign * total


@dataclass(frozen=True)
class Condition:
    kind: str  # "delete" | "create" | "condition" | "jsonpath"
    name: str = ""  # condition type, or the jsonpath template
    value: str | None = None  # wanted condition status / jsonpath value (None: any)


@dataclass(frozen=True)
class WaitOptions:
    namespace: str
    condition: Condition
    timeout: float
    selector: str
    every: bool
    all_namespaces: bool
    args: tuple[str, ...]
    files: common.FilenameOptions

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> WaitOptions:
        raw = str(parsed["timeout"])
        timeout = parse_go_duration(raw)
        if timeout is None:
            raise FlagError(f'invalid argument "{raw}" for "--timeout" flag: time: invalid '
                            f'duration "{raw}"', "wait")
        return cls(
            namespace=common.namespace(parsed, ctx),
            condition=_condition(str(parsed["for"])),
            timeout=_WEEK if timeout < 0 else timeout,
            selector=str(parsed["selector"]),
            every=bool(parsed["all"]),
            all_namespaces=bool(parsed["all-namespaces"]),
            args=tuple(parsed.args),
            files=common.FilenameOptions.complete(parsed),
        )


def _condition(text: str) -> Condition:
    lowered = text.lower()
    if lowered == "delete":
        return Condition("delete")
    if lowered == "create":
        return Condition("create")
    if lowered.startswith("condition="):
        name, sep, value = text[len("condition="):].partition("=")
        return Condition("condition", name, value if sep else "true")
    if lowered.startswith("jsonpath="):
        body = text[len("jsonpath="):]
        path, wanted = _split_jsonpath(body)
        try:
            template = custom_columns.relaxed_jsonpath(path)
        except custom_columns.CustomColumnsError as exc:
            raise KubectlError(str(exc)) from None
        try:
            jsonpath.parse(template)
        except jsonpath.JSONPathError as exc:
            raise KubectlError(jsonpath.parse_error_message(template, exc)) from None
        return Condition("jsonpath", template, wanted)
    raise KubectlError(f'unrecognized condition: "{text}"')


def _split_jsonpath(body: str) -> tuple[str, str | None]:
    """``{.status.phase}=Running`` → path and value; the ``=`` after the closing brace."""
    depth = 0
    for i, ch in enumerate(body):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "=" and depth == 0:
            return body[:i], body[i + 1:]
    return body, None


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = WaitOptions.complete(parsed, ctx)
    targets, errors = _targets(ctx, opts)
    if not targets and not errors:
        if opts.condition.kind == "delete":
            return 0
        raise KubectlError("no matching resources found")
    spec: dict[str, Any] = {
        "targets": targets,
        "index": 0,
        "deadline": ctx.now + opts.timeout,
        "errors": errors,
        "condition": [opts.condition.kind, opts.condition.name, opts.condition.value],
    }
    if resume(spec, ctx):
        return finish(spec, ctx)
    ctx.start_stream("wait", **spec)
    return 0


def _targets(ctx: Ctx, opts: WaitOptions) -> tuple[list[dict[str, str]], list[str]]:
    found: list[dict[str, str]] = []
    errors: list[str] = []
    deleting = opts.condition.kind == "delete"

    def add(ns: str, name: str) -> None:
        record = ctx.cluster.pod_record(ns, name)
        if record is None and opts.condition.kind != "create":
            if not deleting:
                errors.append(f'Error from server (NotFound): pods "{name}" not found')
            return
        uid = record["metadata"]["uid"] if record is not None else ""
        found.append({"namespace": ns, "name": name, "uid": uid})

    if opts.files.filenames:
        for source in opts.files.read(ctx):
            for obj in source.objects:
                _require_pods(common.mapping(obj, source.name))
                add((obj.get("metadata") or {}).get("namespace") or opts.namespace,
                    common.manifest_name(obj, "resource name must be provided"))
        return found, errors
    if not opts.args:
        raise KubectlError(_NOTHING)
    for target in common.parse_targets(list(opts.args), "wait"):
        _require_pods(target.resource)
        if target.names:
            for name in target.names:
                add(opts.namespace, name)
            continue
        if not opts.selector and not opts.every:
            raise KubectlError("resource(s) were provided, but no name was specified")
        pods = ctx.cluster.pods(None if opts.all_namespaces else opts.namespace)
        for pod in common.with_labels(pods, opts.selector, resources.POD):
            add(pod["metadata"]["namespace"], pod["metadata"]["name"])
    return found, errors


def _require_pods(resource: resources.Resource) -> None:
    if resource is not resources.POD:
        raise KubectlError(f"the playground waits on pods only, not {resource.plural}")


# ---------------------------------------------------------------- the stream
def resume(spec: dict[str, Any], ctx: Ctx) -> bool:
    """Report every pod whose wait ended by now; True when the command has finished."""
    targets: list[dict[str, str]] = spec["targets"]
    while int(spec["index"]) < len(targets):
        target = targets[int(spec["index"])]
        if _met(spec, target, ctx):
            ctx.out(f"pod/{target['name']} condition met\n")
        elif ctx.now >= float(spec["deadline"]):
            spec["errors"].append(f"timed out waiting for the condition on pods/{target['name']}")
        else:
            return False
        spec["index"] = int(spec["index"]) + 1
    return True


def finish(spec: dict[str, Any], ctx: Ctx) -> int:
    errors: list[str] = spec["errors"]
    if not errors:
        return 0
    if len(errors) == 1:
        line = errors[0]
        ctx.err(line + "\n" if line.startswith("Error from server") else f"error: {line}\n")
    else:
        ctx.err("".join(line + "\n" for line in errors))
    return 1


def wake_at(spec: dict[str, Any], ctx: Ctx) -> float:
    deadline = float(spec["deadline"])
    targets = spec["targets"]
    index = int(spec["index"])
    if index >= len(targets):
        return ctx.now
    target = targets[index]
    record = ctx.cluster.pod_record(target["namespace"], target["name"])
    if record is None:
        return deadline
    view = ctx.cluster.view(record)
    times = [t for t in (view.next_change, view.gone_at) if t is not None and t > ctx.now]
    return min([deadline, *times])


def _met(spec: dict[str, Any], target: dict[str, str], ctx: Ctx) -> bool:
    kind, name, value = spec["condition"]
    record = ctx.cluster.pod_record(target["namespace"], target["name"])
    if kind == "delete":
        return record is None or (bool(target["uid"]) and
                                  record["metadata"]["uid"] != target["uid"])
    if record is None:
        return False
    if kind == "create":
        return True
    pod = ctx.cluster.view(record).obj
    if kind == "condition":
        for cond in (pod.get("status") or {}).get("conditions") or []:
            if str(cond.get("type", "")).lower() == name.lower():
                return str(cond.get("status", "")).lower() == str(value).lower()
        return False
    try:
        found = jsonpath.find(name, pod)
    except (jsonpath.JSONPathError, ApiError):
        return False
    if value is None:
        return bool(found)
    return len(found) == 1 and _text(found[0]) == value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
