"""The data round's writes: rounds, entry, submission, approval, return and publishing.

Each service is tried by the person it is for and refused to the people it is not for,
from the states it starts from and the ones it must not; every change it makes is in the
audit history with who made it and why.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from outturn.engine.periods import parse_period, periods_between
from outturn.rounds.models import Round, RoundState
from outturn.rounds.services import (
    Entry,
    TransitionRefused,
    open_round_for,
    outturn_approve,
    outturn_return,
    outturn_save,
    outturn_submit,
    outturns_publish,
    round_close,
    round_open,
    round_reopen,
)
from outturn.rounds.signals import outturn_approved, outturns_published
from outturn.scorecard.models import Frequency, Indicator, Outturn, OutturnState
from tests import factories
from tests.rounds.conftest import People
from tests.rounds.helpers import Q2, Q2_DEADLINE, approved, save, submitted

P = parse_period
D = Decimal

pytestmark = pytest.mark.django_db


def reasons(obj: Any) -> list[tuple[str | None, str | None]]:
    """The audit trail of ``obj``, oldest first: (change reason, username)."""
    return [
        (h.history_change_reason, h.history_user.username if h.history_user else None)
        for h in obj.history.order_by("history_id")
    ]


def refresh(outturn: Outturn) -> Outturn:
    return Outturn.objects.get(pk=outturn.pk)


@pytest.fixture
def signals() -> Iterator[dict[str, list[dict[str, Any]]]]:
    """What the round's signals carried, by signal name."""
    heard: dict[str, list[dict[str, Any]]] = {"approved": [], "published": []}

    def on_approved(sender: Any, **kwargs: Any) -> None:
        heard["approved"].append(kwargs)

    def on_published(sender: Any, **kwargs: Any) -> None:
        heard["published"].append(kwargs)

    outturn_approved.connect(on_approved, dispatch_uid="test-approved")
    outturns_published.connect(on_published, dispatch_uid="test-published")
    yield heard
    outturn_approved.disconnect(dispatch_uid="test-approved")
    outturns_published.disconnect(dispatch_uid="test-published")


def messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# --- rounds -----------------------------------------------------------------------------


def test_the_performance_team_opens_a_round(people: People) -> None:
    round_ = round_open(period=Q2, deadline=Q2_DEADLINE, by=people.performance)

    round_.refresh_from_db()
    assert round_.period == Q2
    assert round_.state == RoundState.OPEN
    assert round_.deadline == Q2_DEADLINE
    assert round_.opened_by == people.performance
    assert round_.opened_at is not None
    assert round_.closed_at is None
    assert reasons(round_) == [("Round opened", "performance")]


def test_a_superuser_counts_as_the_performance_team(people: People) -> None:
    admin: Any = factories.user("admin", is_superuser=True, is_staff=True)
    assert round_open(period=Q2, deadline=Q2_DEADLINE, by=admin).state == RoundState.OPEN


@pytest.mark.parametrize("who", ["owner", "head", "deputy", "director", "outsider"])
def test_only_the_performance_team_opens_rounds(people: People, who: str) -> None:
    with pytest.raises(PermissionDenied):
        round_open(period=Q2, deadline=Q2_DEADLINE, by=getattr(people, who))
    assert not Round.objects.exists()


@pytest.mark.parametrize("period", ["2025/26", "September 2025", "30 September 2025"])
def test_a_round_collects_a_quarter(people: People, period: str) -> None:
    with pytest.raises(ValidationError) as error:
        round_open(period=P(period), deadline=Q2_DEADLINE, by=people.performance)
    assert "is not a quarter" in messages(error)["period"][0]
    assert not Round.objects.exists()


def test_a_deadline_before_the_quarter_ends_is_refused(people: People) -> None:
    with pytest.raises(ValidationError) as error:
        round_open(period=Q2, deadline=date(2025, 9, 29), by=people.performance)
    assert "deadline" in messages(error)
    assert not Round.objects.exists()


def test_a_deadline_on_the_quarters_last_day_is_refused(people: People) -> None:
    with pytest.raises(ValidationError):
        round_open(period=Q2, deadline=Q2.end, by=people.performance)


def test_a_quarter_has_one_round(people: People, q2_round: Round) -> None:
    with pytest.raises(ValidationError) as error:
        round_open(period=Q2, deadline=date(2025, 11, 30), by=people.performance)
    assert "already exists" in messages(error)["period"][0]
    assert Round.objects.count() == 1


def test_closing_a_round(people: People, q2_round: Round) -> None:
    closed = round_close(round_=q2_round, by=people.performance)

    q2_round.refresh_from_db()
    assert q2_round.state == closed.state == RoundState.CLOSED
    assert q2_round.closed_at is not None
    assert reasons(q2_round) == [
        ("Round opened", "performance"),
        ("Round closed", "performance"),
    ]


