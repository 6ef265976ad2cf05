"""What a round collects, from whom, and how far along it is, on any given day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from outturn.accounts.roles import approval_scope, entry_scope
from outturn.engine.periods import parse_period
from outturn.rounds.models import Round
from outturn.rounds.selectors import (
    OWED,
    ItemStatus,
    RoundItem,
    round_items,
    round_progress,
)
from outturn.scorecard.models import Frequency, Indicator, OutturnState
from tests import factories
from tests.rounds.conftest import People

P = parse_period

pytestmark = pytest.mark.django_db

BEFORE_QUARTER_END = date(2025, 9, 15)
AFTER_QUARTER_END = date(2025, 10, 10)
DEADLINE_DAY = date(2025, 10, 31)
AFTER_DEADLINE = date(2025, 11, 1)


@pytest.fixture
def register(people: People, indicator: Indicator, other_indicator: Indicator) -> dict[str, Any]:
    """Safeguarding's indicators of every frequency, Highways' one, and some not in 2025/26."""

    def owned(code: str, **fields: Any) -> Indicator:
        return factories.indicator(
            code=code, service_unit=people.safeguarding, data_owner=people.owner, **fields
        )

    return {
        "CS1": indicator,
        "CS2": owned("CS2", frequency=Frequency.MONTHLY),
        "CS3": owned("CS3", lag_months=2),
        "CS4": owned("CS4", frequency=Frequency.ANNUAL),
        "CS5": owned("CS5", frequency=Frequency.ACADEMIC_YEAR),
        "CS6": owned("CS6", frequency=Frequency.TERMLY),
        "CS7": owned("CS7", frequency=Frequency.SNAPSHOT),
        "CS8": owned("CS8", active_to=P("2025/26")),  # retires at the end of this year
        "OLD": owned("OLD", active_to=P("2024/25")),  # retired last year
        "NEW": owned("NEW", active_from=P("2026/27")),  # not yet on the scorecard
        "HW1": other_indicator,
    }


def by_key(items: list[RoundItem]) -> dict[tuple[str, str], RoundItem]:
    return {(item.indicator.code, str(item.period)): item for item in items}


def statuses(items: list[RoundItem]) -> dict[tuple[str, str], str]:
    return {key: str(item.status) for key, item in by_key(items).items()}


def test_every_active_indicator_owes_each_period_ending_in_the_quarter(
    q2_round: Round, register: dict[str, Any]
) -> None:
    items = round_items(q2_round, today=AFTER_QUARTER_END)

    assert [(item.indicator.code, str(item.period)) for item in items] == [
        # Children's Services before Place; within a service by order, then code.
        ("CS1", "2025/26 Q2"),
        ("CS2", "July 2025"),
        ("CS2", "August 2025"),
        ("CS2", "September 2025"),
        ("CS3", "2025/26 Q2"),
        # CS4 is annual: its year ends in Q4, so it owes nothing now.
        ("CS5", "2024/25 academic year"),
        ("CS6", "Summer term 2025"),
        ("CS7", "30 September 2025"),
        ("CS8", "2025/26 Q2"),
        ("HW1", "2025/26 Q2"),
    ]
    assert all(item.outturn is None for item in items)


def test_retired_and_future_indicators_are_not_listed(
    q2_round: Round, register: dict[str, Any]
) -> None:
    codes = {item.indicator.code for item in round_items(q2_round, today=AFTER_QUARTER_END)}
    assert "OLD" not in codes
    assert "NEW" not in codes
    assert "CS8" in codes


def test_before_the_quarter_ends_only_finished_periods_are_due(
    q2_round: Round, register: dict[str, Any]
) -> None:
    found = statuses(round_items(q2_round, today=BEFORE_QUARTER_END))
    assert found[("CS1", "2025/26 Q2")] == ItemStatus.NOT_YET_AVAILABLE
    assert found[("CS2", "July 2025")] == ItemStatus.DUE
    assert found[("CS2", "August 2025")] == ItemStatus.DUE
    assert found[("CS2", "September 2025")] == ItemStatus.NOT_YET_AVAILABLE
    assert found[("CS5", "2024/25 academic year")] == ItemStatus.DUE
    assert found[("CS6", "Summer term 2025")] == ItemStatus.DUE
    assert found[("CS7", "30 September 2025")] == ItemStatus.NOT_YET_AVAILABLE


def test_after_the_quarter_ends_the_values_are_due_and_a_lag_waits(
    q2_round: Round, register: dict[str, Any]
) -> None:
    items = by_key(round_items(q2_round, today=AFTER_QUARTER_END))
    assert items[("CS1", "2025/26 Q2")].status == ItemStatus.DUE
    assert items[("CS1", "2025/26 Q2")].expected == date(2025, 9, 30)
    lagged = items[("CS3", "2025/26 Q2")]
    assert lagged.expected == date(2025, 11, 30)  # two months' lag
    assert lagged.status == ItemStatus.NOT_YET_AVAILABLE
    assert lagged.status_label == "Not yet available"


def test_on_the_deadline_day_values_are_due_not_overdue(
    q2_round: Round, register: dict[str, Any]
) -> None:
    assert statuses(round_items(q2_round, today=DEADLINE_DAY))[("CS1", "2025/26 Q2")] == "due"


def test_after_the_deadline_missing_values_are_overdue(
    q2_round: Round, register: dict[str, Any]
) -> None:
    found = statuses(round_items(q2_round, today=AFTER_DEADLINE))
    assert found[("CS1", "2025/26 Q2")] == ItemStatus.OVERDUE
    assert found[("CS2", "July 2025")] == ItemStatus.OVERDUE
    assert found[("HW1", "2025/26 Q2")] == ItemStatus.OVERDUE
    # The lagged value is not late before it can exist...
    assert found[("CS3", "2025/26 Q2")] == ItemStatus.NOT_YET_AVAILABLE


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 11, 29), ItemStatus.NOT_YET_AVAILABLE),
        (date(2025, 11, 30), ItemStatus.DUE),
        (date(2025, 12, 1), ItemStatus.OVERDUE),
    ],
)
def test_a_lagged_value_is_due_when_it_arrives_and_overdue_the_day_after(
    q2_round: Round, register: dict[str, Any], today: date, expected: ItemStatus
) -> None:
    assert by_key(round_items(q2_round, today=today))[("CS3", "2025/26 Q2")].status == expected


@pytest.mark.parametrize(
    ("state", "today", "expected"),
    [
        (OutturnState.DRAFT, AFTER_QUARTER_END, ItemStatus.DRAFT),
        (OutturnState.DRAFT, AFTER_DEADLINE, ItemStatus.OVERDUE),
        (OutturnState.RETURNED, AFTER_QUARTER_END, ItemStatus.RETURNED),
        (OutturnState.RETURNED, AFTER_DEADLINE, ItemStatus.RETURNED),
        (OutturnState.SUBMITTED, AFTER_DEADLINE, ItemStatus.SUBMITTED),
        (OutturnState.APPROVED, AFTER_DEADLINE, ItemStatus.APPROVED),
        (OutturnState.PUBLISHED, AFTER_DEADLINE, ItemStatus.PUBLISHED),
    ],
)
def test_stored_values_show_their_state(
    q2_round: Round, indicator: Indicator, state: str, today: date, expected: ItemStatus
) -> None:
    extra = {"published_at": timezone.now()} if state == OutturnState.PUBLISHED else {}
    stored = factories.outturn(indicator, "2025/26 Q2", "64.2", state=state, **extra)

    [item] = round_items(q2_round, today=today)
    assert item.status == expected
    assert item.outturn == stored


def test_values_of_other_periods_do_not_count(q2_round: Round, indicator: Indicator) -> None:
    factories.outturn(indicator, "2025/26 Q1", "60.1", state=OutturnState.APPROVED)
    [item] = round_items(q2_round, today=AFTER_QUARTER_END)
    assert item.outturn is None
    assert item.status == ItemStatus.DUE


def test_each_month_is_matched_to_its_own_value(q2_round: Round, people: People) -> None:
    monthly = factories.indicator(
        code="M1", frequency=Frequency.MONTHLY, service_unit=people.safeguarding
    )
    factories.outturn(monthly, "August 2025", "12", state=OutturnState.SUBMITTED)
    found = statuses(round_items(q2_round, today=AFTER_QUARTER_END))
    assert found == {
        ("M1", "July 2025"): "due",
        ("M1", "August 2025"): "submitted",
        ("M1", "September 2025"): "due",
    }


def test_a_draft_entered_early_shows_as_a_draft(q2_round: Round, indicator: Indicator) -> None:
    indicator.lag_months = 2
    indicator.save(update_fields=["lag_months"])
    factories.outturn(indicator, "2025/26 Q2", "64.2", state=OutturnState.DRAFT)
    [item] = round_items(q2_round, today=AFTER_QUARTER_END)
    assert item.status == ItemStatus.DRAFT


def test_scopes_limit_the_items(people: People, q2_round: Round, register: dict[str, Any]) -> None:
    mine = round_items(q2_round, scope=entry_scope(people.owner), today=AFTER_QUARTER_END)
    assert {item.indicator.code for item in mine} == {
        "CS1",
        "CS2",
        "CS3",
        "CS5",
        "CS6",
        "CS7",
        "CS8",
    }
    theirs = round_items(q2_round, scope=approval_scope(people.other_head), today=DEADLINE_DAY)
    assert [item.indicator.code for item in theirs] == ["HW1"]
    assert round_items(q2_round, scope=entry_scope(people.outsider), today=DEADLINE_DAY) == []


def test_items_take_two_queries_however_many_indicators(
    q2_round: Round,
    register: dict[str, Any],
    people: People,
    django_assert_num_queries: Any,
) -> None:
    owed = {
        "CS1": "2025/26 Q2",
        "CS2": "July 2025",
        "CS3": "2025/26 Q2",
        "CS5": "2024/25 academic year",
        "CS6": "Summer term 2025",
        "CS7": "30 September 2025",
        "CS8": "2025/26 Q2",
        "HW1": "2025/26 Q2",
    }
    for code, period in owed.items():
        factories.outturn(
            register[code], period, "50", state=OutturnState.SUBMITTED, entered_by=people.owner
        )
    with django_assert_num_queries(2):
        items = round_items(q2_round, today=AFTER_QUARTER_END)
        for item in items:
            _ = (
                item.indicator.directorate.name,
                item.indicator.service_unit.name,
                item.indicator.data_owner,
                item.outturn and item.outturn.entered_by,
            )
    assert sum(item.outturn is not None for item in items) == len(owed)


# --- progress ---------------------------------------------------------------------------


def test_progress_counts_by_directorate_and_service(
    q2_round: Round, register: dict[str, Any]
) -> None:
    factories.outturn(register["CS1"], "2025/26 Q2", "64.2", state=OutturnState.APPROVED)
    factories.outturn(register["CS2"], "July 2025", "10", state=OutturnState.SUBMITTED)
    factories.outturn(register["CS2"], "August 2025", "11", state=OutturnState.DRAFT)
    factories.outturn(
        register["HW1"],
        "2025/26 Q2",
        "91",
        state=OutturnState.PUBLISHED,
        published_at=timezone.now(),
    )

    council = round_progress(round_items(q2_round, today=AFTER_QUARTER_END))

    assert council.name == "Whole council"
    assert council.total == 10
    assert council.count("not_yet_available") == 1  # CS3, two months' lag
    assert council.due == 9
    assert council.entered == 4
    assert council.done == 2
    assert council.percent_done == 22  # 2 of 9
    assert council.overdue == 0

    children, place = council.children
    assert (children.name, place.name) == ("Children's Services", "Place")
    assert children.total == 9
    assert children.counts[ItemStatus.APPROVED] == 1
    assert children.counts[ItemStatus.SUBMITTED] == 1
    assert children.counts[ItemStatus.DRAFT] == 1
    assert children.counts[ItemStatus.DUE] == 5
    assert [service.name for service in children.children] == ["Safeguarding"]
    assert children.children[0].counts == children.counts
    assert place.total == 1
    assert place.done == 1
    assert place.percent_done == 100
    assert [service.name for service in place.children] == ["Highways"]


def test_progress_after_the_deadline_shows_what_is_overdue(
    q2_round: Round, register: dict[str, Any]
) -> None:
    factories.outturn(register["HW1"], "2025/26 Q2", "91", state=OutturnState.SUBMITTED)
    council = round_progress(round_items(q2_round, today=AFTER_DEADLINE))
    children, place = council.children
    assert children.overdue == 8  # all but the lagged one
    assert place.overdue == 0
    assert council.overdue == 8


def test_two_services_of_one_directorate_are_counted_apart(
    q2_round: Round, people: People, indicator: Indicator
) -> None:
    fostering = factories.service_unit(
        name="Fostering", directorate=people.safeguarding.directorate
    )
    factories.indicator(code="F1", service_unit=fostering)
    factories.outturn(indicator, "2025/26 Q2", "64.2", state=OutturnState.APPROVED)

    council = round_progress(round_items(q2_round, today=AFTER_QUARTER_END))
    [children] = council.children
    services = {service.name: service for service in children.children}
    assert set(services) == {"Safeguarding", "Fostering"}
    assert services["Safeguarding"].done == 1
    assert services["Fostering"].count("due") == 1
    assert children.total == 2


def test_progress_of_nothing_due_is_complete(q2_round: Round, indicator: Indicator) -> None:
    council = round_progress(round_items(q2_round, today=BEFORE_QUARTER_END))
    assert council.total == 1
    assert council.due == 0
    assert council.percent_done == 100
    assert round_progress([]).percent_done == 100


def test_an_overdue_draft_counts_as_entered(q2_round: Round, indicator: Indicator) -> None:
    factories.outturn(indicator, "2025/26 Q2", "64.2", state=OutturnState.DRAFT)
    assert round_progress(round_items(q2_round, today=AFTER_DEADLINE)).entered == 1


def test_owed_statuses_are_the_ones_waiting_on_the_data_owner() -> None:
    assert set(OWED) == {
        ItemStatus.DUE,
        ItemStatus.OVERDUE,
        ItemStatus.DRAFT,
        ItemStatus.RETURNED,
    }
