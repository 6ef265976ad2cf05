"""Reads from the scorecard, shaped for the engine and the pages.

Each selector fetches what it needs in a fixed number of queries, however many
indicators the council has.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from outturn.engine.periods import Period, parse_period
from outturn.scorecard.models import (
    Benchmark,
    Indicator,
    Outturn,
    OutturnState,
    Target,
    Tolerance,
)

PUBLISHED = (OutturnState.PUBLISHED,)


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
    indicators: Iterable[Indicator], *, states: Collection[str] = PUBLISHED
) -> list[IndicatorHistory]:
    """Histories for ``indicators`` in four queries, outturns limited to ``states``."""
    histories = {indicator.pk: IndicatorHistory(indicator) for indicator in indicators}
    ids = list(histories)
    for outturn in Outturn.objects.filter(indicator_id__in=ids, state__in=states):
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
    stored = (
        Outturn.objects.filter(state=OutturnState.PUBLISHED)
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    quarters = {parse_period(text).reporting_quarter() for text in stored}
    return max(quarters) if quarters else None
