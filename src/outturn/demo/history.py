"""Generated history for the demo council: plausible, reproducible series of outturns.

Each indicator's series comes from its :class:`~outturn.demo.catalogue.Shape`: a level
interpolated between anchor points (so trends and real level shifts show up in SPC
charts), a seasonal pattern where the service has one, one-off shocks (the lockdown
quarters), and noise from a random generator seeded with the build's seed and the
indicator's code. The same seed always gives the same figures, whatever order the
indicators are built in, and nothing depends on today's date.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from outturn.demo.catalogue import Goal, IndicatorSpec, SeedFigure, Shape
from outturn.engine.periods import (
    Period,
    PeriodKind,
    academic_year,
    financial_year,
    month,
    parse_period,
    periods_between,
    quarter,
    term,
)

LONDON = ZoneInfo("Europe/London")

HISTORY_END = date(2026, 3, 31)
"""The last day of the published history: the end of 2025/26."""

DEMO_TODAY = date(2026, 7, 1)
"""The demo's notional today: the 2026/27 Q1 round has just opened."""

ROUND_PERIOD = quarter(2026, 1)

_FIRST_PERIOD = {
    "monthly": month(2019, 4),
    "quarterly": quarter(2019, 1),
    "annual": financial_year(2019),
    "academic_year": academic_year(2018),
    "termly": term("summer", 2019),
}

_ORIGIN = 2019 * 12 + 4  # April 2019, month zero of the time axis


@dataclass(frozen=True)
class Point:
    """One generated (or published) outturn."""

    period: Period
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    secondary: Decimal | None = None


@dataclass(frozen=True)
class Stamps:
    entered_at: datetime
    approved_at: datetime
    published_at: datetime


def rng_for(seed: int, code: str, purpose: str = "values") -> random.Random:
    """A generator for one indicator and purpose, independent of build order."""
    return random.Random(f"{seed}:{code}:{purpose}")  # noqa: S311 - demo data, not secrets


