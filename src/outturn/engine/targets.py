"""Which target and tolerance are in force for a period.

Targets are set per period: a financial year's annual target, or a quarter's or a month's
(perhaps profiled from the annual one). A period is rated against its own target when
there is one. Otherwise a snapshot indicator (a level, such as a rate at the quarter's end)
is held to its year's annual target in every period of the year, whereas a cumulative
(year-to-date) indicator meets its annual target only at the year's end: part-way through
the year only a profiled target is fair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from outturn.engine.periods import Period, PeriodKind

T = TypeVar("T")

_IN_YEAR_KINDS = {PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.SNAPSHOT}


def target_in_force(period: Period, targets: Mapping[Period, T], *, cumulative: bool) -> T | None:
    """The target that ``period`` is rated against, or None when none is set."""
    own = targets.get(period)
    if own is not None or period.kind not in _IN_YEAR_KINDS:
        return own
    year = period.financial_year()
    if cumulative and period.end != year.end:
        return None
    return targets.get(year)


def tolerance_in_force(period: Period, tolerances: Iterable[tuple[Period, T]]) -> T | None:
    """The latest tolerance that applies from a period starting no later than ``period``."""
    in_force: tuple[Period, T] | None = None
    for applies_from, tolerance in tolerances:
        if applies_from.start <= period.start and (
            in_force is None or applies_from.start > in_force[0].start
        ):
            in_force = (applies_from, tolerance)
    return None if in_force is None else in_force[1]
