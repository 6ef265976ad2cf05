"""The scorecard's query: quarter, drill-down path, filters and sort order, from the URL.

Everything is a GET parameter, so every view of the scorecard has an address that can be
bookmarked, shared and reached without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.http import QueryDict

from outturn.engine.periods import Period, PeriodError, parse_period
from outturn.web.scorecard_rows import DIRECTION_LABELS, RAG_LABELS, ScorecardRow

RAG_CHOICES = [*RAG_LABELS.items(), ("not_rated", "Not rated")]
DIRECTION_CHOICES = [
    (code, DIRECTION_LABELS[code])
    for code in ("improving", "no_change", "worsening", "increased", "decreased", "not_comparable")
]
PUBLIC_CHOICES = [("", "Public and not public"), ("yes", "Public only"), ("no", "Not public only")]

# The parameters that shape the page; anything else in the address is ignored.
PARAMETERS = (
    "period",
    "priority",
    "directorate",
    "service",
    "rag",
    "direction",
    "committee",
    "portfolio",
    "public",
    "sort",
)
DRILL = ("priority", "directorate", "service")
FILTERS = ("rag", "direction", "committee", "portfolio", "public")


def _last(values: Iterable[Decimal | None]) -> tuple[int, Decimal]:
    """Missing figures sort after every figure, whichever way the column is sorted."""
    value = next(iter(values), None)
    return (1, Decimal(0)) if value is None else (0, value)


_RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "not_rated": 3}
_DIRECTION_ORDER = {
    "worsening": 0,
    "no_change": 1,
    "improving": 2,
    "increased": 3,
    "decreased": 3,
    "not_comparable": 4,
}
_VARIATION_ORDER = {"concern": 0, "neutral": 1, "common": 2, "improvement": 3, "none": 4}
_ASSURANCE_ORDER = {"consistent_fail": 0, "inconsistent": 1, "consistent_pass": 2, "": 3}


def _natural(code: str) -> tuple[tuple[int, int | str], ...]:
    """``ASC2`` before ``ASC10``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in re.findall(r"\d+|\D+", code)
    )


def _target_number(row: ScorecardRow) -> Decimal | None:
    if row.status is None:
        return None
    if row.status.target is not None:
        return row.status.target
    return row.status.target_band[0] if row.status.target_band else None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sort: Callable[[ScorecardRow], Any]
    numeric: bool = False


COLUMNS = (
    Column("indicator", "Indicator", lambda r: _natural(r.indicator.code)),
    Column("trend", "Trend", lambda r: 0),
    Column("outturn", "Outturn", lambda r: _last([r.outturn.value if r.outturn else None]), True),
    Column("target", "Target", lambda r: _last([_target_number(r)]), True),
    Column("rag", "Status", lambda r: _RAG_ORDER.get(r.rag, 3)),
    Column("direction", "Since previous period", lambda r: _DIRECTION_ORDER[r.direction]),
    Column("variation", "Variation", lambda r: _VARIATION_ORDER[r.variation]),
    Column("assurance", "Assurance", lambda r: _ASSURANCE_ORDER[r.assurance_icon or ""]),
)
SORTABLE = {column.key: column for column in COLUMNS if column.key != "trend"}
SORT_CHOICES = [("", "Scorecard order")] + [
    (f"{sign}{key}", f"{column.label}{' (descending)' if sign else ''}")
    for key, column in SORTABLE.items()
    for sign in ("", "-")
]


def scorecard_order(row: ScorecardRow) -> tuple[Any, ...]:
    """The order the council sets: priority, then the register's own order and code."""
    indicator = row.indicator
    return (
        indicator.priority.order,
        indicator.priority.name,
        indicator.order,
        _natural(indicator.code),
    )


def sort_rows(rows: list[ScorecardRow], sort: str) -> list[ScorecardRow]:
    ordered = sorted(rows, key=scorecard_order)
    column = SORTABLE.get(sort.lstrip("-"))
    if column is None:
        return ordered
    descending = sort.startswith("-")
    if column.numeric:
        # Missing figures stay last either way round.
        present = [r for r in ordered if column.sort(r)[0] == 0]
        missing = [r for r in ordered if column.sort(r)[0] == 1]
        return sorted(present, key=column.sort, reverse=descending) + missing
    return sorted(ordered, key=column.sort, reverse=descending)


class ScorecardQueryForm(forms.Form):
    """The page's GET parameters. Codes are checked against the register's choices."""

    period = forms.CharField(required=False, max_length=40)
    priority = forms.ChoiceField(required=False)
    directorate = forms.ChoiceField(required=False)
    service = forms.ChoiceField(required=False)
    rag = forms.MultipleChoiceField(required=False, choices=RAG_CHOICES)
    direction = forms.MultipleChoiceField(required=False, choices=DIRECTION_CHOICES)
    committee = forms.ChoiceField(required=False)
    portfolio = forms.ChoiceField(required=False)
    public = forms.ChoiceField(required=False, choices=PUBLIC_CHOICES)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)

    def __init__(self, data: QueryDict, *, register: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__(data)
        for name in ("priority", "directorate", "service", "committee", "portfolio"):
            cast(forms.ChoiceField, self.fields[name]).choices = [("", "All"), *register[name]]
        messages = {
            "priority": "There is no corporate priority with the code in the address",
            "directorate": "There is no directorate with the code in the address",
            "service": "There is no service unit with the code in the address",
            "committee": "Select a committee from the list",
            "portfolio": "Select a portfolio from the list",
            "rag": "Select statuses from the list",
            "direction": "Select directions of travel from the list",
            "public": "Select public, not public, or both",
            "sort": "Sort by one of the table's columns",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["invalid_choice"] = message

    def clean_period(self) -> Period | None:
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            return parse_period(text).reporting_quarter()
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error


def query_key(data: QueryDict) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The parameters that shape the page, in a fixed order: a cache key's part."""
    return tuple((name, tuple(sorted(data.getlist(name)))) for name in PARAMETERS if name in data)


def href(base: str, params: dict[str, list[str]], **changes: str | list[str] | None) -> str:
    """``base?…`` for the page with ``changes`` made to ``params`` (None removes one)."""
    merged = {name: list(values) for name, values in params.items() if values}
    for name, value in changes.items():
        if value is None or value == "" or value == []:
            merged.pop(name, None)
        else:
            merged[name] = [value] if isinstance(value, str) else list(value)
    query = QueryDict(mutable=True)
    for name in PARAMETERS:
        if name in merged:
            query.setlist(name, merged[name])
    encoded = query.urlencode()
    return f"{base}?{encoded}" if encoded else base
