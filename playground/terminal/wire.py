"""How frames are written on the socket: compact JSON, UTF-8 text kept as is (Korean output).

orjson writes them (a tenth of ``json.dumps``' CPU per frame, and every command's frames pass
here); it writes the same JSON text as ``json.dumps(ensure_ascii=False, separators=(",", ":"))``
for what frames hold (strings, ints, None, lists, string-keyed objects; tested). What it
refuses (a lone surrogate, an int past 64 bits, a non-string key) or would write differently (a
NaN) goes through ``json.dumps`` as before.
"""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

import orjson


def _stdlib(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def dumps(frame: dict[str, Any]) -> str:
    if frame.get("type") == "output":
        # xterm.js shows composed Hangul correctly only in NFC.
        frame = {**frame, "data": unicodedata.normalize("NFC", frame["data"])}
    try:
        text = orjson.dumps(frame).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return _stdlib(frame)
    if "null" in text and _has_nan(frame):  # orjson writes NaN/Infinity as null
        return _stdlib(frame)
    return text


def _has_nan(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_nan(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nan(item) for item in value)
    return False
