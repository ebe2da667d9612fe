"""One save of ``kubectl edit``'s buffer: the loop of kubectl's editoptions.go, one turn per save.

``save(spec, edited, ctx)`` answers as kubectl does once its editor exits: unchanged →
``Edit cancelled, no changes made.``; empty → ``Edit cancelled, saved file was empty.``; a YAML
error or a change the API server refuses → the buffer reopens with the reasons as comments (the
refusal also prints ``error: pods "x" is invalid``); saving a reopened buffer unchanged gives up
(``A copy of your changes has been stored to …`` and ``error: Edit cancelled, no valid changes
were saved.``). A change is sent as a patch against the live object; what it may change is the
API server's business (``commands/patch.py``'s store: the pod update rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.sim.admission import strict
from playground.sim.admission.manifests import ManifestError, load_documents
from playground.sim.cluster import ApiError, InvalidError
from playground.sim.kubectl import edit_buffer, output, resources, tables, writes
from playground.sim.kubectl.commands import edit as edit_command
from playground.sim.kubectl.commands import patch as patch_command
from playground.sim.kubectl.context import Ctx

SOURCE = "edited-file"  # the name kubectl's builder gives the edited stream


@dataclass
class Saved:
    done: bool  # False: the buffer reopens (spec["shown"] holds it)
    exit_code: int = 0


def save(spec: dict[str, Any], edited: str, ctx: Ctx) -> Saved:
    """Take the buffer the editor saved; ``spec`` is the session, updated in place."""
    edited = edited.replace("\r\n", "\n")
    if spec["contains_error"] and (edit_buffer.strip_comments(spec["edited"])
                                   == edit_buffer.strip_comments(edited)):
        return _give_up(ctx, spec["file"], "Edit cancelled, no valid changes were saved.")
    if edit_buffer.strip_comments(spec["original"].replace("\r\n", "\n")) == \
            edit_buffer.strip_comments(edited):
        ctx.err("Edit cancelled, no changes made.\n")
        return Saved(True, 0)
    if not edit_buffer.has_lines(edited):
        ctx.err("Edit cancelled, saved file was empty.\n")
        return Saved(True, 0)
    spec["edited"] = edited
    try:
        updated = load_documents(edited, SOURCE)
    except ManifestError as exc:
        return _reopen(spec, [{"head": f"The edited file had a syntax error: {exc.message}"}])
    spec["contains_error"] = False
    return _patch_all(spec, updated, ctx)


def _patch_all(spec: dict[str, Any], updated: list[dict[str, Any]], ctx: Ctx) -> Saved:
    reasons: list[dict[str, Any]] = []
    notfound = retryable = 0
    originals = {t["uid"]: t for t in spec["targets"]}
    shown = _original_objects(spec)
    for obj in updated:
        meta: dict[str, Any] = obj["metadata"] if isinstance(obj.get("metadata"), dict) else {}
        target = originals.get(str(meta.get("uid", "")))
        if target is None:
            return _give_up(ctx, spec["file"], "no original object found for the edited "
                            f'object "{meta.get("name", "")}" (its metadata.uid changed)')
        own_ns = str(meta.get("namespace") or "")
        if own_ns and own_ns != spec["namespace"]:
            return _give_up(ctx, spec["file"],
                            f'the namespace from the provided object "{own_ns}" does not match '
                            f'the namespace "{spec["namespace"]}". You must pass '
                            f"'--namespace={own_ns}' to perform this operation.")
        resource = resources.by_kind(target["kind"])
        assert resource is not None  # the targets were mapped when the edit began
        if spec["save_config"]:
            annotations = meta.setdefault("annotations", {})
            annotations[writes.LAST_APPLIED] = writes.last_applied(
                obj, target["namespace"], resource)
        original = shown.get(target["uid"], {})
        name = target["name"]
        if _same(original, obj):
            ctx.out(f"{resource.singular}/{name} skipped\n")
            continue
        if any(obj.get(k) != original.get(k) for k in ("apiVersion", "kind")) or \
                meta.get("name") != (original.get("metadata") or {}).get("name"):
            return _give_up(ctx, spec["file"], "At least one of apiVersion, kind and name was "
                            "changed")
        patch = edit_buffer.two_way_patch(original, obj)
        if spec["output_patch"]:
            ctx.out(f"Patch: {edit_buffer.go_json(patch)}\n")
        try:
            result = _store(ctx, resource, target, original, obj, spec.get("validate", "strict"))
        except InvalidError as exc:
            ctx.err(f'error: {resource.plural} "{name}" is invalid\n')
            reasons.append({"head": f'{resource.plural} "{name}" was not valid',
                            "other": list(exc.causes)})
            continue
        except ApiError as exc:
            if exc.reason == "NotFound":
                notfound += 1
                ctx.err(f'error: {resource.plural} "{name}" could not be found on the server\n')
            else:
                retryable += 1
                ctx.err(f'error: {resource.plural} "{name}" could not be patched: '
                        f"{exc.message}\n")
            continue
        if spec["output"] in ("yaml", "json"):
            output.print_objects(ctx, [result], spec["output"], single=True)
        else:
            ctx.out(f"{resource.singular}/{name} edited\n")
    if retryable:
        ctx.err(f"You can run `kubectl replace -f {spec['file']}` to try this update again.\n")
        return Saved(True, 1)
    if notfound:
        ctx.err(f'The edits you made on deleted resources have been saved to "{spec["file"]}"\n')
        return Saved(True, 1)
    if not reasons:
        return Saved(True, 0)
    return _reopen(spec, reasons)


def _store(ctx: Ctx, resource: resources.Resource, target: dict[str, str],
           original: dict[str, Any], edited: dict[str, Any], validate: str) -> dict[str, Any]:
    """Send the change: the live object with the learner's changes, as the API server makes
    of kubectl's patch, through the same store (and update rules) as ``kubectl patch``.
    --validate is the request's fieldValidation: strict refuses unknown fields (the words are
    approximate: the API server's strict decoding error), warn warns (``patch.store``), ignore
    drops them."""
    ns, name = target["namespace"], target["name"]
    if resource is resources.POD:
        unknown = strict.unknown_fields(edited)
        if unknown and validate == "strict":
            raise ApiError("BadRequest", "strict decoding error: " + ", ".join(unknown))
        if unknown and validate == "ignore":
            edited = strict.prune_unknown(edited)
    live = tables.get_one(ctx.cluster, resource, ns, name)
    patched = edit_buffer.apply_edit(live, original, edited)
    return patch_command.store(ctx, resource, ns, name, live, patched, False)


def _same(original: dict[str, Any], edited: dict[str, Any]) -> bool:
    return edit_buffer.go_json(original) == edit_buffer.go_json(edited)


def _original_objects(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The objects as the first buffer showed them, by uid."""
    docs = load_documents(spec["original"].replace("\r\n", "\n"), SOURCE)
    return {str(d["metadata"].get("uid", "")): dict(d) for d in docs}


def _reopen(spec: dict[str, Any], reasons: list[dict[str, Any]]) -> Saved:
    """kubectl launches the editor again: the header with the reasons, then the learner's
    text without its comments."""
    spec["contains_error"] = True
    spec["reasons"] = reasons
    spec["attempt"] = int(spec["attempt"]) + 1
    spec["file"] = edit_buffer.temp_file(spec["file"], 0.0, spec["attempt"])
    text = edit_buffer.header(reasons) + edit_buffer.manual_strip(spec["edited"])
    spec["shown"] = edit_command.crlf(spec, text)
    return Saved(False)


def _give_up(ctx: Ctx, file: str, message: str) -> Saved:
    ctx.err(f'A copy of your changes has been stored to "{file}"\n')
    ctx.err(f"error: {message}\n")
    return Saved(True, 1)
