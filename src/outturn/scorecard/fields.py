"""Model fields for exact decimals and reporting periods.

Django's DecimalField stores a REAL on SQLite and loses digits past about fifteen
significant figures; councils' figures must come back exactly as typed. ``ExactDecimalField``
uses PostgreSQL's arbitrary-precision ``numeric`` and, on SQLite, text holding the plain
decimal string. ``PeriodField`` stores a period's canonical form, parsed in one place.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from outturn.engine.periods import Period, PeriodError, parse_period
from outturn.engine.values import ValueParseError, plain, to_decimal


class ExactDecimalFormField(forms.CharField):
    """A text box that accepts any plain number and keeps every digit."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return to_decimal(text)
        except ValueParseError as error:
            raise ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        return plain(value) if isinstance(value, Decimal) else value


class ExactDecimalField(models.Field):
    description = "A decimal number stored exactly, with no fixed precision"

    def db_type(self, connection: BaseDatabaseWrapper) -> str:
        return "numeric" if connection.vendor == "postgresql" else "text"

    def get_internal_type(self) -> str:
        return "ExactDecimalField"

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            return to_decimal(value)
        except ValueParseError as error:
            raise ValidationError(str(error), code="invalid") from error

    def get_prep_value(self, value: Any) -> Decimal | None:
        value = super().get_prep_value(value)
        return self.to_python(value)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if value is None:
            return None
        return value if connection.vendor == "postgresql" else plain(value)

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": ExactDecimalFormField, **kwargs})


class PeriodFormField(forms.CharField):
    def to_python(self, value: Any) -> Period | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_period(text)
        except PeriodError as error:
            raise ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, Period) else value


class PeriodField(models.Field):
    """A reporting period, stored in its canonical printed form (``2025/26 Q2``)."""

    description = "A reporting period"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 40:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "CharField"

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        return None if value is None else parse_period(value)

    def to_python(self, value: Any) -> Period | None:
        if value is None or value == "":
            return None
        try:
            return parse_period(value)
        except PeriodError as error:
            raise ValidationError(str(error), code="invalid") from error

    def get_prep_value(self, value: Any) -> str | None:
        period = self.to_python(value)
        return None if period is None else str(period)

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(
            **{"form_class": PeriodFormField, "max_length": self.max_length, **kwargs}
        )
