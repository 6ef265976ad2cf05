"""A report pack's life in a real browser: start, front sheet, preview, build, sign off, publish."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from outturn.reports import services
from tests.browser.conftest import axe_violations
from tests.reports.conftest import Council, council  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("OUTTURN_SCREENSHOTS", tempfile.gettempdir())) / "outturn-shots"


def _sign_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_pack_from_front_sheet_to_publication(
    live_server: Any,
    page: Any,
    council: Council,  # noqa: F811
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(services, "FORMATS", ("html", "docx"))
    base = live_server.url
    _sign_in(page, base, "performance")

    page.goto(f"{base}/reports/")
    assert axe_violations(page) == []
    page.get_by_label("Quarter").fill("2025/26 Q2")
    page.get_by_label("Report for").select_option("council")
    page.get_by_role("button", name="Start pack").click()

    assert "Front sheet and closing sections" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Report subject").fill("Corporate performance report: quarter 2, 2025/26")
    page.get_by_label("Meeting date").fill("10 12 2025")
    page.get_by_label("Wards").fill("Council-wide")
    page.get_by_label("Summary of equality implications").fill("No change to services.")
    assert axe_violations(page) == []
    _shot(page, "report-front-sheet")
    page.get_by_role("button", name="Save front sheet").click()
    assert "Front sheet saved" in page.content()

    page.get_by_role("link", name="Preview with current figures").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Corporate performance report, 2025/26 Q2"
    )
    row = page.get_by_role("row", name="OPS02 Increase the number of fixed penalty notices")
    assert "1,428" in row.inner_text() and "On target" in row.inner_text()
    sparkline = row.get_by_role("img")
    assert sparkline.get_attribute("alt").startswith("Trend of OPS02")
    assert page.evaluate("document.querySelector('.report-sparkline').naturalWidth") == 240
    assert page.get_by_role("heading", name="Exception reports", exact=True).is_visible()
    assert axe_violations(page) == []
    _shot(page, "report-preview")

    page.go_back()
    page.get_by_role("button", name="Build a new version").click()
    page.wait_for_load_state()
    versions = page.get_by_role("table", name="Versions of this pack, newest first")
    assert "Ready" in versions.inner_text()
    assert versions.get_by_role("link", name=re.compile(r"^Word .*version 1$")).is_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        versions.get_by_role("link", name=re.compile(r"^Word .*version 1$")).click()
    assert download.value.suggested_filename == "corporate-performance-report-2025-26-q2-v1.docx"

    page.get_by_label("Version to sign off").select_option("1")
    page.get_by_role("button", name="Sign off this version").click()
    assert "Version 1 signed off." in page.content()
    page.get_by_role("button", name="Publish version 1").click()
    assert "Pack published" in page.content()
    _shot(page, "report-published")
    assert axe_violations(page) == []


def test_downloadable_web_page_passes_axe(page: Any, council: Council) -> None:  # noqa: F811
    from outturn.reports.build import build_report
    from outturn.reports.renderers.html import render_html

    report = build_report(period="2025/26 Q2", scope="council")
    page.set_content(render_html(report).decode())

    assert page.title() == "Corporate performance report, 2025/26 Q2 \u2013 Wessex Coast Council"
    assert page.get_by_role("heading", level=1).inner_text() == report.title
    assert page.get_by_role("img", name=re.compile("^Chart of CS16")).is_visible()
    assert axe_violations(page) == []
    _shot(page, "report-standalone")
