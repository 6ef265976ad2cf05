"""Reading one row's cells as typed values, recording a problem for each bad cell.

Every value goes through the engine's parsers: ``parse_period``, ``parse_value`` (a value in
the indicator's unit, compound forms included) and ``to_decimal`` (a plain number).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from outturn.engine.periods import Period, PeriodError, PeriodKind, parse_period
from outturn.engine.values import Reading, Unit, ValueParseError, parse_value, plain, to_decimal
from outturn.scorecard.models.organisation import code_validator
from outturn.transfer.register.problems import Problem
from outturn.transfer.register.reading import Cell, Sheet

__all__ = ["BAD", "Bad", "RowCells", "taken"]

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class Bad:
    """Marks a cell that could not be read (its problem is already recorded)."""


BAD = Bad()


class RowCells:
    """Typed access to one row's cells, recording a problem for each bad cell."""

    def __init__(self, sheet: Sheet, number: int, cells: dict[str, Cell], out: list[Problem]):
        self.sheet = sheet
        self.row_number = number
        self.cells = cells
        self.out = out
        self.ok = True

    def fail(self, column: str | None, message: str) -> Bad:
        self.ok = False
        self.out.append(Problem(self.sheet.name, self.row_number, column, message))
        return BAD

    def has(self, column: str) -> bool:
        return self.sheet.has(column)

    def raw(self, column: str) -> Cell:
        return self.cells.get(column)

    def _present(self, column: str) -> Cell | Bad:
        cell = self.cells.get(column)
        if cell is None and self.sheet.kind.names[column].required:
            return self.fail(column, "this is required: enter a value")
        return cell

    def text(self, column: str, *, max_length: int | None = None) -> str | Bad:
        cell = self._present(column)
        if isinstance(cell, Bad):
            return cell
        if cell is None:
            return ""
        text = plain(cell) if isinstance(cell, Decimal) else str(cell)
        if max_length is not None and len(text) > max_length:
            return self.fail(column, f"this is {len(text)} characters long; at most {max_length}")
        return text

    def code(self, column: str) -> str | Bad:
        text = self.text(column, max_length=30)
        if isinstance(text, Bad) or not text:
            return text
        try:
            code_validator(text)
        except ValidationError:
            return self.fail(
                column,
                f"'{text}' is not a code: use letters, numbers, full stops, hyphens and "
                "underscores only, with no spaces",
            )
        return text

    def choice(self, column: str, choices: Iterable[tuple[str, str]], default: str) -> str | Bad:
        text = self.text(column)
        if isinstance(text, Bad):
            return text
        if not text:
            return default
        choices = list(choices)
        wanted = " ".join(text.lower().replace("_", " ").split())
        for value, label in choices:
            if wanted in (value.replace("_", " "), label.lower()):
                return value
        allowed = ", ".join(value for value, _ in choices)
        return self.fail(column, f"'{text}' is not one of the allowed values: {allowed}")

    def boolean(self, column: str) -> bool | Bad:
        cell = self._present(column)
        if isinstance(cell, Bad | bool):
            return cell
        if cell is None:
            return False
        text = (plain(cell) if isinstance(cell, Decimal) else str(cell)).lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        return self.fail(column, f"'{cell}' is not yes or no")

    def number(self, column: str) -> Decimal | Bad | None:
        cell = self._present(column)
        if cell is None or isinstance(cell, Bad):
            return cell
        if isinstance(cell, date | bool):
            return self.fail(column, f"this holds {_describe(cell)}, not a number")
        try:
            return to_decimal(cell, what=column.replace("_", " "))
        except ValueParseError as error:
            return self.fail(column, str(error))

    def whole(self, column: str, *, low: int, high: int, default: int) -> int | Bad:
        number = self.number(column)
        if isinstance(number, Bad):
            return number
        if number is None:
            return default
        if number != number.to_integral_value() or not low <= number <= high:
            return self.fail(column, f"{plain(number)} is not a whole number from {low} to {high}")
        return int(number)

    def reading(self, column: str, unit: Unit) -> Reading | Bad | None:
        """A value in ``unit`` through the engine's value parser (compound forms allowed)."""
        cell = self._present(column)
        if cell is None or isinstance(cell, Bad):
            return cell
        if isinstance(cell, date | bool):
            return self.fail(column, f"this holds {_describe(cell)}, not a value")
        try:
            return parse_value(cell, unit)
        except ValueParseError as error:
            return self.fail(column, str(error))

    def single(self, column: str, unit: Unit) -> Decimal | Bad | None:
        """A value in ``unit`` with no bracketed second figure."""
        reading = self.reading(column, unit)
        if reading is None or isinstance(reading, Bad):
            return reading
        if reading.secondary is not None:
            return self.fail(column, "give one figure here, without a second one in brackets")
        return reading.value

    def period(self, column: str) -> Period | Bad | None:
        cell = self._present(column)
        if cell is None or isinstance(cell, Bad):
            return cell
        if isinstance(cell, datetime):
            if cell.time() != time(0):
                return self.fail(column, f"{cell} is a date and time, not a period")
            cell = cell.date()
        text = cell.isoformat() if isinstance(cell, date) else str(cell)
        try:
            return parse_period(text)
        except PeriodError as error:
            return self.fail(column, str(error))

    def financial_year(self, column: str) -> Period | Bad | None:
        period = self.period(column)
        if period is None or isinstance(period, Bad):
            return period
        if period.kind is not PeriodKind.FINANCIAL_YEAR:
            return self.fail(column, f"{period} is not a financial year such as 2025/26")
        return period

    def moment(self, column: str) -> datetime | Bad | None:
        cell = self._present(column)
        if cell is None or isinstance(cell, Bad):
            return cell
        zone = timezone.get_default_timezone()
        if isinstance(cell, datetime):
            moment = cell
        elif isinstance(cell, date):
            moment = datetime.combine(cell, time(0))
        else:
            text = str(cell)
            parsed_moment = parse_datetime(text) if not isinstance(cell, Decimal) else None
            parsed_day = parse_date(text) if parsed_moment is None else None
            if parsed_moment is None and parsed_day is None:
                return self.fail(
                    column, f"'{text}' is not a date such as 2025-05-20 or 2025-05-20 09:30"
                )
            moment = parsed_moment or datetime.combine(parsed_day or date.min, time(0))
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, zone)
        if moment > timezone.now():
            return self.fail(column, f"{moment:%d %B %Y} is in the future")
        return moment


def _describe(cell: Cell) -> str:
    if isinstance(cell, bool):
        return "true/false"
    return f"the date {cell:%d %B %Y}" if isinstance(cell, date) else repr(cell)


def taken(values: dict[str, Any], row: RowCells, column: str, value: Any) -> None:
    """Keep ``value`` for ``column`` when its column is in the sheet and it was read."""
    if row.has(column) and not isinstance(value, Bad):
        values[column] = value
