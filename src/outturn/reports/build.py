"""Build the report model for a period and a scope from the database: the one place that reads.

Figures come from published outturns only, rated by the scorecard's status engine
(``indicator_histories`` and ``assess_histories``), exactly as the web scorecard rates
them. Exception reports are those approved for the quarter's round; restatements are those
made since the scope's last published report. The renderers never see an ORM object.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from outturn.engine.benchmarks import PeerRank
from outturn.engine.collection import round_quarter_for
from outturn.engine.periods import Period, PeriodKind, parse_period, reported_period
from outturn.engine.rag import places
from outturn.engine.status import (
    ComparatorStatus,
    PeerStatus,
    PeriodStatus,
    SeriesStatus,
    SpcStatus,
)
from outturn.engine.values import Reading, Unit, format_reading, format_value
from outturn.exception_reports.models import ExceptionReport, ReportState
from outturn.reports import labels
from outturn.reports.content import (
    CLOSING_SECTIONS,
    FRONT_SHEET_FIELDS,
    Chart,
    ChartLimits,
    ChartPoint,
    ClosingSection,
    Comparator,
    DirectorateSection,
    ExceptionReportEntry,
    Figure,
    FrontSheet,
    FrontSheetRow,
    GroupCounts,
    IconCount,
    IndicatorEntry,
    ReportModel,
    ReportScope,
    RestatementEntry,
    SpcIcon,
    StatusCounts,
    Summary,
)
from outturn.reports.models import PackState, PaperStatus, ReportPack
from outturn.scorecard.models import (
    Committee,
    Directorate,
    Frequency,
    Indicator,
    Organisation,
    Outturn,
    Restatement,
    Target,
    TargetKind,
)
from outturn.scorecard.selectors import IndicatorHistory, indicator_histories
from outturn.scorecard.status import assess_histories, target_for

LONDON = ZoneInfo("Europe/London")
SPARKLINE_POINTS = 8
FULL_CHART_POINTS = 36
SCOPE_RE = re.compile(r"^(council|(directorate|committee):([A-Za-z0-9][A-Za-z0-9_.-]*))$")


class ScopeError(ValueError):
    """A scope that is not council, directorate:CODE or committee:CODE, or names no one."""


@dataclass(frozen=True)
class ResolvedScope:
    scope: ReportScope
    indicators: QuerySet[Indicator]
    committee_heading: str


def parse_scope(text: str) -> tuple[str, str]:
    """("council", ""), ("directorate", CODE) or ("committee", CODE) from the scope's text."""
    match = SCOPE_RE.match(text.strip())
    if match is None:
        raise ScopeError(
            f"{text!r} is not a scope: use council, directorate:CODE or committee:CODE."
        )
    if match[1] == "council":
        return "council", ""
    return match[2], match[3]


def resolve_scope(text: str) -> ResolvedScope:
    """The scope's name and its indicators; a ScopeError names an unknown code."""
    kind, code = parse_scope(text)
    indicators = Indicator.objects.select_related(
        "directorate", "service_unit", "priority", "portfolio"
    ).order_by("order", "code")
    if kind == "directorate":
        directorate = Directorate.objects.filter(code=code).first()
        if directorate is None:
            known = ", ".join(Directorate.objects.values_list("code", flat=True)) or "none"
            raise ScopeError(f"There is no directorate with the code {code!r} (known: {known}).")
        return ResolvedScope(
            ReportScope("directorate", code, directorate.name),
            indicators.filter(directorate=directorate),
            directorate.name,
        )
    if kind == "committee":
        committee = Committee.objects.filter(code=code).first()
        if committee is None:
            known = ", ".join(Committee.objects.values_list("code", flat=True)) or "none"
            raise ScopeError(f"There is no committee with the code {code!r} (known: {known}).")
        return ResolvedScope(
            ReportScope("committee", code, committee.name),
            indicators.filter(committees=committee),
            committee.name,
        )
    cabinet = Committee.objects.filter(kind=Committee.Kind.CABINET).first()
    return ResolvedScope(
        ReportScope("council", "", "The whole council"),
        indicators,
        cabinet.name if cabinet else "Cabinet",
    )


