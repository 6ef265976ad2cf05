"""Target-setting forms: typed values read by the engine's value parser, GOV.UK messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from outturn.engine.values import Unit, ValueParseError, format_value, parse_value, plain
from outturn.planning.models import TargetProposal
from outturn.planning.periods import TargetPlan
from outturn.planning.services import ProposalContent
from outturn.scorecard.fields import PeriodFormField
from outturn.scorecard.models import Benchmark, Indicator, TargetKind, ToleranceKind

HUNDRED = Decimal(100)


def _read(text: str, unit: Unit) -> Decimal:
    """One figure in the indicator's unit; a bracketed second figure has no place in a target."""
    try:
        reading = parse_value(text, unit)
    except ValueParseError as error:
        raise ValidationError(str(error)) from None
    if reading.secondary is not None:
        raise ValidationError("Enter a single figure: a target has no second figure in brackets.")
    return reading.value


class UnitValueField(forms.CharField):
    """A figure typed as the papers write it (65%, £1.2m, 1,428), kept exactly."""

    def __init__(self, *, unit: Unit, **kwargs: Any) -> None:
        self.unit = unit
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        return _read(text, self.unit) if text else None

    def prepare_value(self, value: Any) -> Any:
        return plain(value) if isinstance(value, Decimal) else value


class OpenYearForm(forms.Form):
    period = PeriodFormField(
        label="Financial year",
        help_text="For example, 2027/28.",
        error_messages={"required": "Enter the financial year to open, such as 2027/28."},
    )


def _display(benchmark: Benchmark, unit: Unit) -> str:
    return f"{benchmark.group.name}, {benchmark.period}: {format_value(benchmark.value, unit)}"


