"""Forms of the register pages: uploading a register, choosing a scorecard export."""

from __future__ import annotations

from typing import Any

from django import forms

from outturn.engine.periods import Period, PeriodError, parse_period


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """One or more files; always cleaned to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ".xlsx,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        clean_one = super().clean
        if isinstance(data, list | tuple):
            return [clean_one(item, initial) for item in data]
        return [clean_one(data, initial)]


class RegisterUploadForm(forms.Form):
    upload = _MultipleFileField(
        label="Register workbook or CSV files",
        help_text=(
            "One Excel workbook (.xlsx) with a sheet per kind, or one or more CSV files, "
            "each named after its kind (indicators.csv, targets.csv, outturns.csv ...)."
        ),
        error_messages={"required": "Choose a register workbook or CSV files to upload."},
    )


FORMATS = (("xlsx", "Excel workbook (.xlsx), with a Data dictionary sheet"), ("csv", "CSV"))


class ScorecardExportForm(forms.Form):
    period = forms.CharField(
        label="Quarter",
        max_length=40,
        help_text="For example, 2025/26 Q2. Any period is read as the quarter that reports it.",
    )
    format = forms.ChoiceField(
        label="Format", choices=FORMATS, initial="xlsx", widget=forms.RadioSelect
    )
    include_unpublished = forms.BooleanField(
        label="Include values not yet published (draft, submitted, returned and approved)",
        required=False,
    )

    def __init__(self, *args: Any, may_include_unpublished: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_include_unpublished:
            del self.fields["include_unpublished"]

    def clean_period(self) -> Period:
        try:
            return parse_period(self.cleaned_data["period"]).reporting_quarter()
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error
