"""Reporting periods: parsing, printing, ordering, stepping and the quarterly scorecard rule."""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from outturn.engine.periods import (
    Period,
    PeriodError,
    PeriodKind,
    academic_year,
    financial_year,
    financial_year_containing,
    month,
    parse_period,
    periods_between,
    quarter,
    quarter_containing,
    reported_period,
    snapshot,
    term,
)

ACCEPTED_FORMS = (
    "Use one of: 2025/26 (financial year), 2025/26 Q2 (quarter), September 2025 (month), "
    "2024/25 academic year, Spring term 2025, 31 March 2026 (snapshot date)."
)

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


# --- parsing: every accepted form -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025/26", financial_year(2025)),
        ("2025-26", financial_year(2025)),
        ("FY2025/26", financial_year(2025)),
        ("FY 2025/26", financial_year(2025)),
        ("FY2025-26", financial_year(2025)),
        ("fy2025/26", financial_year(2025)),
        ("1999/00", financial_year(1999)),
        ("2199/00", financial_year(2199)),
        ("2025/26 Q2", quarter(2025, 2)),
        ("Q2 2025/26", quarter(2025, 2)),
        ("Q2 2025-26", quarter(2025, 2)),
        ("2025-26 Q2", quarter(2025, 2)),
        ("q4 2025/26", quarter(2025, 4)),
        ("2025/26   Q1", quarter(2025, 1)),
        ("September 2025", month(2025, 9)),
        ("Sep 2025", month(2025, 9)),
        ("Sept 2025", month(2025, 9)),
        ("Sep 25", month(2025, 9)),
        ("2025-09", month(2025, 9)),
        ("SEPTEMBER 2025", month(2025, 9)),
        ("may 2024", month(2024, 5)),
        ("Jan 99", month(2099, 1)),
        ("2024/25 academic year", academic_year(2024)),
        ("AY2024/25", academic_year(2024)),
        ("AY 2024-25", academic_year(2024)),
        ("academic year 2024/25", academic_year(2024)),
        ("Academic Year 2024-25", academic_year(2024)),
        ("2024-25 academic year", academic_year(2024)),
        ("Spring term 2025", term("spring", 2025)),
        ("Spring 2025", term("spring", 2025)),
        ("summer term 2025", term("summer", 2025)),
        ("AUTUMN 2025", term("autumn", 2025)),
        ("31 March 2026", snapshot(date(2026, 3, 31))),
        ("31 Mar 2026", snapshot(date(2026, 3, 31))),
        ("2026-03-31", snapshot(date(2026, 3, 31))),
        ("as at 31 March 2026", snapshot(date(2026, 3, 31))),
        ("As at 2026-03-31", snapshot(date(2026, 3, 31))),
        ("1 April 2025", snapshot(date(2025, 4, 1))),
        ("01 April 2025", snapshot(date(2025, 4, 1))),
        ("29 February 2024", snapshot(date(2024, 2, 29))),
        ("  \t2025/26  Q2 \n", quarter(2025, 2)),
    ],
)
def test_parse_accepted_forms(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("period", "canonical", "start", "end"),
    [
        (financial_year(2025), "2025/26", date(2025, 4, 1), date(2026, 3, 31)),
        (quarter(2025, 1), "2025/26 Q1", date(2025, 4, 1), date(2025, 6, 30)),
        (quarter(2025, 2), "2025/26 Q2", date(2025, 7, 1), date(2025, 9, 30)),
        (quarter(2025, 3), "2025/26 Q3", date(2025, 10, 1), date(2025, 12, 31)),
        (quarter(2025, 4), "2025/26 Q4", date(2026, 1, 1), date(2026, 3, 31)),
        (month(2025, 9), "September 2025", date(2025, 9, 1), date(2025, 9, 30)),
        (month(2024, 2), "February 2024", date(2024, 2, 1), date(2024, 2, 29)),
        (month(2025, 2), "February 2025", date(2025, 2, 1), date(2025, 2, 28)),
        (academic_year(2024), "2024/25 academic year", date(2024, 9, 1), date(2025, 8, 31)),
        (term("autumn", 2025), "Autumn term 2025", date(2025, 9, 1), date(2025, 12, 31)),
        (term("spring", 2025), "Spring term 2025", date(2025, 1, 1), date(2025, 3, 31)),
        (term("summer", 2025), "Summer term 2025", date(2025, 4, 1), date(2025, 8, 31)),
        (snapshot(date(2026, 3, 31)), "31 March 2026", date(2026, 3, 31), date(2026, 3, 31)),
        (snapshot(date(2026, 4, 1)), "1 April 2026", date(2026, 4, 1), date(2026, 4, 1)),
        (financial_year(1999), "1999/00", date(1999, 4, 1), date(2000, 3, 31)),
    ],
)
def test_canonical_form_and_dates(period: Period, canonical: str, start: date, end: date) -> None:
    assert str(period) == canonical
    assert period.key == canonical
    assert (period.start, period.end) == (start, end)
    assert parse_period(canonical) is period or parse_period(canonical) == period


