"""The session timeline: every command that changed the cluster is a point a learner can see
(with one-line changes) and restore (``timeline``, ``timeline restore N``).

A point is appended when a line moved the cluster's resourceVersion counter: the time, the line,
the changes between the cluster before and after it (``+ pod/web``, ``~ pod/web labels
+env=prod``, ``- pod/web``) and the cluster after it as a restorable delta
(``state.cluster_point``). The timeline is a journal capped at ``TIMELINE_SIZE`` points, stored
apart from the sandbox document, so a command appends a point without reading the others.
"""

from __future__ import annotations

from typing import Any

import orjson

from playground.sim import base_view
from playground.sim import state as sandbox_state

TRACKED = {"namespaces": "namespace", "nodes": "node", "services": "service", "pods": "pod",
           "configmaps": "configmap", "secrets": "secret"}
_DIFF_LINES = 12  # a point shows at most this many changes (then "… N more")


# collection -> key -> the object's JSON, or the shared base object itself while the sandbox
# has not read it for itself (base_view: it cannot have changed, so it costs no encoding)
Encoded = dict[str, dict[str, bytes | dict[str, Any]]]


def _encoded(cluster: dict[str, Any]) -> Encoded:
    return {name: {key: obj if base_view.untouched(obj) else orjson.dumps(obj)
                   for key, obj in base_view.peek_items(cluster.get(name, {}))}
            for name in TRACKED}


def _bytes(value: bytes | dict[str, Any]) -> bytes:
    return value if isinstance(value, bytes) else orjson.dumps(value)


def before(cluster: dict[str, Any]) -> tuple[int, Encoded]:
    """What a line's changes are measured against: the rv counter and each tracked object's
    bytes (commands edit objects in place, so references would not do; bytes per object let
    ``changes`` decode only the objects that differ)."""
    return int(cluster.get("rv", 0)), _encoded(cluster)


def _name(kind: str, key: str) -> str:
    namespace, _, name = key.rpartition("/")
    return f"{kind}/{name}" + (f" -n {namespace}" if namespace not in ("", "default") else "")


def _labels_change(field: str, old: dict[str, str], new: dict[str, str]) -> str | None:
    parts = [f"+{k}={v}" for k, v in sorted(new.items()) if old.get(k) != v]
    parts += [f"-{k}" for k in sorted(old) if k not in new]
    return f"{field} {' '.join(parts)}" if parts else None


def _images(obj: dict[str, Any]) -> dict[str, str]:
    spec = obj.get("spec") or {}
    return {c["name"]: c.get("image", "") for c in (spec.get("initContainers") or [])
            + (spec.get("containers") or [])}


def _changed(old: dict[str, Any], new: dict[str, Any]) -> str:
    meta_old, meta_new = old.get("metadata") or {}, new.get("metadata") or {}
    parts = []
    for field in ("labels", "annotations"):
        change = _labels_change(field, meta_old.get(field) or {}, meta_new.get(field) or {})
        if change:
            parts.append(change)
    images_old, images_new = _images(old), _images(new)
    moved = [f"{name}={image}" for name, image in images_new.items()
             if images_old.get(name) not in (None, image)]
    if moved:
        parts.append("image " + " ".join(moved))
    debuggers_old = {c["name"] for c in (old.get("spec") or {}).get("ephemeralContainers") or []}
    added = [c["name"] for c in (new.get("spec") or {}).get("ephemeralContainers") or []
             if c["name"] not in debuggers_old]
    if added:
        parts.append("ephemeral container " + " ".join(added))  # kubectl debug
    if "deletionTimestamp" in meta_new and "deletionTimestamp" not in meta_old:
        parts.append("deleting")
    if (old.get("spec") or {}).get("taints") != (new.get("spec") or {}).get("taints"):
        parts.append("taints")
    if old.get("data") != new.get("data") or old.get("binaryData") != new.get("binaryData"):
        parts.append("data")
    return ", ".join(parts)


def changes(old: Encoded, cluster: dict[str, Any]) -> list[str]:
    """One line per object the line added (+), changed (~) or removed (-), in kind order."""
    now = _encoded(cluster)
    lines: list[str] = []
    for collection, kind in TRACKED.items():
        before_objs, after_objs = old.get(collection, {}), now[collection]
        for key in sorted(set(before_objs) | set(after_objs)):
            if key not in before_objs:
                lines.append(f"+ {_name(kind, key)}")
            elif key not in after_objs:
                lines.append(f"- {_name(kind, key)}")
            elif before_objs[key] is not after_objs[key] and (
                    _bytes(before_objs[key]) != _bytes(after_objs[key])):
                detail = _changed(orjson.loads(_bytes(before_objs[key])),
                                  cluster[collection][key])
                if detail or collection != "pods":  # a pod's own bookkeeping is not news
                    lines.append(f"~ {_name(kind, key)}" + (f" {detail}" if detail else ""))
    if len(lines) > _DIFF_LINES:
        lines = lines[:_DIFF_LINES - 1] + [f"… {len(lines) - _DIFF_LINES + 1} more"]
    return lines


def record(state: dict[str, Any], line: str, start: tuple[int, Encoded], now: float) -> None:
    """Append a point if ``line`` changed the cluster (its rv counter moved)."""
    rv, old = start
    if int(state["cluster"].get("rv", 0)) == rv:
        return
    journal = state.setdefault("timeline", sandbox_state.Journal())
    number = int(state.get("timeline_next", 1))
    state["timeline_next"] = number + 1
    journal.append({"n": number, "t": now, "line": line[:200],
                    "changes": changes(old, state["cluster"]),
                    "cluster": sandbox_state.cluster_point(state)})
    del journal[:-sandbox_state.TIMELINE_SIZE]
