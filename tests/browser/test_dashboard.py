"""The scorecard dashboard and indicator page in a real browser: keyboard, axe-core, pictures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.conftest import axe_violations
from tests.web.test_dashboard import Council, build_council

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(
    os.environ.get("OUTTURN_SCREENSHOTS", Path(tempfile.gettempdir()) / "outturn-screenshots")
)


@pytest.fixture
def council() -> Council:
    return build_council()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _tab_to(page: Any, text: str, within: str = "main", limit: int = 120) -> None:
    """Press Tab until the focused element reads ``text``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "([within]) => document.activeElement.closest(within) ? "
            "document.activeElement.textContent : ''",
            [within],
        )
        if focused.strip() == text:
            return
    pytest.fail(f"Tab never reached {text!r}")


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_drill_down_by_keyboard_from_priority_to_indicator(
    live_server: Any, page: Any, council: Council
) -> None:
    page.goto(f"{live_server.url}/")
    assert page.title().startswith("Performance scorecard 2025/26 Q2")
    assert axe_violations(page) == []
    _shot(page, "dashboard-public")

    _tab_to(page, "Priority one")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?priority=ONE")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Priority one")
    assert axe_violations(page) == []

    _tab_to(page, "Adults")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?priority=ONE&directorate=DA")
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    assert breadcrumbs.inner_text().split("\n") == ["Scorecard", "Priority one", "Adults"]
    _shot(page, "dashboard-directorate")

    _tab_to(page, "Care")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?priority=ONE&directorate=DA&service=CARE")
    rows = page.locator("table.app-scorecard tbody tr")
    assert rows.count() == 2
    assert axe_violations(page) == []

    _tab_to(page, "Indicator GREEN1")
    page.keyboard.press("Enter")
    page.wait_for_url("**/indicators/GREEN1/")
    assert page.get_by_role("img", name="GREEN1 Indicator GREEN1: outturns, target").count() == 1
    assert axe_violations(page) == []
    _shot(page, "indicator-public")


def test_sorting_and_filtering_by_keyboard(live_server: Any, page: Any, council: Council) -> None:
    page.goto(f"{live_server.url}/")

    _tab_to(page, "Outturn", within="table.app-scorecard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?sort=outturn#indicators")
    header = page.locator("th[aria-sort]")
    assert header.inner_text().strip() == "Outturn"
    assert header.get_attribute("aria-sort") == "ascending"
    first = page.locator("table.app-scorecard tbody tr").first
    assert "AMBER1" in first.inner_text()

    page.get_by_label("Off target").check()
    page.get_by_role("button", name="Apply filters").press("Enter")
    page.wait_for_url("**rag=red**")
    assert page.locator("table.app-scorecard tbody tr").count() == 1
    assert "1 of 5 indicators match the filters." in page.locator("#indicators-count").inner_text()
    assert axe_violations(page) == []
    _shot(page, "dashboard-filtered")


def test_the_counts_tabs_work_by_keyboard(live_server: Any, page: Any, council: Council) -> None:
    page.goto(f"{live_server.url}/")

    tab = page.get_by_role("tab", name="By directorate")
    tab.focus()
    page.keyboard.press("Enter")
    assert page.locator("#by-directorate").is_visible()
    assert not page.locator("#by-priority").is_visible()


def test_signed_in_dashboard_and_indicator_page(
    live_server: Any, page: Any, council: Council
) -> None:
    _sign_in(page, live_server, council.people["performance"])

    page.goto(f"{live_server.url}/")
    assert page.get_by_text("Not yet published").count() >= 2  # the note and the value
    assert page.get_by_role("link", name="Indicator PRIV1").count() == 1
    assert axe_violations(page) == []
    _shot(page, "dashboard-performance-team")

    page.goto(f"{live_server.url}/indicators/APPR1/")
    assert page.get_by_role("heading", name="Change history").count() == 1
    assert axe_violations(page) == []
    _shot(page, "indicator-performance-team")
