"""The scorecard page's content: rows for a quarter, the drill-down, filters, counts, sorting.

``scorecard_page`` returns the rendered content (title, breadcrumbs, main column), which
depends only on the data, what the visitor may see and the page's parameters, so it can
be cached under those three. It queries a fixed number of times, however many indicators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from outturn.engine.periods import Period
from outturn.scorecard.models import (
    Committee,
    CorporatePriority,
    Directorate,
    Portfolio,
    ServiceUnit,
)
from outturn.scorecard.selectors import (
    AWAITING_PUBLICATION,
    indicator_histories,
    indicators_for,
    latest_published_quarter,
    latest_quarter,
)
from outturn.web.charts import sparkline
from outturn.web.dashboard import cache
from outturn.web.dashboard.counts import (
    ASSURANCE_COLUMNS,
    RAG_COLUMNS,
    VARIATION_COLUMNS,
    Tally,
    tally,
    tally_by,
)
from outturn.web.dashboard.filters import (
    COLUMNS,
    DIRECTION_CHOICES,
    DRILL,
    FILTERS,
    PARAMETERS,
    PUBLIC_CHOICES,
    RAG_CHOICES,
    ScorecardQueryForm,
    href,
    sort_rows,
)
from outturn.web.dashboard.visibility import Visibility
from outturn.web.scorecard_rows import ScorecardRow, scorecard_rows


@dataclass(frozen=True)
class ScorecardPage:
    """What the layout wraps: cached as a whole when ``cacheable``."""

    title: str
    breadcrumbs: SafeString
    content: SafeString
    cacheable: bool


@dataclass(frozen=True)
class Grouping:
    """One counts section: the indicators shown, tallied by the next level down."""

    id: str
    title: str
    level: str
    tallies: list[Tally]
    total: Tally


@dataclass
class Selection:
    """The drill-down path chosen, each step as (code, name)."""

    priority: tuple[str, str] | None = None
    directorate: tuple[str, str] | None = None
    service: tuple[str, str] | None = None
    names: dict[str, dict[str, str]] = field(default_factory=dict)


def register_choices() -> dict[str, list[tuple[str, str]]]:
    """Codes and names the page's parameters may name: five small queries."""
    return {
        "priority": list(CorporatePriority.objects.values_list("code", "name")),
        "directorate": list(Directorate.objects.values_list("code", "name")),
        "service": list(ServiceUnit.objects.values_list("code", "name")),
        "committee": list(Committee.objects.values_list("code", "name")),
        "portfolio": list(Portfolio.objects.values_list("code", "name")),
    }


def quarter_rows(visibility: Visibility, quarter: Period, version: str) -> list[ScorecardRow]:
    """Every visible indicator active in ``quarter``, rated: the costly part, cached."""

    def compute() -> list[ScorecardRow]:
        indicators = [
            indicator
            for indicator in indicators_for(public_only=not visibility.private).prefetch_related(
                "committees"
            )
            if indicator.is_active_in(quarter)
        ]
        histories = indicator_histories(indicators, unpublished_for=visibility.unpublished_for)
        return scorecard_rows(histories, quarter)

    return cache.cached(cache.make_key("rows", version, visibility.key, str(quarter)), compute)


def _awaiting_quarter(visibility: Visibility, shown: Period | None) -> Period | None:
    """A later quarter with approved values this visitor may see ahead of publication."""
    if not visibility.unpublished_for:
        return None
    scope = (
        Q() if visibility.unpublished_for is True else Q(pk__in=list(visibility.unpublished_for))
    )
    later = latest_quarter(states=AWAITING_PUBLICATION, indicators=scope)
    return later if later is not None and (shown is None or later > shown) else None


