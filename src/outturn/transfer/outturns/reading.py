"""Reading an outturn file (CSV or XLSX) into one frame of text cells, row by row.

Nothing here judges the figures: every cell comes out as stripped text (None when blank)
and :mod:`.checking` reads it through the engine's parsers. A workbook's number cells
become the exact Decimal text the user typed; a percentage-formatted cell keeps the %
the user sees. Row numbers are those Excel shows: the header is row 1 and blank rows
count, so a problem's row can be found in the file.

Callers must have passed the file through :func:`outturn.transfer.files.refuse_unsafe`.
"""

from __future__ import annotations

import csv
import pathlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import polars as pl
from openpyxl import load_workbook

from outturn.engine.periods import month
from outturn.engine.values import plain
from outturn.transfer.cells import FORMULA_TRIGGERS, from_xlsx_number
from outturn.transfer.outturns.columns import COLUMNS, NUMBERS, Problem, letter, normal_header

__all__ = ["Sheet", "estimate_rows", "read_outturn_file"]

Progress = Callable[[int], None]
#: The sheet a workbook's outturns are read from; the first sheet when there is none.
SHEET_TITLE = "Outturns"
_PROGRESS_EVERY = 5_000
_NEUTRALISED = "^'[" + "".join("\\" + c if c in "-" else c for c in FORMULA_TRIGGERS) + "]"


@dataclass
class Sheet:
    """The file's rows: ``frame`` has ``row`` (Excel's row number) and one text column
    for each of :data:`COLUMNS` (all None where the file lacks the column)."""

    frame: pl.DataFrame
    letters: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    has_header: bool = True

    def has(self, column: str) -> bool:
        return column in self.letters


def read_outturn_file(path: pathlib.Path, *, kind: str, progress: Progress | None = None) -> Sheet:
    """Read a file that :func:`refuse_unsafe` called ``kind`` (``"xlsx"`` or ``"csv"``)."""
    if kind == "xlsx":
        return _read_workbook(path, progress)
    return _read_csv(path, progress)


def estimate_rows(path: pathlib.Path, *, kind: str) -> int | None:
    """About how many data rows the file has, cheaply: decides whether to import it now
    or in the background. None when a workbook does not say."""
    if kind == "csv":
        lines = 0
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                lines += chunk.count(b"\n")
        return max(lines - 1, 0)
    workbook = load_workbook(path, read_only=True)
    try:
        sheet = _data_sheet(workbook)
        return None if sheet.max_row is None else max(sheet.max_row - 1, 0)
    finally:
        workbook.close()


# --- CSV --------------------------------------------------------------------------------


def _read_csv(path: pathlib.Path, progress: Progress | None) -> Sheet:
    try:
        raw = pl.read_csv(
            path,
            has_header=False,
            infer_schema=False,
            raise_if_empty=False,
            encoding="utf8",
        )
    except pl.exceptions.PolarsError:
        # Polars refuses ragged rows and stray quotes; the csv module reads them all,
        # so each problem can be reported at its row.
        raw = _read_csv_slowly(path)
    if progress is not None:
        progress(max(raw.height - 1, 0))
    return _from_grid(raw)


def _read_csv_slowly(path: pathlib.Path) -> pl.DataFrame:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle))
    return _grid([[cell or None for cell in record] for record in records])


def _grid(records: Sequence[Sequence[str | None]]) -> pl.DataFrame:
    """Rows of cells (any lengths) as a frame of text columns column_1, column_2, ..."""
    width = max((len(record) for record in records), default=0)
    columns: dict[str, list[str | None]] = {f"column_{i + 1}": [] for i in range(width)}
    for record in records:
        for position in range(width):
            columns[f"column_{position + 1}"].append(
                record[position] if position < len(record) else None
            )
    return pl.DataFrame(columns, schema={name: pl.Utf8 for name in columns})


# --- XLSX -------------------------------------------------------------------------------


def _data_sheet(workbook: Any) -> Any:
    if SHEET_TITLE in workbook.sheetnames:
        return workbook[SHEET_TITLE]
    return workbook.worksheets[0]


