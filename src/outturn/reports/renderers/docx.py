"""The report as a Word document a committee clerk can edit and file.

Built with Word's own structure so it passes Word's accessibility checker and survives
editing: the Title and Heading 1-3 styles (so the navigation pane and a table of contents
work), tables whose first row repeats on every page (``w:tblHeader``), a text
alternative on every picture (``descr`` on ``wp:docPr``), the document's title and
language in its properties, and page numbers in the footer. The table of contents is a
Word field that Word fills in when the document is opened.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Tbl
from docx.parts.image import ImagePart
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from outturn.reports.charts import chart_file
from outturn.reports.content import (
    Chart,
    ExceptionReportEntry,
    GroupCounts,
    IndicatorEntry,
    ReportModel,
    StatusCounts,
)
from outturn.reports.text import blocks

RAG_FILL = {"green": "0F7A52", "amber": "FFDD00", "red": "CA3535", "not_rated": "CECECE"}
RAG_INK = {"green": "FFFFFF", "amber": "0B0C0C", "red": "FFFFFF", "not_rated": "0B0C0C"}
HEADER_FILL = "F3F2F1"
FONT = "Arial"


class _Doc:
    """python-docx's document, with the costs that grow with the report taken out.

    python-docx looks a style up by scanning every style, finds where a new paragraph
    goes by scanning the body, numbers each picture by searching the whole document for
    ids, and names each image part by scanning the others: each is fine for a letter and
    quadratic for a 300-indicator pack. Here styles are looked up once, blocks go straight
    before the final section properties, and pictures are counted as they are added.
    """

    def __init__(self) -> None:
        self.document = Document()
        self.body = self.document._body
        self._end = self.document.element.body.sectPr
        self._styles: dict[str, Any] = {}
        self._images: dict[str, tuple[str, Image]] = {}
        self._width: Length | None = None
        self._shape_id = 1000

    def __getattr__(self, name: str) -> Any:
        return getattr(self.document, name)

    def style(self, name: str) -> Any:
        if name not in self._styles:
            self._styles[name] = self.document.styles[name]
        return self._styles[name]

    def add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        self._end.addprevious(element)
        paragraph = Paragraph(element, self.body)
        if text:
            paragraph.add_run(text)
        if style is not None:
            paragraph.style = self.style(style)
        return paragraph

    def add_heading(self, text: str, level: int) -> Paragraph:
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def add_table(self, rows: int, cols: int) -> Table:
        if self._width is None:
            self._width = self.document._block_width
        element = CT_Tbl.new_tbl(rows, cols, self._width)
        self._end.addprevious(element)
        table = Table(element, self.body)
        table.style = self.style("Table Grid")
        return table

    def add_picture(self, paragraph: Paragraph, path: Path, width: Length) -> CT_Inline:
        key = str(path)
        if key not in self._images:
            image = Image.from_file(key)
            part = ImagePart.from_image(
                image, PackURI(f"/word/media/chart{len(self._images) + 1}{Path(key).suffix}")
            )
            rel_id = self.document.part.relate_to(part, RELATIONSHIP_TYPE.IMAGE)
            self._images[key] = (rel_id, image)
        rel_id, image = self._images[key]
        cx, cy = image.scaled_dimensions(width, None)
        self._shape_id += 1
        inline = CT_Inline.new_pic_inline(self._shape_id, rel_id, image.filename, cx, cy)
        paragraph.add_run()._r.add_drawing(inline)
        return inline


# --- low-level helpers --------------------------------------------------------------------


def _set_cell_fill(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(table: Table) -> None:
    """Mark the first row as a header row: Word repeats it on each page and tells
    screen readers the cells below belong to it."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _no_split(table: Table) -> None:
    for row in table.rows:
        cant_split = OxmlElement("w:cantSplit")
        cant_split.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(cant_split)


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, align_right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    if align_right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(
    document: _Doc,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric_from: int | None = None,
    widths: Sequence[float] | None = None,
    first_column_bold: bool = True,
) -> Table:
    """A data table with a repeating header row; columns from ``numeric_from`` align right."""
    table = document.add_table(1 + len(rows), len(header))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for index, (cell, text) in enumerate(zip(table.rows[0].cells, header, strict=True)):
        _cell_text(cell, text, bold=True, align_right=_numeric(index, numeric_from))
        _set_cell_fill(cell, HEADER_FILL)
    for row, values in zip(table.rows[1:], rows, strict=True):
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            bold = first_column_bold and index == 0
            _cell_text(cell, text, bold=bold, align_right=_numeric(index, numeric_from))
    _repeat_header(table)
    if widths:
        _widths(table, widths)
    return table


