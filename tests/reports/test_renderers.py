"""Each format says what the report model says: headings, figures, charts and their words."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from outturn.engine.periods import parse_period
from outturn.reports.build import build_report
from outturn.reports.charts import draw_charts
from outturn.reports.content import ReportModel
from outturn.reports.models import ReportPack
from outturn.reports.renderers import renderer
from outturn.reports.renderers.docx import render_docx
from outturn.reports.renderers.html import render_html
from outturn.reports.renderers.pdf import render_pdf
from outturn.reports.renderers.xlsx import render_xlsx
from tests.reports.conftest import (
    NEGATIVE_REASON,
    POSITIVE_LEARNING,
    POSITIVE_SIGNIFICANCE,
    Council,
)
from tests.reports.documents import (
    all_text,
    has_header_row,
    headings,
    open_docx,
    pdf_objects,
    pdf_strings,
    picture_descriptions,
)

CODES = ["CS16", "CS01", "OPS02", "OPS01", "OPS04"]


@pytest.fixture
def report(council: Council) -> ReportModel:
    ReportPack.objects.create(
        period=parse_period("2025/26 Q2"),
        scope="council",
        report_subject="Corporate performance report: quarter 2, 2025/26",
        executive_summary="Strong summer; plans for children with SEND are late.",
        recommendations="It is RECOMMENDED that Cabinet:\n- notes the report",
        wards="Council-wide",
        equality_implications="No change to services is proposed.",
    )
    model = build_report(period="2025/26 Q2", scope="council", version=3)
    draw_charts(model.charts())
    return model


def test_word_document_is_structured_for_a_clerk(report: ReportModel) -> None:
    document = open_docx(render_docx(report))

    found = headings(document)
    assert found[0] == ("Title", "Corporate performance report, 2025/26 Q2")
    level_1 = [text for style, text in found if style == "Heading 1"]
    assert level_1 == [
        "Contents",
        "Introduction",
        "Summary of performance",
        "Indicators",
        "Exception reports",
        "Positive exception reports",
        "Restated figures",
        "Summary of equality implications",
    ]
    level_2 = [text for style, text in found if style == "Heading 2"]
    assert "Children's Services" in level_2 and "Operations" in level_2
    assert "CS16 Increase the percentage of new EHC plans issued within 20 weeks" in level_2
    level_3 = [text for style, text in found if style == "Heading 3"]
    for code in CODES:
        assert any(text.startswith(f"{code} ") for text in level_3), code
    assert "Learnings to share" in level_3 and "Sign-off" in level_3
    assert document.core_properties.title == report.title
    assert document.core_properties.language == "en-GB"


def test_word_tables_have_header_rows_and_the_figures(report: ReportModel) -> None:
    document = open_docx(render_docx(report))

    front_sheet = document.tables[0]
    assert [row.cells[0].text for row in front_sheet.rows][:2] == ["Report subject", "Status"]
    indicator_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Indicator"]
    children, operations = indicator_tables[:2]
    assert all(has_header_row(t) for t in indicator_tables)
    assert [c.text for c in children.rows[0].cells][:5] == [
        "Indicator",
        "Outturn",
        "Previous",
        "A year before",
        "Target",
    ]
    fines = operations.rows[1].cells
    assert fines[0].text.startswith("OPS02 ")
    assert (fines[1].text, fines[2].text, fines[3].text, fines[4].text) == (
        "1,428\n2025/26 Q2",
        "862",
        "800",
        "844",
    )
    assert fines[5].text == "On target\nImproving"
    # The RAG status is shaded, and says so in words.
    shading = fines[5]._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    assert shading is not None and shading.get(qn("w:fill")) == "0F7A52"
    sign_offs = [t for t in document.tables if t.rows[0].cells[0].text == "Step"]
    assert len(sign_offs) == 2 and all(has_header_row(t) for t in sign_offs)
    assert sign_offs[0].rows[2].cells[1].text == "Daniel Whitcombe"


def test_every_word_picture_has_a_text_alternative(report: ReportModel) -> None:
    document = open_docx(render_docx(report))

    descriptions = picture_descriptions(document)
    # Five sparklines in the indicator tables, then the two exception reports' charts.
    assert descriptions == [chart.alt_text for chart in report.charts()]
    assert len(descriptions) == 7
    assert all(descriptions)
    assert any("Process limits" in (d or "") for d in descriptions)


def test_word_carries_the_exception_reports_and_page_numbers(report: ReportModel) -> None:
    document = open_docx(render_docx(report))
    text = all_text(document)

    assert NEGATIVE_REASON in text
    assert POSITIVE_LEARNING in text and POSITIVE_SIGNIFICANCE in text
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Extra assessment sessions bought in" in bullets
    assert "Not yet finished" not in text
    footer = document.sections[0].footer._element
    instructions = "".join(node.text or "" for node in footer.iter(qn("w:instrText")))
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    assert "Version 3" in text


def test_pdf_is_tagged_with_outline_and_text_alternatives(report: ReportModel) -> None:
    content = render_pdf(report)
    objects = pdf_objects(content)

    assert content.startswith(b"%PDF-")
    assert b"/StructTreeRoot" in objects
    assert b"/MarkInfo <</Marked true>>" in objects
    assert b"/Lang (en-GB)" in objects
    alternatives = pdf_strings(objects, b"/Alt")
    assert sorted(alternatives) == sorted(chart.alt_text for chart in report.charts())
    titles = pdf_strings(objects, b"/Title")
    for code in CODES:
        assert any(title.startswith(f"{code} ") for title in titles), code
    assert "Exception reports" in titles and "Positive exception reports" in titles
    assert "Contents" in titles
    # Front sheet, contents, summary, a page per directorate and per exception report.
    assert len(re.findall(rb"/Type /Page(?!s)", objects)) >= 7


def test_html_page_stands_alone(report: ReportModel) -> None:
    page = render_html(report).decode()

    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page
    for code in CODES:
        assert f'id="indicator-{code}"' in page
    assert page.count('src="data:image/png;base64,') == len(list(report.charts()))
    assert NEGATIVE_REASON in page and "<li>Extra assessment sessions bought in</li>" in page
    assert "Not yet finished" not in page
    assert '<th scope="row" class="govuk-table__header">Report subject</th>' in page
    assert "@page" in page  # the print stylesheet travels with the file
    # Text is escaped, never run as markup.
    assert "=HYPERLINK(&quot;http://example.invalid&quot;)" in page


def test_excel_appendix_has_exact_values_and_safe_text(report: ReportModel) -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))

    sheet = workbook["Indicators"]
    header = [cell.value for cell in sheet[1]]
    rows = {
        row[0]: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert list(rows) == CODES
    assert rows["CS16"]["Outturn"] == pytest.approx(46.6)
    assert rows["CS16"]["Status"] == "Off target"
    # Too many digits for a spreadsheet number: kept exactly, as text.
    assert rows["OPS01"]["Outturn"] == "98765432.123456789"
    assert Decimal(rows["OPS01"]["Outturn"]) == Decimal("98765432.123456789")
    assert rows["OPS02"]["Commentary"].startswith("'=HYPERLINK")
    assert rows["OPS04"]["Period"] == "September 2025"
    exceptions = list(workbook["Exception reports"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in exceptions] == [
        ("CS16", "Exception report"),
        ("OPS02", "Positive exception report"),
    ]
    assert workbook["About"]["B2"].value == report.title


def test_renderer_lookup_names_the_formats() -> None:
    assert renderer("docx") is render_docx
    with pytest.raises(ValueError, match="pdf, docx, html, xlsx"):
        renderer("odt")
