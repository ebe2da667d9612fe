"""Reading objects of any served type and printing them as `kubectl get` tables.

The per-kind knowledge is the registry in ``kinds.py``; these are the verbs' entry points.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.cluster import Cluster
from playground.sim.kubectl.kinds import TableOptions, kind_of
from playground.sim.kubectl.resources import Resource


def list_objects(cluster: Cluster, resource: Resource, ns: str | None) -> list[dict[str, Any]]:
    """Every object of ``resource`` in ``ns`` (all namespaces: None), in the server's order."""
    return kind_of(resource).list(cluster, ns)


def get_one(cluster: Cluster, resource: Resource, ns: str, name: str) -> dict[str, Any]:
    return kind_of(resource).get_one(cluster, ns, name)


def render(
    resource: Resource,
    objs: Sequence[dict[str, Any]],
    now: float,
    *,
    wide: bool,
    show_labels: bool,
    label_columns: Sequence[str],
    no_headers: bool,
    with_namespace: bool,
    kind_prefix: bool,
) -> str:
    """One `kubectl get` table block for objects of one type."""
    options = TableOptions(wide=wide, show_labels=show_labels, label_columns=label_columns,
                           no_headers=no_headers, with_namespace=with_namespace,
                           kind_prefix=kind_prefix)
    return kind_of(resource).table(objs, now, options)