def test_kinds() -> None:
    assert parse_period("2025/26").kind is PeriodKind.FINANCIAL_YEAR
    assert parse_period("2025/26 Q2").kind is PeriodKind.QUARTER
    assert parse_period("Sep 2025").kind is PeriodKind.MONTH
    assert parse_period("AY2024/25").kind is PeriodKind.ACADEMIC_YEAR
    assert parse_period("Spring 2025").kind is PeriodKind.TERM
    assert parse_period("2026-03-31").kind is PeriodKind.SNAPSHOT


def test_a_period_is_returned_as_it_is() -> None:
    period = quarter(2025, 2)
    assert parse_period(period) is period


def test_repr_shows_the_period() -> None:
    assert repr(quarter(2025, 2)) == "<Period 2025/26 Q2>"


def test_quarter_number() -> None:
    assert [quarter(2025, n).quarter_number for n in (1, 2, 3, 4)] == [1, 2, 3, 4]
    assert financial_year(2025).quarter_number is None
    assert month(2025, 9).quarter_number is None


def test_contains() -> None:
    q2 = quarter(2025, 2)
    assert q2.contains(date(2025, 7, 1))
    assert q2.contains(date(2025, 9, 30))
    assert not q2.contains(date(2025, 6, 30))
    assert not q2.contains(date(2025, 10, 1))
    assert snapshot(date(2026, 3, 31)).contains(date(2026, 3, 31))


# --- direct construction ----------------------------------------------------------------


def test_direct_construction_equals_the_factory() -> None:
    made = Period(PeriodKind.QUARTER, date(2025, 7, 1), date(2025, 9, 30))
    assert made == quarter(2025, 2)
    assert hash(made) == hash(quarter(2025, 2))
    assert str(made) == "2025/26 Q2"


def test_direct_construction_accepts_the_kind_as_text() -> None:
    made = Period("quarter", date(2025, 7, 1), date(2025, 9, 30))  # type: ignore[arg-type]
    assert made.kind is PeriodKind.QUARTER
    assert made == quarter(2025, 2)


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        (PeriodKind.QUARTER, date(2025, 7, 2), date(2025, 9, 30)),
        (PeriodKind.QUARTER, date(2025, 8, 1), date(2025, 10, 31)),
        (PeriodKind.FINANCIAL_YEAR, date(2025, 1, 1), date(2025, 12, 31)),
        (PeriodKind.MONTH, date(2025, 9, 1), date(2025, 9, 29)),
        (PeriodKind.SNAPSHOT, date(2025, 9, 1), date(2025, 9, 2)),
        (PeriodKind.TERM, date(2025, 2, 1), date(2025, 3, 31)),
        (PeriodKind.ACADEMIC_YEAR, date(2025, 9, 1), date(2026, 7, 31)),
        ("fortnight", date(2025, 9, 1), date(2025, 9, 14)),
    ],
)
def test_direct_construction_refuses_impossible_periods(
    kind: PeriodKind, start: date, end: date
) -> None:
    with pytest.raises(PeriodError):
        Period(kind, start, end)


def test_periods_are_immutable() -> None:
    with pytest.raises(AttributeError):
        quarter(2025, 2).start = date(2025, 1, 1)  # type: ignore[misc]