class ProposalForm(forms.Form):
    """One indicator's proposed targets for the year."""

    kind = forms.ChoiceField(
        label="Target",
        choices=TargetKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of target to set."},
    )
    basis = forms.CharField(
        label="Basis (optional)",
        required=False,
        max_length=200,
        help_text="Where the target comes from, for example 'National average' or "
        "'Statistical neighbours' median'.",
        error_messages={"max_length": "The basis must be 200 characters or fewer."},
    )
    benchmark = forms.ChoiceField(label="Tied to a benchmark (optional)", required=False)
    tolerance_kind = forms.ChoiceField(
        label="Tolerance",
        required=False,
        choices=[
            ("", "No tolerance: any miss is off target"),
            (ToleranceKind.ABSOLUTE, "Absolute: in the indicator's own units"),
            (ToleranceKind.RELATIVE, "Relative: a percentage of the target"),
        ],
        widget=forms.RadioSelect,
    )
    tolerance_value = forms.CharField(
        label="Tolerance value",
        required=False,
        help_text="Absolute: in the indicator's own units. Relative: a percentage of the "
        "target, so 5 means within 5% of it.",
    )
    rationale = forms.CharField(
        label="Why this target",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the target is based on and what it asks of the service. "
        "The head of service reads this before agreeing.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        plan: TargetPlan,
        benchmarks: list[Benchmark],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit = Unit(indicator.unit)
        self.plan = plan
        self.benchmarks = {str(b.pk): b for b in benchmarks}
        benchmark_field = cast(forms.ChoiceField, self.fields["benchmark"])
        benchmark_field.choices = [
            ("", "Not tied to a benchmark"),
            *((key, _display(b, self.unit)) for key, b in self.benchmarks.items()),
        ]
        self.fields["value"] = UnitValueField(unit=self.unit, label="Target value")
        self.fields["band_low"] = UnitValueField(unit=self.unit, label="Lowest value")
        self.fields["band_high"] = UnitValueField(unit=self.unit, label="Highest value")
        self.profile_names: list[str] = []
        for index, period in enumerate(plan.profile_periods):
            name = f"profile_{index}"
            self.fields[name] = UnitValueField(unit=self.unit, label=str(period))
            self.profile_names.append(name)

    @classmethod
    def initial_for(cls, proposal: TargetProposal) -> dict[str, Any]:
        relative = proposal.tolerance_kind == ToleranceKind.RELATIVE
        tolerance = proposal.tolerance_value
        if tolerance is not None and relative:
            tolerance *= HUNDRED
        initial: dict[str, Any] = {
            "kind": proposal.kind,
            "value": proposal.value,
            "band_low": proposal.band_low,
            "band_high": proposal.band_high,
            "basis": proposal.basis,
            "benchmark": str(proposal.benchmark_id or ""),
            "tolerance_kind": proposal.tolerance_kind,
            "tolerance_value": plain(tolerance) if tolerance is not None else "",
            "rationale": proposal.rationale,
            "version": proposal.version,
        }
        return initial

    def profile_initial(self, proposal: TargetProposal) -> None:
        values = {row.period: row.value for row in proposal.profile.all()}
        for name, period in zip(self.profile_names, self.plan.profile_periods, strict=True):
            if period in values:
                self.initial[name] = values[period]

    @property
    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.profile_names]

    def clean_tolerance_value(self) -> Decimal | None:
        text = self.cleaned_data.get("tolerance_value", "").strip()
        if not text:
            return None
        relative = self.data.get(self.add_prefix("tolerance_kind")) == ToleranceKind.RELATIVE
        if relative:
            return _read(text, Unit.PERCENTAGE) / HUNDRED
        return _read(text, self.unit)

    def content(self) -> ProposalContent:
        """What was typed, parsed. After a failed parse, the fields that did parse."""
        data = self.cleaned_data
        profile = {
            period: data[name]
            for name, period in zip(self.profile_names, self.plan.profile_periods, strict=True)
            if data.get(name) is not None
        }
        return ProposalContent(
            kind=data.get("kind", ""),
            value=data.get("value"),
            band_low=data.get("band_low"),
            band_high=data.get("band_high"),
            basis=data.get("basis", ""),
            benchmark=self.benchmarks.get(data.get("benchmark") or ""),
            profile=profile,
            tolerance_kind=data.get("tolerance_kind", ""),
            tolerance_value=data.get("tolerance_value"),
            rationale=data.get("rationale", ""),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal beside the fields it names."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        self.add_rule_errors(error.message_dict)

    def add_rule_errors(self, errors: dict[str, list[str]]) -> None:
        """Problems the service's rules find, beside fields that have no error yet.

        Called after a failed parse too, so one submission shows every problem at once.
        """
        for name, messages in errors.items():
            field = name if name in self.fields else None
            if name == "profile" and self.profile_names:
                field = self.profile_names[0]
            if field is not None and field in self.errors:
                continue
            for message in messages:
                self.add_error(field, message)

    def error_targets(self) -> list[tuple[str, str]]:
        """(message, element id) pairs for the error summary, in the page's order."""
        targets = [(str(message), "") for message in self.non_field_errors()]
        page_order = [
            "kind",
            "value",
            "band_low",
            "band_high",
            "basis",
            "benchmark",
            *self.profile_names,
            "tolerance_kind",
            "tolerance_value",
            "rationale",
        ]
        for name in page_order:
            for message in self.errors.get(name, []):
                anchor = f"id_{name}_0" if name in ("kind", "tolerance_kind") else f"id_{name}"
                targets.append((str(message), anchor))
        return targets


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What should change",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what should change before the target is proposed again."
        },
    )


class LockForm(forms.Form):
    """Locking, with the outstanding proposals named and skipped on purpose."""

    confirm_skip = forms.BooleanField(required=False)

    def __init__(self, *args: Any, outstanding: list[TargetProposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outstanding = outstanding
        count = len(outstanding)
        noun = "target" if count == 1 else "targets"
        self.fields["confirm_skip"].label = f"Lock without the {count} {noun} not yet agreed"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The proposals the page listed. The service checks them against the database, so
        # one that fell outstanding after the page was drawn still holds the lock up.
        posted = self.data.getlist("skip") if hasattr(self.data, "getlist") else []
        data["skip"] = [int(v) for v in posted if str(v).isdigit()]
        if self.outstanding and not data.get("confirm_skip"):
            self.add_error(
                "confirm_skip",
                "Confirm that the year is locked without the targets not yet agreed.",
            )
        return data
