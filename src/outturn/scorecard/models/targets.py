"""Targets, tolerances and benchmarks: the yardsticks an outturn is rated against.

Each belongs to a period, so a period is always rated by the rules that were in force
for it: setting next year's target never re-rates last year.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from simple_history.models import HistoricalRecords

from outturn.scorecard.fields import ExactDecimalField, PeriodField
from outturn.scorecard.models.indicators import Indicator
from outturn.scorecard.models.organisation import Organisation, code_validator


class ComparatorGroup(models.Model):
    """National, regional, statistical neighbours, Good+ authorities, and so on."""

    code = models.CharField(max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(max_length=200, help_text="As printed, e.g. 'South West average'.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Benchmark(models.Model):
    """A comparator's value for a period, which may be older than the outturn's.

    With no organisation it is the group's figure (an average); with one it is that
    peer's own value, from which rank and quartile are worked out.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    group = models.ForeignKey(ComparatorGroup, on_delete=models.PROTECT, related_name="benchmarks")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="benchmarks"
    )
    period = PeriodField()
    value = ExactDecimalField()
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "group", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "group", "period"],
                condition=models.Q(organisation__isnull=True),
                name="benchmark_one_group_value_per_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "group", "organisation", "period"],
                condition=models.Q(organisation__isnull=False),
                name="benchmark_one_peer_value_per_period",
            ),
        ]

    def __str__(self) -> str:
        who = self.organisation or self.group
        return f"{self.indicator.code} {who} {self.period}: {self.value}"


class TargetKind(models.TextChoices):
    VALUE = "value", "A value to meet"
    BAND = "band", "A band to stay within"
    NONE = "none", "No target set"


class Target(models.Model):
    """The target for one period: a financial year's annual target, or a quarter's or month's.

    A quarterly target may be profiled from the annual one (``profiled_from``).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = PeriodField()
    kind = models.CharField(max_length=10, choices=TargetKind.choices, default=TargetKind.VALUE)
    value = ExactDecimalField(null=True, blank=True)
    band_low = ExactDecimalField(null=True, blank=True)
    band_high = ExactDecimalField(null=True, blank=True)
    basis = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the target comes from, e.g. 'National average'.",
    )
    benchmark = models.ForeignKey(
        Benchmark,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
        help_text="The benchmark this target is tied to, if any.",
    )
    profiled_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="profile",
        help_text="The annual target this period's target was profiled from.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="target_one_per_period"),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="value", value__isnull=False, band_low__isnull=True)
                    | models.Q(
                        kind="band",
                        value__isnull=True,
                        band_low__isnull=False,
                        band_high__isnull=False,
                    )
                    | models.Q(
                        kind="none",
                        value__isnull=True,
                        band_low__isnull=True,
                        band_high__isnull=True,
                    )
                ),
                name="target_fields_match_kind",
            ),
            models.CheckConstraint(
                # Exact values are text on SQLite, so compare them as numbers here.
                condition=models.Q(band_low__isnull=True)
                | models.Q(
                    LessThanOrEqual(
                        Cast("band_low", models.FloatField()),
                        Cast("band_high", models.FloatField()),
                    )
                ),
                name="target_band_low_not_above_high",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=TargetKind.values), name="target_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == TargetKind.BAND:
            return f"{self.band_low} to {self.band_high}"
        if self.kind == TargetKind.NONE:
            return "No target set"
        return str(self.value)


class ToleranceKind(models.TextChoices):
    ABSOLUTE = "absolute", "Absolute (in the indicator's units)"
    RELATIVE = "relative", "Relative (a fraction of the target)"


class Tolerance(models.Model):
    """The amber band: how far an outturn may miss its target before it turns red.

    It applies from ``applies_from`` until a later tolerance for the same indicator.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="tolerances")
    applies_from = PeriodField(help_text="The first period this tolerance applies to.")
    kind = models.CharField(max_length=10, choices=ToleranceKind.choices)
    value = ExactDecimalField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "applies_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "applies_from"], name="tolerance_one_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ToleranceKind.values), name="tolerance_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    GreaterThanOrEqual(Cast("value", models.FloatField()), models.Value(0.0))
                ),
                name="tolerance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.get_kind_display()})"
