"""Reads of exception reports: lists for the pages and the computed header of each report.

Report packs call ``approved_reports`` and ``exception_report_headers`` (or
``exception_report_header`` for one report): the header is always drawn from the
approved and published data, never stored, so it cannot be retyped or drift.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from outturn.engine.periods import Period, PeriodKind, reported_period
from outturn.engine.status import PeriodStatus, SeriesStatus
from outturn.engine.values import Reading, Unit, format_reading, format_value
from outturn.exception_reports.header import (
    Chart,
    ExceptionReportHeader,
    Figure,
    SpcIcons,
    line_chart,
)
from outturn.exception_reports.models import ExceptionReport, ReportState
from outturn.exception_reports.permissions import BEFORE_APPROVAL, visible_scope
from outturn.scorecard.models import Frequency, Outturn, OutturnState, Target, TargetKind
from outturn.scorecard.selectors import IndicatorHistory, indicator_histories
from outturn.scorecard.status import assess_histories, target_for

if TYPE_CHECKING:
    from outturn.accounts.roles import AnyUser

__all__ = [
    "APPROVED_STATES",
    "ExceptionReportHeader",
    "OverviewGroup",
    "approved_reports",
    "exception_report_header",
    "exception_report_headers",
    "is_overdue",
    "my_reports",
    "period_overview",
    "reports_with_related",
    "waiting_for_approval",
]

APPROVED_STATES = (OutturnState.APPROVED, OutturnState.PUBLISHED)
"""Outturns a report is about: signed off by the service, published or not yet."""

PREVIOUS_SHOWN = 4
CHART_POINTS = 8


def reports_with_related() -> QuerySet[ExceptionReport]:
    return ExceptionReport.objects.select_related(
        "indicator__directorate",
        "indicator__service_unit",
        "service_unit__directorate",
        "author",
        "delegate",
    )


def approved_reports(
    *, period: Period, indicator_ids: Collection[int] | None = None
) -> list[ExceptionReport]:
    """A quarter's approved reports, in scorecard order, optionally for some indicators."""
    reports = reports_with_related().filter(period=period, state=ReportState.APPROVED)
    if indicator_ids is not None:
        reports = reports.filter(indicator_id__in=list(indicator_ids))
    return list(reports.order_by("indicator__order", "indicator__code"))


def is_overdue(report: ExceptionReport, today: date | None = None) -> bool:
    """Past its due date and not yet with the head of service (or beyond)."""
    today = today or timezone.localdate()
    return report.state in (ReportState.DRAFT, ReportState.RETURNED) and report.due_date < today


def my_reports(user: AnyUser) -> list[ExceptionReport]:
    """Reports ``user`` writes (as author or delegate), live ones first, newest period first."""
    if not user.is_authenticated:
        return []
    pk = user.pk
    reports = list(
        reports_with_related()
        .filter(Q(author_id=pk) | Q(delegate_id=pk))
        .exclude(state=ReportState.WITHDRAWN)
    )
    order: dict[str, int] = {state.value: i for i, state in enumerate(BEFORE_APPROVAL)}
    reports.sort(key=lambda r: r.period, reverse=True)
    reports.sort(key=lambda r: order.get(r.state, len(order)))
    return reports


def waiting_for_approval(user: AnyUser) -> list[ExceptionReport]:
    """Submitted reports of the units ``user`` heads or deputises for, oldest due first."""
    if not user.is_authenticated:
        return []
    pk = user.pk
    return list(
        reports_with_related()
        .filter(Q(service_unit__head_id=pk) | Q(service_unit__deputy_id=pk))
        .filter(state=ReportState.SUBMITTED)
        .order_by("due_date", "indicator__order")
    )


@dataclass(frozen=True)
class OverviewGroup:
    directorate: str
    reports: list[ExceptionReport]


def period_overview(user: AnyUser, period: Period) -> list[OverviewGroup]:
    """Every report ``user`` may see for a quarter, grouped by directorate."""
    reports = (
        reports_with_related()
        .filter(visible_scope(user), period=period)
        .order_by("indicator__directorate__name", "indicator__order", "indicator__code")
    )
    groups: dict[str, list[ExceptionReport]] = {}
    for report in reports:
        groups.setdefault(report.indicator.directorate.name, []).append(report)
    return [OverviewGroup(name, rows) for name, rows in groups.items()]


# --- the header ---------------------------------------------------------------------------


def exception_report_header(report: ExceptionReport) -> ExceptionReportHeader:
    """The header of one report: figures, target, ratings and chart, from the data."""
    return exception_report_headers([report])[report.pk]


