"""The report as tagged PDF (PDF/UA-1), printed by WeasyPrint from the report's HTML.

The PDF is the web page with the print stylesheet: A4 pages, the council and title in the
running header, "Page n of N" at the foot and a table of contents with page numbers. The
PDF/UA variant makes WeasyPrint tag the structure (headings, tables, figures with their
text alternatives) so screen readers can follow it. Resources may only come from local
files (the chart cache) or data URIs: a report never fetches anything over the network.
"""

from __future__ import annotations

import logging

from outturn.reports.content import ReportModel
from outturn.reports.renderers.html import file_uri, render_document

PDF_VARIANT = "pdf/ua-1"


def _quiet() -> None:
    # WeasyPrint logs every stylesheet and page it lays out, and fontTools every table it
    # subsets, at INFO: hundreds of lines per pack in a worker's log.
    for name in ("weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)


def render_pdf(report: ReportModel) -> bytes:
    _quiet()
    # Imported here: WeasyPrint is slow to import and only pack builds need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Only ``file:`` and ``data:`` addresses: charts from the cache, nothing remote."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

    document = render_document(report, image_src=file_uri, for_pdf=True)
    identifier = f"outturn {report.scope.key} {report.period} v{report.version or 0}"
    pdf = HTML(string=document, base_url="file:///", url_fetcher=LocalFetcher()).write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_identifier=identifier.encode(),
        custom_metadata=True,
    )
    if pdf is None:  # write_pdf returns the bytes when it is given no target
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
