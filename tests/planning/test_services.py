"""Each transition of target setting, allowed or refused by role and by state."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from outturn.engine.periods import parse_period
from outturn.planning.models import PlanningYear, ProposalState, TargetProposal, YearState
from outturn.planning.services import (
    planning_year_lock,
    planning_year_open,
    target_proposal_agree,
    target_proposal_return,
    target_proposal_save,
)
from outturn.scorecard.models import Benchmark, ComparatorGroup, Indicator
from tests.planning.conftest import YEAR, People, content, owned, proposal_for

pytestmark = pytest.mark.django_db


def _proposed(year: PlanningYear, indicator: Indicator, by: User) -> TargetProposal:
    return target_proposal_save(
        proposal=proposal_for(year, indicator), content=content(), by=by, submit=True
    )


# --- opening -----------------------------------------------------------------------------


def test_the_performance_team_opens_a_year(people: People, child_protection: Indicator) -> None:
    year = planning_year_open(period=YEAR, by=people.performance)

    assert year.state == YearState.OPEN
    assert year.opened_by == people.performance
    assert year.history.get().history_user == people.performance


@pytest.mark.parametrize("who", ["owner", "head", "director", "outsider"])
def test_only_the_performance_team_opens_a_year(people: People, who: str) -> None:
    with pytest.raises(PermissionDenied):
        planning_year_open(period=YEAR, by=getattr(people, who))
    assert not PlanningYear.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027/28 Q1", "is not a financial year"),
        ("2025/26", "has ended"),
    ],
)
def test_a_quarter_or_an_ended_year_cannot_be_opened(
    people: People, text: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        planning_year_open(period=parse_period(text), by=people.performance)


def test_a_year_is_opened_once(people: People) -> None:
    planning_year_open(period=YEAR, by=people.performance)
    with pytest.raises(ValidationError, match="already open"):
        planning_year_open(period=YEAR, by=people.performance)


# --- proposing ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "author", "performance"])
def test_the_owner_responsible_officer_or_performance_team_proposes(
    people: People, open_year: PlanningYear, child_protection: Indicator, who: str
) -> None:
    proposal = _proposed(open_year, child_protection, getattr(people, who))

    assert proposal.state == ProposalState.PROPOSED
    assert proposal.value == Decimal(42)
    assert proposal.proposed_by == getattr(people, who)
    latest = proposal.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (getattr(people, who), "Proposed")


@pytest.mark.parametrize("who", ["head", "deputy", "other_head", "director", "outsider"])
def test_others_may_not_propose(
    people: People, open_year: PlanningYear, child_protection: Indicator, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        _proposed(open_year, child_protection, getattr(people, who))
    assert proposal_for(open_year, child_protection).state == ProposalState.DRAFT


def test_a_draft_saves_without_a_rationale_but_is_not_proposed_without_one(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    proposal = proposal_for(open_year, child_protection)
    saved = target_proposal_save(proposal=proposal, content=content(rationale=""), by=people.owner)
    assert saved.state == ProposalState.DRAFT

    with pytest.raises(ValidationError) as refused:
        target_proposal_save(
            proposal=proposal, content=content(rationale=" "), by=people.owner, submit=True
        )
    assert refused.value.message_dict == {
        "rationale": ["Enter why this target is right for 2027/28."]
    }


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"value": None}, "value", "Enter the target value."),
        (
            {"kind": "band", "value": None, "band_low": Decimal(50), "band_high": Decimal(40)},
            "band_high",
            "must not be below the lowest",
        ),
        ({"value": Decimal(-3)}, "value", "cannot be below zero"),
        (
            {"kind": "none", "value": None, "profile": {parse_period("2027/28 Q1"): Decimal(1)}},
            "profile",
            "divides a target value",
        ),
        (
            {"profile": {parse_period("2026/27 Q1"): Decimal(1)}},
            "profile",
            "is not a quarter of 2027/28",
        ),
        ({"tolerance_kind": "absolute"}, "tolerance_value", "Enter the tolerance"),
        ({"kind": "odd"}, "kind", "Select what kind of target"),
    ],
)
def test_bad_proposals_are_refused_with_the_field_named(
    people: People,
    open_year: PlanningYear,
    child_protection: Indicator,
    fields: dict[str, object],
    field: str,
    message: str,
) -> None:
    proposal = proposal_for(open_year, child_protection)
    before = proposal.version

    with pytest.raises(ValidationError) as refused:
        target_proposal_save(proposal=proposal, content=content(**fields), by=people.owner)

    assert message in " ".join(refused.value.message_dict[field])
    proposal.refresh_from_db()
    assert proposal.version == before


def test_a_benchmark_of_another_indicator_is_refused(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    other = owned(people, code="OTHER")
    group = ComparatorGroup.objects.create(code="SW", name="South West")
    foreign = Benchmark.objects.create(
        indicator=other, group=group, period=parse_period("2025/26"), value=Decimal(1)
    )
    with pytest.raises(ValidationError) as refused:
        target_proposal_save(
            proposal=proposal_for(open_year, child_protection),
            content=content(benchmark=foreign),
            by=people.owner,
        )
    assert "benchmark" in refused.value.message_dict


def test_a_second_editor_cannot_overwrite_the_first(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    proposal = proposal_for(open_year, child_protection)
    seen = proposal.version
    target_proposal_save(
        proposal=proposal,
        content=content(value=Decimal(40)),
        by=people.owner,
        expected_version=seen,
    )

    with pytest.raises(ValidationError, match="Someone else changed this proposal"):
        target_proposal_save(
            proposal=proposal,
            content=content(value=Decimal(44)),
            by=people.author,
            expected_version=seen,
        )
    proposal.refresh_from_db()
    assert proposal.value == Decimal(40)


def test_a_proposed_target_cannot_be_edited(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    proposal = _proposed(open_year, child_protection, people.owner)
    with pytest.raises(ValidationError, match="waiting for agreement, so it cannot be changed"):
        target_proposal_save(proposal=proposal, content=content(value=Decimal(1)), by=people.owner)


# --- agreeing and returning --------------------------------------------------------------


@pytest.mark.parametrize("who", ["head", "deputy"])
def test_the_head_or_deputy_agrees(
    people: People, open_year: PlanningYear, child_protection: Indicator, who: str
) -> None:
    proposal = _proposed(open_year, child_protection, people.owner)

    agreed = target_proposal_agree(proposal=proposal, by=getattr(people, who))

    assert agreed.state == ProposalState.AGREED
    assert agreed.decided_by == getattr(people, who)
    assert agreed.history.latest().history_change_reason == "Agreed"


@pytest.mark.parametrize("who", ["owner", "author", "performance", "other_head", "director"])
def test_others_may_not_agree_or_return(
    people: People, open_year: PlanningYear, child_protection: Indicator, who: str
) -> None:
    proposal = _proposed(open_year, child_protection, people.owner)
    with pytest.raises(PermissionDenied):
        target_proposal_agree(proposal=proposal, by=getattr(people, who))
    with pytest.raises(PermissionDenied):
        target_proposal_return(proposal=proposal, comment="No", by=getattr(people, who))
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED


def test_a_draft_cannot_be_agreed_or_returned(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    proposal = proposal_for(open_year, child_protection)
    with pytest.raises(ValidationError, match="only a proposed target can be agreed"):
        target_proposal_agree(proposal=proposal, by=people.head)
    with pytest.raises(ValidationError, match="only a proposed target can be returned"):
        target_proposal_return(proposal=proposal, comment="Lower it", by=people.head)


def test_no_one_agrees_their_own_proposal(people: People, open_year: PlanningYear) -> None:
    # A head who also answers for an indicator of their own service.
    indicator = owned(people, code="HEADS", responsible_officer=people.head)
    from outturn.planning.services import planning_year_add_indicators

    planning_year_add_indicators(year=open_year, by=people.performance)
    proposal = _proposed(open_year, indicator, people.head)

    with pytest.raises(ValidationError, match="someone else must agree it"):
        target_proposal_agree(proposal=proposal, by=people.head)
    assert target_proposal_agree(proposal=proposal, by=people.deputy).state == "agreed"


def test_returned_with_a_comment_then_proposed_again(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    proposal = _proposed(open_year, child_protection, people.owner)
    with pytest.raises(ValidationError) as refused:
        target_proposal_return(proposal=proposal, comment="  ", by=people.head)
    assert "comment" in refused.value.message_dict

    returned = target_proposal_return(
        proposal=proposal, comment="Stretch it towards the national rate.", by=people.head
    )
    assert returned.state == ProposalState.RETURNED
    assert returned.return_comment == "Stretch it towards the national rate."

    again = target_proposal_save(
        proposal=proposal, content=content(value=Decimal(41)), by=people.owner, submit=True
    )
    assert again.state == ProposalState.PROPOSED
    assert target_proposal_agree(proposal=again, by=people.head).state == ProposalState.AGREED
    reasons = list(
        proposal.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Carried forward when the year opened",
        "Proposed",
        "Returned",
        "Proposed",
        "Agreed",
    ]


def test_an_agreed_target_cannot_be_agreed_again(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    proposal = _proposed(open_year, child_protection, people.owner)
    target_proposal_agree(proposal=proposal, by=people.head)
    # The deputy's page was drawn before the head agreed: the stale object is re-read.
    with pytest.raises(ValidationError, match="is agreed: only a proposed target"):
        target_proposal_agree(proposal=proposal, by=people.deputy)
    assert proposal.history.filter(history_change_reason="Agreed").count() == 1


# --- locking -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "head", "director"])
def test_only_the_performance_team_locks(people: People, open_year: PlanningYear, who: str) -> None:
    with pytest.raises(PermissionDenied):
        planning_year_lock(year=open_year, by=getattr(people, who), skip=[])
    open_year.refresh_from_db()
    assert open_year.state == YearState.OPEN


def test_outstanding_proposals_hold_the_lock_up_until_skipped(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    draft = proposal_for(open_year, child_protection)
    with pytest.raises(ValidationError, match="1 target is not agreed: CP1"):
        planning_year_lock(year=open_year, by=people.performance)

    result = planning_year_lock(year=open_year, by=people.performance, skip=[draft.pk])

    assert result.skipped == ("CP1",)
    assert result.locked == 0
    draft.refresh_from_db()
    assert draft.state == ProposalState.SKIPPED
    open_year.refresh_from_db()
    assert (open_year.state, open_year.locked_by) == (YearState.LOCKED, people.performance)


def test_a_locked_year_refuses_every_change(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    proposal = _proposed(open_year, child_protection, people.owner)
    target_proposal_agree(proposal=proposal, by=people.head)
    planning_year_lock(year=open_year, by=people.performance)

    with pytest.raises(ValidationError, match="targets are locked"):
        target_proposal_save(proposal=proposal, content=content(), by=people.owner)
    with pytest.raises(ValidationError, match="targets are locked"):
        target_proposal_return(proposal=proposal, comment="Too late", by=people.head)
    with pytest.raises(ValidationError, match="already locked"):
        planning_year_lock(year=open_year, by=people.performance)