def _read_workbook(path: pathlib.Path, progress: Progress | None) -> Sheet:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = _data_sheet(workbook)
        rows: Iterator[tuple[object, ...]] = sheet.iter_rows()
        header = next(rows, None)
        if header is None:
            return _from_grid(pl.DataFrame())
        header_text = [_xlsx_text(cell, None) for cell in header]
        names = [normal_header(text) if text else "" for text in header_text]
        records: list[list[str | None]] = [header_text]
        for count, row in enumerate(rows, start=1):
            records.append(
                [
                    _xlsx_text(cell, names[position] if position < len(names) else None)
                    for position, cell in enumerate(row)
                ]
            )
            if progress is not None and count % _PROGRESS_EVERY == 0:
                progress(count)
        if progress is not None:
            progress(len(records) - 1)
    finally:
        workbook.close()
    return _from_grid(_grid(records))


def _xlsx_text(cell: object, column: str | None) -> str | None:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        number = from_xlsx_number(value)
        number_format = getattr(cell, "number_format", None) or ""
        if column in NUMBERS and "%" in number_format:
            # The cell shows 83.5% but holds 0.835: keep what the user sees.
            return f"{plain(number.scaleb(2))}%"
        return plain(number)
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        if column == "period" and day.day == 1:
            # Excel turns "April 2026" typed in a cell into 1 April 2026; a quarter-end
            # snapshot never falls on the 1st, so the 1st means the month.
            return str(month(day.year, day.month))
        return day.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


# --- both -------------------------------------------------------------------------------


def _from_grid(raw: pl.DataFrame) -> Sheet:
    """Turn a grid of text (first row the header) into a :class:`Sheet`."""
    if raw.height == 0 or raw.width == 0:
        return Sheet(frame=_empty_frame(), has_header=False)
    raw = raw.with_columns(_cleaned(pl.col(name)) for name in raw.columns)
    header = [(text or "").lstrip("\ufeff").strip() for text in raw.row(0)]
    if not any(header):
        return Sheet(frame=_empty_frame(), has_header=False)
    body = raw.slice(1).with_columns(pl.int_range(2, raw.height + 1, dtype=pl.Int64).alias("row"))
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    unheaded: list[str] = []
    for position, text in enumerate(header):
        source = raw.columns[position]
        name = normal_header(text)
        if not name:
            unheaded.append(source)
        elif name not in COLUMNS:
            problems.append(
                Problem(
                    1,
                    text,
                    f"“{text}” is not a column of the outturn template; the columns are "
                    f"{', '.join(COLUMNS)}. Delete the column or rename it.",
                    letter(position),
                )
            )
        elif name in positions:
            problems.append(
                Problem(
                    1,
                    name,
                    f"the heading {name} appears twice (also in column "
                    f"{letter(positions[name])}): keep one column for it.",
                    letter(position),
                )
            )
        else:
            positions[name] = position
    for source in unheaded:
        position = raw.columns.index(source)
        for row in body.filter(pl.col(source).is_not_null())["row"].to_list():
            problems.append(
                Problem(
                    row,
                    None,
                    f"the cell in column {letter(position)} has a value but its column has no "
                    "heading: add the heading or clear the column.",
                )
            )
    frame = body.select(
        pl.col("row"),
        *(
            (pl.col(raw.columns[positions[name]]) if name in positions else pl.lit(None))
            .cast(pl.Utf8)
            .alias(name)
            for name in COLUMNS
        ),
    )
    letters = {name: letter(position) for name, position in positions.items()}
    return Sheet(frame=frame, letters=letters, problems=problems)


def _cleaned(column: pl.Expr) -> pl.Expr:
    """Undo the template's formula guard (a leading apostrophe), strip, blank -> None."""
    restored = (
        pl.when(column.str.contains(_NEUTRALISED)).then(column.str.slice(1)).otherwise(column)
    )
    stripped = restored.str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped).alias(column.meta.output_name())


def _empty_frame() -> pl.DataFrame:
    return pl.DataFrame(
        schema={"row": pl.Int64, **{name: pl.Utf8 for name in COLUMNS}},
    )
