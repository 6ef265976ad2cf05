"""Year-end forecast for cumulative (year-to-date) indicators with an annual target.

The forecast for the financial year of the latest period is made one of two ways:

* ``last_year_profile``: this year's year-to-date figure scaled by how last year grew
  from the same point to its end, ``ytd * last_year_total / last_year_ytd``, when last
  year's figures for the same point and for its final period both exist and last year's
  year-to-date is not zero;
* ``linear``: otherwise, ``ytd * periods_in_year / periods_elapsed``.

The forecast is rated against the annual target with the usual polarity and tolerance
rules (the tolerance in force for the latest period). The rating uses the exact
rational forecast; the reported ``value`` is rounded half-even to FORECAST_PLACES
decimal places. Only quarters, months and financial years tile a financial year, so
other kinds of period (terms, academic years, snapshot dates) get no forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from outturn.engine.periods import Period, PeriodError, PeriodKind
from outturn.engine.rag import NO_TOLERANCE, Allowance, Number, Polarity, Rag, rate

FORECAST_PLACES = 6
"""Decimal places of a reported forecast value."""

_TILING_KINDS = frozenset({PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.FINANCIAL_YEAR})


class ForecastMethod(StrEnum):
    LAST_YEAR_PROFILE = "last_year_profile"
    LINEAR = "linear"


@dataclass(frozen=True)
class Forecast:
    """A year-end forecast: ``period`` is the financial year it is for."""

    period: Period
    value: Decimal
    method: ForecastMethod
    annual_target: Decimal
    rag: Rag


@dataclass(frozen=True)
class YearPosition:
    """Where a period sits in its financial year, and last year's matching periods."""

    year: Period
    elapsed: int
    length: int
    same_point_last_year: Period
    last_year_end: Period


@lru_cache(maxsize=4096)
def year_position(period: Period) -> YearPosition | None:
    """None for kinds of period that do not tile a financial year."""
    if period.kind not in _TILING_KINDS:
        return None
    try:
        year = period.financial_year()
        elapsed = _steps_within(period, year, -1) + 1
        length = elapsed + _steps_within(period, year, 1)
        same_point = period.year_before()
        last_year = year.previous()
        last_year_end = same_point
        while (following := last_year_end.next()).financial_year() == last_year:
            last_year_end = following
    except PeriodError:
        return None
    return YearPosition(year, elapsed, length, same_point, last_year_end)


def _steps_within(period: Period, year: Period, step: int) -> int:
    count, current = 0, period
    while True:
        current = current.previous() if step < 0 else current.next()
        if current.financial_year() != year:
            return count
        count += 1


def forecast_value(
    ytd: Number,
    position: YearPosition,
    *,
    last_year_ytd: Number | None = None,
    last_year_total: Number | None = None,
) -> tuple[Fraction, ForecastMethod]:
    """The exact year-end forecast and the method used."""
    if last_year_ytd is not None and last_year_total is not None and last_year_ytd != 0:
        ratio = Fraction(last_year_total) / Fraction(last_year_ytd)
        return Fraction(ytd) * ratio, ForecastMethod.LAST_YEAR_PROFILE
    return Fraction(ytd) * position.length / position.elapsed, ForecastMethod.LINEAR


def rounded(value: Fraction, places: int = FORECAST_PLACES) -> Decimal:
    """``value`` rounded half-even to ``places`` decimal places."""
    return Decimal(round(value * 10**places)).scaleb(-places)


def forecast_year_end(
    period: Period,
    ytd: Number | None,
    *,
    annual_targets: dict[Period, Decimal],
    polarity: Polarity,
    tolerance: Allowance = NO_TOLERANCE,
    last_year_ytd: Number | None = None,
    last_year_total: Number | None = None,
) -> Forecast | None:
    """The forecast for ``period``'s financial year, or None when there can be none.

    None when the year-to-date value is missing, when the period's kind does not tile
    a financial year, or when there is no annual target for the year.
    """
    position = year_position(period)
    if ytd is None or position is None:
        return None
    annual_target = annual_targets.get(position.year)
    if annual_target is None:
        return None
    exact, method = forecast_value(
        ytd, position, last_year_ytd=last_year_ytd, last_year_total=last_year_total
    )
    return Forecast(
        period=position.year,
        value=rounded(exact),
        method=method,
        annual_target=annual_target,
        rag=rate(exact, annual_target, polarity=polarity, tolerance=tolerance),
    )
