"""The report as HTML: the web preview, the downloadable web page and the PDF's source.

One template (``outturn/reports/report_body.html``) holds the report; the web preview puts
it inside the site's layout and the document template wraps it as a standalone page with
the report's stylesheets inline. Only the way chart images are referred to differs: a URL
on the site, a ``data:`` URI in a downloaded file, a ``file:`` URI for WeasyPrint.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from outturn.reports.charts import chart_file
from outturn.reports.content import (
    Chart,
    DirectorateSection,
    ExceptionReportEntry,
    IndicatorEntry,
    ReportModel,
)

ImageSource = Callable[[Chart], str]

CSS_DIR = Path(__file__).resolve().parent.parent / "static" / "outturn" / "css"
REPORT_CSS = CSS_DIR / "report.css"
PRINT_CSS = CSS_DIR / "report-print.css"


@dataclass(frozen=True)
class IndicatorView:
    entry: IndicatorEntry
    sparkline_src: str


@dataclass(frozen=True)
class SectionView:
    section: DirectorateSection
    anchor: str
    indicators: tuple[IndicatorView, ...]


@dataclass(frozen=True)
class ExceptionView:
    report: ExceptionReportEntry
    chart_src: str


@dataclass(frozen=True)
class ContentsEntry:
    anchor: str
    label: str
    level: int


def _anchor(prefix: str, text: str) -> str:
    return prefix + "-" + "".join(c.lower() if c.isalnum() else "-" for c in text).strip("-")


def data_uri(chart: Chart) -> str:
    """The chart's PNG inline, for a page that must stand on its own."""
    encoded = base64.b64encode(chart_file(chart).read_bytes()).decode("ascii")
    return f"data:image/png;base64,{encoded}"


def file_uri(chart: Chart) -> str:
    return chart_file(chart).resolve().as_uri()


def contents(report: ReportModel, sections: tuple[SectionView, ...]) -> list[ContentsEntry]:
    """The table of contents: the report's sections, with each directorate under indicators."""
    entries = [ContentsEntry("introduction", "Introduction", 1)]
    entries.append(ContentsEntry("summary", "Summary of performance", 1))
    entries.append(ContentsEntry("indicators", "Indicators", 1))
    entries += [ContentsEntry(s.anchor, s.section.name, 2) for s in sections]
    if report.negative_reports:
        entries.append(ContentsEntry("exception-reports", "Exception reports", 1))
    if report.positive_reports:
        entries.append(ContentsEntry("positive-exception-reports", "Positive exception reports", 1))
    entries.append(ContentsEntry("restatements", "Restated figures", 1))
    entries += [ContentsEntry(f"closing-{s.key}", s.heading, 1) for s in report.closing_sections]
    return entries


def report_context(report: ReportModel, image_src: ImageSource) -> dict[str, Any]:
    """What the report template needs: the model, with each chart's image address."""
    sections = tuple(
        SectionView(
            section,
            _anchor("directorate", section.name),
            tuple(
                IndicatorView(entry, image_src(entry.sparkline) if entry.sparkline else "")
                for entry in section.indicators
            ),
        )
        for section in report.sections
    )

    def views(reports: tuple[ExceptionReportEntry, ...]) -> tuple[ExceptionView, ...]:
        return tuple(ExceptionView(r, image_src(r.chart) if r.chart else "") for r in reports)

    return {
        "report": report,
        "sections": sections,
        "negative_reports": views(report.negative_reports),
        "positive_reports": views(report.positive_reports),
        "contents": contents(report, sections),
    }


@cache
def _stylesheet(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def render_document(
    report: ReportModel, *, image_src: ImageSource = data_uri, for_pdf: bool = False
) -> str:
    """A standalone HTML page of the report, its stylesheets inline."""
    context = report_context(report, image_src)
    context["styles"] = _stylesheet(REPORT_CSS) + "\n" + _stylesheet(PRINT_CSS)
    context["for_pdf"] = for_pdf
    return render_to_string("outturn/reports/report_document.html", context)


def render_html(report: ReportModel) -> bytes:
    """The downloadable web page: one file, images included."""
    return render_document(report, image_src=data_uri).encode("utf-8")
