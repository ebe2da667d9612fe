"""Kubernetes resource quantities (``100m``, ``0.5``, ``1Gi``, ``1e3``): parse and compare."""

from __future__ import annotations

import re
from fractions import Fraction

# The text apimachinery's resource.ParseQuantity reports for anything it cannot read.
QUANTITY_ERROR = (
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
)
_SHAPE = re.compile(r"([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_EXPONENT = re.compile(r"[eE][-+]?[0-9]+")


class QuantityError(ValueError):
    """A string that is not a Kubernetes quantity; str() is apimachinery's message."""

    def __init__(self) -> None:
        super().__init__(QUANTITY_ERROR)


def parse_quantity(text: str | int | float) -> Fraction:
    """The exact value of a quantity (``"100m"`` → 1/10, ``"1Gi"`` → 1073741824)."""
    if isinstance(text, bool):
        raise QuantityError()
    if isinstance(text, int | float):
        return Fraction(text)
    match = _SHAPE.fullmatch(text)
    if not text or match is None or not _NUMBER.fullmatch(match.group(1)):
        raise QuantityError()
    number, suffix = Fraction(match.group(1)), match.group(2)
    if suffix in _BINARY:
        return number * 1024 ** _BINARY[suffix]
    if suffix in _DECIMAL:
        return number * Fraction(10) ** _DECIMAL[suffix]
    if _EXPONENT.fullmatch(suffix):
        return number * Fraction(10) ** int(suffix[1:])
    raise QuantityError()


def is_quantity(text: object) -> bool:
    try:
        parse_quantity(text)  # type: ignore[arg-type]
    except (QuantityError, TypeError):
        return False
    return True


def compare(a: str | int | float, b: str | int | float) -> int:
    """-1, 0 or 1 as quantity ``a`` is less than, equal to or greater than ``b``."""
    x, y = parse_quantity(a), parse_quantity(b)
    return (x > y) - (x < y)


_DECIMAL_SUFFIX = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P",
                   18: "E"}
_BINARY_SUFFIX = {0: "", 1: "Ki", 2: "Mi", 3: "Gi", 4: "Ti", 5: "Pi", 6: "Ei"}


def _decimal(value: Fraction) -> str:
    """DecimalSI: the largest exponent (multiple of 3) that keeps the mantissa an integer;
    values finer than 1n are rounded up, as apimachinery does."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    value = abs(value)
    scaled = value * 10**9
    nanos = scaled.numerator // scaled.denominator + (scaled.denominator != 1)
    exponent = -9
    while nanos % 1000 == 0 and exponent < 18:
        nanos //= 1000
        exponent += 3
    return f"{sign}{nanos}{_DECIMAL_SUFFIX[exponent]}"


def canonical(text: str | int | float) -> str:
    """The form the API server stores a quantity in (resource.Quantity.String()):
    ``1000m`` → ``1``, ``0.5`` → ``500m``, ``1024Mi`` → ``1Gi``, ``2000`` → ``2k``.
    Exponent forms (``1e3``) and unreadable text are returned unchanged."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        return str(text)
    raw = str(text)
    try:
        value = parse_quantity(text)
    except QuantityError:
        return raw
    match = _SHAPE.fullmatch(raw)
    suffix = match.group(2) if match else ""
    if _EXPONENT.fullmatch(suffix):
        return raw
    if suffix in _BINARY and not -1024 < value < 1024 and value.denominator == 1:
        number, exponent = int(value), 0
        while number % 1024 == 0 and exponent < 6:
            number //= 1024
            exponent += 1
        return f"{number}{_BINARY_SUFFIX[exponent]}"
    return _decimal(value)