def quantize(number: float | Decimal, decimals: int) -> Decimal:
    """``number`` rounded half up to ``decimals`` places, with no negative zero."""
    exponent = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(number)).quantize(exponent, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def months_after(d: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``d``."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def available_from(period: Period, lag_months: int) -> date:
    """The first day of the month in which a period's figure is entered and published."""
    return months_after(period.end, lag_months + 1)


def series_periods(spec: IndicatorSpec) -> list[Period]:
    """Every period the indicator has a figure for, up to the demo's today (open round included)."""
    first = _FIRST_PERIOD[spec.frequency]
    periods: list[Period] = []
    current = first
    while current.end < DEMO_TODAY:
        periods.append(current)
        current = current.next()
    return periods


def is_history(spec: IndicatorSpec, period: Period) -> bool:
    """Published before the demo's today: ended by March 2026 and available by June 2026."""
    return period.end <= HISTORY_END and available_from(period, spec.lag_months) < DEMO_TODAY


def is_due_in_round(spec: IndicatorSpec, period: Period) -> bool:
    """Collected in the open 2026/27 Q1 round: quarterly Q1 and the months April to June."""
    if spec.frequency == "quarterly":
        return period == ROUND_PERIOD
    if spec.frequency == "monthly":
        return ROUND_PERIOD.start <= period.start and period.end <= ROUND_PERIOD.end
    return False


def _time_index(period: Period) -> int:
    return period.end.year * 12 + period.end.month - _ORIGIN


def _season_index(period: Period, length: int) -> int | None:
    if length == 4 and period.kind is PeriodKind.QUARTER:
        return (period.quarter_number or 1) - 1
    if length == 12 and period.kind is PeriodKind.MONTH:
        return (period.start.month - 4) % 12
    return None


def levelat(shape: Shape, t: float) -> float:
    """The underlying level at time ``t`` (months from April 2019), between the anchors."""
    points = sorted((_time_index(parse_period(label)), level) for label, level in shape.anchors)
    if t <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in itertools.pairwise(points):
        if t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return points[-1][1]


def _raw(shape: Shape, period: Period, rng: random.Random) -> float:
    figure = levelat(shape, _time_index(period))
    if shape.season:
        index = _season_index(period, len(shape.season))
        if index is not None:
            factor = shape.season[index]
            figure = figure * factor if shape.multiplicative else figure + factor
    shocks = dict((parse_period(label), factor) for label, factor in shape.shocks)
    figure *= shocks.get(period, 1.0)
    return figure + rng.gauss(0, shape.noise) if shape.noise else figure


def _bounded(spec: IndicatorSpec, figure: float) -> float:
    shape = spec.shape
    if shape.floor is not None:
        figure = max(figure, shape.floor)
    ceiling = (
        shape.ceiling
        if shape.ceiling is not None
        else (100.0 if spec.unit == "percentage" else None)
    )
    return min(figure, ceiling) if ceiling is not None else figure


def _point(spec: IndicatorSpec, period: Period, figure: float, rng: random.Random) -> Point:
    shape = spec.shape
    numerator = denominator = None
    if shape.denominator is not None:
        denominator_count = max(1, round(rng.gauss(shape.denominator, shape.denominator * 0.06)))
        numerator_count = min(denominator_count, max(0, round(figure * denominator_count / 100)))
        value = quantize(Decimal(numerator_count) * 100 / Decimal(denominator_count), spec.decimals)
        numerator, denominator = Decimal(numerator_count), Decimal(denominator_count)
    else:
        value = quantize(figure, spec.decimals)
    secondary = None
    if shape.secondary_factor is not None:
        secondary = quantize(float(value) * shape.secondary_factor, shape.secondary_decimals)
    return Point(period, value, numerator, denominator, secondary)


def generate(spec: IndicatorSpec, seed: int) -> list[Point]:
    """The indicator's generated figures for every period in :func:`series_periods`."""
    rng = rng_for(seed, spec.code)
    points: list[Point] = []
    running = 0.0
    year: Period | None = None
    for period in series_periods(spec):
        figure = _raw(spec.shape, period, rng)
        if spec.aggregation == "cumulative":
            if period.financial_year() != year:
                year, running = period.financial_year(), 0.0
            running += max(figure, 0.0)
            figure = running
        points.append(_point(spec, period, _bounded(spec, figure), rng))
    return points


def with_seed_figures(
    spec: IndicatorSpec, points: list[Point], figures: tuple[SeedFigure, ...]
) -> list[Point]:
    """``points`` with the published figures put in their periods, exactly as printed.

    Where the indicator is worked out from counts and the papers give none, the period's
    generated denominator is kept and the numerator is fitted to the printed percentage.
    """
    by_period = {
        parse_period(figure.period): figure for figure in figures if figure.code == spec.code
    }
    result: list[Point] = []
    for point in points:
        figure = by_period.pop(point.period, None)
        if figure is None:
            result.append(point)
            continue
        value = Decimal(figure.value)
        numerator = Decimal(figure.numerator) if figure.numerator else None
        denominator = Decimal(figure.denominator) if figure.denominator else None
        if numerator is None and point.denominator is not None:
            denominator = point.denominator
            numerator = quantize(value * denominator / 100, 0)
        secondary = Decimal(figure.secondary) if figure.secondary else None
        if secondary is None and spec.shape.secondary_factor is not None:
            secondary = quantize(
                float(value) * spec.shape.secondary_factor, spec.shape.secondary_decimals
            )
        result.append(Point(point.period, value, numerator, denominator, secondary))
    if by_period:
        missing = ", ".join(str(period) for period in by_period)
        raise ValueError(f"{spec.code}: published figures for {missing} fall outside its history")
    return result


def at(day: date, hour: int, minute: int) -> datetime:
    """An aware London time on ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def publication_stamps(spec: IndicatorSpec, period: Period, rng: random.Random) -> Stamps:
    """Entered, approved and published, in that order, all within the month the figure is due."""
    first = available_from(period, spec.lag_months)
    entered = _working_day(first + timedelta(days=rng.randint(2, 11)))
    approved = _working_day(entered + timedelta(days=rng.randint(1, 4)))
    # Entered by the 14th, approved by the 20th, published from the 21st: never past the 27th.
    published = _working_day(first + timedelta(days=rng.randint(20, 24)))
    return Stamps(
        entered_at=at(entered, rng.randint(9, 15), rng.choice((0, 15, 30, 45))),
        approved_at=at(approved, rng.randint(9, 16), rng.choice((5, 20, 35, 50))),
        published_at=at(published, 10, 0),
    )


def round_entry_time(period: Period, rng: random.Random) -> datetime:
    """When a figure in the open round was typed: in the month after its period, by mid-July."""
    first = months_after(period.end, 1)
    day = _working_day(first + timedelta(days=rng.randint(1, 13)))
    return at(day, rng.randint(9, 16), rng.choice((0, 10, 25, 40)))


# --- targets -------------------------------------------------------------------------------

TARGET_YEARS = range(2019, 2027)
"""Financial years with targets: 2019/20 to 2026/27, so the open round is rated too."""


@dataclass(frozen=True)
class PlannedTarget:
    """One target row to create: a period, what it asks for, and its annual parent if profiled."""

    period: Period
    goal: Goal
    profiled_from: Period | None = None


def goal_for_year(spec: IndicatorSpec, year: int) -> Goal | None:
    """The goal in force in the year starting in ``year``; None before the plan's first year."""
    found: Goal | None = None
    for start, goal in sorted(spec.targets, key=lambda item: item[0]):
        if start <= year:
            found = goal
    return found


def _in_year_periods(spec: IndicatorSpec, year: int) -> list[Period]:
    if spec.frequency == "monthly":
        return periods_between(month(year, 4), month(year + 1, 3))
    return [quarter(year, number) for number in (1, 2, 3, 4)]


def planned_targets(spec: IndicatorSpec) -> list[PlannedTarget]:
    """Every target the indicator has, following how it is collected.

    Quarterly indicators get a target for each quarter; monthly and annual ones one for
    each financial year (which a snapshot indicator's months are held to); academic-year
    and termly ones one for each of their own periods. A cumulative indicator gets its
    annual target plus a target for each quarter or month, profiled from the annual one.
    """
    planned: list[PlannedTarget] = []
    if spec.frequency == "academic_year":
        for year in range(2018, 2026):
            goal = goal_for_year(spec, year)
            if goal is not None:
                planned.append(PlannedTarget(academic_year(year), goal))
        return planned
    if spec.frequency == "termly":
        current = term("summer", 2019)
        while current.end <= financial_year(max(TARGET_YEARS)).end:
            goal = goal_for_year(spec, current.financial_year().start.year)
            if goal is not None:
                planned.append(PlannedTarget(current, goal))
            current = current.next()
        return planned
    for year in TARGET_YEARS:
        goal = goal_for_year(spec, year)
        if goal is None:
            continue
        fy = financial_year(year)
        if spec.aggregation == "cumulative":
            planned.append(PlannedTarget(fy, goal))
            if goal.value is None:
                continue
            periods = _in_year_periods(spec, year)
            shares = spec.profile or tuple((i + 1) / len(periods) for i in range(len(periods)))
            annual = Decimal(goal.value)
            for period, share in zip(periods, shares, strict=True):
                profiled = quantize(annual * Decimal(str(share)), spec.decimals)
                basis = f"Profiled from the annual target of {goal.value}"
                planned.append(PlannedTarget(period, Goal(str(profiled), basis=basis), fy))
        elif spec.frequency == "quarterly":
            planned.extend(PlannedTarget(period, goal) for period in _in_year_periods(spec, year))
        else:
            planned.append(PlannedTarget(fy, goal))
    return planned
