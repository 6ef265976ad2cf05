"""Forms of the data round. Values are read by the engine's one parser."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from outturn.engine.periods import Period, PeriodError, PeriodKind, parse_period
from outturn.engine.values import Unit, ValueParseError, parse_value, to_decimal
from outturn.rounds.services import Entry
from outturn.scorecard.models import Indicator


class RoundOpenForm(forms.Form):
    period = forms.CharField(label="Quarter", help_text="For example, 2026/27 Q2", max_length=40)
    deadline_day = forms.IntegerField(label="Day", min_value=1, max_value=31)
    deadline_month = forms.IntegerField(label="Month", min_value=1, max_value=12)
    deadline_year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)

    def clean_period(self) -> Period:
        try:
            period = parse_period(self.cleaned_data["period"])
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error
        if period.kind is not PeriodKind.QUARTER:
            raise forms.ValidationError(f"{period} is not a quarter. Enter one like 2026/27 Q2.")
        return period

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get(f"deadline_{p}") for p in ("year", "month", "day")]
        if all(part is not None for part in parts):
            try:
                data["deadline"] = date(*parts)  # type: ignore[arg-type]
            except ValueError:
                self.add_error("deadline_day", "The deadline must be a real date.")
        return data


class EntryForm(forms.Form):
    """One indicator's value for one period, with its commentary."""

    value = forms.CharField(label="Value", required=False, max_length=60)
    numerator = forms.CharField(label="Numerator", required=False, max_length=60)
    denominator = forms.CharField(label="Denominator", required=False, max_length=60)
    secondary_value = forms.CharField(label="Secondary value", required=False, max_length=60)
    note = forms.CharField(
        label="Commentary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the figure means and why it moved. It goes into committee reports.",
    )
    explanation = forms.CharField(
        label="Explanation of an unusual figure",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the value is outside its process limits or moves sharply.",
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.unit = Unit(indicator.unit)
        self.fields["value"].label = f"Value ({indicator.get_unit_display().lower()})"
        if indicator.numerator_label and indicator.denominator_label:
            self.fields["numerator"].label = f"Numerator: {indicator.numerator_label}"
            self.fields["denominator"].label = f"Denominator: {indicator.denominator_label}"
            self.fields["value"].help_text = "Leave blank to work it out from the two figures."
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
        if indicator.secondary_label:
            self.fields["secondary_value"].label = indicator.secondary_label
        else:
            del self.fields["secondary_value"]

    def _number(self, name: str) -> Decimal | None:
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        try:
            return to_decimal(text, what=str(self.fields[name].label).lower())
        except ValueParseError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_value(self) -> Decimal | None:
        text = self.cleaned_data.get("value", "").strip()
        if not text:
            return None
        try:
            reading = parse_value(text, self.unit)
        except ValueParseError as error:
            raise forms.ValidationError(str(error)) from error
        if reading.secondary is not None:
            # "31 (11.8)": the bracketed figure is the secondary value, never dropped.
            if "secondary_value" not in self.fields:
                raise forms.ValidationError(
                    f"{self.indicator.code} has no second figure: remove the one in brackets."
                )
            self.bracketed_secondary = reading.secondary
        return reading.value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bracketed = getattr(self, "bracketed_secondary", None)
        if bracketed is not None:
            typed = data.get("secondary_value")
            if typed is not None and typed != bracketed:
                self.add_error(
                    "secondary_value",
                    f"The value's bracketed figure ({bracketed}) and the secondary value "
                    f"({typed}) differ: give it once.",
                )
            else:
                data["secondary_value"] = bracketed
        return data

    def clean_numerator(self) -> Decimal | None:
        return self._number("numerator")

    def clean_denominator(self) -> Decimal | None:
        return self._number("denominator")

    def clean_secondary_value(self) -> Decimal | None:
        return self._number("secondary_value")

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            secondary_value=data.get("secondary_value"),
            note=data.get("note", ""),
            explanation=data.get("explanation", ""),
        )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
