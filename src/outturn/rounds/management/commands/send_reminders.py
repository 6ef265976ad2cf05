"""``outturn send_reminders``: email data owners what they still owe (for a daily cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from outturn.rounds.models import Round, RoundState
from outturn.rounds.reminders import reminders_send


class Command(BaseCommand):
    help = "Emails each data owner the values they still owe open rounds (once a day at most)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        total = 0
        for round_ in Round.objects.filter(state=RoundState.OPEN):
            total += len(reminders_send(round_=round_, today=today))
        self.stdout.write(f"Sent {total} reminder(s).")
