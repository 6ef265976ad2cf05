"""The public scorecard."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from outturn.engine.periods import PeriodError, parse_period
from outturn.scorecard.selectors import (
    indicator_histories,
    indicators_for,
    latest_published_quarter,
)
from outturn.web.scorecard_rows import scorecard_rows


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
