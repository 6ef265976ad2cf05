"""Forms of the exception report pages. The rules themselves live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from outturn.engine.periods import Period, PeriodError, PeriodKind, parse_period
from outturn.exception_reports.form import questions
from outturn.exception_reports.models import ExceptionRuleSettings, ReportKind
from outturn.exception_reports.services import ReportText
from outturn.scorecard.models import Indicator


def quarter_from(text: str) -> Period:
    """A quarter from what was typed; a month or date gives the quarter it falls in."""
    try:
        period = parse_period(text)
    except PeriodError as error:
        raise forms.ValidationError(str(error)) from error
    if period.kind is PeriodKind.QUARTER:
        return period
    if period.kind in (PeriodKind.MONTH, PeriodKind.SNAPSHOT):
        return period.reporting_quarter()
    raise forms.ValidationError(f"{period} is not a quarter. Enter one like 2025/26 Q2.")


class ReportTextForm(forms.Form):
    """The questions of the report's kind, and the version the author started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason_for_performance = forms.CharField(required=False, strip=False)
    actions = forms.CharField(required=False, strip=False)
    learnings = forms.CharField(required=False, strip=False)
    significance = forms.CharField(required=False, strip=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked = questions(kind)
        for name in ("reason_for_performance", "actions", "learnings", "significance"):
            if name not in {q.field for q in asked}:
                del self.fields[name]
        for question in asked:
            field = self.fields[question.field]
            field.label = question.label
            field.help_text = question.hint
            field.widget = forms.Textarea(attrs={"rows": 8})

    def text(self) -> ReportText:
        data = self.cleaned_data
        return ReportText(
            reason_for_performance=data.get("reason_for_performance", ""),
            actions=data.get("actions", ""),
            learnings=data.get("learnings", ""),
            significance=data.get("significance", ""),
        )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        help_text="The author sees this comment and gets it by email.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter a comment saying what needs to change."},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this report being withdrawn?",
        help_text="For example, the value is being restated. The reason is kept in the history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for withdrawing the report."},
    )


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.get_username()})"


class DelegateForm(forms.Form):
    delegate = _PersonChoice(
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name"),
        required=False,
        label="Who should write this report?",
        help_text="They can edit and submit it as well as the author. Leave empty for none.",
        empty_label="No delegate",
    )


class _IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}"


class AddReportForm(forms.Form):
    indicator = _IndicatorChoice(
        queryset=Indicator.objects.order_by("order", "code"),
        label="Indicator",
        empty_label="Choose an indicator",
        error_messages={"required": "Choose the indicator that needs a report."},
    )
    period = forms.CharField(
        label="Quarter",
        help_text="For example, 2025/26 Q2",
        max_length=40,
        error_messages={"required": "Enter the quarter the report is for."},
    )
    kind = forms.ChoiceField(
        label="Kind of report",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of report."},
    )
    reason = forms.CharField(
        label="Why is this report needed?",
        help_text="The author sees this reason on the report.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for asking for this report."},
    )

    def clean_period(self) -> Period:
        return quarter_from(self.cleaned_data["period"])


class PeriodForm(forms.Form):
    period = forms.CharField(label="Quarter", help_text="For example, 2025/26 Q2", max_length=40)

    def clean_period(self) -> Period:
        return quarter_from(self.cleaned_data["period"])


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ExceptionRuleSettings
        fields = [
            "count_red",
            "count_special_cause_concern",
            "count_assurance_fail",
            "count_forecast_red",
            "count_beats_target_margin",
            "count_special_cause_improvement",
            "positive_margin_kind",
            "positive_margin",
            "working_days_to_write",
        ]
        widgets = {"positive_margin_kind": forms.RadioSelect}
        labels = {
            "positive_margin_kind": "How is the positive margin measured?",
            "positive_margin": "Positive margin",
            "working_days_to_write": "Working days to write a report",
        }

    REASON_FIELDS = (
        "count_red",
        "count_special_cause_concern",
        "count_assurance_fail",
        "count_forecast_red",
        "count_beats_target_margin",
        "count_special_cause_improvement",
    )

    def clean_positive_margin(self) -> Any:
        margin = self.cleaned_data["positive_margin"]
        if margin is None:
            raise forms.ValidationError("Enter the positive margin, for example 10.")
        if margin < 0:
            raise forms.ValidationError("The positive margin cannot be negative.")
        return margin

    def reason_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.REASON_FIELDS]
