"""Reading a register workbook, or a set of CSV files, into sheets of raw cells.

Nothing here judges the figures: cells come out as text, exact Decimals (from number
cells), dates or booleans, and the checks in :mod:`.checking` read them through the engine's
parsers. What is found wrong with the file's shape (an unknown sheet, a missing or unknown
column, the template's example row left in) is reported as a :class:`Problem`.

Callers must have passed the file through :func:`outturn.transfer.files.refuse_unsafe`.
"""

from __future__ import annotations

import csv
import io
import pathlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl import load_workbook

from outturn.engine.values import plain
from outturn.transfer.cells import from_xlsx_number, restore
from outturn.transfer.register.kinds import (
    KINDS,
    README_SHEET,
    Kind,
    kind_for_name,
    normal_header,
)
from outturn.transfer.register.problems import Problem

__all__ = ["Cell", "RegisterFile", "Sheet", "read_csv_files", "read_workbook"]

Cell = str | Decimal | date | datetime | bool | None
"""A cell as read: blank cells are None, text is stripped, numbers are exact Decimals."""


@dataclass
class Sheet:
    """One kind's rows: ``rows`` holds (row number, cells by column name) for non-blank rows."""

    kind: Kind
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)

    def has(self, column: str) -> bool:
        return column in self.columns


@dataclass
class RegisterFile:
    """What was read from a workbook or a set of CSV files, and what was wrong with it."""

    source: str
    sheets: dict[str, Sheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def sheet(self, kind: Kind) -> Sheet | None:
        return self.sheets.get(kind.slug)

    @property
    def row_count(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets.values())


def read_workbook(path: pathlib.Path, *, filename: str) -> RegisterFile:
    """Read every sheet of an .xlsx register workbook (the "Read me" sheet is skipped)."""
    register = RegisterFile(source=filename)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for worksheet in workbook.worksheets:
            title = worksheet.title
            rows = (
                [_xlsx_cell(cell.value, getattr(cell, "number_format", None)) for cell in row]
                for row in worksheet.iter_rows()
            )
            _add_sheet(register, title, rows)
    finally:
        workbook.close()
    if not register.sheets and not register.problems:
        register.problems.append(
            Problem(filename, None, None, "the workbook has none of the register's sheets")
        )
    return register


def read_csv_files(files: Iterable[tuple[pathlib.Path, str]]) -> RegisterFile:
    """Read CSV files, one per kind, each named after its kind (``indicators.csv``)."""
    files = list(files)
    register = RegisterFile(source=", ".join(name for _, name in files))
    for path, filename in files:
        text = path.read_text(encoding="utf-8-sig")
        rows = ([_csv_cell(value) for value in record] for record in csv.reader(io.StringIO(text)))
        _add_sheet(register, filename, rows, csv_name=True)
    return register


def _xlsx_cell(value: object, number_format: str | None) -> Cell:
    if value is None or isinstance(value, bool | date):
        return value  # datetime is a date
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int | float):
        number = from_xlsx_number(value)
        if number_format and "%" in number_format:
            # The cell shows 83.5% but holds 0.835: keep what the user sees.
            return f"{plain(number.scaleb(2))}%"
        return number
    text = restore(str(value)).strip()
    return text or None


def _csv_cell(value: str) -> Cell:
    text = restore(value).strip()
    return text or None


def _add_sheet(
    register: RegisterFile,
    name: str,
    rows: Iterator[list[Cell]],
    *,
    csv_name: bool = False,
) -> None:
    stem = pathlib.PurePath(name).stem if csv_name else name
    if normal_header(stem) == normal_header(README_SHEET):
        return  # the "Read me" sheet, or read-me.csv from an exported zip
    kind = kind_for_name(stem)
    if kind is None:
        expected = (
            ", ".join(k.csv_name for k in KINDS)
            if csv_name
            else ", ".join(k.sheet for k in KINDS) + f" (and {README_SHEET}, which is skipped)"
        )
        what = "file" if csv_name else "sheet"
        register.problems.append(
            Problem(
                name,
                None,
                None,
                f"Outturn does not know what this {what} holds: name it after one of {expected}",
            )
        )
        return
    if kind.slug in register.sheets:
        register.problems.append(
            Problem(
                name,
                None,
                None,
                f"{register.sheets[kind.slug].name} already holds {kind.sheet.lower()}: "
                "put them all in one sheet",
            )
        )
        return
    header = next(rows, None)
    if header is None:
        return
    columns = _columns(register, name, kind, header)
    if columns is None:
        return
    sheet = Sheet(kind=kind, name=name, columns=tuple(c for c in columns if c))
    register.sheets[kind.slug] = sheet
    for number, cells in enumerate(rows, start=2):
        if all(cell is None for cell in cells):
            continue
        row: dict[str, Cell] = {}
        for position, cell in enumerate(cells):
            column = columns[position] if position < len(columns) else ""
            if column:
                row[column] = cell
            elif cell is not None:
                register.problems.append(
                    Problem(
                        name,
                        number,
                        _letter(position),
                        "this cell has a value but its column has no heading",
                    )
                )
        if _is_example(kind, row):
            register.problems.append(
                Problem(
                    name,
                    number,
                    None,
                    "this is the template's example row: delete it, or replace it with "
                    "your own figures",
                )
            )
            continue
        sheet.rows.append((number, row))


def _columns(
    register: RegisterFile, name: str, kind: Kind, header: Sequence[Cell]
) -> list[str] | None:
    """The column names by position ('' for a blank heading), or None if unusable."""
    columns = [normal_header(cell) if cell is not None else "" for cell in header]
    problems = []
    seen: set[str] = set()
    for position, column in enumerate(columns):
        if not column:
            continue
        where = f"{column} ({_letter(position)})"
        if column not in kind.names:
            problems.append(
                Problem(
                    name,
                    1,
                    where,
                    f"'{header[position]}' is not a column of the {kind.sheet} sheet; "
                    f"its columns are {', '.join(kind.names)}",
                )
            )
        elif column in seen:
            problems.append(Problem(name, 1, where, "this column heading appears twice"))
        seen.add(column)
    for spec in kind.columns:
        if spec.required and spec.name not in seen:
            problems.append(
                Problem(name, 1, spec.name, "this required column is missing from the sheet")
            )
    register.problems.extend(problems)
    return None if problems else columns


def _letter(position: int) -> str:
    """The spreadsheet column letter of a 0-based position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _same(cell: Cell, example: object) -> bool:
    if example is None or example == "":
        return cell is None
    if cell is None:
        return False
    if isinstance(cell, Decimal):
        return plain(cell) == str(example)
    return str(cell) == str(example)


def _is_example(kind: Kind, row: dict[str, Cell]) -> bool:
    """True for the template's example row left in place (every column as in the template)."""
    return bool(row) and all(
        _same(row.get(column.name), column.example) for column in kind.columns if column.name in row
    )