def reporting_quarter(period: Period | str) -> Period:
    """Reports are for quarters: any period is reported in the quarter that holds its end."""
    parsed = parse_period(period) if isinstance(period, str) else period
    return parsed if parsed.kind is PeriodKind.QUARTER else parsed.reporting_quarter()


# --- formatting ---------------------------------------------------------------------------


def _show(value: Decimal | None, unit: Unit, decimals: int) -> str:
    """A value as typed, rounded to the indicator's decimal places only if it has more."""
    if value is None:
        return "No data"
    return format_value(value, unit, decimals if places(value) > decimals else None)


def _reading_text(outturn: Outturn | None, unit: Unit, decimals: int) -> str:
    if outturn is None or outturn.value is None:
        return "No data"
    rounding = decimals if places(outturn.value) > decimals else None
    return format_reading(Reading(outturn.value, outturn.secondary_value), unit, rounding)


def _figure(history: IndicatorHistory, period: Period | None, unit: Unit, decimals: int) -> Figure:
    if period is None:
        return Figure("", None, "No data")
    outturn = history.outturn_for(period)
    return Figure(
        str(period),
        outturn.value if outturn else None,
        _reading_text(outturn, unit, decimals),
    )


def _target_text(target: Target | None, unit: Unit, decimals: int) -> str:
    if target is None or target.kind == TargetKind.NONE:
        return "No target set"
    if target.kind == TargetKind.BAND and target.band_low is not None:
        low = _show(target.band_low, unit, decimals)
        text = f"{low} to {_show(target.band_high, unit, decimals)}"
    elif target.value is not None:
        text = _show(target.value, unit, decimals)
    else:
        return "No target set"
    return f"{text} ({target.basis})" if target.basis else text


def _safe_step(period: Period, step: str) -> Period | None:
    try:
        return period.previous() if step == "previous" else period.year_before()
    except ValueError:
        return None


def _person(user: object) -> str:
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "username", ""))


# --- charts -------------------------------------------------------------------------------


def _as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _target_float(status: PeriodStatus) -> float | None:
    if status.target is not None:
        return float(status.target)
    return None


def _sparkline(
    indicator: Indicator, statuses: Sequence[PeriodStatus], unit: Unit, quarter: Period
) -> Chart | None:
    shown = [s for s in statuses if s.value is not None][-SPARKLINE_POINTS:]
    if len(shown) < 2:
        return None
    values = ", ".join(f"{s.period} {_show(s.value, unit, indicator.decimals)}" for s in shown)
    alt = f"Trend of {indicator.code} over the last {len(shown)} periods: {values}."
    return Chart(
        kind="sparkline",
        indicator_code=indicator.code,
        period=str(quarter),
        title=indicator.title,
        unit_label=indicator.get_unit_display(),
        alt_text=alt,
        points=tuple(
            ChartPoint(str(s.period), float(s.value), _target_float(s))  # type: ignore[arg-type]
            for s in shown
        ),
        higher_is_better=_higher_is_better(indicator),
    )


def _higher_is_better(indicator: Indicator) -> bool | None:
    return {"up": True, "down": False}.get(indicator.polarity)


def _full_chart(
    indicator: Indicator,
    series: SeriesStatus,
    upto: Period,
    unit: Unit,
    quarter: Period,
) -> Chart | None:
    """Outturns, target line, process limits and special-cause points, up to ``upto``."""
    targets = {s.period: s.target for s in series.periods}
    spc_points = [p for p in series.spc.points if p.period <= upto][-FULL_CHART_POINTS:]
    if not spc_points:
        return None
    index = {p.period: i for i, p in enumerate(spc_points)}
    points = tuple(
        ChartPoint(
            str(p.period),
            float(p.value),
            _as_float(targets.get(p.period)),
            labels.POINT_TYPE_SPECIAL_CAUSE.get(p.point_type, ""),
        )
        for p in spc_points
    )
    limits = []
    first, last = spc_points[0].period, spc_points[-1].period
    for group in series.spc.groups:
        if group.end < first or group.start > last:
            continue
        start = index.get(max(group.start, first), 0)
        end = index.get(min(group.end, last), len(spc_points) - 1)
        limits.append(ChartLimits(start, end, group.mean, group.lpl, group.upl))
    return Chart(
        kind="full",
        indicator_code=indicator.code,
        period=str(quarter),
        title=indicator.title,
        unit_label=indicator.get_unit_display(),
        alt_text=_full_chart_alt(indicator, points, limits, series.spc, unit),
        points=points,
        limits=tuple(limits),
        higher_is_better=_higher_is_better(indicator),
    )


