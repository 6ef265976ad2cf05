"""Reads of the data round: what is due, from whom, and how far along it is.

A round's items are worked out, not stored: every indicator active in the round's year
owes each period of its frequency that ends in the round's quarter (the engine's rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Q

from outturn.engine.collection import available_from, due_periods
from outturn.engine.periods import Period
from outturn.engine.values import Unit, format_value
from outturn.rounds.models import Round
from outturn.scorecard.models import Frequency, Indicator, Outturn, OutturnState


class ItemStatus(StrEnum):
    NOT_YET_AVAILABLE = "not_yet_available"
    DUE = "due"
    OVERDUE = "overdue"
    DRAFT = "draft"
    RETURNED = "returned"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"


STATUS_LABELS = {
    ItemStatus.NOT_YET_AVAILABLE: "Not yet available",
    ItemStatus.DUE: "Due",
    ItemStatus.OVERDUE: "Overdue",
    ItemStatus.DRAFT: "Draft",
    ItemStatus.RETURNED: "Returned",
    ItemStatus.SUBMITTED: "Submitted",
    ItemStatus.APPROVED: "Approved",
    ItemStatus.PUBLISHED: "Published",
}

#: Statuses still waiting on the data owner.
OWED = (ItemStatus.DUE, ItemStatus.OVERDUE, ItemStatus.DRAFT, ItemStatus.RETURNED)


@dataclass
class RoundItem:
    """One value the round collects: an indicator and one of its periods."""

    indicator: Indicator
    period: Period
    outturn: Outturn | None
    expected: date
    status: ItemStatus

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def value_text(self) -> str:
        if self.outturn is None or self.outturn.value is None:
            return ""
        return format_value(self.outturn.value, Unit(self.indicator.unit))


def _status(outturn: Outturn | None, expected: date, deadline: date, today: date) -> ItemStatus:
    if outturn is not None and outturn.state != OutturnState.DRAFT:
        return ItemStatus(outturn.state)
    late = today > max(deadline, expected)
    if outturn is not None:
        return ItemStatus.OVERDUE if late else ItemStatus.DRAFT
    if expected > today:
        return ItemStatus.NOT_YET_AVAILABLE
    return ItemStatus.OVERDUE if late else ItemStatus.DUE


def active_indicators(round_: Round, scope: Q | None = None) -> Iterable[Indicator]:
    year = round_.period.financial_year()
    indicators = Indicator.objects.select_related(
        "directorate", "service_unit", "data_owner", "service_unit__head"
    ).order_by("directorate__name", "service_unit__name", "order", "code")
    if scope is not None:
        indicators = indicators.filter(scope)
    return [
        indicator
        for indicator in indicators
        if indicator.active_from <= year
        and (indicator.active_to is None or indicator.active_to >= year)
    ]


def round_items(round_: Round, *, scope: Q | None = None, today: date) -> list[RoundItem]:
    """Every value the round collects from indicators in ``scope``, in two queries."""
    indicators = list(active_indicators(round_, scope))
    wanted: list[tuple[Indicator, Period, date]] = []
    for indicator in indicators:
        kind = Frequency(indicator.frequency).period_kind
        for period in due_periods(kind, round_.period):
            wanted.append((indicator, period, available_from(period, indicator.lag_months)))
    periods = {period for _, period, _ in wanted}
    stored = {
        (o.indicator_id, o.period): o
        for o in Outturn.objects.filter(
            indicator__in=indicators, period__in=sorted(periods)
        ).select_related("entered_by", "approved_by")
    }
    return [
        RoundItem(
            indicator=indicator,
            period=period,
            outturn=(outturn := stored.get((indicator.pk, period))),
            expected=expected,
            status=_status(outturn, expected, round_.deadline, today),
        )
        for indicator, period, expected in wanted
    ]


@dataclass
class Progress:
    """Counts of a round's items by status, for a directorate, a service or the whole."""

    name: str
    counts: dict[ItemStatus, int] = field(default_factory=lambda: defaultdict(int))
    children: list[Progress] = field(default_factory=list)
    entered: int = 0
    """Values typed in, whatever their state (an overdue draft included)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def due(self) -> int:
        """Items that can be collected now (not those still waiting for their data)."""
        return self.total - self.counts[ItemStatus.NOT_YET_AVAILABLE]

    def count(self, status: str) -> int:
        return self.counts[ItemStatus(status)]

    @property
    def done(self) -> int:
        return self.counts[ItemStatus.APPROVED] + self.counts[ItemStatus.PUBLISHED]

    @property
    def percent_done(self) -> int:
        return 100 * self.done // self.due if self.due else 100

    @property
    def overdue(self) -> int:
        return self.counts[ItemStatus.OVERDUE]


def round_progress(items: Iterable[RoundItem]) -> Progress:
    """The round's progress, for the whole council, by directorate and by service."""
    council = Progress("Whole council")
    directorates: dict[int, Progress] = {}
    services: dict[int, Progress] = {}
    for item in items:
        indicator = item.indicator
        directorate = directorates.get(indicator.directorate_id)
        if directorate is None:
            directorate = directorates[indicator.directorate_id] = Progress(
                indicator.directorate.name
            )
            council.children.append(directorate)
        service = services.get(indicator.service_unit_id)
        if service is None:
            service = services[indicator.service_unit_id] = Progress(indicator.service_unit.name)
            directorate.children.append(service)
        for progress in (council, directorate, service):
            progress.counts[item.status] += 1
            progress.entered += item.outturn is not None
    return council