def test_snapshot_of_a_datetime_is_the_snapshot_of_its_date() -> None:
    moment = datetime(2026, 3, 31, 17, 30)  # noqa: DTZ001 - only the calendar date matters
    assert snapshot(moment) == snapshot(date(2026, 3, 31))
    assert type(snapshot(moment).start) is date


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: quarter(2025, 5), "quarter 5"),
        (lambda: quarter(2025, 0), "quarter 0"),
        (lambda: month(2025, 13), "month 13"),
        (lambda: term("winter", 2025), "'winter' is not a term"),
        (lambda: financial_year(1899), "1900 to 2200"),
        (lambda: financial_year(2201), "1900 to 2200"),
    ],
)
def test_factories_refuse_periods_that_do_not_exist(call: object, fragment: str) -> None:
    with pytest.raises(PeriodError, match=fragment):
        call()  # type: ignore[operator]


# --- errors -----------------------------------------------------------------------------


def test_error_message_quotes_the_input_and_lists_the_forms() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("2025 Q5")
    assert str(caught.value) == f"'2025 Q5' is not a period I recognise. {ACCEPTED_FORMS}"


def test_period_error_is_a_value_error() -> None:
    assert issubclass(PeriodError, ValueError)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025/27", "the second year must be the year after the first, as in 2025/26"),
        ("FY2025-24", "the second year must be the year after the first, as in 2025/26"),
        ("Q2 2025/27", "the second year must be the year after the first, as in 2025/26"),
        ("AY2024/26", "the second year must be the year after the first, as in 2024/25"),
        ("2025/26 Q5", "there is no quarter 5"),
        ("Q0 2025/26", "there is no quarter 0"),
        ("31 February 2026", "February 2026 has no day 31"),
        ("29 February 2025", "February 2025 has no day 29"),
        ("2026-02-30", "February 2026 has no day 30"),
        ("2026-13-01", "there is no month 13"),
        ("0 March 2026", "there is no day 0"),
        ("1899/00", "periods must start in a year from 1900 to 2200, not 1899"),
        ("2010-11", "it could be the financial year 2010/11 or November 2010"),
        ("2000-01", "it could be the financial year 2000/01 or January 2000"),
    ],
)
def test_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert message.startswith(f"'{text}' is not a period I recognise: {reason}")
    assert message.endswith(ACCEPTED_FORMS)
    assert reason in caught.value.detail


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2025",
        "2025 Q2",
        "Q2",
        "Q5 2025/26x",
        "2025/2026",
        "2025/26 Q",
        "Septembre 2025",
        "Sep 2025 extra",
        "Sep 202",
        "Winter 2025",
        "Spring term",
        "31 March",
        "31st March 2026",
        "as at",
        "as of 31 March 2026",
        "2026/03/31",
        "2026-3-31",
        "Q2 2025/26 Q3",
        "\uff12\uff10\uff12\uff15/\uff12\uff16",  # full-width digits
        "2025\uff0f26",  # full-width solidus
    ],
)
def test_refused_without_a_reason(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert str(caught.value) == f"{text!r} is not a period I recognise. {ACCEPTED_FORMS}"


@pytest.mark.parametrize("value", [None, 2025, 2025.5, date(2025, 4, 1), ["2025/26"]])
def test_refuses_what_is_not_text(value: object) -> None:
    with pytest.raises(PeriodError, match="is not a period I recognise: it is not text"):
        parse_period(value)  # type: ignore[arg-type]


def test_the_years_where_a_financial_year_looks_like_a_month_have_unambiguous_forms() -> None:
    assert parse_period("2010/11") == financial_year(2010)
    assert parse_period("FY2010-11") == financial_year(2010)
    assert parse_period("November 2010") == month(2010, 11)
    assert parse_period("2010-10") == month(2010, 10)
    assert parse_period("2025-12") == month(2025, 12)


def test_very_long_input_is_shortened_in_the_message() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("x" * 500)
    assert len(str(caught.value)) < 400


# --- ordering ---------------------------------------------------------------------------


def test_mixed_kinds_sort_by_end_then_start_then_kind() -> None:
    fy = financial_year(2025)
    q4 = quarter(2025, 4)
    spring = term("spring", 2026)
    march = month(2026, 3)
    as_at = snapshot(date(2026, 3, 31))
    academic = academic_year(2025)
    q3 = quarter(2025, 3)
    shuffled = [as_at, academic, march, q3, spring, fy, q4]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled) == [q3, fy, q4, spring, march, as_at, academic]


