"""``outturn send_reminders``: email data owners what they still owe (for a daily cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from outturn.rounds.reminders import reminders_send


class Command(BaseCommand):
    help = "Emails each data owner the values they still owe open rounds (once a day at most)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(today=timezone.localdate())
        self.stdout.write(f"Sent {len(sent)} reminder(s).")
