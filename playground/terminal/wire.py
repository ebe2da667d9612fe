"""How frames are written on the socket: compact JSON, UTF-8 text kept as is (Korean output).

The same text as ``json.dumps(ensure_ascii=False, separators=(",", ":"))``, written by orjson
where it writes that text (``playground.output_stream.frame_json``).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from playground.output_stream import frame_json


def dumps(frame: dict[str, Any]) -> str:
    if frame.get("type") == "output":
        # xterm.js shows composed Hangul correctly only in NFC.
        frame = {**frame, "data": unicodedata.normalize("NFC", frame["data"])}
    return frame_json(frame)