def test_a_term_and_a_quarter_with_the_same_dates_differ() -> None:
    spring, q4 = term("spring", 2026), quarter(2025, 4)
    assert (spring.start, spring.end) == (q4.start, q4.end)
    assert spring != q4
    assert q4 < spring
    assert len({spring, q4}) == 2


def test_same_kind_orders_by_time() -> None:
    assert quarter(2024, 4) < quarter(2025, 1) < quarter(2025, 2)
    assert month(2025, 12) < month(2026, 1)
    assert term("spring", 2025) < term("summer", 2025) < term("autumn", 2025)
    assert term("autumn", 2025) < term("spring", 2026)
    assert quarter(2025, 2) <= quarter(2025, 2) >= quarter(2025, 2)
    assert quarter(2025, 3) > quarter(2025, 2)


def test_comparing_with_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        _ = quarter(2025, 2) < "2025/26 Q3"
    text: object = "2025/26 Q2"
    assert quarter(2025, 2) != text


# --- stepping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "previous", "following"),
    [
        (financial_year(2025), financial_year(2024), financial_year(2026)),
        (quarter(2025, 1), quarter(2024, 4), quarter(2025, 2)),
        (quarter(2025, 4), quarter(2025, 3), quarter(2026, 1)),
        (month(2025, 1), month(2024, 12), month(2025, 2)),
        (month(2025, 12), month(2025, 11), month(2026, 1)),
        (academic_year(2024), academic_year(2023), academic_year(2025)),
        (term("spring", 2025), term("autumn", 2024), term("summer", 2025)),
        (term("summer", 2025), term("spring", 2025), term("autumn", 2025)),
        (term("autumn", 2025), term("summer", 2025), term("spring", 2026)),
    ],
)
def test_previous_and_next(period: Period, previous: Period, following: Period) -> None:
    assert period.previous() == previous
    assert period.next() == following


@pytest.mark.parametrize(
    ("day", "previous", "following"),
    [
        # Quarter ends step a quarter at a time.
        (date(2026, 3, 31), date(2025, 12, 31), date(2026, 6, 30)),
        (date(2025, 6, 30), date(2025, 3, 31), date(2025, 9, 30)),
        (date(2025, 9, 30), date(2025, 6, 30), date(2025, 12, 31)),
        (date(2025, 12, 31), date(2025, 9, 30), date(2026, 3, 31)),
        # Other month ends step a month at a time, to the month's end.
        (date(2025, 4, 30), date(2025, 3, 31), date(2025, 5, 31)),
        (date(2025, 1, 31), date(2024, 12, 31), date(2025, 2, 28)),
        (date(2024, 2, 29), date(2024, 1, 31), date(2024, 3, 31)),
        (date(2025, 2, 28), date(2025, 1, 31), date(2025, 3, 31)),
        # Any other day steps to the same day of the neighbouring month, clamped.
        (date(2025, 8, 15), date(2025, 7, 15), date(2025, 9, 15)),
        (date(2025, 1, 30), date(2024, 12, 30), date(2025, 2, 28)),
        (date(2024, 3, 30), date(2024, 2, 29), date(2024, 4, 30)),
        (date(2025, 1, 1), date(2024, 12, 1), date(2025, 2, 1)),
    ],
)
def test_snapshot_stepping(day: date, previous: date, following: date) -> None:
    assert snapshot(day).previous() == snapshot(previous)
    assert snapshot(day).next() == snapshot(following)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (financial_year(2025), financial_year(2024)),
        (quarter(2025, 2), quarter(2024, 2)),
        (quarter(2025, 4), quarter(2024, 4)),
        (month(2025, 2), month(2024, 2)),
        (academic_year(2024), academic_year(2023)),
        (term("spring", 2025), term("spring", 2024)),
        (snapshot(date(2026, 3, 31)), snapshot(date(2025, 3, 31))),
        (snapshot(date(2024, 2, 29)), snapshot(date(2023, 2, 28))),
        (snapshot(date(2025, 2, 28)), snapshot(date(2024, 2, 28))),
    ],
)
def test_year_before(period: Period, expected: Period) -> None:
    assert period.year_before() == expected


def test_stepping_beyond_the_supported_years_is_refused() -> None:
    with pytest.raises(PeriodError, match="1900 to 2200"):
        financial_year(1900).previous()
    with pytest.raises(PeriodError, match="1900 to 2200"):
        month(1900, 3).year_before()