def test_a_closed_round_cannot_be_closed_again(people: People, q2_round: Round) -> None:
    round_close(round_=q2_round, by=people.performance)
    # Pass the stale object, as a second browser tab would: the service reads the row.
    with pytest.raises(TransitionRefused, match="already closed"):
        round_close(round_=q2_round, by=people.performance)
    assert q2_round.history.count() == 2


@pytest.mark.parametrize("who", ["owner", "head", "outsider"])
def test_only_the_performance_team_closes_and_reopens(
    people: People, q2_round: Round, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        round_close(round_=q2_round, by=getattr(people, who))
    round_close(round_=q2_round, by=people.performance)
    with pytest.raises(PermissionDenied):
        round_reopen(round_=q2_round, by=getattr(people, who), deadline=date(2025, 12, 31))
    q2_round.refresh_from_db()
    assert q2_round.state == RoundState.CLOSED


def test_reopening_a_round_sets_a_new_deadline(people: People, q2_round: Round) -> None:
    round_close(round_=q2_round, by=people.performance)
    round_reopen(round_=q2_round, by=people.performance, deadline=date(2026, 1, 31))

    q2_round.refresh_from_db()
    assert q2_round.state == RoundState.OPEN
    assert q2_round.closed_at is None
    assert q2_round.deadline == date(2026, 1, 31)
    assert [reason for reason, _ in reasons(q2_round)] == [
        "Round opened",
        "Round closed",
        "Round reopened",
    ]


def test_an_open_round_cannot_be_reopened(people: People, q2_round: Round) -> None:
    with pytest.raises(TransitionRefused, match="already open"):
        round_reopen(round_=q2_round, by=people.performance, deadline=date(2026, 1, 31))
    q2_round.refresh_from_db()
    assert q2_round.deadline == Q2_DEADLINE


def test_reopening_refuses_a_deadline_before_the_quarter_ends(
    people: People, q2_round: Round
) -> None:
    round_close(round_=q2_round, by=people.performance)
    with pytest.raises(ValidationError):
        round_reopen(round_=q2_round, by=people.performance, deadline=date(2025, 8, 1))


def test_transition_refused_is_a_validation_error() -> None:
    assert issubclass(TransitionRefused, ValidationError)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025/26 Q2", "2025/26 Q2"),
        ("August 2025", "2025/26 Q2"),
        ("Summer term 2025", "2025/26 Q2"),
        ("2024/25 academic year", "2025/26 Q2"),
        ("30 September 2025", "2025/26 Q2"),
        ("2025/26", "2025/26 Q4"),
        ("2025/26 Q3", None),
        ("June 2025", None),
    ],
)
def test_open_round_for_is_the_round_of_the_quarter_a_period_ends_in(
    people: People, q2_round: Round, period: str, expected: str | None
) -> None:
    q4 = round_open(period=P("2025/26 Q4"), deadline=date(2026, 4, 30), by=people.performance)
    found = open_round_for(P(period))
    assert found == {"2025/26 Q2": q2_round, "2025/26 Q4": q4, None: None}[expected]


def test_a_closed_round_is_not_open_for_its_periods(people: People, q2_round: Round) -> None:
    round_close(round_=q2_round, by=people.performance)
    assert open_round_for(Q2) is None


# --- saving and submitting --------------------------------------------------------------


