"""kubectl diff -f: the live object against what applying the manifest would make of it.

kubectl writes both as YAML into two temporary directories (LIVE-…, MERGED-…, one file per
object named `v1.Pod.NAMESPACE.NAME`) and runs `diff -u -N` on them, so the output is GNU
diff's: a `diff -u -N` line per file pair, the two file headers with their times, the hunks.
The merged object is the server's dry-run answer to the apply patch (nothing is stored). Exit
status as kubectl's: 0 no differences, 1 differences, 2 kubectl failed.
"""

from __future__ import annotations

import copy
import difflib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from playground.sim.admission import validation
from playground.sim.cluster import ApiError, InvalidError, drop_nulls
from playground.sim.kubectl import common, resources, writes
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Flag, Parsed
from playground.sim.kubectl.resources import Resource
from playground.sim.printers import yamljson

HELP_PAGE = "diff"
EXAMPLES = """  # Diff resources included in pod.json
  kubectl diff -f pod.json"""

FLAGS = [
    common.FILENAME,
    common.RECURSIVE,
    common.SELECTOR,
    Flag("concurrency", kind="int", default=1),
    Flag("field-manager", default="kubectl-client-side-apply"),
    Flag("force-conflicts", kind="bool", default=False),
    Flag("kustomize", "k", default=""),
    Flag("prune", kind="bool", default=False),
    Flag("prune-allowlist", kind="list"),
    Flag("server-side", kind="bool", default=False),
    Flag("show-managed-fields", kind="bool", default=False),
]

DIFF_ERROR_EXIT = 2  # CheckDiffErr: kubectl's own errors exit one above diff's "differ"


@dataclass(frozen=True)
class DiffOptions:
    args: tuple[str, ...]
    files: common.FilenameOptions
    namespaces: common.NamespaceOptions

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> DiffOptions:
        return cls(
            args=tuple(parsed.args),
            files=common.FilenameOptions.complete(parsed),
            namespaces=common.NamespaceOptions.complete(parsed, ctx),
        )

    def validate(self) -> None:
        if self.args:
            raise KubectlError(f"Unexpected args: [{' '.join(self.args)}]")
        if not self.files.filenames:
            raise KubectlError("must specify one of -f and -k")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = DiffOptions.complete(parsed, ctx)
    try:
        opts.validate()
        return _run(opts, ctx)
    except KubectlError as exc:
        ctx.err(exc.render())
        return DIFF_ERROR_EXIT


def _run(opts: DiffOptions, ctx: Ctx) -> int:
    pairs: list[tuple[str, str, str]] = []  # file name, live YAML, merged YAML
    for source in opts.files.read(ctx):
        for obj in source.objects:
            resource = common.mapping(obj, source.name)
            ns = opts.namespaces.of_object(obj)
            meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
            name = str((meta or {}).get("name") or "")
            try:
                live, merged = _live_and_merged(ctx, resource, obj, ns, name)
            except ApiError as exc:
                raise KubectlError(exc.render(), prefix="") from None
            namespace = ns if resource.namespaced else ""
            group_version = resource.api_version.replace("/", ".")
            file_name = f"{group_version}.{resource.kind}.{namespace}.{name}"
            pairs.append((file_name, _yaml(live), _yaml(merged)))
    return _print_diff(ctx, pairs)


def _live_and_merged(
    ctx: Ctx, resource: Resource, obj: dict[str, Any], ns: str, name: str
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    resources.ensure_writable(resource)
    live = writes.live_object(ctx, resource, ns, name) if name else None
    if live is None:
        created = writes.create(ctx, resource, copy.deepcopy(obj), ns, dry_run="server")
        # a dry-run create stores nothing, so the answer carries no resourceVersion
        created.get("metadata", {}).pop("resourceVersion", None)
        return None, created
    if resource is not resources.POD:
        return live, live
    annotations = live["metadata"].get("annotations") or {}
    previous = annotations.get(writes.LAST_APPLIED)
    desired = drop_nulls(obj)
    meta = desired["metadata"] = dict(desired.get("metadata") or {})
    # the live annotation stays as it is: kubectl diff compares what the object would hold
    wanted = dict(meta.get("annotations") or {})
    if previous is not None:
        wanted[writes.LAST_APPLIED] = previous
    meta["annotations"] = wanted
    merged = writes.merge(live, desired, json.loads(previous) if previous else {})
    causes = validation.validate_pod_update(live, merged)
    if causes:
        raise InvalidError("Pod", name, causes)
    return live, merged


def _yaml(obj: dict[str, Any] | None) -> str:
    if obj is None:
        return ""
    shown = {k: v for k, v in obj.items() if not k.startswith("_")}
    meta = dict(shown.get("metadata") or {})
    meta.pop("managedFields", None)  # kubectl diff leaves them out unless asked
    shown["metadata"] = meta
    return yamljson.to_yaml(shown)


def _print_diff(ctx: Ctx, pairs: list[tuple[str, str, str]]) -> int:
    seed = json.dumps(pairs)  # the temporary names differ as what is compared does
    rng = ctx.cluster.rng("diff", str(ctx.now), seed)
    live_dir = f"/tmp/LIVE-{rng.randrange(10**9, 4 * 10**9)}"
    merged_dir = f"/tmp/MERGED-{rng.randrange(10**9, 4 * 10**9)}"
    moment = datetime.fromtimestamp(ctx.now, tz=UTC)
    stamp = f"{moment:%Y-%m-%d %H:%M:%S}.{rng.randrange(10**9):09d} +0000"
    differ = False
    for file_name, live, merged in sorted(pairs):
        if live == merged:
            continue
        differ = True
        left, right = f"{live_dir}/{file_name}", f"{merged_dir}/{file_name}"
        ctx.out(f"diff -u -N {left} {right}\n")
        ctx.out(f"--- {left}\t{stamp}\n+++ {right}\t{stamp}\n")
        lines = difflib.unified_diff(live.splitlines(keepends=True),
                                     merged.splitlines(keepends=True), n=3)
        for line in list(lines)[2:]:  # the headers are written above, with their times
            ctx.out(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return 1 if differ else 0
