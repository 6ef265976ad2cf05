"""Background work of the data round."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from outturn.rounds.reminders import reminders_send


@task()
def send_reminders() -> int:
    """Remind data owners of what they owe open rounds; returns how many emails went out."""
    return len(reminders_send(today=timezone.localdate()))