def _full_chart_alt(
    indicator: Indicator,
    points: Sequence[ChartPoint],
    limits: Sequence[ChartLimits],
    spc: SpcStatus,
    unit: Unit,
) -> str:
    def show(number: float | None) -> str:
        if number is None:
            return "not set"
        return _show(Decimal(repr(round(number, 6))), unit, indicator.decimals)

    latest = points[-1]
    parts = [
        f"Chart of {indicator.code}, {indicator.title}, from {points[0].period} to "
        f"{latest.period} ({len(points)} points).",
        f"Latest outturn {_show(Decimal(repr(latest.value)), unit, indicator.decimals)}"
        + (f" against a target of {show(latest.target)}." if latest.target is not None else "."),
    ]
    if limits and limits[-1].mean is not None:
        current = limits[-1]
        parts.append(
            f"Process limits {show(current.lower)} to {show(current.upper)} around a mean of "
            f"{show(current.mean)}."
        )
    special = [f"{p.period} ({p.special_cause})" for p in points if p.special_cause]
    parts.append(
        "Special-cause points: " + ", ".join(special) + "."
        if special
        else "No special-cause points."
    )
    if spc.variation_icon:
        parts.append(f"Variation: {labels.SPC_LABELS[spc.variation_icon].lower()}.")
    if spc.assurance_icon:
        parts.append(f"Assurance: {labels.SPC_LABELS[spc.assurance_icon].lower()}.")
    return " ".join(parts)


# --- indicators ---------------------------------------------------------------------------


def _comparators(
    status: SeriesStatus | None, period: Period | None, unit: Unit, decimals: int
) -> tuple[Comparator, ...]:
    if status is None or status.latest is None or status.latest.period != period:
        return ()
    found = []
    for benchmark in status.latest.benchmarks:
        if isinstance(benchmark, ComparatorStatus):
            position = labels.POSITION_LABELS.get(str(benchmark.position or ""), "")
            found.append(
                Comparator(
                    benchmark.group,
                    str(benchmark.period),
                    benchmark.value,
                    _show(benchmark.value, unit, decimals),
                    position,
                )
            )
        elif isinstance(benchmark, PeerStatus) and benchmark.ranking is not None:
            ranking: PeerRank = benchmark.ranking
            found.append(
                Comparator(
                    benchmark.group,
                    str(benchmark.period),
                    None,
                    f"ranked {ranking.rank} of {ranking.of} (quartile {ranking.quartile})",
                    "",
                )
            )
    return tuple(found)


def _icon(code: str | None) -> SpcIcon | None:
    return SpcIcon(code, labels.SPC_LABELS[code]) if code else None


@dataclass
class _Built:
    entry: IndicatorEntry
    history: IndicatorHistory
    series: SeriesStatus | None
    period: Period | None


