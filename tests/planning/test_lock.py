"""Locking writes the year's targets into the scorecard, and nothing of any earlier year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from outturn.engine.periods import parse_period
from outturn.planning.models import PlanningYear, ProposalState, TargetProposal
from outturn.planning.services import (
    planning_year_lock,
    planning_year_open,
    target_proposal_agree,
    target_proposal_save,
)
from outturn.scorecard.models import Indicator, Target, TargetKind, Tolerance
from outturn.scorecard.selectors import indicator_histories
from outturn.scorecard.status import assess_histories
from tests.planning.conftest import YEAR, People, content, owned, proposal_for, target

pytestmark = pytest.mark.django_db


def _agree(year: PlanningYear, indicator: Indicator, people: People, **fields: Any) -> None:
    proposal = target_proposal_save(
        proposal=proposal_for(year, indicator),
        content=content(**fields),
        by=people.owner,
        submit=True,
    )
    target_proposal_agree(proposal=proposal, by=people.head)


def _targets(indicator: Indicator) -> dict[str, tuple[str, Decimal | None, str]]:
    return {
        str(t.period): (t.kind, t.value, t.basis)
        for t in Target.objects.filter(indicator=indicator)
    }


def _scorecard_rows() -> list[tuple[Any, ...]]:
    """Every target and tolerance as stored, to compare before and after."""
    targets = Target.objects.order_by("pk").values_list(
        "pk", "indicator_id", "period", "kind", "value", "band_low", "band_high", "basis"
    )
    tolerances = Tolerance.objects.order_by("pk").values_list(
        "pk", "indicator_id", "applies_from", "kind", "value"
    )
    return [*targets, *tolerances]


def _before_year(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [row for row in rows if parse_period(row[2]).start < YEAR.start]


def test_locking_writes_the_agreed_targets_and_leaves_earlier_years_alone(
    people: People, child_protection: Indicator
) -> None:
    cumulative = owned(people, code="CUM", unit="number", aggregation="cumulative")
    annual = target(cumulative, "2026/27", "1000")
    for number, value in enumerate(("250", "500", "750", "1000"), start=1):
        target(cumulative, f"2026/27 Q{number}", value, profiled_from=annual)
    before = _scorecard_rows()
    year = planning_year_open(period=YEAR, by=people.performance)

    _agree(year, child_protection, people, value=Decimal("38.5"), basis="Statistical neighbours")
    profile = {parse_period(f"2027/28 Q{n}"): Decimal(300 * n) for n in (1, 2, 3, 4)}
    _agree(year, cumulative, people, value=Decimal(1200), profile=profile)
    result = planning_year_lock(year=year, by=people.performance)

    assert (result.locked, result.skipped) == (2, ())
    assert _targets(child_protection)["2027/28"] == (
        TargetKind.VALUE,
        Decimal("38.5"),
        "Statistical neighbours",
    )
    written = _targets(cumulative)
    assert written["2027/28"][1] == Decimal(1200)
    assert [written[f"2027/28 Q{n}"][1] for n in (1, 2, 3, 4)] == [300, 600, 900, 1200]
    assert written["2027/28 Q1"][2] == "Profiled from the annual target of 1,200"
    q1 = Target.objects.get(indicator=cumulative, period=parse_period("2027/28 Q1"))
    assert q1.profiled_from == Target.objects.get(indicator=cumulative, period=YEAR)
    assert q1.history.latest().history_user == people.performance
    # Every row of an earlier year is exactly as it was, to the primary key.
    assert _before_year(_scorecard_rows()) == _before_year(before)
    assert set(TargetProposal.objects.values_list("state", flat=True)) == {ProposalState.LOCKED}


def test_a_tolerance_is_written_from_the_year_only_when_it_changes(
    people: People, child_protection: Indicator
) -> None:
    other = owned(people, code="TOL")
    year = planning_year_open(period=YEAR, by=people.performance)
    _agree(year, child_protection, people, tolerance_kind="absolute", tolerance_value=Decimal(3))
    _agree(year, other, people, tolerance_kind="relative", tolerance_value=Decimal("0.05"))

    result = planning_year_lock(year=year, by=people.performance)

    assert result.tolerances_written == 1
    assert not Tolerance.objects.filter(indicator=child_protection, applies_from=YEAR).exists()
    written = Tolerance.objects.get(indicator=other)
    assert (written.applies_from, written.kind, written.value) == (
        YEAR,
        "relative",
        Decimal("0.05"),
    )


def test_dropping_a_tolerance_writes_a_zero_band_from_the_year(
    people: People, child_protection: Indicator
) -> None:
    year = planning_year_open(period=YEAR, by=people.performance)
    _agree(year, child_protection, people, tolerance_kind="", tolerance_value=None)

    planning_year_lock(year=year, by=people.performance)

    dropped = Tolerance.objects.get(indicator=child_protection, applies_from=YEAR)
    assert (dropped.kind, dropped.value) == ("absolute", Decimal(0))
    assert Tolerance.objects.get(indicator=child_protection, applies_from=parse_period("2024/25"))


def test_school_measures_are_written_to_their_own_periods(people: People) -> None:
    attainment = owned(people, code="KS4", frequency="academic_year")
    attendance = owned(people, code="ATT", frequency="termly")
    year = planning_year_open(period=YEAR, by=people.performance)
    _agree(year, attainment, people, value=Decimal(50))
    _agree(
        year,
        attendance,
        people,
        value=Decimal(95),
        profile={parse_period("Summer term 2027"): Decimal(93)},
    )

    planning_year_lock(year=year, by=people.performance)

    assert _targets(attainment) == {"2027/28 academic year": ("value", Decimal(50), "")}
    terms = _targets(attendance)
    assert terms["Summer term 2027"][1] == Decimal(93)
    assert terms["Autumn term 2027"][1] == Decimal(95)
    assert terms["Spring term 2028"][1] == Decimal(95)


def test_an_old_profile_in_the_year_is_cleared_when_none_is_agreed(
    people: People, child_protection: Indicator
) -> None:
    for number in (1, 2, 3, 4):
        target(child_protection, f"2027/28 Q{number}", "44")
    year = planning_year_open(period=YEAR, by=people.performance)
    _agree(year, child_protection, people, value=Decimal(40), profile={})

    planning_year_lock(year=year, by=people.performance)

    assert _targets(child_protection).keys() >= {"2027/28"}
    assert not any(key.startswith("2027/28 Q") for key in _targets(child_protection))
    assert _targets(child_protection)["2026/27 Q4"] == ("value", Decimal(45), "")


def test_a_skipped_indicator_keeps_what_the_scorecard_has(
    people: People, child_protection: Indicator
) -> None:
    target(child_protection, "2027/28", "44")
    agreed = owned(people, code="DONE", frequency="annual")
    year = planning_year_open(period=YEAR, by=people.performance)
    _agree(year, agreed, people, value=Decimal(10))
    skipped = proposal_for(year, child_protection)

    planning_year_lock(year=year, by=people.performance, skip=[skipped.pk])

    assert _targets(child_protection)["2027/28"][1] == Decimal(44)
    assert _targets(agreed)["2027/28"][1] == Decimal(10)


def _past_statuses() -> dict[str, Any]:
    histories = indicator_histories(Indicator.objects.all())
    return assess_histories(histories, until=parse_period("2025/26 Q4"))


def test_earlier_ratings_are_identical_after_a_whole_year_of_target_setting(
    people: People, child_protection: Indicator
) -> None:
    before = _past_statuses()
    assert [p.rag.value for p in before["CP1"].periods][-4:] == ["red", "amber", "red", "amber"]

    year = planning_year_open(period=YEAR, by=people.performance)
    assert _past_statuses() == before
    proposal = target_proposal_save(
        proposal=proposal_for(year, child_protection),
        content=content(
            kind="band",
            value=None,
            band_low=Decimal(5),
            band_high=Decimal(10),
            tolerance_kind="relative",
            tolerance_value=Decimal("0.5"),
        ),
        by=people.owner,
        submit=True,
    )
    assert _past_statuses() == before
    target_proposal_agree(proposal=proposal, by=people.head)
    assert _past_statuses() == before
    planning_year_lock(year=year, by=people.performance)
    assert Target.objects.get(indicator=child_protection, period=YEAR).band_high == Decimal(10)
    assert _past_statuses() == before

    # The register's wording changes; the ratings of the years behind it do not.
    child_protection.title = "Fewer children on child protection plans"
    child_protection.save(update_fields=["title"])
    assert _past_statuses() == before


def test_a_new_direction_threshold_leaves_earlier_rag_ratings_alone(
    people: People, child_protection: Indicator
) -> None:
    before = _past_statuses()["CP1"]
    child_protection.direction_threshold = Decimal(10)
    child_protection.save(update_fields=["direction_threshold"])

    after = _past_statuses()["CP1"]

    assert [(p.period, p.rag) for p in after.periods] == [(p.period, p.rag) for p in before.periods]
    assert after.spc == before.spc


def test_a_published_indicator_refuses_a_reversed_polarity(
    people: People, child_protection: Indicator
) -> None:
    """Polarity decides every period's rating, so it is fixed once figures are published:
    the register refuses the change rather than re-rate years already reported."""
    child_protection.polarity = "up"

    with pytest.raises(ValidationError) as refused:
        child_protection.full_clean()

    assert "retire it and add a new indicator" in str(refused.value)
    child_protection.refresh_from_db()
    assert child_protection.polarity == "down"
