"""The demo council as a visitor and the performance team first meet it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from outturn.scorecard.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("demo", "--no-serve", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_public_scorecard_lists_the_seed_indicators_without_sign_in(
    client: Client, demo: None
) -> None:
    html = client.get("/", {"period": "2025/26 Q2"}).content.decode()

    assert "Wessex Coast Council" in html
    for figure in ("265", "240", "1,428", "844", "22.54m", "10%", "15%"):
        assert figure in html, figure
    assert "electric vehicle (EV) charge points" in html


def test_latest_quarter_is_the_default(client: Client, demo: None) -> None:
    html = client.get("/").content.decode()

    assert "Performance scorecard: 2025/26 Q4" in html
    assert "2026/27" not in html  # the open round is neither approved nor published


def test_admin_lists_every_indicator_for_the_performance_team(client: Client, demo: None) -> None:
    # The sign-in rate limiter wants a request, which Client.login does not give.
    assert (
        client.post(
            "/sign-in/", {"username": "performance", "password": "outturn-demo"}
        ).status_code
        == 302
    )

    html = client.get("/admin/scorecard/indicator/", {"all": ""}).content.decode()

    for code in Indicator.objects.values_list("code", flat=True):
        assert f">{code}<" in html, code
