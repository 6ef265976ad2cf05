"""Reads from the scorecard, shaped for the engine and the pages.

Each selector fetches what it needs in a fixed number of queries, however many
indicators the council has.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet

from outturn.engine.periods import Period, parse_period
from outturn.scorecard.models import (
    Benchmark,
    CorporatePriority,
    Directorate,
    Indicator,
    Outturn,
    OutturnState,
    Portfolio,
    ServiceUnit,
    Target,
    Tolerance,
)

PUBLISHED = (OutturnState.PUBLISHED,)
# Signed off by the head of service but not yet published: what those answerable for an
# indicator may see on the scorecard ahead of the public.
AWAITING_PUBLICATION = (OutturnState.APPROVED,)


@dataclass
class IndicatorHistory:
    """An indicator with its outturns, targets, tolerances and benchmarks."""

    indicator: Indicator
    outturns: list[Outturn] = field(default_factory=list)
    targets: dict[Period, Target] = field(default_factory=dict)
    tolerances: list[tuple[Period, Tolerance]] = field(default_factory=list)
    benchmarks: list[Benchmark] = field(default_factory=list)

    def outturn_for(self, period: Period) -> Outturn | None:
        return next((o for o in self.outturns if o.period == period), None)


def indicators_for(*, public_only: bool) -> QuerySet[Indicator]:
    indicators = Indicator.objects.select_related(
        "directorate", "service_unit", "priority", "portfolio"
    )
    return indicators.filter(is_public=True) if public_only else indicators


def indicator_histories(
    indicators: Iterable[Indicator],
    *,
    states: Collection[str] = PUBLISHED,
    unpublished_for: Collection[int] | bool = (),
) -> list[IndicatorHistory]:
    """Histories for ``indicators`` in four queries, outturns limited to ``states``.

    ``unpublished_for`` adds approved, not yet published, outturns for those indicator ids
    (``True``: for every indicator): the figures a signed-in user answerable for them sees.
    """
    histories = {indicator.pk: IndicatorHistory(indicator) for indicator in indicators}
    ids = list(histories)
    wanted = Q(state__in=states)
    if unpublished_for is True:
        wanted |= Q(state__in=AWAITING_PUBLICATION)
    elif unpublished_for:
        wanted |= Q(state__in=AWAITING_PUBLICATION, indicator_id__in=list(unpublished_for))
    for outturn in Outturn.objects.filter(wanted, indicator_id__in=ids):
        histories[outturn.indicator_id].outturns.append(outturn)
    for target in Target.objects.filter(indicator_id__in=ids).select_related("benchmark__group"):
        histories[target.indicator_id].targets[target.period] = target
    for tolerance in Tolerance.objects.filter(indicator_id__in=ids):
        histories[tolerance.indicator_id].tolerances.append((tolerance.applies_from, tolerance))
    for benchmark in Benchmark.objects.filter(indicator_id__in=ids).select_related(
        "group", "organisation"
    ):
        histories[benchmark.indicator_id].benchmarks.append(benchmark)
    for history in histories.values():
        history.outturns.sort(key=lambda o: o.period)
    return list(histories.values())


def latest_published_quarter() -> Period | None:
    """The latest quarter with published outturns: the scorecard's default period."""
    return latest_quarter(states=PUBLISHED)


def latest_quarter(*, states: Collection[str], indicators: Q | None = None) -> Period | None:
    """The latest quarter with outturns in ``states``, of indicators matching ``indicators``."""
    outturns = Outturn.objects.filter(state__in=states)
    if indicators is not None:
        outturns = outturns.filter(indicator__in=Indicator.objects.filter(indicators))
    stored = outturns.order_by().values_list("period", flat=True).distinct()
    quarters = {parse_period(text).reporting_quarter() for text in stored}
    return max(quarters) if quarters else None


# --- change history --------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of one record: what it was and what it became, as text."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeRecord:
    """One audited write to an indicator's definition, targets, tolerances or outturns."""

    when: datetime
    who: str
    subject: str
    action: str
    reason: str
    changes: tuple[FieldChange, ...]


# Bookkeeping columns: who and when are the record's own, and the ids say nothing to a reader.
_NOT_SHOWN = {
    "id",
    "indicator",
    "entered_by",
    "entered_at",
    "approved_by",
    "approved_at",
    "published_at",
    "benchmark",
    "profiled_from",
    "order",
}
_PEOPLE = ("responsible_officer", "data_owner")
_NAMED: dict[str, Any] = {
    "directorate": Directorate,
    "service_unit": ServiceUnit,
    "priority": CorporatePriority,
    "portfolio": Portfolio,
}
_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# A new record's headline: the rest (period, commentary) is on the page or in the subject.
_CREATED_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Outturn: ("value", "secondary_value", "state"),
    Target: ("kind", "value", "band_low", "band_high", "basis"),
    Tolerance: ("kind", "value"),
}


