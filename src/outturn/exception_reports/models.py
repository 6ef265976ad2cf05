"""Exception reports: an officer's account of an indicator markedly off (or beating) target.

The header (figures, target, RAG, SPC) is never stored here: it is drawn from the
scorecard, so it cannot be retyped or drift from the data.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from outturn.scorecard.fields import ExactDecimalField, PeriodField
from outturn.scorecard.models import Indicator, ServiceUnit


class ReportKind(models.TextChoices):
    NEGATIVE = "negative", "Exception report"
    POSITIVE = "positive", "Positive exception report"


class ReportState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FlagSource(models.TextChoices):
    ENGINE = "engine", "Flagged by the scorecard's rules"
    MANUAL = "manual", "Added by the performance team"


class ExceptionReport(models.Model):
    """One indicator's exception report for one period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="exception_reports"
    )
    period = PeriodField()
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    reasons = models.JSONField(
        default=list, blank=True, help_text="The engine's reason codes for flagging, in order."
    )
    source = models.CharField(max_length=10, choices=FlagSource.choices, default=FlagSource.ENGINE)
    source_note = models.TextField(
        blank=True, help_text="Why the performance team added the report by hand."
    )
    service_unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="exception_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exception_reports_assigned",
        help_text="The responsible officer who writes the report.",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exception_reports_delegated",
        help_text="Someone the head of service named to write it instead.",
    )
    due_date = models.DateField()

    # The form. Negative reports use the first two; positive ones all four.
    reason_for_performance = models.TextField(blank=True)
    actions = models.TextField(
        blank=True, help_text="Actions taken or planned (negative); actions and next steps."
    )
    learnings = models.TextField(blank=True, help_text="Learnings to share (positive only).")
    significance = models.TextField(
        blank=True, help_text="Reason for significance (positive only)."
    )

    # Sign-off, with names and roles as they were at the time.
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_by_name = models.CharField(max_length=200, blank=True)
    completed_by_role = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_name = models.CharField(max_length=200, blank=True)
    approved_by_role = models.CharField(max_length=200, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    return_comment = models.TextField(blank=True)
    withdrawn_reason = models.TextField(blank=True)

    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save, so a second editor cannot overwrite the first."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=~models.Q(state="withdrawn"),
                name="exception_report_one_live_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReportKind.values), name="exception_report_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ReportState.values),
                name="exception_report_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="approved")
                | models.Q(approved_on__isnull=False, completed_on__isnull=False),
                name="exception_report_approved_is_signed",
            ),
        ]
        indexes = [models.Index(fields=["period", "state"], name="exception_report_period_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.indicator.code} {self.period}"


class MarginKind(models.TextChoices):
    RELATIVE = "relative", "A percentage of the target"
    ABSOLUTE = "absolute", "An amount in the indicator's own units"


class ExceptionRuleSettings(models.Model):
    """The scorecard's exception settings, which the performance team may change: one row.

    Which of the engine's reasons flag a report, how far a target must be beaten for a
    positive report, and how long an author has to write one. Changes apply to the next
    flagging; reports already flagged keep their reasons.
    """

    count_red = models.BooleanField("Off target (red)", default=True)
    count_special_cause_concern = models.BooleanField(
        "Special cause of concern (statistical process control)", default=True
    )
    count_assurance_fail = models.BooleanField(
        "Target will not be met without change (assurance)", default=True
    )
    count_forecast_red = models.BooleanField("Year-end forecast off target", default=True)
    count_beats_target_margin = models.BooleanField(
        "Target beaten by the positive margin", default=True
    )
    count_special_cause_improvement = models.BooleanField(
        "Special cause of improvement (statistical process control)", default=True
    )
    positive_margin_kind = models.CharField(
        max_length=10, choices=MarginKind.choices, default=MarginKind.RELATIVE
    )
    positive_margin = ExactDecimalField(
        default=Decimal(10),
        help_text="How far a target must be beaten for a positive report: a percentage of "
        "the target (10 means 10%) or an amount in the indicator's units.",
    )
    working_days_to_write = models.PositiveSmallIntegerField(
        default=10,
        help_text="Working days (Monday to Friday) from flagging to the report's due date.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "exception report settings"
        verbose_name_plural = "exception report settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="exception_settings_one_row"),
            models.CheckConstraint(
                condition=models.Q(positive_margin_kind__in=MarginKind.values),
                name="exception_settings_margin_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return "Exception report settings"

    @classmethod
    def current(cls) -> ExceptionRuleSettings:
        """The settings row, created with the defaults the first time it is asked for."""
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row
