"""Values as Go's fmt prints them (%v of decoded JSON, printf verbs) for -o go-template."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from playground.sim.printers.gosyntax import go_quote

NO_VALUE = "<no value>"


class _Missing:
    """A map key that is not there: prints ``<no value>``, is nil for functions."""

    def __repr__(self) -> str:
        return NO_VALUE


MISSING = _Missing()


# -- values as Go's fmt prints them -----------------------------------------------------------
def go_float(value: float) -> str:
    """fmt's %v of a float64 (strconv 'g', shortest): %e below 1e-4 and from 1e+06 on."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(str(d) for d in digits)
    point = len(text) + int(exponent)  # digits before the decimal point
    exp = point - 1
    neg = "-" if sign else ""
    if exp < -4 or exp >= 6:  # the shortest form decides with precision 6
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{neg}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    if point <= 0:
        return f"{neg}0.{'0' * -point}{text}"
    if point >= len(text):
        return f"{neg}{text}{'0' * (point - len(text))}"
    return f"{neg}{text[:point]}.{text[point:]}"


def go_v(value: Any, top: bool = True) -> str:
    """fmt's %v of decoded JSON (map[string]interface{}, []interface{}, float64, ...)."""
    if value is MISSING:
        return NO_VALUE if top else "<nil>"
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_v(value[k], False)}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_v(v, False) for v in value) + "]"
    return str(value)


def _go_type(value: Any) -> str:
    if value is None or value is MISSING:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return "[]interface {}"


def _truth(value: Any) -> bool:
    if value is MISSING or value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str | list | dict):
        return len(value) > 0
    return True


# -- printf ------------------------------------------------------------------------------------
_VERB = re.compile(r"%([-+# 0]*)(\d+|\*)?(?:\.(\d+))?([a-zA-Z%])")


def sprintf(fmt: str, args: list[Any]) -> str:
    out: list[str] = []
    pos = 0
    index = 0
    for match in _VERB.finditer(fmt):
        out.append(fmt[pos:match.start()])
        pos = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        if index >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        arg = args[index]
        index += 1
        out.append(_pad(_format_one(verb, arg, precision), flags, width))
    out.append(fmt[pos:])
    if index < len(args):
        extra = ", ".join(f"{_go_type(a)}={go_v(a, False)}" for a in args[index:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _pad(text: str, flags: str, width: str | None) -> str:
    if not width or width == "*":
        return text
    size = int(width)
    if "-" in flags:
        return text.ljust(size)
    if "0" in flags and re.fullmatch(r"-?[0-9.]+", text):
        sign = "-" if text.startswith("-") else ""
        return sign + text.lstrip("-").rjust(size - len(sign), "0")
    return text.rjust(size)


def _format_one(verb: str, arg: Any, precision: str | None) -> str:
    bad = f"%!{verb}({_go_type(arg)}={go_v(arg, False)})"
    if verb == "v":
        return go_v(arg, False) if arg is not MISSING else "<nil>"
    if verb == "s":
        if isinstance(arg, str):
            return arg[: int(precision)] if precision else arg
        if isinstance(arg, dict | list):
            return go_v(arg, False)
        return bad
    if verb == "q":
        return go_quote(arg) if isinstance(arg, str) else bad
    if verb == "d":
        return str(arg) if isinstance(arg, int) and not isinstance(arg, bool) else bad
    if verb in "fFeEgG":
        if isinstance(arg, int | float) and not isinstance(arg, bool):
            if verb in "gG" and precision is None:
                return go_float(float(arg))
            return f"{float(arg):.{int(precision) if precision else 6}{verb}}"
        return bad
    if verb == "t":
        return ("true" if arg else "false") if isinstance(arg, bool) else bad
    if verb in "xX":
        if isinstance(arg, str):
            text = arg.encode().hex()
        elif isinstance(arg, int) and not isinstance(arg, bool):
            text = format(arg, "x")
        else:
            return bad
        return text.upper() if verb == "X" else text
    return f"%!{verb}({_go_type(arg)}={go_v(arg, False)})"