def _numeric(index: int, numeric_from: int | None) -> bool:
    return numeric_from is not None and index >= numeric_from


def _widths(table: Table, widths: Sequence[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Mm(width)


def _key_value_table(document: _Doc, rows: Sequence[tuple[str, str]]) -> Table:
    """A two-column table of labels and values (a front sheet, a report's header)."""
    table = document.add_table(len(rows), 2)
    for row, (label, text) in zip(table.rows, rows, strict=True):
        label_cell, value_cell = row.cells
        _cell_text(label_cell, label, bold=True)
        _set_cell_fill(label_cell, HEADER_FILL)
        _write_blocks_in_cell(value_cell, text)
    _widths(table, (55, 125))
    return table


def _write_blocks_in_cell(cell: _Cell, text: str) -> None:
    first = True
    for block in blocks(text):
        for line in block.lines:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            paragraph.add_run(("• " if block.kind == "ul" else "") + line)


def _write_text(document: _Doc, text: str) -> None:
    """Typed text as Word paragraphs and bulleted lists (List Bullet style)."""
    for block in blocks(text):
        if block.kind == "ul":
            for line in block.lines:
                document.add_paragraph(line, style="List Bullet")
        else:
            paragraph = document.add_paragraph()
            for i, line in enumerate(block.lines[0].split("\n")):
                if i:
                    paragraph.add_run().add_break()
                paragraph.add_run(line)


def _picture(document: _Doc, paragraph: Paragraph, chart: Chart, width_mm: float) -> None:
    """A chart with its text alternative, where Word's "Alt Text" pane shows it."""
    inline = document.add_picture(paragraph, chart_file(chart), Mm(width_mm))
    for properties in inline.iter(qn("wp:docPr")):
        properties.set("descr", chart.alt_text)
        properties.set("title", f"Chart: {chart.indicator_code}")


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC ...), filled in by Word."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if instruction.startswith("TOC"):
        begin.set(qn("w:dirty"), "true")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(begin)
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(separate)
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(end)


# --- document set-up ---------------------------------------------------------------------------


def _styles(document: _Doc) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    r_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    sizes = {"Title": 24, "Heading 1": 16, "Heading 2": 14, "Heading 3": 12}
    for name, size in sizes.items():
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    table_font = document.styles["Table Grid"].font
    table_font.size = Pt(9)
    # Ask Word to refresh fields (the table of contents) when the file is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _page(document: _Doc, report: ReportModel) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin = section.bottom_margin = Mm(18)
    header = section.header.paragraphs[0]
    header.text = f"{report.council}: {report.title}"
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    properties = document.core_properties
    properties.title = report.title
    properties.subject = f"{report.scope.name}, {report.period}"
    properties.author = report.council
    properties.language = "en-GB"
    properties.keywords = "performance report; outturn; scorecard"


# --- the report ----------------------------------------------------------------------------


def _front(document: _Doc, report: ReportModel) -> None:
    council = report.council + (" (demonstration data)" if report.is_demo else "")
    document.add_paragraph(council, style="Subtitle")
    document.add_paragraph(report.front_sheet.committee.upper(), style="Subtitle")
    document.add_heading(report.title, level=0)
    if report.front_sheet.is_exempt:
        paragraph = document.add_paragraph()
        paragraph.add_run("Exempt report: not for publication.").bold = True
    if report.front_sheet.rows:
        _key_value_table(document, [(row.label, row.text) for row in report.front_sheet.rows])
    built = f"Figures as published at {report.built_at:%d %B %Y, %H:%M}"
    if report.version:
        built += f". Version {report.version}"
    document.add_paragraph(built + ".")
    heading = document.add_heading("Contents", level=1)
    heading.paragraph_format.page_break_before = True
    _field(
        document.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        "Word fills in the table of contents when the document is opened "
        "(or right-click here and choose Update Field).",
    )


def _summary_rows(groups: Sequence[GroupCounts], overall: StatusCounts) -> list[list[str]]:
    rows = [[g.name, *_count_cells(g.counts)] for g in groups]
    rows.append(["All indicators", *_count_cells(overall)])
    return rows


def _count_cells(counts: StatusCounts) -> list[str]:
    return [
        str(n)
        for n in (
            counts.green,
            counts.amber,
            counts.red,
            counts.not_rated,
            counts.improving,
            counts.worsening,
            counts.total,
        )
    ]


COUNT_HEADER = (
    "On target",
    "Within tolerance",
    "Off target",
    "Not rated",
    "Improving",
    "Worsening",
    "Total",
)


def _summary(document: _Doc, report: ReportModel) -> None:
    document.add_heading("Introduction", level=1)
    for paragraph in report.introduction:
        document.add_paragraph(paragraph)
    document.add_heading("Summary of performance", level=1)
    summary = report.summary
    document.add_heading("By corporate priority", level=2)
    widths = (60, *([17] * 7))
    _table(
        document,
        ("Corporate priority", *COUNT_HEADER),
        _summary_rows(summary.by_priority, summary.overall),
        numeric_from=1,
        widths=widths,
    )
    document.add_heading("By directorate", level=2)
    _table(
        document,
        ("Directorate", *COUNT_HEADER),
        _summary_rows(summary.by_directorate, summary.overall),
        numeric_from=1,
        widths=widths,
    )
    document.add_heading("Statistical process control", level=2)
    document.add_paragraph(
        "Process control looks past a single period's rating: it shows whether the latest "
        "point is unusual given the indicator's own history (variation), and whether its "
        "process limits sit clear of the target (assurance)."
    )
    _table(
        document,
        ("Variation of the latest point", "Indicators"),
        [[icon.label, str(icon.count)] for icon in summary.variation] or [["Not enough data", ""]],
        numeric_from=1,
        widths=(120, 30),
    )
    document.add_paragraph()
    _table(
        document,
        ("Assurance against the target", "Indicators"),
        [[icon.label, str(icon.count)] for icon in summary.assurance]
        or [["No indicator has a target and enough data", ""]],
        numeric_from=1,
        widths=(120, 30),
    )


INDICATOR_HEADER = (
    "Indicator",
    "Outturn",
    "Previous",
    "A year before",
    "Target",
    "Status",
    "Trend",
)
INDICATOR_WIDTHS = (56, 22, 18, 18, 24, 22, 30)


def _indicator_table(document: _Doc, entries: Sequence[IndicatorEntry]) -> None:
    rows = [
        [
            f"{e.code} {e.title}",
            f"{e.outturn.text}\n{e.period}" if e.period else e.outturn.text,
            e.previous.text,
            e.year_ago.text,
            e.target_text,
            f"{e.rag_label}\n{e.direction_label}",
            "",
        ]
        for e in entries
    ]
    table = _table(
        document,
        INDICATOR_HEADER,
        rows,
        numeric_from=1,
        widths=INDICATOR_WIDTHS,
        first_column_bold=False,
    )
    for row, entry in zip(table.rows[1:], entries, strict=True):
        cells = row.cells
        status_cell = cells[5]
        _set_cell_fill(status_cell, RAG_FILL.get(entry.rag, RAG_FILL["not_rated"]))
        ink = RAG_INK.get(entry.rag, RAG_INK["not_rated"])
        for run in status_cell.paragraphs[0].runs:
            run.font.color.rgb = RGBColor.from_string(ink)
            run.bold = True
        status_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
        trend = cells[6].paragraphs[0]
        trend.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if entry.sparkline is not None:
            _picture(document, trend, entry.sparkline, 26)
        else:
            trend.add_run("Too few points")
    _no_split(table)


def _facts(entry: IndicatorEntry) -> list[tuple[str, str]]:
    period = f" ({entry.period})" if entry.period else ""
    facts = [
        (
            "Outturn",
            f"{entry.outturn.text}{period} against {entry.target_phrase}: "
            f"{entry.rag_label.lower()}",
        ),
        (
            "Direction of travel",
            f"{entry.direction_label} since the previous period ({entry.previous.text}); "
            f"{entry.direction_year_label.lower()} on a year before ({entry.year_ago.text})",
        ),
    ]
    control = "; ".join(
        part
        for part in (
            entry.variation.label if entry.variation else "",
            f"assurance: {entry.assurance.label.lower()}" if entry.assurance else "",
        )
        if part
    )
    if control:
        facts.append(("Process control", control))
    if entry.comparators:
        facts.append(
            (
                "Benchmarks",
                "; ".join(
                    f"{c.name} {c.period}: {c.text}"
                    + (f" (we are {c.position})" if c.position else "")
                    for c in entry.comparators
                ),
            )
        )
    facts.append(
        (
            "Which way is better",
            f"{entry.polarity_label}; {entry.frequency_label.lower()}; {entry.service_unit}",
        )
    )
    for label, _anchor in entry.exception_links:
        facts.append(("Exception report", f"{label}: see the exception reports section"))
    return facts


def _indicators(document: _Doc, report: ReportModel) -> None:
    heading = document.add_heading("Indicators", level=1)
    heading.paragraph_format.page_break_before = True
    document.add_paragraph(
        "Each table lists a directorate's indicators with the latest published outturn, the "
        "previous period, the same period a year before and the target. Commentary from the "
        "responsible service follows each table."
    )
    for number, section in enumerate(report.sections):
        heading = document.add_heading(section.name, level=2)
        heading.paragraph_format.page_break_before = number > 0
        _indicator_table(document, section.indicators)
        for entry in section.indicators:
            document.add_heading(f"{entry.code} {entry.title}", level=3)
            for label, text in _facts(entry):
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.space_after = Pt(2)
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(text)
            if entry.commentary:
                _write_text(document, entry.commentary)
            else:
                document.add_paragraph("No commentary was given for this period.")


def _exception_report(document: _Doc, report: ExceptionReportEntry, first: bool) -> None:
    heading = document.add_heading(f"{report.indicator_code} {report.indicator_title}", level=2)
    heading.paragraph_format.page_break_before = not first
    document.add_paragraph(f"{report.kind_label}, {report.period}", style="Subtitle")
    rows = []
    if report.indicator_description:
        rows.append(("Indicator description (from the scorecard)", report.indicator_description))
    rows.append((f"{report.period} outturn", report.outturn.text))
    rows += [(f"{figure.period} outturn", figure.text) for figure in report.earlier]
    rows += [
        ("Target", report.target_text),
        ("Status", report.rag_label),
        ("Service unit", report.service_unit),
    ]
    _key_value_table(document, rows)
    if report.chart is not None:
        paragraph = document.add_paragraph()
        _picture(document, paragraph, report.chart, 170)
        document.add_paragraph(
            f"{report.indicator_code}: outturns with the target, the process mean and limits, "
            "and special-cause points.",
            style="Caption",
        )
    for question, answer in report.sections:
        document.add_heading(question, level=3)
        if answer:
            _write_text(document, answer)
        else:
            document.add_paragraph("Not given.")
    document.add_heading("Sign-off", level=3)
    _table(
        document,
        ("Step", "Name", "Role", "Date"),
        [
            [
                "Completed by",
                report.completed_by or "Not recorded",
                report.completed_by_role,
                _day(report.completed_on),
            ],
            [
                "Service unit head approval",
                report.approved_by or "Not recorded",
                report.approved_by_role,
                _day(report.approved_on),
            ],
        ],
        widths=(50, 45, 55, 30),
    )


def _day(day: object) -> str:
    from datetime import date

    return f"{day.day} {day:%B %Y}" if isinstance(day, date) else ""


def _exceptions(document: _Doc, report: ReportModel) -> None:
    for heading_text, intro, reports in (
        (
            "Exception reports",
            "Indicators markedly off target, or showing a concerning change, with the "
            "responsible officer's account and the head of service's approval.",
            report.negative_reports,
        ),
        (
            "Positive exception reports",
            "Indicators markedly ahead of target: what drove the result, and what others can "
            "learn from it.",
            report.positive_reports,
        ),
    ):
        if not reports:
            continue
        heading = document.add_heading(heading_text, level=1)
        heading.paragraph_format.page_break_before = True
        document.add_paragraph(intro)
        for number, entry in enumerate(reports):
            _exception_report(document, entry, number == 0)


def _closing(document: _Doc, report: ReportModel) -> None:
    heading = document.add_heading("Restated figures", level=1)
    heading.paragraph_format.page_break_before = True
    since = _day(report.restatements_since)
    if report.restatements:
        document.add_paragraph(f"Figures published in earlier reports and corrected since {since}.")
        _table(
            document,
            ("Indicator", "Period", "Was", "Now", "Reason", "Restated"),
            [
                [
                    f"{r.indicator_code} {r.indicator_title}",
                    r.period,
                    r.previous_text,
                    r.new_text,
                    r.reason,
                    _day(r.restated_on) + (f", {r.restated_by}" if r.restated_by else ""),
                ]
                for r in report.restatements
            ],
            widths=(45, 20, 18, 18, 50, 30),
        )
    else:
        document.add_paragraph(f"No published figure has been corrected since {since}.")
    for section in report.closing_sections:
        document.add_heading(section.heading, level=1)
        _write_text(document, section.text)


def render_docx(report: ReportModel) -> bytes:
    document = _Doc()
    _styles(document)
    _page(document, report)
    _front(document, report)
    _summary(document, report)
    _indicators(document, report)
    _exceptions(document, report)
    _closing(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
