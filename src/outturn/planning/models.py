"""Target setting: a financial year's targets, proposed, agreed and locked.

A proposal is the working copy of one indicator's targets for the year. Nothing here is
rated: the scorecard's own ``Target`` and ``Tolerance`` rows are written only when the
performance team locks the year, and only for that year's periods, so earlier years keep
the yardsticks they were rated against.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from simple_history.models import HistoricalRecords

from outturn.scorecard.fields import ExactDecimalField, PeriodField
from outturn.scorecard.models import Benchmark, Indicator, TargetKind, ToleranceKind


class YearState(models.TextChoices):
    OPEN = "open", "Open for proposals"
    LOCKED = "locked", "Locked"


class PlanningYear(models.Model):
    """One financial year's round of target setting, opened and locked by the performance team."""

    period = PeriodField(unique=True, help_text="The financial year, e.g. 2027/28.")
    state = models.CharField(max_length=10, choices=YearState.choices, default=YearState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField()
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        # Financial years print as "2027/28", so the text sorts in year order.
        ordering = ["-period"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=YearState.values), name="planning_year_state_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="locked") | models.Q(locked_at__isnull=False),
                name="planning_year_locked_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} targets ({self.get_state_display().lower()})"

    @property
    def slug(self) -> str:
        """The year as it appears in addresses: 2027/28 -> 2027-28."""
        return str(self.period).replace("/", "-")

    @property
    def is_open(self) -> bool:
        return self.state == YearState.OPEN


class ProposalState(models.TextChoices):
    DRAFT = "draft", "Not yet proposed"
    PROPOSED = "proposed", "Waiting for agreement"
    RETURNED = "returned", "Returned"
    AGREED = "agreed", "Agreed"
    LOCKED = "locked", "Locked"
    SKIPPED = "skipped", "Skipped at lock"


# States in which the owner may still change the proposal.
EDITABLE_STATES = (ProposalState.DRAFT, ProposalState.RETURNED)
# States that hold up a lock until the performance team skips them.
OUTSTANDING_STATES = (ProposalState.DRAFT, ProposalState.PROPOSED, ProposalState.RETURNED)


class TargetProposal(models.Model):
    """One indicator's proposed targets for a planning year, and where it stands."""

    year = models.ForeignKey(PlanningYear, on_delete=models.PROTECT, related_name="proposals")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="target_proposals"
    )
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.DRAFT
    )

    # The annual target (or, for academic-year indicators, the academic year's).
    kind = models.CharField(max_length=10, choices=TargetKind.choices, default=TargetKind.NONE)
    value = ExactDecimalField(null=True, blank=True)
    band_low = ExactDecimalField(null=True, blank=True)
    band_high = ExactDecimalField(null=True, blank=True)
    basis = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the target comes from, e.g. 'National average'.",
    )
    benchmark = models.ForeignKey(
        Benchmark, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tolerance_kind = models.CharField(
        max_length=10,
        choices=ToleranceKind.choices,
        blank=True,
        help_text="Blank: a miss is off target, with no amber band.",
    )
    tolerance_value = ExactDecimalField(null=True, blank=True)
    rationale = models.TextField(blank=True, help_text="Why this target is right for the year.")
    carried_from = PeriodField(
        null=True, blank=True, help_text="The year whose targets prefilled this proposal."
    )

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1,
        help_text="Bumped on every change, so a second editor cannot overwrite the first.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "indicator"], name="target_proposal_one_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ProposalState.values),
                name="target_proposal_state_valid",
            ),
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
                name="target_proposal_fields_match_kind",
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
                name="target_proposal_band_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance_kind="", tolerance_value__isnull=True)
                | models.Q(
                    models.Q(tolerance_kind__in=ToleranceKind.values),
                    GreaterThanOrEqual(
                        Cast("tolerance_value", models.FloatField()), models.Value(0.0)
                    ),
                ),
                name="target_proposal_tolerance_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year.period}: {self.get_state_display()}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class ProposedPeriodTarget(models.Model):
    """A target for a quarter, month or term inside the year, profiled from the annual one."""

    proposal = models.ForeignKey(TargetProposal, on_delete=models.CASCADE, related_name="profile")
    period = PeriodField()
    value = ExactDecimalField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "period"], name="proposed_period_target_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"
