"""Rules of data collection: which periods a quarter's round collects, and entry checks.

Pure functions, shared by the entry form, the bulk import and the round's progress page,
so the three never disagree about what is due or what needs explaining.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from outturn.engine.periods import (
    Period,
    PeriodKind,
    academic_year,
    financial_year_containing,
    month,
    quarter_containing,
    snapshot,
    term,
)
from outturn.engine.values import Unit, check_plausible, format_value

#: A move larger than this share of the previous value asks for an explanation.
SHARP_CHANGE = Decimal("0.5")

_SCALE = {
    Unit.PERCENTAGE: Decimal(100),
    Unit.RATE_PER_1000: Decimal(1000),
    Unit.RATE_PER_10000: Decimal(10000),
    Unit.RATE_PER_100000: Decimal(100000),
}


def _month_ends(quarter: Period) -> list[date]:
    ends = []
    current = month(quarter.start.year, quarter.start.month)
    while current.start <= quarter.end:
        ends.append(current.end)
        current = current.next()
    return ends


def _containing(kind: PeriodKind, day: date) -> Period:
    if kind is PeriodKind.MONTH:
        return month(day.year, day.month)
    if kind is PeriodKind.QUARTER:
        return quarter_containing(day)
    if kind is PeriodKind.FINANCIAL_YEAR:
        return financial_year_containing(day)
    if kind is PeriodKind.ACADEMIC_YEAR:
        return academic_year(day.year if day.month >= 9 else day.year - 1)
    if kind is PeriodKind.TERM:
        season = "spring" if day.month < 4 else "summer" if day.month < 9 else "autumn"
        return term(season, day.year)
    return snapshot(day)


def due_periods(kind: PeriodKind, round_quarter: Period) -> list[Period]:
    """The periods of ``kind`` a quarter's round collects: those that end inside it.

    Monthly indicators give the quarter's three months, quarterly ones the quarter,
    snapshots the value at the quarter's close, and longer periods (terms, academic and
    financial years) come up in the round of the quarter they end in.
    """
    if round_quarter.kind is not PeriodKind.QUARTER:
        raise ValueError(f"{round_quarter} is not a financial quarter")
    if kind is PeriodKind.SNAPSHOT:
        return [snapshot(round_quarter.end)]
    found: set[Period] = set()
    for day in _month_ends(round_quarter):
        candidate = _containing(kind, day)
        if round_quarter.start <= candidate.end <= round_quarter.end:
            found.add(candidate)
    return sorted(found)


def round_quarter_for(period: Period) -> Period:
    """The quarter whose round collects ``period``: the one it ends in."""
    return quarter_containing(period.end)


def available_from(period: Period, lag_months: int) -> date:
    """The day a period's figure is expected: the end of the month ``lag_months`` after
    the period ends (the period's own end when there is no lag)."""
    if lag_months <= 0:
        return period.end
    total = period.end.year * 12 + period.end.month - 1 + lag_months
    year, month_index = divmod(total, 12)
    return month(year, month_index + 1).end


class EntryError(ValueError):
    """An outturn that cannot be stored as entered."""


def value_from_parts(
    numerator: Decimal, denominator: Decimal, unit: Unit, decimals: int
) -> Decimal:
    """The value an indicator with a numerator and denominator reports, to its decimals.

    Percentages and rates are scaled (by 100, 1,000 ...); other units are the plain ratio.
    Rounded half up, as the figure is printed.
    """
    if denominator == 0:
        raise EntryError("The denominator is 0: a value cannot be worked out from it.")
    if denominator < 0 or numerator < 0:
        raise EntryError("The numerator and denominator cannot be negative.")
    scale = _SCALE.get(unit, Decimal(1))
    try:
        raw = numerator * scale / denominator
        return raw.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except InvalidOperation as error:  # pragma: no cover - only for absurd magnitudes
        raise EntryError("The value worked out from these figures is too large.") from error


@dataclass(frozen=True)
class EntryChecks:
    """What to tell the person entering a value.

    ``errors`` stop the value being stored (it cannot be right); ``warnings`` let it be
    stored with an explanation of why it is unusual.
    """

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_entry(
    value: Decimal,
    unit: Unit,
    *,
    previous: Decimal | None = None,
    process_limits: tuple[float | None, float | None] | None = None,
) -> EntryChecks:
    """Impossible values are errors; values outside the SPC process limits or a sharp
    move from the previous period are warnings that need an explanation.

    ``check_plausible`` calls impossible values warnings because the engine may rate any
    stored figure; at entry nobody can mean them, so they are refused here.
    """
    errors = check_plausible(value, unit)
    warnings: list[str] = []
    if process_limits is not None:
        low, high = process_limits
        shown = format_value(value, unit)
        if low is not None and float(value) < low:
            warnings.append(
                f"{shown} is below the lower process limit ({low:,.2f}): "
                "explain what caused so unusual a figure."
            )
        if high is not None and float(value) > high:
            warnings.append(
                f"{shown} is above the upper process limit ({high:,.2f}): "
                "explain what caused so unusual a figure."
            )
    if previous is not None and previous != 0:
        change = (value - previous) / abs(previous)
        if abs(change) > SHARP_CHANGE:
            percent = abs(change) * 100
            shown_percent = f"{percent:.0f}" if percent >= 51 else f"{percent:.1f}"
            warnings.append(
                f"{format_value(value, unit)} is {shown_percent}% "
                f"{'above' if change > 0 else 'below'} the previous period's "
                f"{format_value(previous, unit)}: explain the change."
            )
    return EntryChecks(errors=errors, warnings=warnings)