# --- the quarter and year a period belongs to -------------------------------------------


@pytest.mark.parametrize(
    ("period", "reporting_quarter", "year"),
    [
        (month(2025, 9), quarter(2025, 2), financial_year(2025)),
        (month(2026, 1), quarter(2025, 4), financial_year(2025)),
        (month(2025, 4), quarter(2025, 1), financial_year(2025)),
        (month(2025, 3), quarter(2024, 4), financial_year(2024)),
        (snapshot(date(2026, 3, 31)), quarter(2025, 4), financial_year(2025)),
        (snapshot(date(2026, 4, 1)), quarter(2026, 1), financial_year(2026)),
        (quarter(2025, 3), quarter(2025, 3), financial_year(2025)),
        (financial_year(2025), quarter(2025, 4), financial_year(2025)),
        (term("summer", 2025), quarter(2025, 2), financial_year(2025)),
        (term("autumn", 2025), quarter(2025, 3), financial_year(2025)),
        (term("spring", 2026), quarter(2025, 4), financial_year(2025)),
        (academic_year(2024), quarter(2025, 2), financial_year(2025)),
    ],
)
def test_reporting_quarter_and_financial_year(
    period: Period, reporting_quarter: Period, year: Period
) -> None:
    assert period.reporting_quarter() == reporting_quarter
    assert period.financial_year() == year


def test_containing_helpers() -> None:
    assert quarter_containing(date(2026, 2, 14)) == quarter(2025, 4)
    assert financial_year_containing(date(2026, 2, 14)) == financial_year(2025)
    assert financial_year_containing(date(2026, 4, 1)) == financial_year(2026)


# --- periods_between --------------------------------------------------------------------


def test_periods_between_quarters() -> None:
    assert periods_between(quarter(2024, 3), quarter(2025, 2)) == [
        quarter(2024, 3),
        quarter(2024, 4),
        quarter(2025, 1),
        quarter(2025, 2),
    ]


def test_periods_between_one_period_and_itself() -> None:
    assert periods_between(month(2025, 9), month(2025, 9)) == [month(2025, 9)]


def test_periods_between_backwards_is_empty() -> None:
    assert periods_between(month(2025, 9), month(2025, 8)) == []


def test_periods_between_terms_crosses_the_year() -> None:
    assert [str(p) for p in periods_between(term("summer", 2024), term("spring", 2025))] == [
        "Summer term 2024",
        "Autumn term 2024",
        "Spring term 2025",
    ]


def test_periods_between_quarter_end_snapshots() -> None:
    got = periods_between(snapshot(date(2025, 3, 31)), snapshot(date(2026, 3, 31)))
    assert [p.start for p in got] == [
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
        date(2026, 3, 31),
    ]


def test_periods_between_snapshots_stops_before_passing_the_last() -> None:
    got = periods_between(snapshot(date(2025, 1, 15)), snapshot(date(2025, 3, 20)))
    assert [p.start for p in got] == [date(2025, 1, 15), date(2025, 2, 15), date(2025, 3, 15)]


def test_periods_between_different_kinds_is_an_error() -> None:
    with pytest.raises(ValueError, match="different kinds"):
        periods_between(month(2025, 4), quarter(2025, 2))


def test_periods_between_reaches_the_last_supported_year() -> None:
    got = periods_between(financial_year(2198), financial_year(2200))
    assert [str(p) for p in got] == ["2198/99", "2199/00", "2200/01"]


# --- the quarterly scorecard rule -------------------------------------------------------

Q1 = quarter(2025, 1)
Q2 = quarter(2025, 2)
Q3 = quarter(2025, 3)
Q4 = quarter(2025, 4)


