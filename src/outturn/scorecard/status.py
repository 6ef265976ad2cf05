"""The scorecard's figures handed to the status engine, and its verdicts handed back.

No rule of status is written here: this module only chooses, for each period, the target
and tolerance in force (``outturn.engine.targets``) and translates rows into the engine's
plain inputs. Every page and report rates through ``assess_histories``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from outturn.engine.exception_rules import ExceptionRules
from outturn.engine.periods import Period
from outturn.engine.rag import Allowance, AllowanceKind, Polarity
from outturn.engine.status import (
    Aggregation,
    BenchmarkInput,
    PeerGroupInput,
    PointInput,
    SeriesInput,
    SeriesStatus,
    assess_series,
)
from outturn.engine.targets import target_in_force, tolerance_in_force
from outturn.scorecard.models import Benchmark, Frequency, Target, TargetKind
from outturn.scorecard.selectors import IndicatorHistory


def _allowance(kind: str, value: Decimal) -> Allowance:
    return Allowance(AllowanceKind.from_label(kind), value)


def _latest_by_group(
    benchmarks: Iterable[Benchmark], until: Period | None
) -> tuple[list[BenchmarkInput], list[PeerGroupInput]]:
    """Each comparator group's latest figure, and each peer group's latest set of values."""
    averages: dict[str, Benchmark] = {}
    peers: defaultdict[tuple[str, Period], list[Decimal]] = defaultdict(list)
    for benchmark in benchmarks:
        if until is not None and benchmark.period.end > until.end:
            continue
        name = benchmark.group.name
        if benchmark.organisation_id is None:
            if name not in averages or averages[name].period < benchmark.period:
                averages[name] = benchmark
        else:
            peers[(name, benchmark.period)].append(benchmark.value)
    latest_peer_period: dict[str, Period] = {}
    for name, period in peers:
        if name not in latest_peer_period or latest_peer_period[name] < period:
            latest_peer_period[name] = period
    return (
        [BenchmarkInput(b.group.name, b.period, b.value) for b in averages.values()],
        [
            PeerGroupInput(name, period, tuple(peers[(name, period)]))
            for name, period in latest_peer_period.items()
        ],
    )


def target_for(history: IndicatorHistory, period: Period) -> Target | None:
    """The target ``period`` is rated against, by the engine's rule for which is in force."""
    cumulative = history.indicator.aggregation == Aggregation.CUMULATIVE
    return target_in_force(period, history.targets, cumulative=cumulative)


def series_input(history: IndicatorHistory, *, until: Period | None = None) -> SeriesInput:
    """One indicator's outturns up to ``until`` (all when None) as an engine series."""
    indicator = history.indicator
    kind = Frequency(indicator.frequency).period_kind
    cumulative = indicator.aggregation == Aggregation.CUMULATIVE
    tolerances = [(start, _allowance(t.kind, t.value)) for start, t in history.tolerances]
    points = []
    for outturn in history.outturns:
        if outturn.period.kind != kind or (until is not None and outturn.period.end > until.end):
            continue
        target = target_for(history, outturn.period)
        band = None
        value_target = None
        if target is not None and target.band_low is not None and target.band_high is not None:
            band = (target.band_low, target.band_high)
        elif target is not None and target.kind == TargetKind.VALUE:
            value_target = target.value
        points.append(
            PointInput(
                period=outturn.period,
                value=outturn.value,
                target=value_target,
                target_band=band,
                tolerance=tolerance_in_force(outturn.period, tolerances),
            )
        )
    benchmarks, peers = _latest_by_group(history.benchmarks, until)
    annual_targets = {
        period: target.value
        for period, target in history.targets.items()
        if cumulative and period == period.financial_year() and target.value is not None
    }
    return SeriesInput(
        id=indicator.code,
        polarity=Polarity(indicator.polarity),
        points=tuple(points),
        direction_threshold=indicator.direction_threshold,
        aggregation=Aggregation.CUMULATIVE if cumulative else Aggregation.SNAPSHOT,
        annual_targets=annual_targets,
        benchmarks=tuple(benchmarks),
        peers=tuple(peers),
    )


def assess_histories(
    histories: Iterable[IndicatorHistory],
    *,
    until: Period | None = None,
    rules: ExceptionRules | None = None,
) -> dict[str, SeriesStatus]:
    """Status of every history, in one batch through the engine, keyed by indicator code."""
    inputs = [series_input(history, until=until) for history in histories]
    statuses = assess_series(inputs, rules) if rules else assess_series(inputs)
    return {status.id: status for status in statuses}
