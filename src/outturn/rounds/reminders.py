"""Reminders to data owners: one email a day at most, listing everything they still owe."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.formats import date_format

from outturn.rounds.models import Reminder, Round, RoundState
from outturn.rounds.notifications import send_reminder
from outturn.rounds.selectors import OWED, RoundItem, round_items


def owed_by_owner(items: list[RoundItem]) -> dict[User, list[RoundItem]]:
    owed: dict[User, list[RoundItem]] = defaultdict(list)
    for item in items:
        owner = item.indicator.data_owner
        if owner is not None and item.status in OWED:
            owed[owner].append(item)
    return owed


def reminders_send(*, round_: Round, today: date) -> list[Reminder]:
    """Email each data owner who still owes values, unless they had a reminder today.

    The one-a-day rule is a database constraint, so two runs at once (a button press and
    the scheduled task) cannot send two emails.
    """
    if round_.state != RoundState.OPEN:
        return []
    sent = []
    deadline = date_format(round_.deadline, "j F Y")
    for owner, items in owed_by_owner(round_items(round_, today=today)).items():
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    round=round_, recipient=owner, sent_on=today, items=len(items)
                )
        except IntegrityError:
            continue
        lines = [
            f"{item.indicator.code} {item.indicator.title}, {item.period} ({item.status_label})"
            for item in items
        ]
        send_reminder(owner, lines, deadline)
        sent.append(reminder)
    return sent