@pytest.mark.parametrize(
    ("for_quarter", "candidates", "expected"),
    [
        # Monthly: the last month with a value inside the quarter.
        (Q2, [month(2025, 7), month(2025, 8), month(2025, 9)], month(2025, 9)),
        (Q2, [month(2025, 7), month(2025, 8)], month(2025, 8)),
        (Q2, [month(2025, 9), month(2025, 10)], month(2025, 9)),
        (Q2, [month(2025, 6)], None),
        (Q2, [month(2025, 10)], None),
        # Snapshots: the latest date inside the quarter.
        (
            Q2,
            [snapshot(date(2025, 6, 30)), snapshot(date(2025, 9, 30))],
            snapshot(date(2025, 9, 30)),
        ),
        (
            Q2,
            [snapshot(date(2025, 8, 15)), snapshot(date(2025, 10, 1))],
            snapshot(date(2025, 8, 15)),
        ),
        (Q2, [snapshot(date(2025, 6, 30))], None),
        (Q4, [snapshot(date(2026, 3, 31))], snapshot(date(2026, 3, 31))),
        # Quarterly: the quarter itself and nothing else.
        (Q2, [Q1, Q2, Q3], Q2),
        (Q2, [Q1], None),
        (Q2, [Q3], None),
        # Termly: the latest term that had ended by the quarter's end.
        (Q1, [term("spring", 2025), term("summer", 2025)], term("spring", 2025)),
        (
            Q2,
            [term("spring", 2025), term("summer", 2025), term("autumn", 2025)],
            term("summer", 2025),
        ),
        (Q3, [term("summer", 2025), term("autumn", 2025)], term("autumn", 2025)),
        (Q4, [term("autumn", 2025), term("spring", 2026)], term("spring", 2026)),
        (Q4, [term("summer", 2024)], term("summer", 2024)),
        (Q1, [term("summer", 2025)], None),
        # Academic years: shown once ended, however late in the year.
        (Q1, [academic_year(2023), academic_year(2024)], academic_year(2023)),
        (Q2, [academic_year(2023), academic_year(2024)], academic_year(2024)),
        (Q2, [academic_year(2020)], academic_year(2020)),
        (Q2, [academic_year(2025)], None),
        # Annual: the latest financial year ended by the quarter's end.
        (
            Q3,
            [financial_year(2023), financial_year(2024), financial_year(2025)],
            financial_year(2024),
        ),
        (Q4, [financial_year(2024), financial_year(2025)], financial_year(2025)),
        (Q1, [financial_year(2025)], None),
        # Nothing to show.
        (Q2, [], None),
    ],
)
def test_reported_period(
    for_quarter: Period, candidates: list[Period], expected: Period | None
) -> None:
    assert reported_period(for_quarter, candidates) == expected
    assert reported_period(for_quarter, reversed(candidates)) == expected


def test_reported_period_of_cumulative_values_is_the_year_to_date_at_the_quarter_end() -> None:
    # Year-to-date figures are stored per month; the quarter shows its last month's figure.
    year_to_date = [month(2025, m) for m in range(4, 13)]
    assert reported_period(Q2, year_to_date) == month(2025, 9)
    assert reported_period(Q3, year_to_date) == month(2025, 12)


def test_reported_period_needs_a_quarter() -> None:
    with pytest.raises(ValueError, match="not a financial quarter"):
        reported_period(month(2025, 9), [month(2025, 9)])


# --- properties -------------------------------------------------------------------------

YEARS = st.integers(1901, 2198)
SEASONS = st.sampled_from(["autumn", "spring", "summer"])

financial_years = YEARS.map(financial_year)
quarters = st.builds(quarter, YEARS, st.integers(1, 4))
months = st.builds(month, YEARS, st.integers(1, 12))
academic_years = YEARS.map(academic_year)
terms = st.builds(term, SEASONS, YEARS)
snapshots = st.dates(date(1901, 1, 1), date(2198, 12, 31)).map(snapshot)
periods = st.one_of(financial_years, quarters, months, academic_years, terms, snapshots)


def _pair(start_year: int, separator: str = "/") -> str:
    return f"{start_year}{separator}{(start_year + 1) % 100:02d}"


def _looks_like_a_month(start_year: int) -> bool:
    return 1 <= (start_year + 1) % 100 <= 12


