"""Reminders: one email a day at most to each data owner, listing what they still owe."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from outturn.engine.periods import quarter_containing
from outturn.rounds.models import Reminder, Round
from outturn.rounds.reminders import reminders_send
from outturn.rounds.services import round_close, round_open
from outturn.rounds.tasks import send_reminders
from outturn.scorecard.models import Frequency, Indicator, OutturnState
from tests import factories
from tests.rounds.conftest import People

pytestmark = pytest.mark.django_db

AFTER_QUARTER_END = date(2025, 10, 10)
AFTER_DEADLINE = date(2025, 11, 3)


@pytest.fixture
def owed(people: People, indicator: Indicator, other_indicator: Indicator) -> dict[str, Any]:
    """The owner owes CS1 (nothing typed), August (a draft) and September (returned);
    July is submitted, CS3 is not yet available and CS4 is approved."""
    monthly = factories.indicator(
        code="CS2",
        title="Reduce repeat referrals",
        frequency=Frequency.MONTHLY,
        service_unit=people.safeguarding,
        data_owner=people.owner,
    )
    factories.outturn(monthly, "July 2025", "10", state=OutturnState.SUBMITTED)
    factories.outturn(monthly, "August 2025", "11", state=OutturnState.DRAFT)
    factories.outturn(
        monthly, "September 2025", "12", state=OutturnState.RETURNED, review_comment="Check"
    )
    lagged = factories.indicator(
        code="CS3", service_unit=people.safeguarding, data_owner=people.owner, lag_months=2
    )
    done = factories.indicator(
        code="CS4", service_unit=people.safeguarding, data_owner=people.owner
    )
    factories.outturn(done, "2025/26 Q2", "70", state=OutturnState.APPROVED)
    return {"CS1": indicator, "CS2": monthly, "CS3": lagged, "CS4": done, "HW1": other_indicator}


def emails_to(address: str) -> list[Any]:
    return [email for email in mail.outbox if email.to == [address]]


def test_each_owner_gets_one_email_listing_what_they_owe(
    people: People, q2_round: Round, owed: dict[str, Any]
) -> None:
    mail.outbox.clear()
    sent = reminders_send(today=AFTER_QUARTER_END)

    assert {reminder.recipient for reminder in sent} == {people.owner, people.other_owner}
    assert len(mail.outbox) == 2
    [email] = emails_to("owner@example.org")
    assert email.subject == "Performance data due 31 October 2025"
    assert "Dear Olive Owner" in email.body
    assert f"- CS1 {owed['CS1'].title}, 2025/26 Q2 (Due)" in email.body
    assert "- CS2 Reduce repeat referrals, August 2025 (Draft)" in email.body
    assert "- CS2 Reduce repeat referrals, September 2025 (Returned)" in email.body
    assert "July 2025" not in email.body  # submitted: with the head of service now
    assert "CS3" not in email.body  # its data does not exist yet
    assert "CS4" not in email.body  # approved
    assert "HW1" not in email.body  # someone else's

    reminder = Reminder.objects.get(recipient=people.owner)
    assert (reminder.sent_on, reminder.items) == (AFTER_QUARTER_END, 3)
    [other] = emails_to("otherowner@example.org")
    assert "HW1" in other.body
    assert "CS1" not in other.body


def test_a_second_run_on_the_same_day_sends_nothing(
    people: People, q2_round: Round, owed: dict[str, Any]
) -> None:
    reminders_send(today=AFTER_QUARTER_END)
    mail.outbox.clear()

    assert reminders_send(today=AFTER_QUARTER_END) == []
    assert mail.outbox == []
    assert Reminder.objects.filter(recipient=people.owner).count() == 1


def test_the_next_day_brings_another_reminder(
    people: People, q2_round: Round, owed: dict[str, Any]
) -> None:
    reminders_send(today=AFTER_QUARTER_END)
    mail.outbox.clear()

    sent = reminders_send(today=AFTER_QUARTER_END + timedelta(days=1))
    assert len(sent) == 2
    assert len(emails_to("owner@example.org")) == 1
    assert Reminder.objects.filter(recipient=people.owner).count() == 2


def test_overdue_values_are_listed_as_overdue(
    people: People, q2_round: Round, owed: dict[str, Any]
) -> None:
    mail.outbox.clear()
    reminders_send(today=AFTER_DEADLINE)
    [email] = emails_to("owner@example.org")
    assert "2025/26 Q2 (Overdue)" in email.body
    assert "August 2025 (Overdue)" in email.body  # a draft left past the deadline
    assert "September 2025 (Returned)" in email.body


def test_no_reminders_for_a_closed_round(
    people: People, q2_round: Round, owed: dict[str, Any]
) -> None:
    round_close(round_=q2_round, by=people.performance)
    q2_round.refresh_from_db()
    mail.outbox.clear()
    assert reminders_send(today=AFTER_QUARTER_END) == []
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_nobody_who_owes_nothing_is_reminded(
    people: People, q2_round: Round, indicator: Indicator
) -> None:
    factories.outturn(indicator, "2025/26 Q2", "64.2", state=OutturnState.SUBMITTED)
    mail.outbox.clear()
    assert reminders_send(today=AFTER_DEADLINE) == []
    assert mail.outbox == []


def test_before_anything_is_due_nobody_is_reminded(
    people: People, q2_round: Round, indicator: Indicator
) -> None:
    mail.outbox.clear()
    assert reminders_send(today=date(2025, 9, 15)) == []
    assert mail.outbox == []


def test_an_indicator_without_a_data_owner_reminds_nobody(people: People, q2_round: Round) -> None:
    factories.indicator(code="X1", service_unit=people.safeguarding, data_owner=None)
    mail.outbox.clear()
    assert reminders_send(today=AFTER_DEADLINE) == []
    assert mail.outbox == []


def test_an_owner_without_an_email_address_gets_no_email(
    people: People, q2_round: Round, indicator: Indicator
) -> None:
    people.owner.email = ""
    people.owner.save(update_fields=["email"])
    mail.outbox.clear()
    reminders_send(today=AFTER_DEADLINE)
    assert mail.outbox == []


def test_one_email_lists_what_is_owed_to_every_open_round(
    people: People, q2_round: Round, indicator: Indicator
) -> None:
    q3_round = round_open(
        period=quarter_containing(date(2025, 12, 1)),
        deadline=date(2026, 1, 31),
        by=people.performance,
    )
    mail.outbox.clear()
    today = date(2026, 2, 2)  # both rounds' values are overdue
    assert q3_round.state == "open"
    reminders_send(today=today)

    [email] = emails_to("owner@example.org")
    assert "2025/26 Q3" in email.body
    assert "2025/26 Q2" in email.body


# --- the daily task and the command -----------------------------------------------------


@pytest.fixture
def live_round(people: People, indicator: Indicator) -> Round:
    """A round for the quarter before today's, open until a fortnight from today."""
    today = timezone.localdate()
    last_quarter = quarter_containing(today).previous()
    return round_open(
        period=last_quarter, deadline=today + timedelta(days=14), by=people.performance
    )


def test_the_daily_task_reminds_once_a_day(people: People, live_round: Round) -> None:
    mail.outbox.clear()

    first = send_reminders.enqueue()
    second = send_reminders.enqueue()

    assert first.return_value == 1
    assert second.return_value == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@example.org"]
    assert Reminder.objects.get().sent_on == timezone.localdate()


def test_the_command_reminds_once_a_day_alongside_the_task(
    people: People, live_round: Round
) -> None:
    mail.outbox.clear()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 1 reminder(s)."

    again = StringIO()
    call_command("send_reminders", stdout=again)
    assert again.getvalue().strip() == "Sent 0 reminder(s)."
    assert send_reminders.enqueue().return_value == 0
    assert len(mail.outbox) == 1


def test_the_command_skips_closed_rounds(people: People, live_round: Round) -> None:
    round_close(round_=live_round, by=people.performance)
    mail.outbox.clear()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 0 reminder(s)."
    assert mail.outbox == []
