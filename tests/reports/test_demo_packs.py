"""The demo council's Cabinet packs and children's scrutiny report, in Word and PDF.

Every indicator and every approved exception report of the quarter is in both documents;
the committee report holds only the committee's indicators. The demo's front sheets are
written for 2025/26 Q2 and Q4.
"""

from __future__ import annotations

from typing import Any

import pytest

from outturn.demo.builder import build_demo_council
from outturn.engine.collection import round_quarter_for
from outturn.engine.periods import parse_period
from outturn.exception_reports.models import ExceptionReport, ReportState
from outturn.reports.build import build_report
from outturn.reports.charts import draw_charts
from outturn.reports.models import ReportPack
from outturn.reports.renderers.docx import render_docx
from outturn.reports.renderers.pdf import render_pdf
from outturn.scorecard.models import Indicator
from tests.reports.documents import (
    all_text,
    headings,
    open_docx,
    pdf_objects,
    pdf_strings,
    picture_descriptions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build_demo_council()


def approved_in(quarter: str) -> list[ExceptionReport]:
    period = parse_period(quarter)
    return [
        report
        for report in ExceptionReport.objects.filter(state=ReportState.APPROVED).select_related(
            "indicator"
        )
        if round_quarter_for(report.period) == period
    ]


@pytest.mark.parametrize("quarter", ["2025/26 Q2", "2025/26 Q4"])
def test_cabinet_pack_holds_every_indicator_and_exception_report(demo: None, quarter: str) -> None:
    report = build_report(period=quarter, scope="council", version=1)
    draw_charts(report.charts())
    indicators = [i for i in Indicator.objects.all() if i.is_active_in(parse_period(quarter))]
    reports = approved_in(quarter)

    document = open_docx(render_docx(report))
    level_3 = [text for style, text in headings(document) if style == "Heading 3"]
    level_2 = [text for style, text in headings(document) if style == "Heading 2"]
    for indicator in indicators:
        assert f"{indicator.code} {indicator.title}" in level_3
    for exception in reports:
        assert f"{exception.indicator.code} {exception.indicator.title}" in level_2
        assert exception.reason_for_performance.split("\n")[0].strip() in all_text(document)
    assert len(report.exception_reports) == len(reports)
    descriptions = picture_descriptions(document)
    assert descriptions and all(descriptions)
    text = all_text(document)
    pack = ReportPack.objects.get(period=parse_period(quarter), scope="council")
    assert pack.report_subject in text and "Council-wide" in text
    assert "Summary of financial implications" in [
        t for s, t in headings(document) if s == "Heading 1"
    ]

    objects = pdf_objects(render_pdf(report))
    assert b"/StructTreeRoot" in objects and b"/MarkInfo <</Marked true>>" in objects
    titles = pdf_strings(objects, b"/Title")
    for indicator in indicators:
        assert any(t.startswith(f"{indicator.code} ") for t in titles), indicator.code
    alternatives = pdf_strings(objects, b"/Alt")
    assert len(alternatives) == len(list(report.charts()))


def test_childrens_scrutiny_report_holds_only_its_indicators(demo: None) -> None:
    report = build_report(period="2025/26 Q4", scope="committee:children-os")
    draw_charts(report.charts())
    own = set(
        Indicator.objects.filter(committees__code="children-os").values_list("code", flat=True)
    )

    document = open_docx(render_docx(report))

    codes = {entry.code for entry in report.indicators()}
    assert codes == own and len(codes) == 21
    level_3 = [text for style, text in headings(document) if style == "Heading 3"]
    shown = {
        text.split()[0]
        for text in level_3
        if text.split()[0] in set(Indicator.objects.values_list("code", flat=True))
    }
    assert shown == own
    assert all(r.indicator_code in own for r in report.exception_reports)
    assert "Claire Penrose, Corporate Director of Children's Services" in all_text(document)