def test_the_data_owner_saves_a_draft(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = save(indicator, "64.2", people.owner, note="  Visits recovered after August.  ")

    outturn = refresh(outturn)
    assert outturn.state == OutturnState.DRAFT
    assert outturn.value == D("64.2")
    assert outturn.note == "Visits recovered after August."
    assert outturn.entered_by == people.owner
    assert outturn.entered_at is not None
    assert reasons(outturn) == [("Saved as draft", "owner")]


def test_a_draft_may_be_saved_without_a_value(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = save(indicator, None, people.owner, note="Figures due from the provider on Friday.")
    assert refresh(outturn).value is None
    assert refresh(outturn).state == OutturnState.DRAFT


def test_a_value_is_needed_to_submit(people: People, indicator: Indicator, q2_round: Round) -> None:
    with pytest.raises(ValidationError) as error:
        save(indicator, None, people.owner, submit=True)
    assert messages(error)["value"] == ["Enter a value before submitting it."]
    assert not Outturn.objects.exists()


def test_the_data_owner_submits_a_value(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    save(indicator, "60.0", people.owner)
    outturn = save(indicator, "64.2", people.owner, submit=True)

    outturn = refresh(outturn)
    assert outturn.state == OutturnState.SUBMITTED
    assert outturn.value == D("64.2")
    assert Outturn.objects.count() == 1
    assert reasons(outturn) == [("Saved as draft", "owner"), ("Submitted", "owner")]


def test_the_performance_team_may_enter_for_anyone(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = save(indicator, "64.2", people.performance, submit=True)
    assert refresh(outturn).entered_by == people.performance
    assert reasons(outturn) == [("Submitted", "performance")]


@pytest.mark.parametrize(
    "who", ["head", "deputy", "director", "author", "other_owner", "other_head", "outsider"]
)
def test_only_the_data_owner_and_performance_team_enter(
    people: People, indicator: Indicator, q2_round: Round, who: str
) -> None:
    with pytest.raises(PermissionDenied, match="CS1"):
        save(indicator, "64.2", getattr(people, who))
    assert not Outturn.objects.exists()


def test_an_owner_cannot_enter_someone_elses_indicator(
    people: People, other_indicator: Indicator, q2_round: Round
) -> None:
    with pytest.raises(PermissionDenied):
        save(other_indicator, "90", people.owner, submit=True)
    assert not Outturn.objects.exists()


@pytest.mark.parametrize("period", ["August 2025", "30 September 2025", "2024/25 academic year"])
def test_a_period_of_the_wrong_kind_is_refused(
    people: People, indicator: Indicator, q2_round: Round, period: str
) -> None:
    with pytest.raises(ValidationError) as error:
        save(indicator, "64.2", people.owner, period=P(period))
    assert "is quarterly" in messages(error)["period"][0]
    assert "wrong kind of period" in messages(error)["period"][0]
    assert not Outturn.objects.exists()


def test_a_monthly_indicator_takes_its_months(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    indicator.frequency = Frequency.MONTHLY
    indicator.save(update_fields=["frequency"])
    for month in ("July 2025", "August 2025", "September 2025"):
        save(indicator, "60", people.owner, period=P(month), submit=True)
    assert Outturn.objects.filter(state=OutturnState.SUBMITTED).count() == 3
    with pytest.raises(ValidationError):
        save(indicator, "60", people.owner, period=Q2)


def test_a_period_without_a_round_is_refused(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    with pytest.raises(ValidationError) as error:
        save(indicator, "64.2", people.owner, period=P("2025/26 Q3"))
    assert "No data round is open for 2025/26 Q3" in messages(error)["period"][0]
    assert not Outturn.objects.exists()


def test_a_period_whose_round_is_closed_is_refused(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    draft = save(indicator, "60.0", people.owner)
    round_close(round_=q2_round, by=people.performance)

    with pytest.raises(ValidationError, match="No data round is open"):
        save(indicator, "64.2", people.owner, submit=True)
    with pytest.raises(ValidationError, match="No data round is open"):
        outturn_submit(outturn=draft, by=people.owner)
    assert refresh(draft).value == D("60.0")
    assert refresh(draft).state == OutturnState.DRAFT


def test_a_reopened_round_takes_values_again(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    round_close(round_=q2_round, by=people.performance)
    round_reopen(round_=q2_round, by=people.performance, deadline=date(2025, 12, 31))
    assert refresh(save(indicator, "64.2", people.owner, submit=True)).state == "submitted"


@pytest.mark.parametrize(
    "state", [OutturnState.SUBMITTED, OutturnState.APPROVED, OutturnState.PUBLISHED]
)
def test_a_value_past_draft_cannot_be_saved_over(
    people: People, indicator: Indicator, q2_round: Round, state: str
) -> None:
    outturn = submitted(indicator, "64.2")
    if state != OutturnState.SUBMITTED:
        outturn = outturn_approve(outturn=outturn, by=people.head)
    if state == OutturnState.PUBLISHED:
        outturns_publish(outturns=[outturn], by=people.performance)
    history_before = outturn.history.count()

    for by in (people.owner, people.performance):
        with pytest.raises(TransitionRefused, match="can no longer be changed"):
            save(indicator, "70.0", by, note="A late correction")

    after = refresh(outturn)
    assert after.state == state
    assert after.value == D("64.2")
    assert after.note == ""
    assert after.history.count() == history_before


def test_an_impossible_value_is_refused_even_as_a_draft(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    with pytest.raises(ValidationError) as error:
        save(indicator, "150", people.owner)
    assert "above 100%" in messages(error)["value"][0]
    assert not Outturn.objects.exists()


def test_an_impossible_value_leaves_the_saved_draft_alone(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    draft = save(indicator, "64.2", people.owner, note="First go")
    with pytest.raises(ValidationError):
        save(indicator, "-4", people.owner, note="Second go")
    after = refresh(draft)
    assert (after.value, after.note) == (D("64.2"), "First go")
    assert after.history.count() == 1


def test_a_retired_indicator_takes_no_values(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    indicator.active_to = P("2024/25")
    indicator.save(update_fields=["active_to"])
    with pytest.raises(ValidationError):
        save(indicator, "64.2", people.owner, submit=True)


def test_values_are_stored_exactly(people: People, indicator: Indicator, q2_round: Round) -> None:
    save(indicator, "64.2500001", people.owner, submit=True)
    assert Outturn.objects.get().value == D("64.2500001")


# --- numerator and denominator ----------------------------------------------------------


def test_the_value_is_worked_out_from_the_numerator_and_denominator(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    entry = Entry(numerator=D(548), denominator=D(7117), secondary_value=D(548))
    outturn = outturn_save(indicator=indicator, period=Q2, entry=entry, by=people.owner)

    outturn = refresh(outturn)
    assert outturn.value == D("7.7")  # 548 / 7117 as a percentage to 1 decimal place
    assert (outturn.numerator, outturn.denominator) == (D(548), D(7117))
    assert outturn.secondary_value == D(548)


def test_a_rate_is_scaled(people: People, indicator: Indicator, q2_round: Round) -> None:
    indicator.unit = "rate_per_10000"
    indicator.save(update_fields=["unit"])
    entry = Entry(numerator=D(31), denominator=D(26271))
    outturn = outturn_save(indicator=indicator, period=Q2, entry=entry, by=people.owner)
    assert refresh(outturn).value == D("11.8")


@pytest.mark.parametrize("typed", ["7.7", "7.70"])
def test_a_typed_value_that_matches_the_parts_is_accepted(
    people: People, indicator: Indicator, q2_round: Round, typed: str
) -> None:
    entry = Entry(value=D(typed), numerator=D(548), denominator=D(7117))
    outturn = outturn_save(indicator=indicator, period=Q2, entry=entry, by=people.owner)
    assert refresh(outturn).value == D("7.7")


def test_a_typed_value_that_does_not_match_the_parts_is_refused(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    entry = Entry(value=D("7.9"), numerator=D(548), denominator=D(7117))
    with pytest.raises(ValidationError) as error:
        outturn_save(indicator=indicator, period=Q2, entry=entry, by=people.owner, submit=True)
    message = messages(error)["value"][0]
    assert "7.9" in message
    assert "7.7" in message
    assert not Outturn.objects.exists()


def test_a_zero_denominator_is_refused_against_the_denominator(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    entry = Entry(numerator=D(5), denominator=D(0))
    with pytest.raises(ValidationError) as error:
        outturn_save(indicator=indicator, period=Q2, entry=entry, by=people.owner)
    assert "denominator is 0" in messages(error)["denominator"][0]
    assert not Outturn.objects.exists()


def test_a_numerator_above_its_denominator_is_not_a_percentage(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    entry = Entry(numerator=D(12), denominator=D(10))
    with pytest.raises(ValidationError) as error:
        outturn_save(indicator=indicator, period=Q2, entry=entry, by=people.owner)
    assert "above 100%" in messages(error)["value"][0]


def test_a_lone_numerator_does_not_replace_the_typed_value(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    entry = Entry(value=D("64.2"), numerator=D(120))
    outturn = outturn_save(indicator=indicator, period=Q2, entry=entry, by=people.owner)
    assert refresh(outturn).value == D("64.2")
    assert refresh(outturn).numerator == D(120)


# --- unusual values need an explanation -------------------------------------------------


@pytest.fixture
def steady_history(indicator: Indicator) -> None:
    """Eight approved quarters around 50%: process limits about 44% to 56%."""
    values = ["50", "52", "49", "51", "50", "48", "52", "50"]
    for period, figure in zip(
        periods_between(P("2023/24 Q2"), P("2025/26 Q1")), values, strict=True
    ):
        factories.outturn(indicator, str(period), figure, state=OutturnState.APPROVED)


def test_a_sharp_move_needs_an_explanation_to_submit(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    factories.outturn(indicator, "2025/26 Q1", "50", state=OutturnState.APPROVED)

    with pytest.raises(ValidationError) as error:
        save(indicator, "20", people.owner, submit=True)
    assert "60% below the previous period's 50%" in messages(error)["explanation"][0]
    assert not Outturn.objects.filter(period=Q2).exists()

    with pytest.raises(ValidationError):
        save(indicator, "20", people.owner, submit=True, explanation="   ")

    outturn = save(
        indicator,
        "20",
        people.owner,
        submit=True,
        explanation="  A new recording system missed visits in August.  ",
    )
    assert refresh(outturn).state == OutturnState.SUBMITTED
    assert refresh(outturn).explanation == "A new recording system missed visits in August."


def test_an_unusual_value_may_be_saved_as_a_draft_without_explaining(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    factories.outturn(indicator, "2025/26 Q1", "50", state=OutturnState.APPROVED)
    outturn = save(indicator, "20", people.owner)
    assert refresh(outturn).state == OutturnState.DRAFT
    # ...but the list page's submit button asks for the explanation all the same.
    with pytest.raises(ValidationError) as error:
        outturn_submit(outturn=outturn, by=people.owner)
    assert "explanation" in messages(error)
    assert refresh(outturn).state == OutturnState.DRAFT


@pytest.mark.parametrize("state", [OutturnState.DRAFT, OutturnState.SUBMITTED])
def test_only_approved_history_counts_as_the_previous_period(
    people: People, indicator: Indicator, q2_round: Round, state: str
) -> None:
    factories.outturn(indicator, "2025/26 Q1", "50", state=state)
    assert refresh(save(indicator, "20", people.owner, submit=True)).state == "submitted"


def test_a_published_previous_period_counts(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    factories.outturn(
        indicator,
        "2025/26 Q1",
        "50",
        state=OutturnState.PUBLISHED,
        published_at=q2_round.opened_at,
    )
    with pytest.raises(ValidationError, match="explain the change"):
        save(indicator, "20", people.owner, submit=True)


@pytest.mark.parametrize(("figure", "limit"), [("60", "upper"), ("44", "lower")])
def test_a_value_outside_the_process_limits_needs_an_explanation(
    people: People,
    indicator: Indicator,
    q2_round: Round,
    steady_history: None,
    figure: str,
    limit: str,
) -> None:
    # Neither is a sharp move from 50%, but both are outside the limits.
    with pytest.raises(ValidationError) as error:
        save(indicator, figure, people.owner, submit=True)
    [warning] = messages(error)["explanation"]
    side = "above" if limit == "upper" else "below"
    assert f"{figure}% is {side} the {limit} process limit" in warning

    explained = save(indicator, figure, people.owner, submit=True, explanation="A one-off audit.")
    assert refresh(explained).state == OutturnState.SUBMITTED


def test_a_value_inside_the_process_limits_needs_no_explanation(
    people: People, indicator: Indicator, q2_round: Round, steady_history: None
) -> None:
    assert refresh(save(indicator, "53", people.owner, submit=True)).state == "submitted"


def test_process_limits_need_six_earlier_values(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    for period, figure in zip(
        periods_between(P("2024/25 Q1"), P("2025/26 Q1")),
        ["50", "51", "50", "49", "50"],
        strict=True,
    ):
        factories.outturn(indicator, str(period), figure, state=OutturnState.APPROVED)
    # 60% is far outside what eight such values would allow, and only 20% above 50%.
    assert refresh(save(indicator, "60", people.owner, submit=True)).state == "submitted"


# --- submitting a saved draft -----------------------------------------------------------


def test_submitting_a_draft_as_it_stands(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    draft = save(indicator, "64.2", people.owner, note="Up on last quarter.")
    outturn = outturn_submit(outturn=draft, by=people.owner)

    outturn = refresh(outturn)
    assert outturn.state == OutturnState.SUBMITTED
    assert (outturn.value, outturn.note) == (D("64.2"), "Up on last quarter.")
    assert reasons(outturn) == [("Saved as draft", "owner"), ("Submitted", "owner")]


def test_submitting_a_draft_with_parts_works_the_value_out_again(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    entry = Entry(numerator=D(548), denominator=D(7117))
    draft = outturn_save(indicator=indicator, period=Q2, entry=entry, by=people.owner)
    assert refresh(outturn_submit(outturn=draft, by=people.owner)).value == D("7.7")


def test_submitting_a_draft_with_a_value_and_a_lone_numerator(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    entry = Entry(value=D("64.2"), numerator=D(120))
    draft = outturn_save(indicator=indicator, period=Q2, entry=entry, by=people.owner)
    assert refresh(outturn_submit(outturn=draft, by=people.owner)).value == D("64.2")


def test_a_draft_without_a_value_cannot_be_submitted(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    draft = save(indicator, None, people.owner)
    with pytest.raises(ValidationError, match="Enter a value"):
        outturn_submit(outturn=draft, by=people.owner)


@pytest.mark.parametrize("who", ["head", "outsider", "other_owner"])
def test_only_those_who_enter_submit(
    people: People, indicator: Indicator, q2_round: Round, who: str
) -> None:
    draft = save(indicator, "64.2", people.owner)
    with pytest.raises(PermissionDenied):
        outturn_submit(outturn=draft, by=getattr(people, who))
    assert refresh(draft).state == OutturnState.DRAFT


def test_a_submitted_value_cannot_be_submitted_again(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = submitted(indicator)
    with pytest.raises(TransitionRefused):
        outturn_submit(outturn=outturn, by=people.owner)
    assert outturn.history.count() == 1


# --- approving --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["head", "deputy"])
def test_the_head_or_deputy_approves(
    people: People,
    indicator: Indicator,
    q2_round: Round,
    signals: dict[str, list[dict[str, Any]]],
    who: str,
) -> None:
    approver = getattr(people, who)
    outturn = outturn_approve(outturn=submitted(indicator), by=approver)

    stored = refresh(outturn)
    assert stored.state == OutturnState.APPROVED
    assert stored.approved_by == approver
    assert stored.approved_at is not None
    assert reasons(stored)[-1] == ("Approved", who)
    assert len(signals["approved"]) == 1
    assert signals["approved"][0]["outturn"].pk == outturn.pk
    assert signals["approved"][0]["outturn"].state == OutturnState.APPROVED
    assert signals["approved"][0]["by"] == approver


@pytest.mark.parametrize(
    "who", ["owner", "performance", "director", "author", "other_head", "outsider"]
)
def test_only_the_services_head_or_deputy_approves(
    people: People,
    indicator: Indicator,
    q2_round: Round,
    signals: dict[str, list[dict[str, Any]]],
    who: str,
) -> None:
    outturn = submitted(indicator)
    with pytest.raises(PermissionDenied, match="CS1"):
        outturn_approve(outturn=outturn, by=getattr(people, who))
    assert refresh(outturn).state == OutturnState.SUBMITTED
    assert refresh(outturn).approved_by is None
    assert signals["approved"] == []


def test_a_draft_cannot_be_approved(
    people: People,
    indicator: Indicator,
    q2_round: Round,
    signals: dict[str, list[dict[str, Any]]],
) -> None:
    draft = save(indicator, "64.2", people.owner)
    with pytest.raises(TransitionRefused, match="is draft, so it cannot be approved"):
        outturn_approve(outturn=draft, by=people.head)
    assert refresh(draft).state == OutturnState.DRAFT
    assert signals["approved"] == []


@pytest.mark.parametrize(
    "state", [OutturnState.RETURNED, OutturnState.APPROVED, OutturnState.PUBLISHED]
)
def test_only_a_submitted_value_can_be_approved(
    people: People, indicator: Indicator, q2_round: Round, state: str
) -> None:
    outturn = submitted(indicator)
    if state == OutturnState.RETURNED:
        outturn_return(outturn=outturn, comment="Check the August figure.", by=people.head)
    else:
        outturn_approve(outturn=outturn, by=people.head)
    if state == OutturnState.PUBLISHED:
        outturns_publish(outturns=[outturn], by=people.performance)
    history_before = outturn.history.count()

    # ``outturn`` is the stale object still saying "submitted": the service must re-read.
    assert outturn.state == OutturnState.SUBMITTED
    with pytest.raises(TransitionRefused, match="cannot be approved"):
        outturn_approve(outturn=outturn, by=people.deputy)
    assert refresh(outturn).state == state
    assert outturn.history.count() == history_before


def test_approval_clears_an_earlier_return_comment(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = submitted(indicator, "64.2")
    outturn_return(outturn=outturn, comment="The July visits are missing.", by=people.head)
    resubmitted = save(indicator, "61.9", people.owner, submit=True, note="July added.")
    assert refresh(resubmitted).review_comment == "The July visits are missing."

    outturn_approve(outturn=resubmitted, by=people.head)
    assert refresh(outturn).review_comment == ""
    assert refresh(outturn).value == D("61.9")


# --- returning --------------------------------------------------------------------------


def test_the_head_returns_a_value_and_the_owner_is_emailed_on_commit(
    people: People,
    indicator: Indicator,
    q2_round: Round,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    outturn = submitted(indicator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outturn_return(
            outturn=outturn, comment="  The August figure looks doubled.  ", by=people.head
        )
        assert mail.outbox == []  # nothing goes out before the change is committed

    assert [c for c in callbacks if "outturn_return" in c.__qualname__]  # the email, on commit
    stored = refresh(outturn)
    assert stored.state == OutturnState.RETURNED
    assert stored.review_comment == "The August figure looks doubled."
    assert reasons(stored)[-1] == ("Returned: The August figure looks doubled.", "head")

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["owner@example.org"]
    assert email.subject == "Returned: CS1 2025/26 Q2"
    assert "Harriet Head returned your value for CS1" in email.body
    assert "The August figure looks doubled." in email.body


def test_no_email_goes_out_when_the_return_is_rolled_back(
    people: People,
    indicator: Indicator,
    q2_round: Round,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    outturn = submitted(indicator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outturn_return(outturn=outturn, comment="Check it.", by=people.deputy)
    assert [c for c in callbacks if "outturn_return" in c.__qualname__]  # the email, on commit
    assert mail.outbox == []


def test_an_owner_without_an_email_address_is_not_emailed(
    people: People,
    indicator: Indicator,
    q2_round: Round,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    people.owner.email = ""
    people.owner.save(update_fields=["email"])
    outturn = submitted(indicator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outturn_return(outturn=outturn, comment="Check it.", by=people.head)
    assert refresh(outturn).state == OutturnState.RETURNED
    assert mail.outbox == []


@pytest.mark.parametrize("comment", ["", "   ", "\n\t"])
def test_a_return_needs_a_comment(
    people: People,
    indicator: Indicator,
    q2_round: Round,
    comment: str,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    outturn = submitted(indicator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        outturn_return(outturn=outturn, comment=comment, by=people.head)
    assert "comment" in messages(error)
    assert refresh(outturn).state == OutturnState.SUBMITTED
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["owner", "performance", "other_head", "director", "outsider"])
def test_only_the_services_head_or_deputy_returns(
    people: People, indicator: Indicator, q2_round: Round, who: str
) -> None:
    outturn = submitted(indicator)
    with pytest.raises(PermissionDenied):
        outturn_return(outturn=outturn, comment="Check it.", by=getattr(people, who))
    assert refresh(outturn).state == OutturnState.SUBMITTED


@pytest.mark.parametrize("state", [OutturnState.DRAFT, OutturnState.APPROVED])
def test_only_a_submitted_value_can_be_returned(
    people: People,
    indicator: Indicator,
    q2_round: Round,
    state: str,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    outturn = save(indicator, "64.2", people.owner) if state == "draft" else approved(indicator)
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(TransitionRefused, match="cannot be returned"),
    ):
        outturn_return(outturn=outturn, comment="Check it.", by=people.head)
    assert refresh(outturn).state == state
    assert mail.outbox == []


def test_the_owner_corrects_a_returned_value(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = submitted(indicator, "64.2")
    outturn_return(outturn=outturn, comment="Use the validated figure.", by=people.head)

    draft = save(indicator, "63.8", people.owner)
    assert refresh(draft).state == OutturnState.DRAFT
    again = outturn_submit(outturn=draft, by=people.owner)
    assert refresh(again).state == OutturnState.SUBMITTED
    assert refresh(again).value == D("63.8")


# --- publishing -------------------------------------------------------------------------


def test_the_performance_team_publishes_approved_values(
    people: People,
    indicator: Indicator,
    other_indicator: Indicator,
    q2_round: Round,
    signals: dict[str, list[dict[str, Any]]],
) -> None:
    first, second = approved(indicator), approved(other_indicator, "91.0")

    published = outturns_publish(outturns=[first, second], by=people.performance)

    assert {o.pk for o in published} == {first.pk, second.pk}
    stored = [refresh(first), refresh(second)]
    assert {o.state for o in stored} == {OutturnState.PUBLISHED}
    assert stored[0].published_at is not None
    assert stored[0].published_at == stored[1].published_at
    for outturn in stored:
        assert reasons(outturn)[-1] == ("Published", "performance")
    assert len(signals["published"]) == 1
    assert {o.pk for o in signals["published"][0]["outturns"]} == {first.pk, second.pk}
    assert signals["published"][0]["by"] == people.performance


@pytest.mark.parametrize("who", ["owner", "head", "deputy", "director", "outsider"])
def test_only_the_performance_team_publishes(
    people: People, indicator: Indicator, q2_round: Round, who: str
) -> None:
    outturn = approved(indicator)
    with pytest.raises(PermissionDenied):
        outturns_publish(outturns=[outturn], by=getattr(people, who))
    assert refresh(outturn).state == OutturnState.APPROVED


@pytest.mark.parametrize("state", [OutturnState.DRAFT, OutturnState.SUBMITTED, "returned"])
def test_publishing_is_all_or_nothing(
    people: People,
    indicator: Indicator,
    other_indicator: Indicator,
    q2_round: Round,
    signals: dict[str, list[dict[str, Any]]],
    state: str,
) -> None:
    ready = approved(indicator)
    if state == OutturnState.DRAFT:
        not_ready = save(other_indicator, "91.0", people.other_owner)
    else:
        not_ready = submitted(other_indicator, "91.0")
    if state == "returned":
        outturn_return(outturn=not_ready, comment="Check it.", by=people.other_head)

    with pytest.raises(TransitionRefused) as error:
        outturns_publish(outturns=[ready, not_ready], by=people.performance)
    assert "HW1 2025/26 Q2" in str(error.value)
    assert "CS1" not in str(error.value)

    assert refresh(ready).state == OutturnState.APPROVED
    assert refresh(ready).published_at is None
    assert refresh(not_ready).state == state
    assert signals["published"] == []


def test_a_submitted_value_cannot_be_published(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = submitted(indicator)
    with pytest.raises(TransitionRefused, match="CS1 2025/26 Q2"):
        outturns_publish(outturns=[outturn], by=people.performance)
    assert refresh(outturn).state == OutturnState.SUBMITTED
    assert refresh(outturn).published_at is None


def test_a_published_value_cannot_be_published_again(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = approved(indicator)
    outturns_publish(outturns=[outturn], by=people.performance)
    first_published_at = refresh(outturn).published_at
    with pytest.raises(TransitionRefused):
        outturns_publish(outturns=[outturn], by=people.performance)
    assert refresh(outturn).published_at == first_published_at


def test_publishing_a_value_that_no_longer_exists_is_refused(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = approved(indicator)
    ghost = Outturn(pk=outturn.pk + 1000, indicator=indicator, period=Q2)
    with pytest.raises(TransitionRefused):
        outturns_publish(outturns=[outturn, ghost], by=people.performance)
    assert refresh(outturn).state == OutturnState.APPROVED


# --- the audit trail of one value -------------------------------------------------------


def test_every_step_of_a_value_is_in_the_audit_history(
    people: People, indicator: Indicator, q2_round: Round
) -> None:
    outturn = save(indicator, "60.0", people.owner)
    outturn_submit(outturn=outturn, by=people.owner)
    outturn_return(outturn=outturn, comment="Add July.", by=people.head)
    save(indicator, "61.9", people.owner, submit=True)
    outturn_approve(outturn=outturn, by=people.deputy)
    outturns_publish(outturns=[outturn], by=people.performance)

    assert reasons(outturn) == [
        ("Saved as draft", "owner"),
        ("Submitted", "owner"),
        ("Returned: Add July.", "head"),
        ("Submitted", "owner"),
        ("Approved", "deputy"),
        ("Published", "performance"),
    ]
    states = [h.state for h in outturn.history.order_by("history_id")]
    assert states == ["draft", "submitted", "returned", "submitted", "approved", "published"]
    values = [h.value for h in outturn.history.order_by("history_id")]
    assert values[0] == D("60.0")
    assert values[-1] == D("61.9")


# --- two approvers at once --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_record_one_approval(people: People, indicator: Indicator) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are what this tests (PostgreSQL).")
    round_open(period=Q2, deadline=Q2_DEADLINE, by=people.performance)
    outturn = submitted(indicator)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}
    approvals: list[int] = []

    def slow_listener(sender: Any, **kwargs: Any) -> None:
        # Hold the row lock a moment inside the approving transaction, so the other
        # thread is certainly waiting on it rather than finishing first by luck.
        approvals.append(kwargs["outturn"].pk)
        time.sleep(0.3)

    def approve(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            results[name] = outturn_approve(outturn=outturn, by=getattr(people, name))
        except Exception as error:
            results[name] = error
        finally:
            connection.close()

    outturn_approved.connect(slow_listener, dispatch_uid="test-slow-approval")
    try:
        threads = [threading.Thread(target=approve, args=(name,)) for name in ("head", "deputy")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        outturn_approved.disconnect(dispatch_uid="test-slow-approval")

    outcomes = sorted(type(result).__name__ for result in results.values())
    assert outcomes == ["Outturn", "TransitionRefused"], results
    assert approvals == [outturn.pk]
    stored = refresh(outturn)
    assert stored.state == OutturnState.APPROVED
    winner = next(name for name, result in results.items() if isinstance(result, Outturn))
    assert stored.approved_by == getattr(people, winner)
    assert [reason for reason, _ in reasons(stored)].count("Approved") == 1


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_once_do_not_fail_with_a_database_error(
    people: People, indicator: Indicator, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are what this tests (PostgreSQL).")
    from outturn.rounds import services

    round_open(period=Q2, deadline=Q2_DEADLINE, by=people.performance)
    barrier = threading.Barrier(2)
    results: list[object] = []
    original = services._record

    def slow_record(obj: Any, by: Any, reason: str) -> None:
        # Between looking for the row and inserting it: where the two saves cross.
        time.sleep(0.3)
        original(obj, by, reason)

    def enter(figure: str) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(save(indicator, figure, people.owner))
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    monkeypatch.setattr(services, "_record", slow_record)
    threads = [threading.Thread(target=enter, args=(figure,)) for figure in ("64.2", "64.3")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Outturn.objects.count() == 1
    for result in results:
        assert isinstance(result, Outturn | ValidationError), repr(result)
