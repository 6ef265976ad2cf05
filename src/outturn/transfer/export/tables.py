"""Tables written to XLSX, CSV and zips of CSV files, safe to open in a spreadsheet.

Every cell passes through :func:`outturn.transfer.cells.neutralise` (or ``xlsx_value``), so a
commentary line beginning with ``=`` is shown as text and never run as a formula. Decimals are
written exactly: in CSV as their digits, in workbooks as numbers when a spreadsheet can hold
them without change and as text otherwise (see :mod:`outturn.transfer.cells`). Date-times are
written in UK time, to the second.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from outturn.engine.periods import Period
from outturn.transfer.cells import decimal_number_format, neutralise, xlsx_value

__all__ = ["Table", "csv_bytes", "csv_text", "workbook_bytes", "zip_bytes"]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
ZIP_MEDIA_TYPE = "application/zip"

_MAX_WIDTH = 60


@dataclass(frozen=True)
class Table:
    """A titled table: the title names the sheet (at most 31 characters in Excel)."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    wrap: bool = False


def _local(moment: datetime) -> datetime:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None, microsecond=0)


def text_cell(value: object) -> str:
    """A cell as CSV text: exact digits, periods in their canonical form, yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return _local(value).isoformat(sep=" ")
    if isinstance(value, date | Period):
        return str(value) if isinstance(value, Period) else value.isoformat()
    return str(neutralise(str(value)))


def _sheet_cell(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, str):
        # Control characters other than tab and newline cannot be stored in a workbook.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return xlsx_value(value)


def add_sheet(workbook: Workbook, table: Table) -> Worksheet:
    """Append ``table`` as a sheet: bold header, frozen top row, readable widths."""
    sheet = workbook.create_sheet(table.title[:31])
    sheet.append([str(neutralise(name)) for name in table.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(name) for name in table.header]
    for values in table.rows:
        cells = [_sheet_cell(value) for value in values]
        sheet.append(cells)
        row = sheet.max_row
        for position, (value, written) in enumerate(zip(values, cells, strict=True)):
            cell = sheet.cell(row=row, column=position + 1)
            if isinstance(value, Decimal) and isinstance(written, Decimal):
                cell.number_format = decimal_number_format(value)
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            if table.wrap and isinstance(written, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if position < len(widths):
                widths[position] = max(widths[position], min(len(str(written)), _MAX_WIDTH))
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(width, 8) + 2
    sheet.freeze_panes = "A2"
    return sheet


def workbook_bytes(tables: Iterable[Table]) -> bytes:
    """An .xlsx workbook with one sheet per table, in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        add_sheet(workbook, table)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def write_csv(table: Table, stream: IO[str]) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([text_cell(name) for name in table.header])
    for values in table.rows:
        writer.writerow([text_cell(value) for value in values])


def csv_text(table: Table) -> str:
    stream = io.StringIO()
    write_csv(table, stream)
    return stream.getvalue()


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read £ and accents rightly."""
    return csv_text(table).encode("utf-8-sig")


def zip_bytes(files: Iterable[tuple[str, bytes]]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return stream.getvalue()
