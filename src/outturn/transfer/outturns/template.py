"""The round's import template, ready filled with the values due from one person.

One row for each indicator and period the round still wants from them (values already
submitted, approved or published are left out: an import could not replace them), with
any draft figures, notes and explanations filled in, so that the file can be completed and uploaded
back as it stands. Text cells are neutralised so that nothing in them runs as a formula
when the file is opened; the import undoes that.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from outturn.accounts.roles import entry_scope, is_performance_team
from outturn.engine.periods import Period
from outturn.engine.values import plain
from outturn.rounds.models import Round
from outturn.rounds.selectors import round_items
from outturn.scorecard.models import Outturn, OutturnState
from outturn.transfer.cells import neutralise, xlsx_value
from outturn.transfer.outturns.columns import COLUMNS
from outturn.transfer.outturns.reading import SHEET_TITLE

__all__ = ["TemplateRow", "template_csv", "template_rows", "template_xlsx"]

_OPEN_STATES = (OutturnState.DRAFT, OutturnState.RETURNED)
_WIDTHS = {
    "indicator_code": 16,
    "indicator_title": 60,
    "period": 18,
    "note": 60,
    "explanation": 60,
}

_README = (
    ("Outturn import template", True),
    ("", False),
    (
        "Fill in one row for each indicator and period, then upload the file on the round's "
        "import page.",
        False,
    ),
    ("indicator_code and period: leave as they are; they say which figure the row is.", False),
    ("indicator_title: for reading only; it is not imported.", False),
    ("value: the figure, in the indicator's unit (for example 7.7%, 1,428 or £20,000).", False),
    (
        "numerator and denominator: where the indicator has them; leave value blank and it is "
        "worked out from them.",
        False,
    ),
    (
        "secondary_value: the second figure some indicators report (for example the count "
        "beside a rate).",
        False,
    ),
    ("note: the commentary for committee reports: what the figure means and why it moved.", False),
    (
        "explanation: only for an unusual value: one outside its process limits, or more than "
        "50% away from the previous period's. Say what caused it; the approver reads it.",
        False,
    ),
    ("", False),
    (
        "Rows with no figures, note or explanation are skipped. Every imported value is "
        "submitted for approval.",
        False,
    ),
    (
        "An unusual value with no explanation is a problem, as it is on the entry form: add "
        "an explanation in its row, or enter that value through the form instead.",
        False,
    ),
    (
        "If any row has a problem, nothing is imported: every problem is listed by row and "
        "column so that it can be put right.",
        False,
    ),
)


@dataclass(frozen=True)
class TemplateRow:
    indicator_code: str
    indicator_title: str
    period: Period
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    secondary_value: Decimal | None = None
    note: str = ""
    explanation: str = ""

    def cells(self) -> list[object]:
        return [
            self.indicator_code,
            self.indicator_title,
            str(self.period),
            self.value,
            self.numerator,
            self.denominator,
            self.secondary_value,
            self.note,
            self.explanation,
        ]


def template_rows(*, round_: Round, by: User) -> list[TemplateRow]:
    """The values the round still wants from ``by`` (from everyone, for the performance team)."""
    scope = None if is_performance_team(by) else entry_scope(by)
    rows = []
    for item in round_items(round_, scope=scope, today=timezone.localdate()):
        outturn = item.outturn
        if outturn is not None and outturn.state not in _OPEN_STATES:
            continue
        indicator = item.indicator
        rows.append(
            TemplateRow(
                indicator_code=indicator.code,
                indicator_title=indicator.title,
                period=item.period,
                # With both parts the value is worked out again on import.
                value=outturn.value if outturn and not _has_parts(outturn) else None,
                numerator=outturn.numerator if outturn else None,
                denominator=outturn.denominator if outturn else None,
                secondary_value=outturn.secondary_value if outturn else None,
                note=outturn.note if outturn else "",
                explanation=outturn.explanation if outturn else "",
            )
        )
    return rows


def _has_parts(outturn: Outturn) -> bool:
    return outturn.numerator is not None and outturn.denominator is not None


def template_filename(round_: Round, extension: str) -> str:
    slug = str(round_.period).replace("/", "-").replace(" ", "-").lower()
    return f"outturns-{slug}.{extension}"


def template_xlsx(rows: list[TemplateRow]) -> bytes:
    """The template as an Excel workbook: an Outturns sheet and a Read me sheet."""
    workbook = Workbook()
    sheet: Worksheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_value(value) for value in row.cells()])
    for position, name in enumerate(COLUMNS):
        letter = sheet.cell(row=1, column=position + 1).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 14)
        if name == "period" or name == "indicator_code":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position + 1, max_col=position + 1):
                cell.number_format = "@"  # text: Excel must not turn April 2026 into a date
    sheet.freeze_panes = "A2"
    readme = workbook.create_sheet("Read me")
    readme.column_dimensions["A"].width = 110
    for text, bold in _README:
        readme.append([text])
        if bold:
            readme.cell(row=readme.max_row, column=1).font = Font(bold=True, size=14)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(rows: list[TemplateRow]) -> bytes:
    """The template as CSV in UTF-8 with a byte-order mark, which Excel needs to read it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                ""
                if value is None
                else neutralise(plain(value) if isinstance(value, Decimal) else value)
                for value in row.cells()
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
