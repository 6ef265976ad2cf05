"""Which indicators need an exception report for a quarter, by the engine's decision.

A report is for a reporting quarter. An indicator is considered for a quarter when the
quarter's round collects its closing period (the quarter itself, its last month, the
snapshot at its end, or a term or year that ends inside it) and that period's outturn
is approved (or published). The status engine rates the indicator's approved history up
to the quarter with the scorecard's exception settings; its decision (negative,
positive or none, with reasons) is the flag.

Flagging runs when a closing outturn is approved (``outturn_approved``), and for a whole
quarter when the performance team asks (``services.exception_reports_flag_period``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from outturn.engine.collection import due_periods, round_quarter_for
from outturn.engine.exception_rules import ExceptionKind, ExceptionRules, Reason
from outturn.engine.periods import Period, PeriodKind
from outturn.engine.rag import Allowance, AllowanceKind
from outturn.exception_reports.models import ExceptionRuleSettings, MarginKind
from outturn.scorecard.models import Frequency, Indicator, Outturn, OutturnState
from outturn.scorecard.selectors import indicator_histories
from outturn.scorecard.status import assess_histories

APPROVED_STATES = (OutturnState.APPROVED, OutturnState.PUBLISHED)

_SWITCHES = {
    Reason.RED: "count_red",
    Reason.SPECIAL_CAUSE_CONCERN: "count_special_cause_concern",
    Reason.ASSURANCE_FAIL: "count_assurance_fail",
    Reason.FORECAST_RED: "count_forecast_red",
    Reason.BEATS_TARGET_MARGIN: "count_beats_target_margin",
    Reason.SPECIAL_CAUSE_IMPROVEMENT: "count_special_cause_improvement",
}


def rules_from(settings_row: ExceptionRuleSettings) -> ExceptionRules:
    """The engine's rules for the settings the performance team chose."""
    if settings_row.positive_margin_kind == MarginKind.RELATIVE:
        margin = Allowance(AllowanceKind.RELATIVE, settings_row.positive_margin / Decimal(100))
    else:
        margin = Allowance(AllowanceKind.ABSOLUTE, settings_row.positive_margin)
    reasons = frozenset(
        reason for reason, switch in _SWITCHES.items() if getattr(settings_row, switch)
    )
    return ExceptionRules(positive_margin=margin, reasons=reasons)


def rules_in_force() -> ExceptionRules:
    return rules_from(ExceptionRuleSettings.current())


def add_working_days(start: date, days: int) -> date:
    """``days`` weekdays after ``start`` (bank holidays are not known, so they count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def closing_period(indicator: Indicator, quarter: Period) -> Period | None:
    """The period of ``indicator`` whose approval completes its data for ``quarter``."""
    due = due_periods(Frequency(indicator.frequency).period_kind, quarter)
    return max(due) if due else None


@dataclass(frozen=True)
class Flag:
    """The engine's verdict that ``indicator`` needs a report for ``period`` (a quarter)."""

    indicator: Indicator
    period: Period
    outturn_period: Period
    kind: ExceptionKind
    reasons: tuple[Reason, ...]


def flags_for_period(
    quarter: Period,
    *,
    indicators: Iterable[Indicator] | None = None,
    rules: ExceptionRules | None = None,
) -> list[Flag]:
    """Every indicator (of ``indicators``, default all) the engine flags for ``quarter``."""
    if quarter.kind is not PeriodKind.QUARTER:
        raise ValueError(f"{quarter} is not a quarter: exception reports are for quarters.")
    pool = (
        list(indicators)
        if indicators is not None
        else list(Indicator.objects.select_related("service_unit", "directorate"))
    )
    closing = {
        indicator.pk: period
        for indicator in pool
        if indicator.is_active_in(quarter)
        and (period := closing_period(indicator, quarter)) is not None
    }
    histories = indicator_histories(
        [indicator for indicator in pool if indicator.pk in closing], states=APPROVED_STATES
    )
    statuses = assess_histories(histories, until=quarter, rules=rules or rules_in_force())
    flags = []
    for history in histories:
        indicator = history.indicator
        latest = statuses[indicator.code].latest
        wanted = closing[indicator.pk]
        if latest is None or latest.period != wanted or latest.exception is None:
            continue
        outturn = history.outturn_for(wanted)
        if outturn is None or outturn.value is None:
            continue
        flags.append(Flag(indicator, quarter, wanted, latest.exception, latest.reasons))
    return flags


def flag_for_outturn(outturn: Outturn) -> tuple[Period, list[Flag]] | None:
    """The quarter an approved outturn closes, and its flag (if any); None if it closes none."""
    quarter = round_quarter_for(outturn.period)
    if closing_period(outturn.indicator, quarter) != outturn.period:
        return None
    return quarter, flags_for_period(quarter, indicators=[outturn.indicator])
