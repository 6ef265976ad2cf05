"""The report's data appendix as an Excel workbook: one row per indicator, exact values.

Figures are the stored Decimals, written as numbers only when a spreadsheet can hold them
exactly and as their exact text otherwise (``outturn.transfer.cells.xlsx_value``); every
text cell is neutralised so commentary can never run as a formula. Sheets: About,
Indicators, Summary, Exception reports, Restatements.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from outturn.reports.content import IndicatorEntry, ReportModel, StatusCounts
from outturn.transfer.cells import decimal_number_format, xlsx_value

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3F2F1")

INDICATOR_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Code", 10),
    ("Indicator", 50),
    ("Directorate", 22),
    ("Service unit", 26),
    ("Corporate priority", 28),
    ("Portfolio", 22),
    ("Unit", 14),
    ("Which way is better", 18),
    ("Frequency", 14),
    ("Period", 16),
    ("Outturn", 14),
    ("Numerator", 12),
    ("Denominator", 12),
    ("Secondary value", 14),
    ("Outturn as printed", 16),
    ("Previous period", 16),
    ("Previous outturn", 14),
    ("Same period last year", 18),
    ("Outturn a year before", 14),
    ("Target", 12),
    ("Target band low", 12),
    ("Target band high", 12),
    ("Target basis", 24),
    ("Target as printed", 22),
    ("Status", 16),
    ("Direction since previous period", 16),
    ("Direction on a year before", 16),
    ("SPC variation", 30),
    ("SPC assurance", 30),
    ("Benchmarks", 40),
    ("Commentary", 60),
    ("Exception reports", 24),
)


def _cell(value: object) -> object:
    if value is None or isinstance(value, date):
        return value
    return xlsx_value(value)


def _header(sheet: Worksheet, columns: Sequence[tuple[str, int]]) -> None:
    sheet.append([name for name, _ in columns])
    for index, (_, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2" if len(columns) > 2 else "A2"


def _rows(sheet: Worksheet, rows: Iterable[Sequence[object]]) -> None:
    for values in rows:
        sheet.append([_cell(v) for v in values])
        for cell, value in zip(sheet[sheet.max_row], values, strict=True):
            if isinstance(value, Decimal) and isinstance(cell.value, Decimal | int | float):
                cell.number_format = decimal_number_format(value)
            elif isinstance(value, date):
                cell.number_format = "d mmmm yyyy"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _indicator_row(entry: IndicatorEntry) -> list[object]:
    benchmarks = "; ".join(
        f"{c.name} {c.period}: {c.text}" + (f" ({c.position})" if c.position else "")
        for c in entry.comparators
    )
    return [
        entry.code,
        entry.title,
        entry.directorate,
        entry.service_unit,
        entry.priority,
        entry.portfolio,
        entry.unit_label,
        entry.polarity_label,
        entry.frequency_label,
        entry.period,
        entry.outturn.value,
        entry.numerator,
        entry.denominator,
        entry.secondary_value,
        entry.outturn.text,
        entry.previous.period,
        entry.previous.value,
        entry.year_ago.period,
        entry.year_ago.value,
        entry.target_value,
        entry.target_low,
        entry.target_high,
        entry.target_basis,
        entry.target_text,
        entry.rag_label,
        entry.direction_label,
        entry.direction_year_label,
        entry.variation.label if entry.variation else "",
        entry.assurance.label if entry.assurance else "",
        benchmarks,
        entry.commentary,
        "; ".join(label for label, _ in entry.exception_links),
    ]


def _counts_row(name: str, counts: StatusCounts, group: str) -> list[object]:
    return [
        group,
        name,
        counts.green,
        counts.amber,
        counts.red,
        counts.not_rated,
        counts.improving,
        counts.worsening,
        counts.total,
    ]


def render_xlsx(report: ReportModel) -> bytes:
    workbook = Workbook()
    about = workbook.active
    assert about is not None  # noqa: S101 - a new workbook always has a sheet
    about.title = "About"
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 80
    for label, value in (
        ("Council", report.council),
        ("Report", report.title),
        ("Period", report.period),
        ("Scope", report.scope.name),
        ("Figures as published at", report.built_at.strftime("%d %B %Y %H:%M")),
        ("Version", report.version or "Not a stored version"),
        (
            "About the figures",
            "Outturns, targets and benchmarks are the stored values, every digit kept. A "
            "value with more digits than a spreadsheet holds exactly is written as text.",
        ),
    ):
        about.append([_cell(label), _cell(value)])
        about.cell(row=about.max_row, column=1).font = HEADER_FONT

    indicators = workbook.create_sheet("Indicators")
    _header(indicators, INDICATOR_COLUMNS)
    _rows(indicators, (_indicator_row(entry) for entry in report.indicators()))

    summary = workbook.create_sheet("Summary")
    _header(
        summary,
        [
            ("Grouping", 18),
            ("Name", 46),
            ("On target", 11),
            ("Within tolerance", 11),
            ("Off target", 11),
            ("Not rated", 11),
            ("Improving", 11),
            ("Worsening", 11),
            ("Total", 11),
        ],
    )
    _rows(
        summary,
        [
            _counts_row("All indicators", report.summary.overall, "Council"),
            *(
                _counts_row(g.name, g.counts, "Corporate priority")
                for g in report.summary.by_priority
            ),
            *(_counts_row(g.name, g.counts, "Directorate") for g in report.summary.by_directorate),
        ],
    )

    exceptions = workbook.create_sheet("Exception reports")
    _header(
        exceptions,
        [
            ("Code", 10),
            ("Indicator", 40),
            ("Kind", 24),
            ("Period", 14),
            ("Outturn", 14),
            ("Target", 18),
            ("Status", 14),
            ("Service unit", 24),
            ("Reason for level of performance", 60),
            ("Actions", 60),
            ("Learnings to share", 40),
            ("Reason for significance", 40),
            ("Completed by", 20),
            ("Role", 24),
            ("Completed on", 14),
            ("Approved by", 20),
            ("Role", 24),
            ("Approved on", 14),
        ],
    )
    _rows(
        exceptions,
        (
            [
                r.indicator_code,
                r.indicator_title,
                r.kind_label,
                r.period,
                r.outturn.value,
                r.target_text,
                r.rag_label,
                r.service_unit,
                r.reason_for_performance,
                r.actions,
                r.learnings,
                r.significance,
                r.completed_by,
                r.completed_by_role,
                r.completed_on,
                r.approved_by,
                r.approved_by_role,
                r.approved_on,
            ]
            for r in report.exception_reports
        ),
    )

    restatements = workbook.create_sheet("Restatements")
    _header(
        restatements,
        [
            ("Code", 10),
            ("Indicator", 40),
            ("Period", 14),
            ("Was", 14),
            ("Now", 14),
            ("Reason", 60),
            ("Restated by", 20),
            ("Restated on", 14),
        ],
    )
    _rows(
        restatements,
        (
            [
                r.indicator_code,
                r.indicator_title,
                r.period,
                r.previous_value,
                r.new_value,
                r.reason,
                r.restated_by,
                r.restated_on,
            ]
            for r in report.restatements
        ),
    )
    workbook.properties.title = report.title
    workbook.properties.creator = report.council
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
