"""Go's ``%#v`` rendering of decoded JSON, which kubectl puts into jsonpath error messages."""

from __future__ import annotations

from typing import Any


def go_quote(text: str) -> str:
    """strconv.Quote for the characters kubectl's messages meet (Go's %q)."""
    out = ['"']
    for ch in text:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _float(value: float) -> str:
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def go_sharp_v(value: Any, top: bool = True) -> str:
    """``fmt.Sprintf("%#v", v)`` for map[string]interface{} / []interface{} trees."""
    if isinstance(value, dict):
        body = ", ".join(f"{go_quote(k)}:{go_sharp_v(value[k], False)}" for k in sorted(value))
        return "map[string]interface {}{" + body + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_sharp_v(v, False) for v in value) + "}"
    if value is None:
        return "interface {}(nil)"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value) if top else f"{value}"
    if isinstance(value, float):
        return _float(value)
    return go_quote(str(value))
