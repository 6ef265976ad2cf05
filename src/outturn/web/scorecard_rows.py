"""The rows of a scorecard table: what each indicator shows for a chosen quarter."""

from __future__ import annotations

from dataclasses import dataclass

from outturn.engine.periods import Period, reported_period
from outturn.engine.status import PeriodStatus, SeriesStatus, SpcPointStatus
from outturn.engine.values import Reading, Unit, format_reading, format_value
from outturn.scorecard.models import Indicator, Outturn, Target, TargetKind
from outturn.scorecard.selectors import IndicatorHistory
from outturn.scorecard.status import assess_histories, target_for

RAG_LABELS = {"green": "On target", "amber": "Within tolerance", "red": "Off target"}
DIRECTION_LABELS = {
    "improving": "Improving",
    "worsening": "Worsening",
    "no_change": "No change",
    "not_comparable": "Not comparable",
    "increased": "Increased",
    "decreased": "Decreased",
}

SPC_LABELS = {
    "common_cause": "Common cause: no significant change",
    "improvement_high": "Special cause: improvement (higher)",
    "improvement_low": "Special cause: improvement (lower)",
    "concern_high": "Special cause: concern (higher)",
    "concern_low": "Special cause: concern (lower)",
    "neutral_high": "Special cause: higher",
    "neutral_low": "Special cause: lower",
    "consistent_pass": "The target will be met consistently",
    "consistent_fail": "The target will not be met without change",
    "inconsistent": "Hit and miss: the target may or may not be met",
}


@dataclass(frozen=True)
class ScorecardRow:
    indicator: Indicator
    period: Period | None
    outturn: Outturn | None
    status: PeriodStatus | None
    target_text: str
    value_text: str
    spc_point: SpcPointStatus | None = None

    @property
    def rag(self) -> str:
        return self.status.rag.value if self.status else "not_rated"

    @property
    def rag_label(self) -> str:
        return RAG_LABELS.get(self.rag, "Not rated")

    @property
    def direction_label(self) -> str:
        if self.status is None:
            return "Not comparable"
        return DIRECTION_LABELS[self.status.direction_previous.value]


def target_text(target: Target | None, unit: Unit) -> str:
    if target is None or target.kind == TargetKind.NONE:
        return "No target set"
    if (
        target.kind == TargetKind.BAND
        and target.band_low is not None
        and target.band_high is not None
    ):
        text = f"{format_value(target.band_low, unit)} to {format_value(target.band_high, unit)}"
    elif target.value is not None:
        text = format_value(target.value, unit)
    else:
        return "No target set"
    return f"{text} ({target.basis})" if target.basis else text


def value_text(outturn: Outturn | None, unit: Unit) -> str:
    if outturn is None or outturn.value is None:
        return "No data"
    return format_reading(Reading(outturn.value, outturn.secondary_value), unit)


def row_for(
    history: IndicatorHistory,
    period: Period | None,
    status: PeriodStatus | None,
    spc_point: SpcPointStatus | None = None,
) -> ScorecardRow:
    """What one indicator shows for one period: figures as typed, rating from the engine."""
    unit = Unit(history.indicator.unit)
    outturn = history.outturn_for(period) if period else None
    target = target_for(history, period) if period else None
    return ScorecardRow(
        indicator=history.indicator,
        period=period,
        outturn=outturn,
        status=status,
        target_text=target_text(target, unit),
        value_text=value_text(outturn, unit),
        spc_point=spc_point,
    )


def scorecard_rows(histories: list[IndicatorHistory], quarter: Period) -> list[ScorecardRow]:
    """For each indicator, the period its quarter shows, with that period's status."""
    statuses: dict[str, SeriesStatus] = assess_histories(histories, until=quarter)
    rows = []
    for history in histories:
        period = reported_period(quarter, (o.period for o in history.outturns))
        series = statuses.get(history.indicator.code)
        status = None
        if series and period:
            status = next((s for s in series.periods if s.period == period), None)
        rows.append(row_for(history, period, status))
    return rows
