"""RAG against a period's own target and tolerance: the rule table, one at a time and in frames."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outturn.engine.rag import (
    NO_TOLERANCE,
    Allowance,
    AllowanceKind,
    Polarity,
    Rag,
    mantissas,
    rag_headroom,
    rate,
    rate_frame,
)

D = Decimal
ABS = AllowanceKind.ABSOLUTE
REL = AllowanceKind.RELATIVE
UP, DOWN, NONE = Polarity.UP, Polarity.DOWN, Polarity.NONE
GREEN, AMBER, RED, NOT_RATED = Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_RATED

_property = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def tol(kind: AllowanceKind, value: str) -> Allowance:
    return Allowance(kind, D(value))


# (value, target, band, polarity, tolerance, expected)
CASES: list[tuple[str | None, str | None, tuple[str, str] | None, Polarity, Allowance, Rag]] = [
    # polarity up, absolute tolerance 2
    ("96", "96", None, UP, tol(ABS, "2"), GREEN),  # meeting the target exactly is green
    ("97", "96", None, UP, tol(ABS, "2"), GREEN),
    ("95", "96", None, UP, tol(ABS, "2"), AMBER),
    ("94", "96", None, UP, tol(ABS, "2"), AMBER),  # missing by exactly the tolerance
    ("93.99", "96", None, UP, tol(ABS, "2"), RED),
    ("90", "96", None, UP, NO_TOLERANCE, RED),
    ("95.9", "96", None, UP, NO_TOLERANCE, RED),  # no tolerance: any miss is red
    # polarity down: the mirror
    ("96", "96", None, DOWN, tol(ABS, "2"), GREEN),
    ("95", "96", None, DOWN, tol(ABS, "2"), GREEN),
    ("98", "96", None, DOWN, tol(ABS, "2"), AMBER),
    ("98.01", "96", None, DOWN, tol(ABS, "2"), RED),
    # relative tolerance: a fraction of the target's magnitude
    ("90", "100", None, UP, tol(REL, "0.1"), AMBER),
    ("89.99", "100", None, UP, tol(REL, "0.1"), RED),
    ("110", "100", None, DOWN, tol(REL, "0.1"), AMBER),
    ("110.01", "100", None, DOWN, tol(REL, "0.1"), RED),
    ("-11", "-10", None, UP, tol(REL, "0.1"), AMBER),  # magnitude of a negative target
    ("-11.01", "-10", None, UP, tol(REL, "0.1"), RED),
    ("76.5", "85", None, UP, tol(REL, "0.1"), AMBER),  # 85 x 0.1 is exactly 8.5
    ("76.49", "85", None, UP, tol(REL, "0.1"), RED),
    # a zero target has zero relative tolerance
    ("0", "0", None, DOWN, tol(REL, "0.1"), GREEN),
    ("0.0001", "0", None, DOWN, tol(REL, "0.1"), RED),
    ("3", "0", None, DOWN, tol(REL, "0.5"), RED),
    ("-0.0001", "0", None, UP, tol(REL, "0.5"), RED),
    # ...but an absolute tolerance still applies around zero
    ("0.5", "0", None, DOWN, tol(ABS, "1"), AMBER),
    # band targets: green inside (ends included), amber within tolerance, red beyond
    ("80", None, ("80", "90"), UP, tol(ABS, "2"), GREEN),
    ("90", None, ("80", "90"), DOWN, tol(ABS, "2"), GREEN),
    ("85", None, ("80", "90"), UP, NO_TOLERANCE, GREEN),
    ("78", None, ("80", "90"), UP, tol(ABS, "2"), AMBER),
    ("92", None, ("80", "90"), UP, tol(ABS, "2"), AMBER),
    ("77.9", None, ("80", "90"), DOWN, tol(ABS, "2"), RED),
    ("92.1", None, ("80", "90"), DOWN, tol(ABS, "2"), RED),
    ("72", None, ("80", "90"), UP, tol(REL, "0.1"), AMBER),  # 10% of the low edge, 8
    ("71.9", None, ("80", "90"), UP, tol(REL, "0.1"), RED),
    ("99", None, ("80", "90"), UP, tol(REL, "0.1"), AMBER),  # 10% of the high edge, 9
    ("99.1", None, ("80", "90"), UP, tol(REL, "0.1"), RED),
    ("5", None, ("5", "5"), UP, NO_TOLERANCE, GREEN),  # a band of one value
    # not rated: no target, no value, or polarity none
    ("95", None, None, UP, tol(ABS, "2"), NOT_RATED),
    (None, "96", None, UP, tol(ABS, "2"), NOT_RATED),
    (None, None, ("80", "90"), DOWN, NO_TOLERANCE, NOT_RATED),
    ("95", "96", None, NONE, tol(ABS, "2"), NOT_RATED),
    ("85", None, ("80", "90"), NONE, NO_TOLERANCE, NOT_RATED),
]


def _band(band: tuple[str, str] | None) -> tuple[Decimal, Decimal] | None:
    return None if band is None else (D(band[0]), D(band[1]))


def _number(text: str | None) -> Decimal | None:
    return None if text is None else D(text)


@pytest.mark.parametrize(("value", "target", "band", "polarity", "tolerance", "expected"), CASES)
def test_rate(
    value: str | None,
    target: str | None,
    band: tuple[str, str] | None,
    polarity: Polarity,
    tolerance: Allowance,
    expected: Rag,
) -> None:
    assert (
        rate(
            _number(value),
            _number(target),
            polarity=polarity,
            tolerance=tolerance,
            band=_band(band),
        )
        is expected
    )


def _frame(
    rows: list[
        tuple[Decimal | None, Decimal | None, tuple[Decimal, Decimal] | None, Polarity, Allowance]
    ],
) -> pl.DataFrame:
    def column(name: str, values: list[Decimal | None]) -> pl.Series:
        scale = max((-v.as_tuple().exponent for v in values if v is not None), default=0)  # type: ignore[operator]
        return pl.Series(name, values, dtype=pl.Decimal(38, max(scale, 0)))

    return pl.DataFrame(
        [
            column("value", [row[0] for row in rows]),
            column("target", [row[1] for row in rows]),
            column("band_low", [None if row[2] is None else row[2][0] for row in rows]),
            column("band_high", [None if row[2] is None else row[2][1] for row in rows]),
            pl.Series("polarity", [row[3].sign for row in rows], dtype=pl.Int8),
            pl.Series("tolerance_kind", [int(row[4].kind) for row in rows], dtype=pl.Int8),
            column("tolerance_value", [row[4].value for row in rows]),
        ]
    )


def test_rate_frame_follows_the_same_table() -> None:
    frame = _frame([(_number(v), _number(t), _band(b), p, tl) for v, t, b, p, tl, _ in CASES])
    assert rate_frame(frame).to_list() == [expected.value for *_, expected in CASES]


def test_rate_frame_on_no_rows() -> None:
    assert rate_frame(_frame([])).to_list() == []


def test_93_5_against_85_with_10_percent_tolerance_is_exactly_the_edge() -> None:
    # 85 x 1.1 is 93.5 exactly: a float would make it 93.50000000000001.
    tolerance = tol(REL, "0.1")
    assert rate(D("76.5"), D("85"), polarity=UP, tolerance=tolerance) is AMBER
    assert rate(D("93.5"), D("85"), polarity=DOWN, tolerance=tolerance) is AMBER
    assert rate(D("93.50000001"), D("85"), polarity=DOWN, tolerance=tolerance) is RED


def test_allowance_refuses_negative_and_non_finite_values() -> None:
    with pytest.raises(ValueError, match="negative"):
        Allowance(ABS, D("-1"))
    with pytest.raises(ValueError, match="finite"):
        Allowance(ABS, D("NaN"))
    assert AllowanceKind.from_label("relative") is REL
    with pytest.raises(ValueError, match="absolute"):
        AllowanceKind.from_label("percent")


def test_mantissas_choose_the_integer_width() -> None:
    small = pl.DataFrame({"x": [D("1.5"), D("-2.25")]})
    numbers = mantissas(small, ["x"], rag_headroom)
    assert numbers is not None
    assert numbers.dtype == pl.Int64
    assert numbers.frame["x"].to_list() == [150, -225]
    assert numbers.scale == 2
    big = pl.DataFrame({"x": [D("123456789012345678.5")]})
    wide = mantissas(big, ["x"], rag_headroom)
    assert wide is not None
    assert wide.dtype == pl.Int128
    huge = pl.DataFrame({"x": [D("12345678901234567890.5")]})
    assert mantissas(huge, ["x"], rag_headroom) is None


# --- the frame path agrees with the one-at-a-time path, in every integer width ---------

_digits = st.sampled_from([0, 1, 2, 3])


@st.composite
def decimals(draw: st.DrawFn, magnitude: int) -> Decimal:
    places = draw(_digits)
    whole = draw(st.integers(-(10 ** (magnitude + places)), 10 ** (magnitude + places)))
    return Decimal(whole).scaleb(-places)


@st.composite
def rag_rows(
    draw: st.DrawFn, magnitude: int
) -> tuple[Decimal | None, Decimal | None, tuple[Decimal, Decimal] | None, Polarity, Allowance]:
    number = decimals(magnitude)
    value = draw(st.none() | number)
    band = None
    target = None
    if draw(st.booleans()):
        low, high = sorted([draw(number), draw(number)])
        band = (low, high)
    else:
        target = draw(st.none() | number)
        if value is not None and target is not None and draw(st.booleans()):
            value = target + draw(st.sampled_from([D(-1), D("-0.1"), D(0), D("0.1"), D(1)]))
    polarity = draw(st.sampled_from(list(Polarity)))
    kind = draw(st.sampled_from(list(AllowanceKind)))
    amount = abs(draw(decimals(2 if kind is ABS else 0)))
    return value, target, band, polarity, Allowance(kind, amount)


@pytest.mark.parametrize("magnitude", [3, 12, 30])
def test_frame_agrees_with_rationals(magnitude: int) -> None:
    """Small numbers take Int64, larger Int128, the largest the rational fallback."""

    @_property
    @given(st.lists(rag_rows(magnitude), min_size=1, max_size=20))
    def check(
        rows: list[
            tuple[
                Decimal | None, Decimal | None, tuple[Decimal, Decimal] | None, Polarity, Allowance
            ]
        ],
    ) -> None:
        expected = [
            rate(value, target, polarity=polarity, tolerance=allowance, band=band).value
            for value, target, band, polarity, allowance in rows
        ]
        assert rate_frame(_frame(rows)).to_list() == expected

    check()
