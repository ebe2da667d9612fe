"""Quantity parsing and comparison."""

from __future__ import annotations

from fractions import Fraction

import pytest

from playground.sim.admission.quantity import QuantityError, compare, parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [("100m", Fraction(1, 10)), ("0.5", Fraction(1, 2)), ("1Gi", 1 << 30),
     ("512Mi", 512 << 20), ("1e3", 1000), ("2", 2), (3, 3), ("1k", 1000)],
)
def test_parse_quantity_values(text: str, value: Fraction) -> None:
    assert parse_quantity(text) == value


@pytest.mark.parametrize("text", ["abc", "", "1 Gi", "1GB", "1Gb", "1x", "1.5.5"])
def test_parse_quantity_rejects_with_apimachinery_text(text: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text)
    assert str(caught.value) == (
        "quantities must match the regular expression "
        "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")


@pytest.mark.parametrize("text", ["1Gk", "1e", "1Mi5", "--1", "1KK"])
def test_suffix_letters_that_make_no_suffix_get_errsuffix(text: str) -> None:
    # parseQuantityString accepts suffix letters, one sign and digits; interpret() then finds
    # no suffix of that spelling: ErrSuffix, not ErrFormatWrong.
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text)
    assert str(caught.value) == "unable to parse quantity's suffix"


def test_what_parses_as_zero() -> None:
    # an empty number is 0 in parseQuantityString (so "Mi" and "." are quantities)
    assert parse_quantity("Mi") == 0
    assert parse_quantity(".") == 0


def test_compare_quantities_across_units() -> None:
    assert compare("500m", "1") == -1
    assert compare("1024Mi", "1Gi") == 0
    assert compare("2", "1") == 1


def test_canonical_forms_the_api_server_stores() -> None:
    from playground.sim.admission.quantity import canonical

    assert canonical("1000m") == "1"
    assert canonical("1024Mi") == "1Gi"
    assert canonical("1536Mi") == "1536Mi"
    assert canonical("0.5") == "500m"
    assert canonical("2000") == "2k"
    assert canonical("512Mi") == "512Mi"
    assert canonical(2) == "2"
    assert canonical("1e3") == "1e3"
