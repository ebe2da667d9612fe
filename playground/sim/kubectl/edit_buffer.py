"""The text of ``kubectl edit``'s buffer and the comparisons kubectl makes on it.

Reproduces the behaviour of kubectl's editoptions.go and cmd/util helpers (written from their
documented behaviour, not copied): the header kubectl puts above a YAML buffer, the reasons it
adds when it reopens the buffer, comment stripping (``StripComments`` compares the documents as
JSON and falls back to dropping ``#`` lines, ``ManualStrip``), ``hasLines`` (an empty file aborts)
and the patch an edit sends (a two-way strategic merge patch, shown by ``--output-patch``).
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from playground.sim.admission import manifests
from playground.sim.kubectl.patching import MERGE_KEYS  # the Pod's merge keys: one table

HEADER = (
    "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
    "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
    "# reopened with the relevant failures.\n"
    "#\n"
)


def hash_on_line_break(text: str) -> str:
    """A reason's later lines become comments too (kubectl's hashOnLineBreak)."""
    out = []
    for i, ch in enumerate(text):
        if ch == "\n" and i + 1 < len(text) and text[i + 1] != "#":
            out.append("\n# ")
        else:
            out.append(ch)
    return "".join(out)


def header(reasons: list[dict[str, Any]]) -> str:
    """The header and, when the buffer is reopened, one block per reason it failed."""
    text = HEADER
    for reason in reasons:
        head, other = str(reason["head"]), list(reason.get("other") or [])
        text += f"# {hash_on_line_break(head)}{':' if other else ''}\n"
        for line in other:
            text += f"# * {hash_on_line_break(str(line))}\n"
        text += "#\n"
    return text


def manual_strip(text: str) -> str:
    """Drop comment lines (not ``#!``), keep the rest byte for byte."""
    lines = text.split("\n")
    kept = []
    for i, line in enumerate(lines):
        trimmed = line.strip()
        if trimmed.startswith("#") and not trimmed.startswith("#!"):
            continue
        kept.append(line + ("\n" if i < len(lines) - 1 else ""))
    return "".join(kept)


def strip_comments(text: str) -> str:
    """What kubectl compares: the document as JSON when it parses, else the text without
    comment lines."""
    try:
        doc = manifests.yaml_value(text)  # go-yaml's reading, alias budget included
    except manifests.ManifestError:
        return manual_strip(text)
    try:
        return json.dumps(doc, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return manual_strip(text)


def has_lines(text: str) -> bool:
    """Whether any line holds something other than blanks and comments."""
    return any(line.strip() and not line.strip().startswith("#") for line in text.splitlines())


def temp_file(seed: str, now: float, attempt: int) -> str:
    """The temporary file kubectl would have written (os.CreateTemp's random digits: here
    derived from the sandbox, so a replay is deterministic)."""
    digest = hashlib.sha256(f"{seed}:{now}:{attempt}".encode()).digest()
    return f"/tmp/kubectl-edit-{int.from_bytes(digest[:4], 'big')}.yaml"


# -- the patch ---------------------------------------------------------------------------------
def two_way_patch(original: Any, edited: Any) -> dict[str, Any]:
    """A strategic merge patch from ``original`` to ``edited`` (maps recursively, removed keys
    as null, merge-keyed lists by key with ``$setElementOrder``, other lists whole)."""
    patch: dict[str, Any] = {}
    for key in sorted(set(original) | set(edited)):
        if key not in edited:
            patch[key] = None
            continue
        old, new = original.get(key), edited[key]
        if key not in original:
            patch[key] = copy.deepcopy(new)
        elif old == new:
            continue
        elif isinstance(old, dict) and isinstance(new, dict):
            patch[key] = two_way_patch(old, new)
        elif isinstance(old, list) and isinstance(new, list) and MERGE_KEYS.get(key):
            _list_patch(patch, key, MERGE_KEYS[key], old, new)
        else:
            patch[key] = copy.deepcopy(new)
    return patch


def _list_patch(patch: dict[str, Any], key: str, merge_key: str, old: list[Any],
                new: list[Any]) -> None:
    if not all(isinstance(i, dict) and merge_key in i for i in [*old, *new]):
        patch[key] = copy.deepcopy(new)
        return
    before = {i[merge_key]: i for i in old}
    after_keys = {i[merge_key] for i in new}
    items: list[Any] = []
    for item in new:
        was = before.get(item[merge_key])
        if was is None:
            items.append(copy.deepcopy(item))
        elif was != item:
            items.append({**two_way_patch(was, item), merge_key: item[merge_key]})
    items += [{"$patch": "delete", merge_key: k} for k in before if k not in after_keys]
    patch[f"$setElementOrder/{key}"] = [{merge_key: i[merge_key]} for i in new]
    if items:
        patch[key] = [dict(sorted(i.items())) for i in items]


def apply_edit(live: dict[str, Any], original: Any, edited: Any) -> dict[str, Any]:
    """The live object with the learner's changes (what the API server makes of the patch:
    fields the learner did not touch keep their live value)."""
    result = copy.deepcopy(live)
    _apply(result, original, edited)
    return result


def _apply(target: dict[str, Any], original: dict[str, Any], edited: dict[str, Any]) -> None:
    for key in set(original) | set(edited):
        if key not in edited:
            target.pop(key, None)
        elif key not in original or original[key] != edited[key]:
            old, new = original.get(key), edited[key]
            if isinstance(old, dict) and isinstance(new, dict) and isinstance(
                    target.get(key), dict):
                _apply(target[key], old, new)
            else:
                target[key] = copy.deepcopy(new)


def go_json(value: Any) -> str:
    """encoding/json's compact form, keys sorted, HTML characters escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
