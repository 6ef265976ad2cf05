"""Reads for target setting: years, proposals by who acts on them, and the evidence shown
beside a proposal (recent outturns, process limits, benchmarks), each in a fixed number of
queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from outturn.engine.periods import Period
from outturn.engine.status import PeriodStatus, SpcGroupStatus
from outturn.planning.models import PlanningYear, ProposalState, TargetProposal
from outturn.planning.periods import TargetPlan, target_plan
from outturn.planning.rules import agreement_scope, proposer_scope
from outturn.scorecard.models import Benchmark, Indicator, OutturnState, Target, Tolerance
from outturn.scorecard.selectors import IndicatorHistory, indicator_histories
from outturn.scorecard.status import assess_histories

if TYPE_CHECKING:
    from outturn.accounts.roles import AnyUser

# Values that have passed the head of service's sign-off: what targets are set from.
SIGNED_OFF = (OutturnState.APPROVED, OutturnState.PUBLISHED)
# Benchmarks offered to tie a target to: each comparator's latest few periods.
BENCHMARK_CHOICES_PER_GROUP = 3


def planning_years() -> QuerySet[PlanningYear]:
    """Every year, newest first, with its proposals counted (total and agreed or locked)."""
    return PlanningYear.objects.select_related("opened_by", "locked_by").annotate(
        total=Count("proposals"),
        settled=Count(
            "proposals",
            filter=Q(proposals__state__in=[ProposalState.AGREED, ProposalState.LOCKED]),
        ),
    )


def _proposals(year: PlanningYear) -> QuerySet[TargetProposal]:
    return TargetProposal.objects.filter(year=year).select_related(
        "indicator__directorate",
        "indicator__service_unit",
        "indicator__data_owner",
        "proposed_by",
        "decided_by",
    )


def proposals_for_year(year: PlanningYear) -> QuerySet[TargetProposal]:
    return _proposals(year).order_by(
        "indicator__directorate__name", "indicator__order", "indicator__code"
    )


def proposals_to_propose(year: PlanningYear, user: AnyUser) -> QuerySet[TargetProposal]:
    """The proposals ``user`` writes: their indicators as data owner or responsible officer."""
    indicators = Indicator.objects.filter(proposer_scope(user)).values("pk")
    return _proposals(year).filter(indicator__in=indicators)


def proposals_to_agree(year: PlanningYear, user: AnyUser) -> QuerySet[TargetProposal]:
    """The proposals of the services ``user`` heads (or deputises for)."""
    indicators = Indicator.objects.filter(agreement_scope(user)).values("pk")
    return _proposals(year).filter(indicator__in=indicators)


def years_with_work(user: AnyUser) -> QuerySet[PlanningYear]:
    """Years in which ``user`` has targets to propose or to agree."""
    mine = Indicator.objects.filter(proposer_scope(user) | agreement_scope(user)).values("pk")
    return planning_years().filter(
        pk__in=TargetProposal.objects.filter(indicator__in=mine).values("year_id")
    )


def progress(year: PlanningYear) -> dict[str, int]:
    """How many proposals are in each state, every state present, with the total."""
    counts = dict(
        TargetProposal.objects.filter(year=year)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    result = {state: counts.get(state, 0) for state in ProposalState.values}
    result["total"] = sum(counts.values())
    return result


def not_carried(year: PlanningYear) -> list[Indicator]:
    """Indicators on last year's scorecard that were retired before this one."""
    previous = year.period.previous()
    return [
        indicator
        for indicator in Indicator.objects.filter(active_to__isnull=False).select_related(
            "service_unit"
        )
        if indicator.is_active_in(previous) and not indicator.is_active_in(year.period)
    ]


@dataclass(frozen=True)
class Evidence:
    """What an owner and a head of service see before setting a year's target."""

    plan: TargetPlan
    history: IndicatorHistory
    recent: list[PeriodStatus]
    spc: SpcGroupStatus | None
    spc_points: int
    latest_benchmarks: list[Benchmark]
    benchmark_choices: list[Benchmark]
    current_targets: list[Target]
    current_tolerance: Tolerance | None


def _latest_per_group(benchmarks: list[Benchmark], per_group: int) -> list[Benchmark]:
    ordered = sorted(
        (b for b in benchmarks if b.organisation_id is None),
        key=lambda b: (b.group.order, b.group.name, _descending(b.period)),
    )
    kept: list[Benchmark] = []
    seen: dict[int, int] = {}
    for benchmark in ordered:
        seen[benchmark.group_id] = seen.get(benchmark.group_id, 0) + 1
        if seen[benchmark.group_id] <= per_group:
            kept.append(benchmark)
    return kept


def _descending(period: Period) -> tuple[int, int]:
    return (-period.end.toordinal(), -period.start.toordinal())


def proposal_evidence(proposal: TargetProposal) -> Evidence:
    """Signed-off outturns of the two years before, the latest process limits, benchmarks.

    Everything is rated up to the end of the year before, through the same engine call
    the scorecard uses, so the limits shown are the ones the scorecard draws.
    """
    indicator = proposal.indicator
    year = proposal.year.period
    [history] = indicator_histories([indicator], states=SIGNED_OFF)
    previous = year.previous()
    status = assess_histories([history], until=previous)[indicator.code]
    shown_years = {previous, previous.previous()}
    recent = [p for p in reversed(status.periods) if p.period.financial_year() in shown_years]
    last_plan = target_plan(indicator, previous)
    current_targets = [history.targets[p] for p in last_plan.periods if p in history.targets]
    tolerances = sorted(history.tolerances, key=lambda pair: pair[0].start)
    in_force = [t for start, t in tolerances if start.start <= last_plan.main.start]
    choices = _latest_per_group(history.benchmarks, BENCHMARK_CHOICES_PER_GROUP)
    tied = next((b for b in history.benchmarks if b.pk == proposal.benchmark_id), None)
    if tied is not None and tied not in choices:
        choices.append(tied)
    return Evidence(
        plan=target_plan(indicator, year),
        history=history,
        recent=recent,
        spc=status.spc.groups[-1] if status.spc.groups else None,
        spc_points=len(status.spc.points),
        latest_benchmarks=_latest_per_group(history.benchmarks, 1),
        benchmark_choices=choices,
        current_targets=current_targets,
        current_tolerance=in_force[-1] if in_force else None,
    )
