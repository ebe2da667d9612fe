"""ConfigMaps and Secrets as kubectl 1.32 shows them: the server's ``get`` tables (NAME DATA
AGE; NAME TYPE DATA AGE) and kubectl's ConfigMap and Secret describers.

Go ranges over the data maps in random order; these print the keys sorted, which is one of the
orders a real kubectl prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.sim.admission import gobase64
from playground.sim.printers.describe_lines import annotations_lines, labels_lines
from playground.sim.printers.events import Event, describe_events_lines
from playground.sim.printers.kind_table import kind_table
from playground.sim.tabwriter import format_lines
from playground.sim.timefmt import age

_SA_TOKEN = "kubernetes.io/service-account-token"


def _table(objs: Sequence[dict[str, Any]], now: float, headers: list[str], prefix: str,
           cells: Any, **options: Any) -> str:
    def row(obj: dict[str, Any]) -> list[str]:
        meta = obj.get("metadata") or {}
        return [str(meta.get("name", "")), *cells(obj), age(meta.get("creationTimestamp"), now)]

    return kind_table(objs, headers, row, prefix, **options)


def configmap_table(objs: Sequence[dict[str, Any]], now: float, **options: Any) -> str:
    """printConfigMap: DATA counts the keys of data and binaryData."""
    def cells(obj: dict[str, Any]) -> list[str]:
        return [str(len(obj.get("data") or {}) + len(obj.get("binaryData") or {}))]

    return _table(objs, now, ["NAME", "DATA", "AGE"], "configmap/", cells, **options)


def secret_table(objs: Sequence[dict[str, Any]], now: float, **options: Any) -> str:
    """printSecret: TYPE and the number of data keys."""
    def cells(obj: dict[str, Any]) -> list[str]:
        return [str(obj.get("type") or ""), str(len(obj.get("data") or {}))]

    return _table(objs, now, ["NAME", "TYPE", "DATA", "AGE"], "secret/", cells, **options)


def _head(obj: dict[str, Any]) -> list[str]:
    meta = obj.get("metadata") or {}
    lines = [f"Name:\t{meta.get('name', '')}", f"Namespace:\t{meta.get('namespace', '')}"]
    lines += labels_lines("Labels", meta.get("labels"))
    lines += annotations_lines("Annotations", meta.get("annotations"))
    return lines


def describe_configmap(cm: dict[str, Any], events: Sequence[Event] | None, now: float) -> str:
    """Each data value under its key and a ``----`` rule, then the byte counts of binaryData;
    the events block when asked for."""
    lines = [*_head(cm), "", "Data", "===="]
    for key in sorted(cm.get("data") or {}):
        lines += [f"{key}:", "----", *str(cm["data"][key]).split("\n"), ""]
    lines += ["", "BinaryData", "===="]
    binary = cm.get("binaryData") or {}
    lines += [f"{key}: {len(gobase64.decode(str(binary[key])))} bytes" for key in sorted(binary)]
    lines.append("")
    if events is not None:
        lines += describe_events_lines(events, now)
    return format_lines(lines, minwidth=0, padding=2)


def describe_secret(secret: dict[str, Any]) -> str:
    """Values are never shown: each key with its size in bytes (a service account token is
    the one exception kubectl makes). The Secret describer reads no events."""
    lines = [*_head(secret), "", f"Type:\t{secret.get('type', '')}", "", "Data", "===="]
    data = secret.get("data") or {}
    for key in sorted(data):
        raw = gobase64.decode(str(data[key]))
        if key == "token" and secret.get("type") == _SA_TOKEN:
            lines.append(f"{key}:\t{raw.decode('utf-8', errors='replace')}")
        else:
            lines.append(f"{key}:\t{len(raw)} bytes")
    return format_lines(lines, minwidth=0, padding=2)
