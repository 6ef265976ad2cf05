"""A value's whole journey in a real browser: entered, explained, approved, published, public."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.rounds.models import Round
from outturn.scorecard.models import OutturnState, Target
from tests import factories
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("OUTTURN_SCREENSHOTS", tempfile.gettempdir())) / "outturn-shots"


@pytest.fixture
def council() -> None:
    owner = factories.user("owner", first_name="Tom", last_name="Ashby")
    head = factories.user("head", first_name="Daniel", last_name="Reyes")
    team = factories.user("team", first_name="Megan", last_name="Holloway")
    team.groups.add(Group.objects.get_or_create(name="Performance team")[0])
    head.groups.add(Group.objects.get_or_create(name="Head of service")[0])
    unit = factories.service_unit(head=head, name="Environmental Services")
    indicator = factories.indicator(
        code="FPN1",
        title="Increase fixed penalty notices issued",
        unit="number",
        service_unit=unit,
        data_owner=owner,
        is_public=True,
    )
    Target.objects.create(indicator=indicator, period=parse_period("2025/26"), value=Decimal(844))
    for number, value in enumerate(["790", "805", "812", "830", "820", "841", "850"], start=1):
        quarter = parse_period("2023/24 Q2")
        for _ in range(number):
            quarter = quarter.next()
        factories.outturn(
            indicator,
            str(quarter),
            value,
            state=OutturnState.PUBLISHED,
            published_at=timezone.now(),
        )
    Round.objects.create(
        period=parse_period("2025/26 Q2"), deadline=date(2099, 10, 24), opened_at=timezone.now()
    )


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


def test_value_journey_from_data_owner_to_public_page(
    live_server: Any, page: Any, council: None
) -> None:
    base = live_server.url
    _sign_in(page, base, "owner")
    page.goto(f"{base}/my-data/")
    assert axe_violations(page) == []
    _shot(page, "my-data")
    page.get_by_role("link", name="FPN1 Increase fixed penalty notices issued").click()

    page.get_by_label("Value (number)").fill("1,428")
    page.get_by_label("Commentary").fill("Enforcement patrols doubled in the town centre.")
    page.get_by_role("button", name="Submit for approval").click()
    # A jump this large needs an explanation before it goes to the head of service.
    assert "There is a problem" in page.content()
    assert axe_violations(page) == []
    _shot(page, "entry-needs-explanation")
    page.get_by_label("Explanation of an unusual figure").fill(
        "Two new enforcement officers started in July."
    )
    page.get_by_role("button", name="Submit for approval").click()
    assert "submitted for approval" in page.content()

    _sign_in(page, base, "head")
    page.goto(f"{base}/approvals/")
    assert "Two new enforcement officers started in July." in page.content()
    assert axe_violations(page) == []
    _shot(page, "approvals")
    page.get_by_role("button", name="Approve FPN1 2025/26 Q2").click()
    assert "approved" in page.content()

    _sign_in(page, base, "team")
    page.goto(f"{base}/rounds/2025-26_q2/")
    assert axe_violations(page) == []
    _shot(page, "round")
    page.get_by_role("button", name="Publish 1 approved value").click()
    assert "Published 1 approved value" in page.content()

    page.context.clear_cookies()
    page.goto(f"{base}/?period=2025/26 Q2")
    row = page.get_by_role("row", name="FPN1 Increase fixed penalty notices issued")
    assert "1,428" in row.inner_text()