def _matches(row: ScorecardRow, chosen: dict[str, Any], visibility: Visibility) -> bool:
    indicator = row.indicator
    if chosen["rag"] and row.rag not in chosen["rag"]:
        return False
    if chosen["direction"] and row.direction not in chosen["direction"]:
        return False
    if chosen["committee"] and chosen["committee"] not in {
        committee.code for committee in indicator.committees.all()
    }:
        return False
    if chosen["portfolio"] and (
        indicator.portfolio is None or indicator.portfolio.code != chosen["portfolio"]
    ):
        return False
    if visibility.private and chosen["public"]:
        return indicator.is_public == (chosen["public"] == "yes")
    return True


def _in_path(row: ScorecardRow, chosen: dict[str, Any]) -> bool:
    indicator = row.indicator
    return (
        (not chosen["priority"] or indicator.priority.code == chosen["priority"])
        and (not chosen["directorate"] or indicator.directorate.code == chosen["directorate"])
        and (not chosen["service"] or indicator.service_unit.code == chosen["service"])
    )


LEVELS: dict[str, tuple[str, Callable[[ScorecardRow], Any], Callable[[Any], Any]]] = {
    "priority": (
        "Corporate priority",
        lambda r: r.indicator.priority,
        lambda p: (p.order, p.name),
    ),
    "directorate": ("Directorate", lambda r: r.indicator.directorate, lambda d: d.name),
    "service": ("Service unit", lambda r: r.indicator.service_unit, lambda s: s.name),
}


def _next_levels(chosen: dict[str, Any]) -> list[str]:
    if chosen["service"]:
        return []
    if chosen["directorate"]:
        return ["service"]
    if chosen["priority"]:
        return ["directorate"]
    return ["priority", "directorate"]


def _groupings(
    rows: list[ScorecardRow], chosen: dict[str, Any], params: dict[str, list[str]], home: str
) -> list[Grouping]:
    groupings = []
    for level in _next_levels(chosen):
        label, group, order = LEVELS[level]

        def link(item: Any, level: str = level) -> str:
            """The next step down, keeping the path so far, the quarter, filters and sort."""
            return href(home, params, **{level: item.code})

        title = {
            "priority": "By corporate priority",
            "directorate": "By directorate",
            "service": "By service unit",
        }[level]
        groupings.append(
            Grouping(
                id=f"by-{level}",
                title=title,
                level=label,
                tallies=tally_by(rows, group, order, link),
                total=tally(rows),
            )
        )
    return groupings


def _crumbs(
    chosen: dict[str, Any],
    names: dict[str, dict[str, str]],
    params: dict[str, list[str]],
    home: str,
) -> list[tuple[str, str]]:
    """The drill path as (text, address), the scorecard first."""
    keep = {name: params.get(name, []) for name in PARAMETERS if name not in DRILL}
    crumbs = [("Scorecard", href(home, keep))]
    path: dict[str, str] = {}
    for level in DRILL:
        code = chosen[level]
        if code:
            path[level] = code
            crumbs.append(
                (
                    names[level].get(code, code),
                    href(home, {**keep, **{k: [v] for k, v in path.items()}}),
                )
            )
    return crumbs


def _headers(params: dict[str, list[str]], sort: str, home: str) -> list[dict[str, Any]]:
    headers = []
    for column in COLUMNS:
        sortable = column.key != "trend"
        state = ""
        if sortable and sort.lstrip("-") == column.key:
            state = "descending" if sort.startswith("-") else "ascending"
        next_sort = f"-{column.key}" if state == "ascending" else column.key
        headers.append(
            {
                "key": column.key,
                "label": column.label,
                "numeric": column.numeric,
                "aria_sort": state,
                "href": href(home, params, sort=next_sort) + "#indicators" if sortable else "",
            }
        )
    return headers


def _error_target(name: str, visibility: Visibility) -> str:
    """The field an error summary entry links to; the table for those with no field."""
    targets = {
        "period": "period",
        "rag": "filter-rag-red",
        "direction": "filter-direction-improving",
        "committee": "filter-committee",
        "portfolio": "filter-portfolio",
    }
    if visibility.private:
        targets["public"] = "filter-public"
    return targets.get(name, "indicators")


