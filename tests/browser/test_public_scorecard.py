"""The public scorecard in a real browser: it renders, reads well and passes axe-core."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.scorecard.models import OutturnState, Target
from tests import factories
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_indicator() -> None:
    indicator = factories.indicator(
        code="FPN1", title="Increase fixed penalty notices issued", unit="number", is_public=True
    )
    Target.objects.create(
        indicator=indicator, period=parse_period("2025/26 Q2"), value=Decimal(844)
    )
    factories.outturn(
        indicator,
        "2025/26 Q2",
        "1428",
        state=OutturnState.PUBLISHED,
        published_at=timezone.now(),
    )


def test_public_scorecard_in_a_browser(
    live_server: Any, page: Any, published_indicator: None, tmp_path: Any
) -> None:
    page.goto(f"{live_server.url}/")

    assert page.title().startswith("Performance scorecard 2025/26 Q2")
    row = page.get_by_role("row", name="FPN1 Increase fixed penalty notices issued")
    assert "1,428" in row.inner_text()
    assert "On target" in row.inner_text()
    page.screenshot(path=str(tmp_path / "scorecard.png"), full_page=True)
    assert axe_violations(page) == []


def test_keyboard_user_can_skip_to_content_and_change_quarter(
    live_server: Any, page: Any, published_indicator: None
) -> None:
    page.goto(f"{live_server.url}/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.get_by_label("Show another quarter").fill("2025/26 Q1")
    page.get_by_label("Show another quarter").press("Enter")
    page.wait_for_url("**/?period=*")
    assert "2025/26 Q1" in page.get_by_role("heading", level=1).inner_text()
