"""Opening a year carries the active register forward, each proposal filled from its targets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from outturn.engine.periods import parse_period
from outturn.planning.models import ProposalState, ProposedPeriodTarget, TargetProposal
from outturn.planning.selectors import not_carried
from outturn.planning.services import planning_year_add_indicators, planning_year_open
from outturn.scorecard.models import Benchmark, ComparatorGroup, Indicator, TargetKind
from tests.planning.conftest import YEAR, People, owned, proposal_for, target

pytestmark = pytest.mark.django_db


def _profile(proposal: TargetProposal) -> dict[str, Decimal]:
    return {
        str(row.period): row.value for row in ProposedPeriodTarget.objects.filter(proposal=proposal)
    }


def test_active_indicators_are_carried_and_retired_ones_listed(people: People) -> None:
    running = owned(people, code="RUN")
    retiring = owned(people, code="OLD", active_to=parse_period("2026/27"))
    retired_long_ago = owned(people, code="GONE", active_to=parse_period("2022/23"))
    staying = owned(people, code="LAST", active_to=parse_period("2027/28"))
    joining = owned(people, code="NEW", active_from=parse_period("2027/28"))
    later = owned(people, code="LATER", active_from=parse_period("2028/29"))

    year = planning_year_open(period=YEAR, by=people.performance)

    carried = set(
        TargetProposal.objects.filter(year=year).values_list("indicator__code", flat=True)
    )
    assert carried == {running.code, staying.code, joining.code}
    assert [i.code for i in not_carried(year)] == [retiring.code]
    assert retired_long_ago.code not in carried and later.code not in carried
    assert set(TargetProposal.objects.values_list("state", flat=True)) == {ProposalState.DRAFT}
    first = TargetProposal.objects.get(indicator=running)
    assert first.history.get().history_user == people.performance


def test_a_quarterly_level_carries_its_year_end_target_without_a_flat_profile(
    people: People, child_protection: Indicator
) -> None:
    year = planning_year_open(period=YEAR, by=people.performance)
    proposal = proposal_for(year, child_protection)

    assert (proposal.kind, proposal.value) == (TargetKind.VALUE, Decimal(45))
    assert proposal.carried_from == parse_period("2026/27")
    # The same target every quarter rates exactly as the annual target alone.
    assert _profile(proposal) == {}
    assert (proposal.tolerance_kind, proposal.tolerance_value) == ("absolute", Decimal(3))


def test_a_cumulative_indicator_carries_its_annual_target_and_profile(people: People) -> None:
    indicator = owned(people, code="CUM", unit="number", aggregation="cumulative")
    annual = target(indicator, "2026/27", "1000")
    for number, value in enumerate(("200", "450", "700", "1000"), start=1):
        target(indicator, f"2026/27 Q{number}", value, profiled_from=annual)

    proposal = proposal_for(planning_year_open(period=YEAR, by=people.performance), indicator)

    assert proposal.value == Decimal(1000)
    assert _profile(proposal) == {
        "2027/28 Q1": Decimal(200),
        "2027/28 Q2": Decimal(450),
        "2027/28 Q3": Decimal(700),
        "2027/28 Q4": Decimal(1000),
    }


def test_a_band_tied_to_a_benchmark_is_carried_with_its_basis(people: People) -> None:
    indicator = owned(people, code="BAND", frequency="annual")
    group = ComparatorGroup.objects.create(code="SW", name="South West average")
    benchmark = Benchmark.objects.create(
        indicator=indicator, group=group, period=parse_period("2024/25"), value=Decimal("6.3")
    )
    target(
        indicator,
        "2026/27",
        kind="band",
        band_low=Decimal(6),
        band_high=Decimal("6.6"),
        basis="South West average",
        benchmark=benchmark,
    )

    proposal = proposal_for(planning_year_open(period=YEAR, by=people.performance), indicator)

    assert (proposal.kind, proposal.band_low, proposal.band_high) == (
        TargetKind.BAND,
        Decimal(6),
        Decimal("6.6"),
    )
    assert (proposal.basis, proposal.benchmark) == ("South West average", benchmark)


def test_the_latest_earlier_target_is_used_and_a_new_indicator_has_none(people: People) -> None:
    older = owned(people, code="GAP", frequency="annual")
    target(older, "2025/26", "70")
    fresh = owned(people, code="FRESH")
    year = planning_year_open(period=YEAR, by=people.performance)

    gap = proposal_for(year, older)
    assert (gap.value, gap.carried_from) == (Decimal(70), parse_period("2025/26"))
    new = proposal_for(year, fresh)
    assert (new.kind, new.carried_from) == (TargetKind.NONE, None)


def test_a_target_already_set_for_the_year_is_the_one_carried(people: People) -> None:
    indicator = owned(people, code="SET", frequency="annual")
    target(indicator, "2026/27", "60")
    target(indicator, "2027/28", "64")

    proposal = proposal_for(planning_year_open(period=YEAR, by=people.performance), indicator)

    assert (proposal.value, proposal.carried_from) == (Decimal(64), YEAR)


def test_school_measures_carry_their_own_periods(people: People) -> None:
    attainment = owned(people, code="KS4", frequency="academic_year")
    target(attainment, "2026/27 academic year", "48")
    attendance = owned(people, code="ATT", frequency="termly")
    for term in ("Summer term 2026", "Autumn term 2026", "Spring term 2027"):
        target(attendance, term, "94")

    year = planning_year_open(period=YEAR, by=people.performance)

    assert proposal_for(year, attainment).value == Decimal(48)
    assert proposal_for(year, attendance).value == Decimal(94)
    assert _profile(proposal_for(year, attendance)) == {}


def test_indicators_added_later_join_an_open_year(people: People) -> None:
    owned(people, code="FIRST")
    year = planning_year_open(period=YEAR, by=people.performance)
    owned(people, code="SECOND")

    assert planning_year_add_indicators(year=year, by=people.performance) == 1
    assert planning_year_add_indicators(year=year, by=people.performance) == 0
    assert TargetProposal.objects.filter(year=year).count() == 2
