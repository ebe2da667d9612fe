"""Node affinity as the scheduler's NodeAffinity plugin reads it: the required node selector
terms (a filter) and the preferred terms' weights (a score)."""

from __future__ import annotations

from typing import Any


def _requirement_holds(expr: dict[str, Any], values: dict[str, str]) -> bool:
    """One NodeSelectorRequirement against a node's labels (or its fields for matchFields)."""
    key, op = expr.get("key", ""), expr.get("operator", "")
    wanted = [str(v) for v in expr.get("values") or []]
    present = key in values
    if op == "In":
        return present and values[key] in wanted
    if op == "NotIn":
        return not present or values[key] not in wanted
    if op == "Exists":
        return present
    if op == "DoesNotExist":
        return not present
    if op in ("Gt", "Lt"):  # one integer value, compared with the label's integer value
        try:
            have, bound = int(values[key]), int(wanted[0])
        except (KeyError, IndexError, ValueError):
            return False
        return have > bound if op == "Gt" else have < bound
    return False


def term_matches(term: dict[str, Any], node: dict[str, Any]) -> bool:
    """A NodeSelectorTerm: all its requirements hold; a term with none matches no node."""
    labels = node["metadata"].get("labels") or {}
    fields = {"metadata.name": node["metadata"]["name"]}
    exprs = list(term.get("matchExpressions") or [])
    field_exprs = list(term.get("matchFields") or [])
    if not exprs and not field_exprs:
        return False
    return (all(_requirement_holds(e, labels) for e in exprs)
            and all(_requirement_holds(e, fields) for e in field_exprs))


def _node_affinity(pod: dict[str, Any]) -> dict[str, Any]:
    return ((pod.get("spec") or {}).get("affinity") or {}).get("nodeAffinity") or {}


def required_matches(pod: dict[str, Any], node: dict[str, Any]) -> bool:
    """requiredDuringSchedulingIgnoredDuringExecution: any of its terms matches (no field, no
    constraint)."""
    required = _node_affinity(pod).get("requiredDuringSchedulingIgnoredDuringExecution")
    if not required:
        return True
    return any(term_matches(t, node) for t in required.get("nodeSelectorTerms") or [])


def preference_score(pod: dict[str, Any], node: dict[str, Any]) -> int:
    """The sum of the weights of the preferredDuringSchedulingIgnoredDuringExecution terms the
    node matches."""
    preferred = _node_affinity(pod).get("preferredDuringSchedulingIgnoredDuringExecution") or []
    return sum(int(p.get("weight") or 0) for p in preferred
               if term_matches(p.get("preference") or {}, node))
