"""The outturn template's columns, and a problem located by row and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

#: The template's columns, in order. ``indicator_title`` is there to read; it is ignored.
#: ``explanation`` is optional: why an unusual value is right (see :mod:`.checking`).
COLUMNS = (
    "indicator_code",
    "indicator_title",
    "period",
    "value",
    "numerator",
    "denominator",
    "secondary_value",
    "note",
    "explanation",
)
REQUIRED = ("indicator_code", "period")
NUMBERS = ("value", "numerator", "denominator", "secondary_value")
#: A row with none of these filled in is an indicator left blank: it is skipped.
FIGURES = (*NUMBERS, "note", "explanation")


def normal_header(text: str) -> str:
    """``Indicator code`` and ``indicator_code`` are the same heading."""
    return "_".join(text.strip().lower().replace("-", " ").split())


def letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position: 0 -> A."""
    return get_column_letter(position + 1)


@dataclass(frozen=True, order=True)
class Problem:
    """Why the file cannot be imported, and where: ``row 4, column D (value): ...``.

    ``row`` is the row number the user sees in Excel (the header is row 1); ``column`` is
    the heading, with ``letter`` its position when the file has that column. Problems
    with the whole file have neither.
    """

    row: int | None
    column: str | None
    message: str
    letter: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(
                f"column {self.letter} ({self.column})" if self.letter else f"column {self.column}"
            )
        return f"{', '.join(where)}: {self.message}" if where else self.message

    @property
    def sentence(self) -> str:
        """The problem as a sentence for a page: ``Row 4, column D (value): ...``."""
        text = str(self)
        return text[:1].upper() + text[1:]

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "letter": self.letter,
            "message": self.message,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        return cls(
            row=data.get("row"),
            column=data.get("column"),
            message=str(data.get("message", "")),
            letter=data.get("letter"),
        )


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Whole-file problems first, then by row and by column as they stand in the file."""
    order = {name: index for index, name in enumerate(COLUMNS)}
    return sorted(
        problems,
        key=lambda p: (p.row or 0, order.get(p.column or "", -1), p.message),
    )
