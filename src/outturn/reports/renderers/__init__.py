"""Renderers: HTML, Word, PDF and Excel from the report model, with no database access."""

from __future__ import annotations

from collections.abc import Callable

from outturn.reports.content import ReportModel

FORMATS = ("pdf", "docx", "html", "xlsx")
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "xlsx": "xlsx"}


def renderer(file_format: str) -> Callable[[ReportModel], bytes]:
    """The function that writes ``file_format`` (imported on demand: WeasyPrint is slow)."""
    if file_format == "pdf":
        from outturn.reports.renderers.pdf import render_pdf

        return render_pdf
    if file_format == "docx":
        from outturn.reports.renderers.docx import render_docx

        return render_docx
    if file_format == "html":
        from outturn.reports.renderers.html import render_html

        return render_html
    if file_format == "xlsx":
        from outturn.reports.renderers.xlsx import render_xlsx

        return render_xlsx
    raise ValueError(f"{file_format!r} is not a report format: use one of {', '.join(FORMATS)}.")
