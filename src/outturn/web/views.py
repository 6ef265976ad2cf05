"""The public scorecard and indicator pages."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from outturn.engine.periods import PeriodError, parse_period
from outturn.scorecard.selectors import (
    indicator_histories,
    indicators_for,
    latest_published_quarter,
)
from outturn.scorecard.status import assess_histories
from outturn.web.scorecard_rows import (
    SPC_LABELS,
    row_for,
    scorecard_rows,
)


def home(request: HttpRequest) -> HttpResponse:
    """Published public indicators for a quarter (the latest by default), by priority."""
    quarter = latest_published_quarter()
    period_error = None
    if request.GET.get("period"):
        try:
            quarter = parse_period(request.GET["period"]).reporting_quarter()
        except PeriodError as error:
            period_error = str(error)
    rows = []
    if quarter is not None:
        histories = indicator_histories(indicators_for(public_only=True))
        rows = scorecard_rows(histories, quarter)
    rows.sort(key=lambda row: (row.indicator.priority.order, row.indicator.priority.name))
    by_priority = [
        (priority, list(group)) for priority, group in groupby(rows, lambda r: r.indicator.priority)
    ]
    counts = {rag: sum(1 for r in rows if r.rag == rag) for rag in ("green", "amber", "red")}
    counts["not_rated"] = len(rows) - sum(counts.values())
    return render(
        request,
        "outturn/home.html",
        {
            "quarter": quarter,
            "by_priority": by_priority,
            "counts": counts,
            "period_error": period_error,
            "row_count": len(rows),
        },
    )


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A public indicator's definition and its published history, every period rated."""
    indicator = get_object_or_404(indicators_for(public_only=True), code=code)
    [history] = indicator_histories([indicator])
    status = assess_histories([history])[indicator.code]
    spc_points = {point.period: point for point in status.spc.points}
    rows = [
        row_for(history, period_status.period, period_status, spc_points.get(period_status.period))
        for period_status in reversed(status.periods)
    ]
    return render(
        request,
        "outturn/indicator.html",
        {
            "indicator": indicator,
            "rows": rows,
            "latest": status.latest,
            "spc": status.spc,
            "variation": SPC_LABELS.get(status.spc.variation_icon or "", "Not enough data"),
            "assurance": SPC_LABELS.get(status.spc.assurance_icon or ""),
            "benchmarks": sorted(history.benchmarks, key=lambda b: (b.group.order, b.period)),
        },
    )