def _indicator_entry(
    history: IndicatorHistory, series: SeriesStatus | None, quarter: Period
) -> _Built:
    indicator = history.indicator
    unit = Unit(indicator.unit)
    decimals = indicator.decimals
    period = reported_period(quarter, (o.period for o in history.outturns))
    status = None
    if series is not None and period is not None:
        status = next((s for s in series.periods if s.period == period), None)
    outturn = history.outturn_for(period) if period else None
    target = target_for(history, period) if period else None
    rag = status.rag.value if status else "not_rated"
    direction = status.direction_previous.value if status else "not_comparable"
    direction_year = status.direction_year.value if status else "not_comparable"
    spc_current = bool(series and series.latest and series.latest.period == period)
    kind_statuses = [s for s in series.periods if period and s.period <= period] if series else []
    previous = _safe_step(period, "previous") if period else None
    year_ago = _safe_step(period, "year") if period else None
    entry = IndicatorEntry(
        code=indicator.code,
        title=indicator.title,
        description=indicator.description,
        directorate=indicator.directorate.name,
        service_unit=indicator.service_unit.name,
        priority=indicator.priority.name,
        portfolio=indicator.portfolio.name if indicator.portfolio else "",
        unit=indicator.unit,
        unit_label=indicator.get_unit_display(),
        polarity_label=indicator.get_polarity_display(),
        frequency_label=Frequency(indicator.frequency).label,
        decimals=decimals,
        period=str(period) if period else "",
        outturn=_figure(history, period, unit, decimals),
        previous=_figure(history, previous, unit, decimals),
        year_ago=_figure(history, year_ago, unit, decimals),
        numerator=outturn.numerator if outturn else None,
        denominator=outturn.denominator if outturn else None,
        secondary_value=outturn.secondary_value if outturn else None,
        target_text=_target_text(target, unit, decimals) if period else "No target set",
        target_value=target.value if target else None,
        target_low=target.band_low if target else None,
        target_high=target.band_high if target else None,
        target_basis=target.basis if target else "",
        rag=rag,
        rag_label=labels.rag_label(rag),
        direction=direction,
        direction_label=labels.DIRECTION_LABELS[direction],
        direction_year=direction_year,
        direction_year_label=labels.DIRECTION_LABELS[direction_year],
        variation=_icon(series.spc.variation_icon) if series and spc_current else None,
        assurance=_icon(series.spc.assurance_icon) if series and spc_current else None,
        comparators=_comparators(series, period, unit, decimals),
        commentary=outturn.note if outturn else "",
        sparkline=_sparkline(indicator, kind_statuses, unit, quarter) if series else None,
    )
    return _Built(entry, history, series, period)


# --- summary ------------------------------------------------------------------------------


def _counts(entries: Sequence[IndicatorEntry]) -> StatusCounts:
    rag = Counter(e.rag for e in entries)
    return StatusCounts(
        green=rag["green"],
        amber=rag["amber"],
        red=rag["red"],
        not_rated=sum(n for key, n in rag.items() if key not in ("green", "amber", "red")),
        improving=sum(1 for e in entries if e.direction == "improving"),
        worsening=sum(1 for e in entries if e.direction == "worsening"),
    )


def _summary(built: Sequence[_Built]) -> Summary:
    entries = [b.entry for b in built]
    by_priority: dict[str, list[IndicatorEntry]] = defaultdict(list)
    priority_order: dict[str, tuple[int, str]] = {}
    by_directorate: dict[str, list[IndicatorEntry]] = defaultdict(list)
    for b in built:
        priority = b.history.indicator.priority
        by_priority[priority.name].append(b.entry)
        priority_order[priority.name] = (priority.order, priority.name)
        by_directorate[b.entry.directorate].append(b.entry)
    variation = Counter(e.variation.code for e in entries if e.variation)
    assurance = Counter(e.assurance.code for e in entries if e.assurance)
    return Summary(
        overall=_counts(entries),
        by_priority=tuple(
            GroupCounts(name, _counts(by_priority[name]))
            for name in sorted(by_priority, key=lambda n: priority_order[n])
        ),
        by_directorate=tuple(
            GroupCounts(name, _counts(group)) for name, group in by_directorate.items()
        ),
        variation=tuple(
            IconCount(code, labels.SPC_LABELS[code], variation[code])
            for code in labels.VARIATION_CODES
            if variation[code]
        ),
        assurance=tuple(
            IconCount(code, labels.SPC_LABELS[code], assurance[code])
            for code in labels.ASSURANCE_CODES
            if assurance[code]
        ),
    )


# --- exception reports --------------------------------------------------------------------


