"""Year-end forecast of cumulative indicators: both methods, its RAG, and when there is none."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import pytest

from outturn.engine.forecast import (
    ForecastMethod,
    forecast_value,
    forecast_year_end,
    rounded,
    year_position,
)
from outturn.engine.periods import parse_period
from outturn.engine.rag import Allowance, AllowanceKind, Polarity, Rag
from outturn.engine.status import Aggregation, PointInput, SeriesInput, assess_series

D = Decimal
P = parse_period


@pytest.mark.parametrize(
    ("period", "year", "elapsed", "length", "same_point", "year_end"),
    [
        ("2025/26 Q1", "2025/26", 1, 4, "2024/25 Q1", "2024/25 Q4"),
        ("2025/26 Q2", "2025/26", 2, 4, "2024/25 Q2", "2024/25 Q4"),
        ("2025/26 Q4", "2025/26", 4, 4, "2024/25 Q4", "2024/25 Q4"),
        ("April 2025", "2025/26", 1, 12, "April 2024", "March 2025"),
        ("August 2025", "2025/26", 5, 12, "August 2024", "March 2025"),
        ("March 2026", "2025/26", 12, 12, "March 2025", "March 2025"),
        ("2025/26", "2025/26", 1, 1, "2024/25", "2024/25"),
    ],
)
def test_year_position(
    period: str, year: str, elapsed: int, length: int, same_point: str, year_end: str
) -> None:
    position = year_position(P(period))
    assert position is not None
    assert position.year == P(year)
    assert (position.elapsed, position.length) == (elapsed, length)
    assert position.same_point_last_year == P(same_point)
    assert position.last_year_end == P(year_end)


@pytest.mark.parametrize("period", ["Autumn term 2025", "2025/26 academic year", "31 March 2026"])
def test_kinds_that_do_not_tile_a_financial_year_have_no_position(period: str) -> None:
    assert year_position(P(period)) is None


def test_last_year_profile_scales_by_last_years_growth() -> None:
    position = year_position(P("2025/26 Q2"))
    assert position is not None
    value, method = forecast_value(D(30), position, last_year_ytd=D(25), last_year_total=D(100))
    assert (value, method) == (Fraction(120), ForecastMethod.LAST_YEAR_PROFILE)


@pytest.mark.parametrize(
    ("last_year_ytd", "last_year_total"), [(None, D(100)), (D(25), None), (D(0), D(100))]
)
def test_linear_without_usable_last_year_figures(
    last_year_ytd: Decimal | None, last_year_total: Decimal | None
) -> None:
    position = year_position(P("2025/26 Q3"))
    assert position is not None
    value, method = forecast_value(
        D(7), position, last_year_ytd=last_year_ytd, last_year_total=last_year_total
    )
    assert (value, method) == (Fraction(28, 3), ForecastMethod.LINEAR)


def test_rounding_is_half_even_to_six_places() -> None:
    assert rounded(Fraction(28, 3)) == D("9.333333")
    assert rounded(Fraction(2, 3)) == D("0.666667")
    assert rounded(Fraction(1, 2_000_000)) == D("0.000000")  # half to even
    assert rounded(Fraction(3, 2_000_000)) == D("0.000002")


def test_the_rag_uses_the_exact_forecast_not_the_rounded_one() -> None:
    # 7 x 4 / 3 = 9.3333333...: at or above 9.3333333 but below 9.3333334, whatever the
    # six-place display says.
    targets = {P("2025/26"): D("9.3333333")}
    forecast = forecast_year_end(
        P("2025/26 Q3"), D(7), annual_targets=targets, polarity=Polarity.UP
    )
    assert forecast is not None
    assert forecast.value == D("9.333333")
    assert forecast.rag is Rag.GREEN  # 9.3333333... >= 9.3333333
    targets = {P("2025/26"): D("9.3333334")}
    forecast = forecast_year_end(
        P("2025/26 Q3"), D(7), annual_targets=targets, polarity=Polarity.UP
    )
    assert forecast is not None
    assert forecast.rag is Rag.RED


def test_forecast_rag_uses_polarity_and_tolerance() -> None:
    targets = {P("2025/26"): D(100)}
    tolerance = Allowance(AllowanceKind.RELATIVE, D("0.1"))
    ytd = D(45)  # linear: 45 x 4 / 2 = 90, 10% short of 100
    cases = [
        (Polarity.UP, tolerance, Rag.AMBER),
        (Polarity.UP, Allowance(), Rag.RED),
        (Polarity.DOWN, Allowance(), Rag.GREEN),
        (Polarity.NONE, tolerance, Rag.NOT_RATED),
    ]
    for polarity, allowance, expected in cases:
        forecast = forecast_year_end(
            P("2025/26 Q2"), ytd, annual_targets=targets, polarity=polarity, tolerance=allowance
        )
        assert forecast is not None
        assert forecast.value == D(90)
        assert forecast.rag is expected


def test_no_forecast_without_a_value_or_an_annual_target() -> None:
    targets = {P("2024/25"): D(100)}
    assert (
        forecast_year_end(P("2025/26 Q2"), D(5), annual_targets=targets, polarity=Polarity.UP)
        is None
    )
    assert (
        forecast_year_end(P("2024/25 Q2"), None, annual_targets=targets, polarity=Polarity.UP)
        is None
    )


# --- through the status engine ------------------------------------------------------------


def _cumulative(
    points: Mapping[str, str | None],
    *,
    aggregation: Aggregation = Aggregation.CUMULATIVE,
    targets: dict[str, str] | None = None,
    polarity: Polarity = Polarity.UP,
) -> SeriesInput:
    return SeriesInput(
        id="CUM",
        polarity=polarity,
        points=tuple(
            PointInput(P(period), None if value is None else D(value), None)
            for period, value in points.items()
        ),
        aggregation=aggregation,
        annual_targets={
            P(year): D(value) for year, value in (targets or {"2025/26": "110"}).items()
        },
    )


LAST_YEAR = {"2024/25 Q1": "10", "2024/25 Q2": "25", "2024/25 Q3": "45", "2024/25 Q4": "100"}


def test_status_forecast_by_last_years_profile() -> None:
    (status,) = assess_series([_cumulative({**LAST_YEAR, "2025/26 Q1": "12", "2025/26 Q2": "30"})])
    assert status.latest is not None
    forecast = status.latest.forecast
    assert forecast is not None
    assert (forecast.period, forecast.value, forecast.method) == (
        P("2025/26"),
        D(120),
        ForecastMethod.LAST_YEAR_PROFILE,
    )
    assert (forecast.annual_target, forecast.rag) == (D(110), Rag.GREEN)
    assert status.latest.exception is None


def test_status_forecast_linear_and_forecast_red() -> None:
    (status,) = assess_series([_cumulative({"2025/26 Q1": "12", "2025/26 Q2": "30"})])
    assert status.latest is not None
    forecast = status.latest.forecast
    assert forecast is not None
    assert (forecast.value, forecast.method, forecast.rag) == (
        D(60),
        ForecastMethod.LINEAR,
        Rag.RED,
    )
    assert status.latest.exception == "negative"
    assert status.latest.reasons == ("forecast_red",)


def test_status_forecast_needs_last_years_same_point_and_year_end() -> None:
    partial = {"2024/25 Q2": "25", "2025/26 Q1": "12", "2025/26 Q2": "30"}  # no 2024/25 Q4
    (status,) = assess_series([_cumulative(partial)])
    assert status.latest is not None and status.latest.forecast is not None
    assert status.latest.forecast.method is ForecastMethod.LINEAR


@pytest.mark.parametrize(
    "series",
    [
        _cumulative({"2025/26 Q1": "12", "2025/26 Q2": "30"}, aggregation=Aggregation.SNAPSHOT),
        _cumulative({"2025/26 Q1": "12", "2025/26 Q2": "30"}, targets={"2024/25": "110"}),
        _cumulative({"2025/26 Q1": "12", "2025/26 Q2": None}),
    ],
    ids=["snapshot", "no-annual-target-for-the-year", "no-latest-value"],
)
def test_status_without_forecast(series: SeriesInput) -> None:
    (status,) = assess_series([series])
    assert status.latest is not None
    assert status.latest.forecast is None
