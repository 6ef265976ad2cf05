"""The rows of a scorecard table: what each indicator shows for a chosen quarter."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from outturn.engine.periods import Period, reported_period
from outturn.engine.status import PeriodStatus, SeriesStatus, SpcPointStatus
from outturn.engine.values import Reading, Unit, format_reading, format_value
from outturn.scorecard.labels import (
    ASSURANCE_SHORT,
    DIRECTION_LABELS,
    NO_ASSURANCE,
    NO_VARIATION,
    RAG_LABELS,
    SPC_LABELS,
    VARIATION_SHORT,
)
from outturn.scorecard.models import (
    Frequency,
    Indicator,
    Outturn,
    OutturnState,
    Target,
    TargetKind,
)
from outturn.scorecard.selectors import IndicatorHistory
from outturn.scorecard.status import assess_histories, target_for

TREND_POINTS = 8


@dataclass(frozen=True)
class ScorecardRow:
    indicator: Indicator
    period: Period | None
    outturn: Outturn | None
    status: PeriodStatus | None
    target_text: str
    value_text: str
    spc_point: SpcPointStatus | None = None
    variation_icon: str | None = None
    assurance_icon: str | None = None
    trend: tuple[Decimal | None, ...] = ()
    trend_label: str = ""

    @property
    def rag(self) -> str:
        return self.status.rag.value if self.status else "not_rated"

    @property
    def unpublished(self) -> bool:
        """An approved figure shown ahead of publication to those answerable for it."""
        return self.outturn is not None and self.outturn.state != OutturnState.PUBLISHED

    @property
    def direction(self) -> str:
        return self.status.direction_previous.value if self.status else "not_comparable"

    @property
    def variation(self) -> str:
        """The variation icon's family: improvement, concern, neutral, common or none."""
        icon = self.variation_icon
        if not icon:
            return "none"
        return "common" if icon == "common_cause" else icon.split("_")[0]

    @property
    def variation_label(self) -> str:
        return VARIATION_SHORT.get(self.variation_icon or "", NO_VARIATION)

    @property
    def variation_description(self) -> str:
        return SPC_LABELS.get(self.variation_icon or "", NO_VARIATION)

    @property
    def assurance_label(self) -> str:
        return ASSURANCE_SHORT.get(self.assurance_icon or "", NO_ASSURANCE)

    @property
    def assurance_description(self) -> str:
        return SPC_LABELS.get(self.assurance_icon or "", "No target to give assurance against")

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
    """For each indicator, the period its quarter shows, with that period's status.

    Statuses are assessed up to the quarter, so the SPC icons are those the scorecard
    would have shown then; the trend is the last few values up to the period shown.
    """
    statuses: dict[str, SeriesStatus] = assess_histories(histories, until=quarter)
    rows = []
    for history in histories:
        period = reported_period(quarter, (o.period for o in history.outturns))
        series = statuses.get(history.indicator.code)
        status = None
        if series and period:
            status = next((s for s in series.periods if s.period == period), None)
        row = row_for(history, period, status)
        trend = _trend(history, period)
        rows.append(
            ScorecardRow(
                indicator=row.indicator,
                period=row.period,
                outturn=row.outturn,
                status=row.status,
                target_text=row.target_text,
                value_text=row.value_text,
                variation_icon=series.spc.variation_icon if series and period else None,
                assurance_icon=series.spc.assurance_icon if series and period else None,
                trend=tuple(o.value for o in trend),
                trend_label=_trend_label(trend, Unit(history.indicator.unit)),
            )
        )
    return rows


def _trend(history: IndicatorHistory, period: Period | None) -> list[Outturn]:
    if period is None:
        return []
    kind = Frequency(history.indicator.frequency).period_kind
    earlier = [o for o in history.outturns if o.period.kind == kind and o.period <= period]
    return earlier[-TREND_POINTS:]


def _trend_label(trend: list[Outturn], unit: Unit) -> str:
    shown = [o for o in trend if o.value is not None]
    if len(shown) < 2:
        return "Not enough values for a trend"
    first, last = shown[0], shown[-1]
    return (
        f"Trend over {len(shown)} periods: {format_value(first.value, unit)} in {first.period}, "  # type: ignore[arg-type]
        f"{format_value(last.value, unit)} in {last.period}"  # type: ignore[arg-type]
    )
