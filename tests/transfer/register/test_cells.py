"""Cells safe to open in a spreadsheet, and exact numbers on the way out and back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outturn.transfer.cells import (
    decimal_number_format,
    from_xlsx_number,
    is_lossless_number,
    neutralise,
    restore,
    xlsx_value,
)


@pytest.mark.parametrize(
    "text",
    ["=1+2", "+44 1202", "-ve trend", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("x")'],
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(str(neutralise(text))) == text


@pytest.mark.parametrize(
    "value", ["plain text", "", "'tis the season", Decimal("-5"), 3, None, date(2025, 4, 1)]
)
def test_everything_else_passes_unchanged(value: object) -> None:
    assert neutralise(value) is value
    if isinstance(value, str):
        assert restore(value) == value


@given(st.text())
def test_restore_undoes_neutralise(text: str) -> None:
    assert restore(str(neutralise(text))) == text or text.startswith("'")


@pytest.mark.parametrize(
    ("value", "lossless"),
    [
        (Decimal("22.54"), True),
        (Decimal("-0.5"), True),
        (Decimal("123456789012345"), True),
        (Decimal("98765432.123456789"), False),
        (Decimal("1234567890123456"), False),
        (Decimal("0.000001"), True),
        (Decimal("1E-400"), False),
    ],
)
def test_decimals_are_numbers_only_when_a_spreadsheet_keeps_them_exactly(
    value: Decimal, lossless: bool
) -> None:
    assert is_lossless_number(value) is lossless
    written = xlsx_value(value)
    if lossless:
        assert written == value
    else:
        assert written == format(value, "f")


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**8), max_value=10**8
    )
)
def test_a_lossless_number_reads_back_as_the_same_decimal(value: Decimal) -> None:
    if is_lossless_number(value):
        assert from_xlsx_number(float(value)) == value


def test_number_formats_keep_the_decimal_places_shown() -> None:
    assert decimal_number_format(Decimal("12.50")) == "0.00"
    assert decimal_number_format(Decimal("7")) == "0"
    assert from_xlsx_number(0.1) == Decimal("0.1")
    with pytest.raises(TypeError):
        from_xlsx_number(True)
