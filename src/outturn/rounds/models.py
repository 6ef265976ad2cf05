"""Data collection rounds: the window in which a period's outturns are collected."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from outturn.scorecard.fields import PeriodField


class RoundState(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Round(models.Model):
    """The collection of one reporting period's outturns, with its deadline."""

    period = PeriodField(unique=True)
    deadline = models.DateField()
    state = models.CharField(max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=RoundState.values), name="round_state_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} round ({self.get_state_display()})"


class Reminder(models.Model):
    """A reminder emailed to one person on one day: at most one a day each."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    items = models.PositiveIntegerField(help_text="How many values the reminder listed.")

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "sent_on"], name="reminder_one_a_day_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.recipient} on {self.sent_on}"