def _person(user: Any) -> str:
    if user is None:
        return "The system"
    return str(user.get_full_name() or user.get_username())


def _text(model: type[Model], name: str, value: Any, names: dict[str, dict[Any, str]]) -> str:
    if value is None or value == "":
        return "(blank)"
    if name in names:
        return names[name].get(value, f"(removed, id {value})")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = dict(getattr(model._meta.get_field(name), "flatchoices", None) or ())
    return str(choices.get(value, value))


def _label(model: type[Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()


def _subject(model: type[Model], record: Any) -> str:
    if model is Indicator:
        return "Definition"
    if model is Target:
        return f"Target for {record.period}"
    if model is Tolerance:
        return f"Tolerance from {record.applies_from}"
    return f"Outturn for {record.period}"


def indicator_changes(
    indicator: Indicator, *, include_outturns: bool, limit: int = 100
) -> list[ChangeRecord]:
    """The audit trail of ``indicator``, newest first: each write diffed against the one before.

    Outturn records include drafts, so ``include_outturns`` must be true only for people who
    may see unpublished figures. A fixed number of queries, whatever the history's length.
    """
    sources: list[tuple[type[Model], Any]] = [
        (Indicator, Indicator.history.filter(id=indicator.pk)),
        (Target, Target.history.filter(indicator_id=indicator.pk)),
        (Tolerance, Tolerance.history.filter(indicator_id=indicator.pk)),
    ]
    if include_outturns:
        sources.append((Outturn, Outturn.history.filter(indicator_id=indicator.pk)))
    records: list[tuple[type[Model], Any, Any]] = []
    for model, history in sources:
        previous: dict[int, Any] = {}
        for record in history.select_related("history_user").order_by("history_date", "history_id"):
            records.append((model, record, previous.get(record.id)))
            previous[record.id] = record
    records.sort(key=lambda item: (item[1].history_date, item[1].history_id), reverse=True)
    records = records[:limit]
    names = _related_names(records)
    changes: list[ChangeRecord] = []
    for model, record, before in records:
        changes.append(
            ChangeRecord(
                when=record.history_date,
                who=_person(record.history_user),
                subject=_subject(model, record),
                action=_ACTIONS.get(record.history_type, "Changed"),
                reason=record.history_change_reason or "",
                changes=_field_changes(model, record, before, names),
            )
        )
    return changes


def _shown_fields(model: type[Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.editable and f.name not in _NOT_SHOWN]


def _field_changes(
    model: type[Model], record: Any, before: Any, names: dict[str, dict[Any, str]]
) -> tuple[FieldChange, ...]:
    if record.history_type == "-":
        return ()
    if before is None:
        if model is Indicator:
            return ()  # a new indicator's every field is on the page already
        return tuple(
            FieldChange(_label(model, name), "", _text(model, name, value, names))
            for name in _CREATED_FIELDS.get(model, ())
            if (value := getattr(record, name)) not in (None, "")
        )
    # Committees (many-to-many) are left out: comparing them costs two queries a record.
    delta = record.diff_against(before, included_fields=_shown_fields(model))
    return tuple(
        FieldChange(
            _label(model, change.field),
            _text(model, change.field, change.old, names),
            _text(model, change.field, change.new, names),
        )
        for change in delta.changes
    )


def _related_names(records: list[tuple[type[Model], Any, Any]]) -> dict[str, dict[Any, str]]:
    """Names for the foreign keys the definition records mention, one query per kind."""
    wanted: dict[str, set[Any]] = {name: set() for name in (*_PEOPLE, *_NAMED)}
    for model, record, _ in records:
        if model is not Indicator:
            continue
        for name in wanted:
            value = getattr(record, f"{name}_id")
            if value is not None:
                wanted[name].add(value)
    names: dict[str, dict[Any, str]] = {}
    people_ids = set().union(*(wanted[name] for name in _PEOPLE))
    people = (
        {u.pk: _person(u) for u in get_user_model().objects.filter(pk__in=people_ids)}
        if people_ids
        else {}
    )
    for name in _PEOPLE:
        names[name] = people
    for name, model in _NAMED.items():
        ids = wanted[name]
        names[name] = (
            {pk: title for pk, title in model.objects.filter(pk__in=ids).values_list("pk", "name")}
            if ids
            else {}
        )
    return names