def _exception_reports(
    built: Sequence[_Built], quarter: Period
) -> tuple[ExceptionReportEntry, ...]:
    by_id = {b.history.indicator.pk: b for b in built}
    reports = [
        report
        for report in ExceptionReport.objects.filter(
            state=ReportState.APPROVED, indicator_id__in=list(by_id)
        ).select_related("service_unit", "completed_by", "approved_by")
        if round_quarter_for(report.period) == quarter
    ]
    order = {pk: i for i, pk in enumerate(by_id)}
    reports.sort(key=lambda r: (r.kind != "negative", order[r.indicator_id]))
    entries = []
    for report in reports:
        b = by_id[report.indicator_id]
        indicator = b.history.indicator
        unit = Unit(indicator.unit)
        period = report.period
        status = None
        if b.series is not None:
            status = next((s for s in b.series.periods if s.period == period), None)
        earlier = tuple(
            figure
            for step in ("previous", "year")
            if (other := _safe_step(period, step)) is not None
            and (figure := _figure(b.history, other, unit, indicator.decimals)).value is not None
        )
        chart = None
        if b.series is not None:
            chart = _full_chart(indicator, b.series, period, unit, quarter)
        rag = status.rag.value if status else "not_rated"
        entries.append(
            ExceptionReportEntry(
                kind=report.kind,
                kind_label=report.get_kind_display(),
                indicator_code=indicator.code,
                indicator_title=indicator.title,
                indicator_description=indicator.description,
                period=str(period),
                outturn=_figure(b.history, period, unit, indicator.decimals),
                earlier=earlier,
                target_text=_target_text(target_for(b.history, period), unit, indicator.decimals),
                rag_label=labels.rag_label(rag),
                service_unit=report.service_unit.name,
                reason_for_performance=report.reason_for_performance,
                actions=report.actions,
                learnings=report.learnings,
                significance=report.significance,
                completed_by=report.completed_by_name or _person(report.completed_by),
                completed_by_role=report.completed_by_role,
                completed_on=report.completed_on,
                approved_by=report.approved_by_name or _person(report.approved_by),
                approved_by_role=report.approved_by_role,
                approved_on=report.approved_on,
                chart=chart,
            )
        )
    return tuple(entries)


def _links_by_indicator(
    reports: Sequence[ExceptionReportEntry],
) -> dict[str, tuple[tuple[str, str], ...]]:
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for report in reports:
        links[report.indicator_code].append(
            (f"{report.kind_label}, {report.period}", report.anchor)
        )
    return {code: tuple(found) for code, found in links.items()}


# --- restatements -------------------------------------------------------------------------


def restatements_since(scope_key: str, quarter: Period) -> datetime:
    """When the scope's last published report (for an earlier quarter) was published.

    With none, corrections made since the quarter began are listed.
    """
    last = (
        ReportPack.objects.filter(
            scope=scope_key, state=PackState.PUBLISHED, published_at__isnull=False
        )
        .order_by("-published_at")
        .values_list("period", "published_at")
    )
    for period, published_at in last:
        if period < quarter and published_at is not None:
            return published_at
    return datetime.combine(quarter.start, time(0), tzinfo=LONDON)


def _restatements(
    indicator_ids: Sequence[int], quarter: Period, since: datetime, until: datetime
) -> tuple[RestatementEntry, ...]:
    rows = (
        Restatement.objects.filter(
            outturn__indicator_id__in=indicator_ids, restated_at__gte=since, restated_at__lte=until
        )
        .select_related("outturn__indicator", "restated_by")
        .order_by("restated_at")
    )
    entries = []
    for row in rows:
        indicator = row.outturn.indicator
        if row.outturn.period.end > quarter.end:
            continue
        unit = Unit(indicator.unit)
        entries.append(
            RestatementEntry(
                indicator_code=indicator.code,
                indicator_title=indicator.title,
                period=str(row.outturn.period),
                previous_text=_show(row.previous_value, unit, indicator.decimals),
                new_text=_show(row.new_value, unit, indicator.decimals),
                previous_value=row.previous_value,
                new_value=row.new_value,
                reason=row.reason,
                restated_by=_person(row.restated_by),
                restated_on=timezone.localtime(row.restated_at, LONDON).date(),
            )
        )
    return tuple(entries)


# --- the front sheet ----------------------------------------------------------------------


def _front_sheet(pack: ReportPack | None, heading: str) -> FrontSheet:
    rows = []
    for name, label in FRONT_SHEET_FIELDS:
        if pack is None:
            text = PaperStatus.PUBLIC.label if name == "status" else ""
        elif name == "meeting_date":
            text = _long_date(pack.meeting_date) if pack.meeting_date else ""
        elif name == "status":
            text = pack.get_status_display()
        else:
            text = str(getattr(pack, name)).strip()
        if text:
            rows.append(FrontSheetRow(label, text))
    exempt = pack is not None and pack.status == PaperStatus.EXEMPT
    return FrontSheet(heading, tuple(rows), exempt)


