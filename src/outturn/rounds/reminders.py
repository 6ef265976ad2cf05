"""Reminders to data owners: one email a day at most, listing everything they still owe."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.formats import date_format

from outturn.rounds.models import Reminder, Round, RoundState
from outturn.rounds.notifications import send_reminder
from outturn.rounds.selectors import OWED, RoundItem, round_items

logger = logging.getLogger(__name__)


def owed_by_owner(items: list[RoundItem]) -> dict[User, list[RoundItem]]:
    owed: dict[User, list[RoundItem]] = defaultdict(list)
    for item in items:
        owner = item.indicator.data_owner
        if owner is not None and item.status in OWED:
            owed[owner].append(item)
    return owed


def reminders_send(*, today: date) -> list[Reminder]:
    """Email each data owner who still owes values to any open round, unless they had a
    reminder today. One email lists every round's items.

    The one-a-day rule is a database constraint, so two runs at once (a button press and
    the scheduled task) cannot send two emails. Owners without an email address are
    skipped; a failed email is logged and the rest still go.
    """
    rounds = sorted(Round.objects.filter(state=RoundState.OPEN), key=lambda r: r.period)
    if not rounds:
        return []
    items: list[RoundItem] = []
    for round_ in rounds:
        items += round_items(round_, today=today)
    deadline = date_format(min(r.deadline for r in rounds), "j F Y")
    sent = []
    for owner, owed in owed_by_owner(items).items():
        if not owner.email:
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(recipient=owner, sent_on=today, items=len(owed))
        except IntegrityError:
            continue
        lines = [
            f"{item.indicator.code} {item.indicator.title}, {item.period} ({item.status_label})"
            for item in owed
        ]
        try:
            send_reminder(owner, lines, deadline)
        except Exception:  # a mail server failure must not stop the others' reminders
            logger.exception("Reminder to %s could not be sent", owner.get_username())
            Reminder.objects.filter(pk=reminder.pk).delete()
            continue
        sent.append(reminder)
    return sent
