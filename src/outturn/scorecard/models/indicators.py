"""The indicator register: what each measure is, who owns it and how it is rated."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from outturn.engine.periods import Period, PeriodKind
from outturn.engine.values import Unit
from outturn.scorecard.fields import ExactDecimalField, PeriodField
from outturn.scorecard.models.organisation import (
    Committee,
    CorporatePriority,
    Directorate,
    Portfolio,
    ServiceUnit,
    code_validator,
)


class Polarity(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NONE = "none", "No polarity (reported for context)"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    TERMLY = "termly", "Termly"
    ACADEMIC_YEAR = "academic_year", "Academic year"
    ANNUAL = "annual", "Annual (financial year)"
    SNAPSHOT = "snapshot", "Snapshot (as at a date)"

    @property
    def period_kind(self) -> PeriodKind:
        """The kind of period this indicator's outturns are recorded for."""
        return {
            "monthly": PeriodKind.MONTH,
            "quarterly": PeriodKind.QUARTER,
            "termly": PeriodKind.TERM,
            "academic_year": PeriodKind.ACADEMIC_YEAR,
            "annual": PeriodKind.FINANCIAL_YEAR,
            "snapshot": PeriodKind.SNAPSHOT,
        }[self.value]


class Aggregation(models.TextChoices):
    SNAPSHOT = "snapshot", "Value at the end of the period"
    CUMULATIVE = "cumulative", "Cumulative year to date"


class UnitChoices(models.TextChoices):
    """The engine's units (``outturn.engine.values.Unit``), with labels for forms."""

    NUMBER = Unit.NUMBER.value, "Number"
    PERCENTAGE = Unit.PERCENTAGE.value, "Percentage"
    RATE_PER_1000 = Unit.RATE_PER_1000.value, "Rate per 1,000"
    RATE_PER_10000 = Unit.RATE_PER_10000.value, "Rate per 10,000"
    RATE_PER_100000 = Unit.RATE_PER_100000.value, "Rate per 100,000"
    MONEY = Unit.MONEY.value, "Money (£)"
    RATIO = Unit.RATIO.value, "Ratio"
    DAYS = Unit.DAYS.value, "Days"
    WEEKS = Unit.WEEKS.value, "Weeks"
    MILLIONS = Unit.MILLIONS.value, "Millions"


#: The fields that decide how every period is rated: fixed once figures are published.
RATING_FIELDS = ("polarity", "unit", "frequency", "aggregation")


class Indicator(models.Model):
    """A measure on the scorecard. Its history keeps every earlier definition."""

    code = models.CharField(max_length=30, unique=True, validators=[code_validator])
    title = models.CharField(
        max_length=300, help_text="Phrased as an aim, e.g. 'Increase town centre footfall'."
    )
    description = models.TextField(blank=True, help_text="What is measured, and how.")
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    unit = models.CharField(max_length=20, choices=UnitChoices.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    aggregation = models.CharField(
        max_length=20, choices=Aggregation.choices, default=Aggregation.SNAPSHOT
    )
    decimals = models.PositiveSmallIntegerField(
        default=0, help_text="Decimal places shown in reports; stored values keep every digit."
    )
    numerator_label = models.CharField(max_length=200, blank=True)
    denominator_label = models.CharField(max_length=200, blank=True)
    secondary_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="What the bracketed second figure means, e.g. 'rate per 10,000'.",
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where the data comes from.")
    lag_months = models.PositiveSmallIntegerField(
        default=0, help_text="Months after the period ends before the data is available."
    )
    direction_threshold = ExactDecimalField(
        default=Decimal(0),
        help_text="A change no larger than this counts as no change in direction of travel.",
    )

    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="indicators"
    )
    service_unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="indicators"
    )
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators_responsible",
        help_text="Writes exception reports for this indicator.",
    )
    data_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators_owned",
        help_text="Enters each period's outturn.",
    )
    priority = models.ForeignKey(
        CorporatePriority, on_delete=models.PROTECT, related_name="indicators"
    )
    portfolio = models.ForeignKey(
        Portfolio, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    committees = models.ManyToManyField(Committee, blank=True, related_name="indicators")
    is_public = models.BooleanField(
        default=False, help_text="Published outturns appear on the public scorecard."
    )
    active_from = PeriodField(help_text="First financial year on the scorecard, e.g. 2019/20.")
    active_to = PeriodField(
        null=True, blank=True, help_text="Last financial year on the scorecard, if retired."
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[committees])

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(polarity__in=Polarity.values), name="indicator_polarity_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=UnitChoices.values), name="indicator_unit_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(frequency__in=Frequency.values),
                name="indicator_frequency_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(aggregation__in=Aggregation.values),
                name="indicator_aggregation_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(decimals__lte=6), name="indicator_decimals_at_most_6"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def rating_changes(self) -> list[str]:
        """The rating fields this unsaved edit changes, if the indicator has published figures.

        Polarity, unit, frequency and aggregation decide how every period is rated, so
        changing them would re-rate years already reported to Cabinet. Such a change means
        a new indicator: retire this one and add another.
        """
        if self.pk is None:
            return []
        stored = type(self).objects.filter(pk=self.pk).values(*RATING_FIELDS).first()
        if stored is None:
            return []
        changed = [name for name in RATING_FIELDS if stored[name] != getattr(self, name)]
        if changed and self.outturns.filter(state="published").exists():
            return changed
        return []

    def clean(self) -> None:
        super().clean()
        changed = self.rating_changes()
        if changed:
            raise ValidationError(
                {
                    name: f"{self.code} has published outturns rated with this "
                    f"{name}: retire it and add a new indicator instead."
                    for name in changed
                }
            )

    @property
    def unit_enum(self) -> Unit:
        return Unit(self.unit)

    def is_active_in(self, period: Period) -> bool:
        year = period.financial_year()
        if self.active_from and year < self.active_from:
            return False
        return not (self.active_to and year > self.active_to)
