"""Register import in a real browser: problems listed, then a clean upload imported."""

from __future__ import annotations

import pathlib
import tempfile
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from outturn.scorecard.models import Indicator
from tests.browser.conftest import axe_violations
from tests.transfer.register.test_checks import BASE

SHOTS = pathlib.Path(tempfile.gettempdir())
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any) -> None:
    client = Client()
    client.force_login(User.objects.create(username="perf", is_superuser=True))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _files(folder: pathlib.Path, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_upload_shows_every_problem_then_imports_a_clean_file(
    page: Any, live_server: Any, tmp_path: pathlib.Path
) -> None:
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/register/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Import a register").click()

    bad = dict(BASE, **{"outturns.csv": "indicator_code,period,value\r\nEH-01,2024/25 Q1,lots\r\n"})
    (tmp_path / "bad").mkdir()
    page.get_by_label("Register workbook or CSV files").set_input_files(
        _files(tmp_path / "bad", bad)
    )
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator(".govuk-error-summary")
    assert "1 problem found" in summary.inner_text()
    row = page.locator("#problems tbody tr").first
    assert row.inner_text().split("\t")[:3] == ["outturns.csv", "2", "value"]
    page.screenshot(path=SHOTS / "h_register_problems.png", full_page=True)
    assert axe_violations(page) == []
    assert Indicator.objects.count() == 0

    (tmp_path / "good").mkdir()
    page.get_by_label("Register workbook or CSV files").set_input_files(
        _files(tmp_path / "good", BASE)
    )
    page.get_by_role("button", name="Check the file").click()
    assert "is ready to import" in page.locator("main").inner_text()
    page.screenshot(path=SHOTS / "h_register_preview.png", full_page=True)
    assert axe_violations(page) == []
    assert Indicator.objects.count() == 0

    page.get_by_role("button", name="Import").click()
    assert "Imported" in page.locator(".govuk-notification-banner").inner_text()
    assert Indicator.objects.filter(code="EH-01").exists()
