"""Background work of the data round."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from outturn.rounds.models import Round, RoundState
from outturn.rounds.reminders import reminders_send


@task()
def send_reminders() -> int:
    """Remind data owners of every open round; returns how many emails went out."""
    today = timezone.localdate()
    return sum(
        len(reminders_send(round_=round_, today=today))
        for round_ in Round.objects.filter(state=RoundState.OPEN)
    )
