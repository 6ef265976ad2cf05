"""Outturns: the actual result of an indicator for a period, and its corrections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from outturn.scorecard.fields import ExactDecimalField, PeriodField
from outturn.scorecard.models.indicators import Indicator


class OutturnState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Outturn(models.Model):
    """One indicator's result for one period.

    ``value`` is the figure rated; where the indicator has a numerator and denominator
    the value is computed from them by the services. A published outturn changes only
    through a ``Restatement``.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="outturns")
    period = PeriodField()
    value = ExactDecimalField(null=True, blank=True)
    numerator = ExactDecimalField(null=True, blank=True)
    denominator = ExactDecimalField(null=True, blank=True)
    secondary_value = ExactDecimalField(null=True, blank=True)
    note = models.TextField(
        blank=True,
        help_text="Commentary for committee reports: what the figure means, why it moved.",
    )
    explanation = models.TextField(
        blank=True,
        help_text="Why an unusual figure (outside its process limits, or a sharp move) is right.",
    )
    state = models.CharField(
        max_length=20, choices=OutturnState.choices, default=OutturnState.DRAFT
    )
    review_comment = models.TextField(
        blank=True, help_text="The approver's comment when the value was returned."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="outturn_one_per_period"),
            models.CheckConstraint(
                condition=models.Q(state__in=OutturnState.values), name="outturn_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "returned"]) | models.Q(value__isnull=False),
                name="outturn_value_required_once_submitted",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="outturn_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["period", "state"], name="outturn_period_state")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"


class Restatement(models.Model):
    """A correction to a published outturn, with its reason; listed in the next report."""

    outturn = models.ForeignKey(Outturn, on_delete=models.PROTECT, related_name="restatements")
    previous_value = ExactDecimalField(null=True)
    new_value = ExactDecimalField(null=True)
    previous_note = models.TextField(blank=True)
    new_note = models.TextField(blank=True)
    reason = models.TextField()
    restated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    restated_at = models.DateTimeField()

    class Meta:
        ordering = ["-restated_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="restatement_has_reason")
        ]

    def __str__(self) -> str:
        return f"{self.outturn}: {self.previous_value} → {self.new_value}"
