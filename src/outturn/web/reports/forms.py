"""Forms of the report pack pages: a new pack, and its front sheet and closing sections."""

from __future__ import annotations

from typing import Any

from django import forms

from outturn.engine.periods import PeriodError, PeriodKind, parse_period
from outturn.reports.content import CLOSING_SECTIONS, FRONT_SHEET_FIELDS
from outturn.reports.models import PaperStatus, ReportPack
from outturn.scorecard.models import Committee, Directorate

HELP = {
    "report_subject": "For example, Corporate performance report, quarter 2 2025/26.",
    "meeting_date": "For example, 27 11 2025. Leave blank if the paper is circulated by email.",
    "recommendations": "Start a line with a hyphen (-) for each recommendation in a list.",
    "portfolio_holders": "Name and portfolio, one a line.",
    "report_authors": "Name and job title, one a line.",
    "wards": "For example, Council-wide.",
    "classification": "For example, For information, or For decision.",
}


def scope_choices() -> list[tuple[str, str]]:
    choices = [("council", "The whole council (Cabinet corporate performance report)")]
    choices += [
        (f"directorate:{d.code}", f"Directorate: {d.name}") for d in Directorate.objects.all()
    ]
    choices += [
        (f"committee:{c.code}", f"Committee: {c.name}")
        for c in Committee.objects.exclude(kind=Committee.Kind.CABINET)
    ]
    return choices


class NewPackForm(forms.Form):
    period = forms.CharField(
        label="Quarter", help_text="For example, 2025/26 Q2", max_length=40, strip=True
    )
    scope = forms.ChoiceField(label="Report for", choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices()  # type: ignore[attr-defined]

    def clean_period(self) -> Any:
        text = self.cleaned_data["period"]
        try:
            period = parse_period(text)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error
        if period.kind is not PeriodKind.QUARTER:
            raise forms.ValidationError(f"Enter a quarter, such as 2025/26 Q2, not {period}.")
        return period


class FrontSheetForm(forms.ModelForm):
    """Every front-sheet field and closing section, labelled as the paper prints them."""

    meeting_date = forms.DateField(
        required=False,
        label="Meeting date",
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.TextInput,
        help_text=HELP["meeting_date"],
        error_messages={"invalid": "Enter the meeting date as day, month and year: 27 11 2025."},
    )
    status = forms.ChoiceField(label="Status", choices=PaperStatus.choices)

    class Meta:
        model = ReportPack
        fields = [name for name, _ in FRONT_SHEET_FIELDS] + [name for name, _ in CLOSING_SECTIONS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(FRONT_SHEET_FIELDS) | dict(CLOSING_SECTIONS)
        for name, field in self.fields.items():
            field.label = labels[name]
            if name in HELP and name != "meeting_date":
                field.help_text = HELP[name]
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4
        if self.instance and self.instance.meeting_date:
            self.initial["meeting_date"] = self.instance.meeting_date.strftime("%d %m %Y")

    @property
    def front_sheet_fields(self) -> list[Any]:
        return [self[name] for name, _ in FRONT_SHEET_FIELDS if name != "status"]

    @property
    def closing_fields(self) -> list[Any]:
        return [self[name] for name, _ in CLOSING_SECTIONS]


class SignOffForm(forms.Form):
    version = forms.TypedChoiceField(label="Version to sign off", coerce=int, choices=())

    def __init__(self, *args: Any, versions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = versions  # type: ignore[attr-defined]