def alternative_forms(period: Period) -> list[str]:
    """Every accepted way of writing ``period``, in its plainest spacing and case."""
    start = period.start
    if period.kind is PeriodKind.FINANCIAL_YEAR:
        forms = [_pair(start.year), f"FY{_pair(start.year)}", f"FY {_pair(start.year)}"]
        forms.append(f"FY{_pair(start.year, '-')}")
        if not _looks_like_a_month(start.year):
            forms.append(_pair(start.year, "-"))
        return forms
    if period.kind is PeriodKind.QUARTER:
        year = start.year if start.month >= 4 else start.year - 1
        number = period.quarter_number
        return [f"{pair} Q{number}" for pair in (_pair(year), _pair(year, "-"))] + [
            f"Q{number} {pair}" for pair in (_pair(year), _pair(year, "-"))
        ]
    if period.kind is PeriodKind.MONTH:
        name = MONTH_NAMES[start.month - 1]
        forms = [f"{name} {start.year}", f"{name[:3]} {start.year}"]
        if start.month == 9:
            forms.append(f"Sept {start.year}")
        if 2000 <= start.year <= 2099:
            forms += [f"{name[:3]} {start.year % 100:02d}", f"{name} {start.year % 100:02d}"]
        if start.month != (start.year + 1) % 100:
            forms.append(f"{start.year}-{start.month:02d}")
        return forms
    if period.kind is PeriodKind.ACADEMIC_YEAR:
        forms = []
        for pair in (_pair(start.year), _pair(start.year, "-")):
            forms += [f"{pair} academic year", f"AY{pair}", f"AY {pair}", f"academic year {pair}"]
        return forms
    if period.kind is PeriodKind.TERM:
        season = {1: "Spring", 4: "Summer", 9: "Autumn"}[start.month]
        return [f"{season} term {start.year}", f"{season} {start.year}"]
    name = MONTH_NAMES[start.month - 1]
    dated = [f"{start.day} {name} {start.year}", f"{start.day:02d} {name[:3]} {start.year}"]
    dated.append(start.isoformat())
    return dated + [f"as at {form}" for form in dated]


@st.composite
def written_loosely(draw: st.DrawFn, form: str) -> str:
    """``form`` in random case with random spacing between its words."""
    words = form.split(" ")
    cased = ["".join(draw(st.sampled_from([c.lower(), c.upper()])) for c in w) for w in words]
    gaps = [draw(st.sampled_from([" ", "  ", "\t", " \u00a0 "])) for _ in cased[1:]]
    text = cased[0] + "".join(gap + word for gap, word in zip(gaps, cased[1:], strict=True))
    return draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(["", "  "]))


@given(periods)
def test_canonical_form_round_trips(period: Period) -> None:
    assert parse_period(str(period)) == period
    assert str(parse_period(period.key)) == period.key


@given(st.data())
def test_every_accepted_form_reads_as_the_same_period(data: st.DataObject) -> None:
    period = data.draw(periods)
    form = data.draw(st.sampled_from(alternative_forms(period)))
    text = data.draw(written_loosely(form))
    assert parse_period(text) == period


@given(periods)
@example(snapshot(date(2026, 3, 31)))
def test_previous_and_next_are_inverse(period: Period) -> None:
    if period.kind is PeriodKind.SNAPSHOT:
        # Month-end and clamped dates may land on a quarter end and change stride.
        day = period.start
        assume(day.day <= 27 or (day.month, day.day) in {(3, 31), (6, 30), (9, 30), (12, 31)})
    assert period.previous().next() == period
    assert period.next().previous() == period


@given(periods)
def test_stepping_keeps_the_kind_and_moves_in_time(period: Period) -> None:
    before, after = period.previous(), period.next()
    assert before.kind is period.kind is after.kind
    assert before < period < after
    assert before.end < period.start or period.kind is PeriodKind.SNAPSHOT
    if period.kind is not PeriodKind.SNAPSHOT:
        # Contiguous: no gaps and no overlaps.
        assert before.end.toordinal() + 1 == period.start.toordinal()
        assert period.end.toordinal() + 1 == after.start.toordinal()


PER_YEAR = {
    PeriodKind.FINANCIAL_YEAR: 1,
    PeriodKind.QUARTER: 4,
    PeriodKind.MONTH: 12,
    PeriodKind.ACADEMIC_YEAR: 1,
    PeriodKind.TERM: 3,
}


@given(periods)
def test_year_before_is_the_same_period_a_year_earlier(period: Period) -> None:
    earlier = period.year_before()
    assert earlier.kind is period.kind
    assert earlier < period
    assert earlier.start.year == period.start.year - 1
    assert earlier.start.month == period.start.month
    if period.kind is not PeriodKind.SNAPSHOT:
        assert len(periods_between(earlier, period)) == PER_YEAR[period.kind] + 1


