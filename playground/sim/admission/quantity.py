"""Kubernetes resource quantities (``100m``, ``0.5``, ``1Gi``, ``1e3``): parse and compare."""

from __future__ import annotations

import re
from fractions import Fraction

# The texts apimachinery's resource.ParseQuantity reports (ErrFormatWrong, ErrSuffix).
QUANTITY_ERROR = (
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
)
SUFFIX_ERROR = "unable to parse quantity's suffix"
_SHAPE = re.compile(r"([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)")
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_EXPONENT = re.compile(r"[eE][-+]?[0-9]+")
_SUFFIX_CHARS = "eEinumkKMGTP"


class QuantityError(ValueError):
    """A string that is not a Kubernetes quantity; str() is apimachinery's message."""

    def __init__(self, message: str = QUANTITY_ERROR) -> None:
        super().__init__(message)


def _split(text: str) -> tuple[bool, str, str, str]:
    """parseQuantityString: sign, integer digits, fraction digits, suffix; what it does not
    read as a number (leading zeros dropped, an empty number is 0) must be a suffix."""
    positive, pos, end = True, 0, len(text)
    if text[:1] in ("-", "+"):
        positive = text[0] == "+"
        pos = 1
    while pos < end and text[pos] == "0":
        pos += 1
    start = pos
    while pos < end and text[pos].isdigit() and text[pos].isascii():
        pos += 1
    num = text[start:pos] or "0"
    denom = ""
    if pos < end and text[pos] == ".":
        pos += 1
        start = pos
        while pos < end and text[pos].isdigit() and text[pos].isascii():
            pos += 1
        denom = text[start:pos]
    suffix_start = pos
    while pos < end and text[pos] in _SUFFIX_CHARS:
        pos += 1
    if pos < end and text[pos] in "-+":
        pos += 1
    while pos < end and text[pos].isdigit() and text[pos].isascii():
        pos += 1
    if pos < end:
        raise QuantityError()
    return positive, num, denom, text[suffix_start:]


def parse_quantity(text: str | int | float) -> Fraction:
    """The exact value of a quantity (``"100m"`` → 1/10, ``"1Gi"`` → 1073741824)."""
    if isinstance(text, bool):
        raise QuantityError()
    if isinstance(text, int | float):
        return Fraction(text)
    if not isinstance(text, str) or not text.strip():
        raise QuantityError()
    positive, num, denom, suffix = _split(text.strip())
    number = Fraction(int(num)) + (Fraction(int(denom), 10 ** len(denom)) if denom else 0)
    if not positive:
        number = -number
    if suffix in _BINARY:
        return number * 1024 ** _BINARY[suffix]
    if suffix in _DECIMAL:
        return number * Fraction(10) ** _DECIMAL[suffix]
    if _EXPONENT.fullmatch(suffix):
        return number * Fraction(10) ** int(suffix[1:])
    raise QuantityError(SUFFIX_ERROR)


def quantity_error(text: object) -> str | None:
    """None for a quantity the API server decodes, else its error text."""
    try:
        parse_quantity(text)  # type: ignore[arg-type]
    except QuantityError as exc:
        return str(exc)
    except TypeError:
        return QUANTITY_ERROR
    return None


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
