"""Rules of data collection: what each quarter's round collects, when, and entry checks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outturn.engine.collection import (
    SHARP_CHANGE,
    EntryChecks,
    EntryError,
    available_from,
    check_entry,
    due_periods,
    round_quarter_for,
    value_from_parts,
)
from outturn.engine.periods import (
    Period,
    PeriodKind,
    academic_year,
    financial_year,
    month,
    parse_period,
    periods_between,
    quarter,
    snapshot,
    term,
)
from outturn.engine.values import Unit

D = Decimal
P = parse_period

_property = settings(max_examples=150, deadline=None)

_years = st.integers(min_value=1950, max_value=2150)
_quarters = st.builds(quarter, _years, st.integers(1, 4))
_kinds = st.sampled_from(list(PeriodKind))


@st.composite
def _periods(draw: st.DrawFn, kind: PeriodKind | None = None) -> Period:
    """Any period of ``kind`` (or of any kind) in a wide span of years."""
    kind = kind or draw(_kinds)
    year = draw(_years)
    if kind is PeriodKind.MONTH:
        return month(year, draw(st.integers(1, 12)))
    if kind is PeriodKind.QUARTER:
        return quarter(year, draw(st.integers(1, 4)))
    if kind is PeriodKind.FINANCIAL_YEAR:
        return financial_year(year)
    if kind is PeriodKind.ACADEMIC_YEAR:
        return academic_year(year)
    if kind is PeriodKind.TERM:
        return term(draw(st.sampled_from(["spring", "summer", "autumn"])), year)
    day = draw(st.dates(min_value=date(year, 1, 1), max_value=date(year, 12, 31)))
    return snapshot(day)


# --- due_periods: examples --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "round_quarter", "expected"),
    [
        (PeriodKind.QUARTER, "2025/26 Q2", ["2025/26 Q2"]),
        (PeriodKind.MONTH, "2025/26 Q1", ["April 2025", "May 2025", "June 2025"]),
        (PeriodKind.MONTH, "2025/26 Q4", ["January 2026", "February 2026", "March 2026"]),
        (PeriodKind.SNAPSHOT, "2025/26 Q3", ["31 December 2025"]),
        (PeriodKind.SNAPSHOT, "2025/26 Q4", ["31 March 2026"]),
        # Terms come up in the round of the quarter they end in.
        (PeriodKind.TERM, "2025/26 Q1", []),
        (PeriodKind.TERM, "2025/26 Q2", ["Summer term 2025"]),
        (PeriodKind.TERM, "2025/26 Q3", ["Autumn term 2025"]),
        (PeriodKind.TERM, "2025/26 Q4", ["Spring term 2026"]),
        # The academic year ends on 31 August: the Q2 round collects it.
        (PeriodKind.ACADEMIC_YEAR, "2025/26 Q2", ["2024/25 academic year"]),
        (PeriodKind.ACADEMIC_YEAR, "2025/26 Q1", []),
        (PeriodKind.ACADEMIC_YEAR, "2025/26 Q3", []),
        (PeriodKind.ACADEMIC_YEAR, "2025/26 Q4", []),
        # The financial year is collected only at year end.
        (PeriodKind.FINANCIAL_YEAR, "2025/26 Q4", ["2025/26"]),
        (PeriodKind.FINANCIAL_YEAR, "2025/26 Q3", []),
        (PeriodKind.FINANCIAL_YEAR, "2025/26 Q1", []),
    ],
)
def test_due_periods_examples(kind: PeriodKind, round_quarter: str, expected: list[str]) -> None:
    assert due_periods(kind, P(round_quarter)) == [P(text) for text in expected]


def test_due_months_are_in_calendar_order() -> None:
    due = due_periods(PeriodKind.MONTH, P("2025/26 Q3"))
    assert [str(p) for p in due] == ["October 2025", "November 2025", "December 2025"]
    assert due == sorted(due)


@pytest.mark.parametrize("not_a_quarter", ["2025/26", "September 2025", "30 September 2025"])
def test_due_periods_needs_a_quarter(not_a_quarter: str) -> None:
    with pytest.raises(ValueError, match="not a financial quarter"):
        due_periods(PeriodKind.MONTH, P(not_a_quarter))


def test_february_in_a_leap_year_is_due_in_q4() -> None:
    due = due_periods(PeriodKind.MONTH, P("2023/24 Q4"))
    assert P("February 2024") in due
    assert P("February 2024").end == date(2024, 2, 29)


# --- due_periods: properties ------------------------------------------------------------


@_property
@given(kind=_kinds, round_quarter=_quarters)
def test_every_due_period_is_of_the_kind_and_ends_inside_the_quarter(
    kind: PeriodKind, round_quarter: Period
) -> None:
    due = due_periods(kind, round_quarter)
    assert len(due) == len(set(due))
    assert due == sorted(due)
    for period in due:
        assert period.kind is kind
        assert round_quarter.contains(period.end)
        assert round_quarter_for(period) == round_quarter


@_property
@given(round_quarter=_quarters)
def test_a_quarter_round_collects_the_quarter_its_three_months_and_its_closing_snapshot(
    round_quarter: Period,
) -> None:
    assert due_periods(PeriodKind.QUARTER, round_quarter) == [round_quarter]
    months = due_periods(PeriodKind.MONTH, round_quarter)
    assert len(months) == 3
    assert months[0].start == round_quarter.start
    assert months[-1].end == round_quarter.end
    assert due_periods(PeriodKind.SNAPSHOT, round_quarter) == [snapshot(round_quarter.end)]


@_property
@given(year=_years, month_number=st.integers(1, 12))
def test_every_month_of_the_year_is_due_in_exactly_one_round(year: int, month_number: int) -> None:
    the_month = month(year, month_number)
    rounds = [quarter(year, n) for n in range(1, 5)] + [quarter(year - 1, 4), quarter(year + 1, 1)]
    holding = [q for q in set(rounds) if the_month in due_periods(PeriodKind.MONTH, q)]
    assert holding == [round_quarter_for(the_month)]


@_property
@given(year=_years, kind=_kinds.filter(lambda k: k is not PeriodKind.SNAPSHOT))
def test_a_financial_years_rounds_collect_each_period_ending_in_it_once(
    year: int, kind: PeriodKind
) -> None:
    fy = financial_year(year)
    collected = [p for n in range(1, 5) for p in due_periods(kind, quarter(year, n))]
    assert len(collected) == len(set(collected))
    assert all(fy.contains(p.end) for p in collected)
    expected = {
        PeriodKind.MONTH: 12,
        PeriodKind.QUARTER: 4,
        PeriodKind.TERM: 3,
        PeriodKind.ACADEMIC_YEAR: 1,
        PeriodKind.FINANCIAL_YEAR: 1,
    }[kind]
    assert len(collected) == expected


@_property
@given(period=_periods().filter(lambda p: p.kind is not PeriodKind.SNAPSHOT))
def test_each_period_is_due_in_its_own_round_and_not_the_neighbouring_ones(
    period: Period,
) -> None:
    own = round_quarter_for(period)
    assert period in due_periods(period.kind, own)
    assert period not in due_periods(period.kind, own.previous())
    assert period not in due_periods(period.kind, own.next())


def test_terms_of_an_academic_year_are_collected_across_three_rounds() -> None:
    collected = {
        str(p)
        for q in periods_between(P("2024/25 Q3"), P("2025/26 Q2"))
        for p in due_periods(PeriodKind.TERM, q)
    }
    assert collected == {"Autumn term 2024", "Spring term 2025", "Summer term 2025"}


# --- round_quarter_for ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025/26 Q2", "2025/26 Q2"),
        ("August 2025", "2025/26 Q2"),
        ("March 2026", "2025/26 Q4"),
        ("2025/26", "2025/26 Q4"),
        ("2024/25 academic year", "2025/26 Q2"),
        ("Autumn term 2025", "2025/26 Q3"),
        ("Spring term 2026", "2025/26 Q4"),
        ("Summer term 2025", "2025/26 Q2"),
        ("15 May 2025", "2025/26 Q1"),
        ("31 March 2026", "2025/26 Q4"),
    ],
)
def test_round_quarter_for_is_the_quarter_the_period_ends_in(period: str, expected: str) -> None:
    assert round_quarter_for(P(period)) == P(expected)


@_property
@given(period=_periods())
def test_round_quarter_for_holds_the_periods_last_day(period: Period) -> None:
    found = round_quarter_for(period)
    assert found.kind is PeriodKind.QUARTER
    assert found.contains(period.end)


# --- available_from ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "lag", "expected"),
    [
        ("2025/26 Q2", 0, date(2025, 9, 30)),
        ("2025/26 Q2", 1, date(2025, 10, 31)),
        ("2025/26 Q2", 3, date(2025, 12, 31)),
        ("2025/26 Q3", 1, date(2026, 1, 31)),  # across the calendar year
        ("November 2025", 3, date(2026, 2, 28)),  # to the end of a short month
        ("November 2027", 3, date(2028, 2, 29)),  # and of a leap February
        ("January 2026", 1, date(2026, 2, 28)),
        ("2024/25 academic year", 5, date(2026, 1, 31)),  # exam results months later
        ("15 June 2025", 1, date(2025, 7, 31)),  # a snapshot: end of the month after
        ("15 June 2025", 0, date(2025, 6, 15)),
        ("2025/26", 12, date(2027, 3, 31)),
    ],
)
def test_available_from_examples(period: str, lag: int, expected: date) -> None:
    assert available_from(P(period), lag) == expected


def test_a_negative_lag_counts_as_none() -> None:
    assert available_from(P("2025/26 Q2"), -2) == date(2025, 9, 30)


@_property
@given(period=_periods(), lag=st.integers(0, 36))
def test_available_from_is_a_month_end_that_many_months_later(period: Period, lag: int) -> None:
    expected = available_from(period, lag)
    assert expected >= period.end
    if lag == 0:
        assert expected == period.end
        return
    assert (expected + timedelta(days=1)).day == 1  # the last day of a month
    months_later = (expected.year - period.end.year) * 12 + expected.month - period.end.month
    assert months_later == lag
    assert available_from(period, lag + 1) > expected


# --- value_from_parts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "unit", "decimals", "expected"),
    [
        ("1", "3", Unit.PERCENTAGE, 1, "33.3"),
        ("2", "3", Unit.PERCENTAGE, 1, "66.7"),
        ("1", "8", Unit.PERCENTAGE, 2, "12.50"),
        ("548", "7117", Unit.PERCENTAGE, 1, "7.7"),
        ("31", "26271", Unit.RATE_PER_10000, 1, "11.8"),
        ("7", "5000", Unit.RATE_PER_1000, 2, "1.40"),
        ("3", "40000", Unit.RATE_PER_100000, 1, "7.5"),
        ("5", "2", Unit.NUMBER, 0, "3"),  # half up, not to even
        ("7", "2", Unit.RATIO, 0, "4"),
        ("9", "4", Unit.DAYS, 1, "2.3"),  # 2.25 half up
        ("5", "200", Unit.PERCENTAGE, 0, "3"),  # 2.5% rounds up, as printed
        ("0", "17", Unit.PERCENTAGE, 1, "0.0"),
        ("17", "17", Unit.PERCENTAGE, 0, "100"),
    ],
)
def test_value_from_parts_examples(
    numerator: str, denominator: str, unit: Unit, decimals: int, expected: str
) -> None:
    value = value_from_parts(D(numerator), D(denominator), unit, decimals)
    assert value == D(expected)
    assert str(value) == expected  # to the indicator's decimals, no more, no fewer


def test_value_from_parts_refuses_a_zero_denominator() -> None:
    with pytest.raises(EntryError, match="denominator is 0"):
        value_from_parts(D(3), D(0), Unit.PERCENTAGE, 1)


@pytest.mark.parametrize(("numerator", "denominator"), [("-1", "10"), ("1", "-10")])
def test_value_from_parts_refuses_negative_parts(numerator: str, denominator: str) -> None:
    with pytest.raises(EntryError, match="cannot be negative"):
        value_from_parts(D(numerator), D(denominator), Unit.PERCENTAGE, 1)


def test_entry_error_is_a_value_error() -> None:
    assert issubclass(EntryError, ValueError)


_parts = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False)
_positive = st.decimals(min_value=D("0.001"), max_value=10**9, places=3, allow_nan=False)
_scales = {
    Unit.PERCENTAGE: 100,
    Unit.RATE_PER_1000: 1000,
    Unit.RATE_PER_10000: 10000,
    Unit.RATE_PER_100000: 100000,
}


@_property
@given(
    numerator=_parts,
    denominator=_positive,
    unit=st.sampled_from(list(Unit)),
    decimals=st.integers(0, 6),
)
def test_value_from_parts_is_the_scaled_ratio_to_the_indicators_decimals(
    numerator: Decimal, denominator: Decimal, unit: Unit, decimals: int
) -> None:
    value = value_from_parts(numerator, denominator, unit, decimals)
    assert value.as_tuple().exponent == -decimals
    exact = numerator * _scales.get(unit, 1) / denominator
    half_step = D(1).scaleb(-decimals) / 2
    assert abs(value - exact) <= half_step


@_property
@given(
    numerator=_parts,
    extra=_parts,
    decimals=st.integers(0, 3),
)
def test_a_part_of_a_whole_is_a_percentage_from_0_to_100(
    numerator: Decimal, extra: Decimal, decimals: int
) -> None:
    denominator = numerator + extra
    if denominator == 0:
        return
    value = value_from_parts(numerator, denominator, Unit.PERCENTAGE, decimals)
    assert D(0) <= value <= D(100)


@_property
@given(
    numerator=st.integers(0, 10**6),
    denominator=st.integers(1, 10**6),
    factor=st.integers(1, 1000),
    decimals=st.integers(0, 4),
)
def test_value_from_parts_depends_only_on_the_ratio(
    numerator: int, denominator: int, factor: int, decimals: int
) -> None:
    plain = value_from_parts(D(numerator), D(denominator), Unit.PERCENTAGE, decimals)
    scaled = value_from_parts(
        D(numerator * factor), D(denominator * factor), Unit.PERCENTAGE, decimals
    )
    assert plain == scaled


# --- check_entry ------------------------------------------------------------------------


def test_an_ordinary_value_passes_cleanly() -> None:
    checks = check_entry(D("64.2"), Unit.PERCENTAGE, previous=D("61.0"), process_limits=(50, 80))
    assert checks == EntryChecks(errors=[], warnings=[])


@pytest.mark.parametrize(
    ("value", "unit", "fragment"),
    [
        ("150", Unit.PERCENTAGE, "above 100%"),
        ("-1", Unit.PERCENTAGE, "below 0%"),
        ("-3", Unit.NUMBER, "negative"),
        ("-0.5", Unit.RATE_PER_10000, "negative"),
        ("-2", Unit.DAYS, "negative"),
    ],
)
def test_impossible_values_are_errors(value: str, unit: Unit, fragment: str) -> None:
    checks = check_entry(D(value), unit)
    assert len(checks.errors) == 1
    assert fragment in checks.errors[0]
    assert checks.warnings == []


@pytest.mark.parametrize("unit", [Unit.MONEY, Unit.MILLIONS])
def test_money_may_be_negative(unit: Unit) -> None:
    assert check_entry(D("-1200"), unit).errors == []


def test_a_value_above_the_upper_process_limit_needs_explaining() -> None:
    checks = check_entry(D("91"), Unit.PERCENTAGE, process_limits=(40.0, 80.5))
    assert checks.errors == []
    assert len(checks.warnings) == 1
    assert "above the upper process limit (80.50)" in checks.warnings[0]
    assert "91%" in checks.warnings[0]


def test_a_value_below_the_lower_process_limit_needs_explaining() -> None:
    checks = check_entry(D("1250"), Unit.NUMBER, process_limits=(1500.0, 2500.0))
    assert len(checks.warnings) == 1
    assert "below the lower process limit (1,500.00)" in checks.warnings[0]
    assert "1,250" in checks.warnings[0]


@pytest.mark.parametrize("value", ["40", "80.5", "60"])
def test_values_on_or_inside_the_process_limits_pass(value: str) -> None:
    assert check_entry(D(value), Unit.PERCENTAGE, process_limits=(40.0, 80.5)).warnings == []


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(None, 50.0, "above"), (70.0, None, "below"), (None, 80.0, None), (40.0, None, None)],
)
def test_only_the_process_limits_given_are_checked(
    low: float | None, high: float | None, expected: str | None
) -> None:
    warnings = check_entry(D(60), Unit.NUMBER, process_limits=(low, high)).warnings
    if expected is None:
        assert warnings == []
    else:
        assert len(warnings) == 1
        assert f"is {expected} the" in warnings[0]


def test_a_sharp_rise_from_the_previous_period_needs_explaining() -> None:
    checks = check_entry(D(16), Unit.NUMBER, previous=D(10))
    assert len(checks.warnings) == 1
    assert "60% above the previous period's 10" in checks.warnings[0]


def test_a_sharp_fall_from_the_previous_period_needs_explaining() -> None:
    checks = check_entry(D("30"), Unit.PERCENTAGE, previous=D("70"))
    assert len(checks.warnings) == 1
    assert "57% below the previous period's 70%" in checks.warnings[0]


def test_a_sharp_move_from_a_negative_figure_is_measured_by_its_size() -> None:
    # -£100 to £20 is a 120% move up, whatever the sign of the start.
    checks = check_entry(D("20"), Unit.MONEY, previous=D("-100"))
    assert len(checks.warnings) == 1
    assert "120% above" in checks.warnings[0]


@pytest.mark.parametrize("value", ["15", "5", "10"])
def test_a_move_of_exactly_half_or_less_is_not_sharp(value: str) -> None:
    assert D("0.5") == SHARP_CHANGE
    assert check_entry(D(value), Unit.NUMBER, previous=D(10)).warnings == []


def test_a_move_just_past_half_is_sharp() -> None:
    assert len(check_entry(D("15.01"), Unit.NUMBER, previous=D(10)).warnings) == 1
    assert len(check_entry(D("4.99"), Unit.NUMBER, previous=D(10)).warnings) == 1


def test_no_previous_period_or_a_previous_zero_gives_no_move_warning() -> None:
    assert check_entry(D(20), Unit.NUMBER).warnings == []
    assert check_entry(D(20), Unit.NUMBER, previous=D(0)).warnings == []


def test_both_warnings_and_an_error_are_reported_together() -> None:
    checks = check_entry(D(150), Unit.PERCENTAGE, previous=D(50), process_limits=(10.0, 90.0))
    assert len(checks.errors) == 1
    assert len(checks.warnings) == 2


@_property
@given(
    value=st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
    previous=st.decimals(min_value=1, max_value=100, places=2, allow_nan=False),
)
def test_a_move_warning_appears_exactly_when_the_change_is_over_half(
    value: Decimal, previous: Decimal
) -> None:
    warned = bool(check_entry(value, Unit.PERCENTAGE, previous=previous).warnings)
    assert warned == (abs(value - previous) > previous / 2)