def _closing(pack: ReportPack | None) -> tuple[ClosingSection, ...]:
    if pack is None:
        return ()
    return tuple(
        ClosingSection(name, heading, text)
        for name, heading in CLOSING_SECTIONS
        if (text := str(getattr(pack, name)).strip())
    )


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _title(scope: ReportScope, quarter: Period) -> str:
    if scope.kind == "council":
        return f"Corporate performance report, {quarter}"
    if scope.kind == "directorate":
        return f"{scope.name}: performance report, {quarter}"
    return f"{scope.name}: key performance indicators, {quarter}"


def _introduction(
    scope: ReportScope, quarter: Period, summary: Summary, reports: Sequence[ExceptionReportEntry]
) -> tuple[str, ...]:
    counts = summary.overall
    months = f"{quarter.start:%B %Y} to {quarter.end:%B %Y}"
    whose = (
        "the council's corporate performance scorecard"
        if scope.kind == "council"
        else f"the indicators reported to {scope.name}"
        if scope.kind == "committee"
        else f"the indicators of {scope.name}"
    )
    first = (
        f"This report sets out performance for {quarter} ({months}) against {whose}: "
        f"{counts.total} indicator{'s' if counts.total != 1 else ''}, each with its latest "
        "published outturn. Monthly indicators show the last month of the quarter; termly, "
        "academic-year and annual indicators show their latest result."
    )
    second = (
        f"Ratings: {counts.green} on target, {counts.amber} within tolerance, {counts.red} off "
        f"target and {counts.not_rated} not rated (no target set, or no data). Since the "
        f"previous period, {counts.improving} improved and {counts.worsening} worsened."
    )
    negative = sum(1 for r in reports if not r.is_positive)
    positive = len(reports) - negative
    third = (
        f"The report includes {negative} exception report{'s' if negative != 1 else ''} on "
        f"indicators off target and {positive} positive exception "
        f"report{'s' if positive != 1 else ''} on indicators well ahead of target, each "
        "approved by the head of service."
    )
    return (first, second, third)


def _council() -> tuple[str, bool]:
    home = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).first()
    name = settings.COUNCIL_NAME or (home.name if home else "Outturn")
    return name, bool(home and home.is_demo)


# --- the service --------------------------------------------------------------------------


def build_report(
    *,
    period: Period | str,
    scope: str,
    pack: ReportPack | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> ReportModel:
    """The report model for ``period``'s quarter and ``scope``, from published figures.

    The front sheet and closing sections come from ``pack`` (or the stored pack for the
    period and scope, if any); with no pack they are left empty.
    """
    quarter = reporting_quarter(period)
    resolved = resolve_scope(scope)
    now = timezone.localtime(now or timezone.now(), LONDON)
    if pack is None:
        pack = ReportPack.objects.filter(period=quarter, scope=resolved.scope.key).first()
    indicators = [i for i in resolved.indicators if i.is_active_in(quarter)]
    histories = indicator_histories(indicators)
    statuses = assess_histories(histories, until=quarter)
    built = [_indicator_entry(h, statuses.get(h.indicator.code), quarter) for h in histories]
    reports = _exception_reports(built, quarter)
    links = _links_by_indicator(reports)
    sections: dict[str, list[IndicatorEntry]] = defaultdict(list)
    for b in built:
        entry = b.entry
        if entry.code in links:
            entry = replace(entry, exception_links=links[entry.code])
            b.entry = entry
        sections[entry.directorate].append(entry)
    summary = _summary(built)
    since = restatements_since(resolved.scope.key, quarter)
    council, is_demo = _council()
    return ReportModel(
        council=council,
        title=_title(resolved.scope, quarter),
        period=str(quarter),
        period_start=quarter.start,
        period_end=quarter.end,
        scope=resolved.scope,
        front_sheet=_front_sheet(pack, resolved.committee_heading),
        introduction=_introduction(resolved.scope, quarter, summary, reports),
        summary=summary,
        sections=tuple(DirectorateSection(name, tuple(group)) for name, group in sections.items()),
        exception_reports=reports,
        restatements=_restatements([i.pk for i in indicators], quarter, since, now),
        restatements_since=timezone.localtime(since, LONDON).date(),
        closing_sections=_closing(pack),
        built_at=now,
        version=version,
        is_demo=is_demo,
    )
