"""Which periods an indicator's targets for a financial year are written to.

The rating rule (``outturn.engine.targets``) holds a quarter, month or snapshot to its
financial year's annual target unless the period has its own. So most indicators need one
annual target, with an optional profile: a target for each quarter or month, which
cumulative (year-to-date) indicators need to be rated before the year's end. School
measures are different: an academic-year indicator is rated against its academic year's
target (the one starting in the financial year), and a termly one only against each
term's own target, so every term ending in the year gets one (the annual target unless
profiled).
"""

from __future__ import annotations

from dataclasses import dataclass

from outturn.engine.periods import Period, academic_year, month, periods_between, quarter, term
from outturn.scorecard.models import Frequency, Indicator


@dataclass(frozen=True)
class TargetPlan:
    """The periods one indicator's targets for one financial year cover."""

    year: Period
    main: Period
    profile_periods: tuple[Period, ...]
    # Termly indicators are not held to an annual target, so each term takes a copy.
    terms_take_annual: bool = False

    @property
    def periods(self) -> tuple[Period, ...]:
        return (self.main, *self.profile_periods)

    @property
    def profile_noun(self) -> str:
        kinds = {"quarter": "quarter", "month": "month", "term": "term"}
        return kinds[self.profile_periods[0].kind] if self.profile_periods else ""


def target_plan(indicator: Indicator, year: Period) -> TargetPlan:
    """The target periods of ``indicator`` for the financial year ``year``."""
    start = year.start.year
    frequency = Frequency(indicator.frequency)
    if frequency == Frequency.ACADEMIC_YEAR:
        return TargetPlan(year, academic_year(start), ())
    if frequency == Frequency.QUARTERLY:
        return TargetPlan(year, year, tuple(quarter(start, n) for n in (1, 2, 3, 4)))
    if frequency == Frequency.MONTHLY:
        return TargetPlan(year, year, tuple(periods_between(month(start, 4), month(start + 1, 3))))
    if frequency == Frequency.TERMLY:
        terms = (term("summer", start), term("autumn", start), term("spring", start + 1))
        return TargetPlan(year, year, terms, terms_take_annual=True)
    return TargetPlan(year, year, ())