def scorecard_page(
    data: QueryDict, visibility: Visibility, version: str, *, council_name: str
) -> ScorecardPage:
    """The page's content for ``data`` (its GET parameters) as ``visibility`` allows."""
    register = register_choices()
    form = ScorecardQueryForm(data, register=register)
    valid = form.is_valid()
    cleaned = form.cleaned_data
    chosen: dict[str, Any] = {
        "period": cleaned.get("period"),
        **{
            name: cleaned.get(name) or ""
            for name in (*DRILL, "committee", "portfolio", "public", "sort")
        },
        "rag": cleaned.get("rag") or [],
        "direction": cleaned.get("direction") or [],
    }
    home = reverse("web:home")
    params = {name: data.getlist(name) for name in PARAMETERS if name in data and name in cleaned}
    names = {level: dict(register[level]) for level in DRILL}

    quarter = chosen["period"] or latest_published_quarter()
    awaiting = _awaiting_quarter(visibility, quarter)
    if quarter is None and awaiting is not None:
        quarter = awaiting
        awaiting = None
    all_rows = quarter_rows(visibility, quarter, version) if quarter else []
    in_path = [row for row in all_rows if _in_path(row, chosen)]
    shown = [row for row in in_path if _matches(row, chosen, visibility)]
    sorted_rows = sort_rows(shown, chosen["sort"])

    crumbs = _crumbs(chosen, names, params, home)
    place = crumbs[-1][0] if len(crumbs) > 1 else ""
    title = (
        "Performance scorecard"
        + (f" {quarter}" if quarter else "")
        + (f": {place}" if place else "")
    )
    if not valid:
        title = f"Error: {title}"
    errors = [
        (_error_target(name, visibility), message)
        for name, messages in form.errors.items()
        for message in messages
    ]

    context = {
        "council_name": council_name,
        "quarter": quarter,
        "place": place,
        "awaiting": awaiting,
        "awaiting_href": href(home, {}, period=str(awaiting)) if awaiting else "",
        "errors": errors,
        "period_value": data.get("period", "")
        if form.errors.get("period")
        else (str(quarter) if quarter else ""),
        "period_error": form.errors.get("period"),
        "visibility": visibility,
        "groupings": _groupings(shown, chosen, params, home),
        "rag_columns": RAG_COLUMNS,
        "variation_columns": VARIATION_COLUMNS,
        "assurance_columns": ASSURANCE_COLUMNS,
        "headers": _headers(params, chosen["sort"], home),
        "rows": [(row, sparkline(row.trend, row.trend_label)) for row in sorted_rows],
        "shown_count": len(shown),
        "path_count": len(in_path),
        "total_count": len(all_rows),
        "filtered": any(chosen[name] for name in FILTERS),
        "chosen": chosen,
        "hidden": [
            (name, value) for name in ("period", *DRILL, "sort") for value in params.get(name, [])
        ],
        "period_hidden": [
            (name, value)
            for name in PARAMETERS
            if name != "period"
            for value in params.get(name, [])
        ],
        "clear_href": href(
            home, {name: params.get(name, []) for name in ("period", *DRILL, "sort")}
        ),
        "rag_choices": RAG_CHOICES,
        "direction_choices": DIRECTION_CHOICES,
        "committee_choices": register["committee"],
        "portfolio_choices": register["portfolio"],
        "public_choices": PUBLIC_CHOICES,
    }
    return ScorecardPage(
        title=title,
        breadcrumbs=SafeString(
            render_to_string("outturn/dashboard/breadcrumbs.html", {"crumbs": crumbs})
        )
        if len(crumbs) > 1
        else SafeString(""),
        content=SafeString(render_to_string("outturn/dashboard/scorecard.html", context)),
        cacheable=valid,
    )
