"""How frames are written on the socket: compact JSON, UTF-8 text kept as is (Korean output)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any


def dumps(frame: dict[str, Any]) -> str:
    if frame.get("type") == "output":
        # xterm.js shows composed Hangul correctly only in NFC.
        frame = {**frame, "data": unicodedata.normalize("NFC", frame["data"])}
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