@given(periods)
def test_reporting_quarter_and_year_contain_the_end(period: Period) -> None:
    reporting = period.reporting_quarter()
    assert reporting.kind is PeriodKind.QUARTER
    assert reporting.contains(period.end)
    year = period.financial_year()
    assert year.kind is PeriodKind.FINANCIAL_YEAR
    assert year.contains(period.end)
    assert year.contains(reporting.start)


@given(periods, periods)
def test_ordering_is_total_and_consistent_with_equality(a: Period, b: Period) -> None:
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (a > b or a == b)
    if a == b:
        assert hash(a) == hash(b)
    if a.end != b.end:
        assert (a < b) == (a.end < b.end)


@given(st.one_of(financial_years, quarters, months, terms), st.integers(0, 30))
def test_periods_between_steps_through_every_period(first: Period, steps: int) -> None:
    assume(first.start.year < 2160)  # thirty years from here stays within the supported years
    last = first
    for _ in range(steps):
        last = last.next()
    between = periods_between(first, last)
    assert len(between) == steps + 1
    assert between[0] == first
    assert between[-1] == last
    assert all(a.next() == b for a, b in itertools.pairwise(between))


@given(quarters, st.lists(periods, max_size=12))
def test_reported_period_is_a_candidate_ended_by_the_quarter_end(
    for_quarter: Period, candidates: list[Period]
) -> None:
    shown = reported_period(for_quarter, candidates)
    if shown is None:
        return
    assert shown in candidates
    assert shown.end <= for_quarter.end
    if shown.kind in (PeriodKind.MONTH, PeriodKind.SNAPSHOT):
        assert for_quarter.contains(shown.start)
    if shown.kind is PeriodKind.QUARTER:
        assert shown == for_quarter


# --- malformed input is refused with PeriodError, never another exception ----------------

PERIODISH = st.text(
    alphabet="0123456789/-: QqFfYyAaSsEePpTtMmRrUuNnIiOoCcDdHhLlWw\t\n",
    max_size=30,
)


@given(st.one_of(st.text(max_size=40), PERIODISH))
def test_any_text_is_a_period_or_a_period_error(text: str) -> None:
    try:
        period = parse_period(text)
    except PeriodError as error:
        assert "is not a period I recognise" in str(error)
        assert "Use one of:" in str(error)
    else:
        assert parse_period(str(period)) == period


@given(YEARS, st.one_of(st.integers(0, 0), st.integers(5, 99)), st.sampled_from(["/", "-"]))
def test_quarters_out_of_range_are_refused(year: int, number: int, separator: str) -> None:
    pair = _pair(year, separator)
    for text in (f"{pair} Q{number}", f"Q{number} {pair}"):
        with pytest.raises(PeriodError, match=f"there is no quarter {number}"):
            parse_period(text)


@given(YEARS, st.integers(13, 99))
def test_months_out_of_range_are_refused(year: int, number: int) -> None:
    assume(number != (year + 1) % 100)
    with pytest.raises(PeriodError):
        parse_period(f"{year}-{number:02d}")
    with pytest.raises(PeriodError, match=f"there is no month {number}"):
        parse_period(f"{year}-{number:02d}-01")


@given(
    YEARS,
    st.integers(0, 99),
    st.sampled_from(["{}", "FY{}", "{} Q2", "Q3 {}", "AY{}", "{} academic year"]),
)
def test_year_pairs_that_do_not_follow_are_refused(year: int, second: int, template: str) -> None:
    assume(second != (year + 1) % 100)
    text = template.format(f"{year}/{second:02d}")
    with pytest.raises(PeriodError, match="the second year must be the year after the first"):
        parse_period(text)


@given(st.dates(date(1901, 1, 1), date(2198, 12, 31)), st.integers(29, 31))
def test_impossible_dates_are_refused(day: date, day_number: int) -> None:
    name = MONTH_NAMES[day.month - 1]
    text = f"{day_number} {name} {day.year}"
    try:
        expected = date(day.year, day.month, day_number)
    except ValueError:
        with pytest.raises(PeriodError, match=f"{name} {day.year} has no day {day_number}"):
            parse_period(text)
    else:
        assert parse_period(text) == snapshot(expected)