def exception_report_headers(
    reports: Sequence[ExceptionReport],
) -> dict[int, ExceptionReportHeader]:
    """Headers of many reports in a fixed number of queries, keyed by report id."""
    if not reports:
        return {}
    indicators = {report.indicator_id: report.indicator for report in reports}
    histories = {
        history.indicator.pk: history
        for history in indicator_histories(indicators.values(), states=APPROVED_STATES)
    }
    headers: dict[int, ExceptionReportHeader] = {}
    # One batch per quarter, since each report is rated as its quarter stood.
    for period in sorted({report.period for report in reports}):
        in_period = [r for r in reports if r.period == period]
        statuses = assess_histories([histories[r.indicator_id] for r in in_period], until=period)
        for report in in_period:
            history = histories[report.indicator_id]
            headers[report.pk] = _header(report, history, statuses[history.indicator.code])
    return headers


def _kind_of(history: IndicatorHistory) -> PeriodKind:
    return Frequency(history.indicator.frequency).period_kind


def _value_text(outturn: Outturn | None, unit: Unit) -> str:
    if outturn is None or outturn.value is None:
        return "No approved value"
    return format_reading(Reading(outturn.value, outturn.secondary_value), unit)


def target_text(target: Target | None, unit: Unit) -> str:
    """'83% - National average', '15%', '80% to 90%' or 'No target set'."""
    if target is None or target.kind == TargetKind.NONE:
        return "No target set"
    if target.kind == TargetKind.BAND and target.band_low is not None:
        assert target.band_high is not None  # noqa: S101 - the model's constraint
        text = f"{format_value(target.band_low, unit)} to {format_value(target.band_high, unit)}"
    elif target.value is not None:
        text = format_value(target.value, unit)
    else:
        return "No target set"
    return f"{text} - {target.basis}" if target.basis else text


def _header(
    report: ExceptionReport, history: IndicatorHistory, status: SeriesStatus
) -> ExceptionReportHeader:
    indicator = history.indicator
    unit = Unit(indicator.unit)
    kind = _kind_of(history)
    valued = [o for o in history.outturns if o.period.kind == kind and o.value is not None]
    shown = reported_period(report.period, (o.period for o in valued))
    by_period: dict[Period, PeriodStatus] = {s.period: s for s in status.periods}
    this = by_period.get(shown) if shown else None
    earlier = [o for o in valued if shown is not None and o.period < shown]
    previous = tuple(Figure(o.period, _value_text(o, unit)) for o in earlier[-PREVIOUS_SHOWN:])
    last_year = None
    if shown is not None and kind is not PeriodKind.SNAPSHOT:
        year_before = shown.year_before()
        outturn = history.outturn_for(year_before)
        if outturn is not None and outturn.value is not None:
            last_year = Figure(year_before, _value_text(outturn, unit))
    target = target_for(history, shown) if shown else None
    spc_point = next((p for p in status.spc.points if p.period == shown), None)
    forecast = status.latest.forecast if status.latest and status.latest.period == shown else None
    forecast_text = ""
    if forecast is not None:
        forecast_text = (
            f"{format_value(forecast.value, unit, indicator.decimals)} forecast for "
            f"{forecast.period}, against an annual target of "
            f"{format_value(forecast.annual_target, unit)}"
        )
    return ExceptionReportHeader(
        kind=report.kind,
        kind_label=report.get_kind_display(),
        indicator_code=indicator.code,
        indicator_title=indicator.title,
        indicator_description=indicator.description,
        directorate=indicator.directorate.name,
        service_unit=report.service_unit.name,
        polarity_label=indicator.get_polarity_display(),
        period=report.period,
        outturn_period=shown,
        outturn_text=_value_text(history.outturn_for(shown) if shown else None, unit),
        previous=previous,
        same_period_last_year=last_year,
        target_text=target_text(target, unit),
        rag=this.rag.value if this else "not_rated",
        direction_previous=this.direction_previous.value if this else "not_comparable",
        direction_year=this.direction_year.value if this else "not_comparable",
        spc=SpcIcons(
            variation=status.spc.variation_icon,
            assurance=status.spc.assurance_icon,
            provisional=status.spc.provisional,
            point_label=spc_point.special_cause_type if spc_point else "",
        ),
        forecast_text=forecast_text,
        reasons=tuple(report.reasons),
        chart=_chart(history, valued, shown, unit),
    )


def _chart(
    history: IndicatorHistory, valued: list[Outturn], shown: Period | None, unit: Unit
) -> Chart:
    upto = [o for o in valued if shown is not None and o.period <= shown][-CHART_POINTS:]
    targets = []
    for outturn in upto:
        target = target_for(history, outturn.period)
        targets.append(
            target.value if target is not None and target.kind == TargetKind.VALUE else None
        )
    latest_target = target_for(history, shown) if shown else None
    return line_chart(
        [(o.period, o.value, _value_text(o, unit)) for o in upto if o.value is not None],
        targets,
        title=f"Outturns of {history.indicator.code}",
        target_text=target_text(latest_target, unit),
    )
