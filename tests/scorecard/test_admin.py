"""The performance team maintains the register in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from outturn.scorecard.models import Indicator
from tests import factories


@pytest.fixture
def performance_client(client: Client) -> Client:
    factories.user("performance", is_staff=True, is_superuser=True)
    client.force_login(get_user_model().objects.get(username="performance"))
    return client


@pytest.mark.django_db
def test_indicator_list_shows_every_indicator(performance_client: Client) -> None:
    codes = [factories.indicator().code for _ in range(5)]

    html = performance_client.get("/admin/scorecard/indicator/?all=").content.decode()

    for code in codes:
        assert code in html
    assert "5 indicators" in html


@pytest.mark.django_db
def test_indicator_page_has_inlines_for_targets_tolerances_and_benchmarks(
    performance_client: Client,
) -> None:
    indicator = factories.indicator()

    html = performance_client.get(f"/admin/scorecard/indicator/{indicator.pk}/change/").content
    text = html.decode()

    for inline in ("targets-TOTAL_FORMS", "tolerances-TOTAL_FORMS", "benchmarks-TOTAL_FORMS"):
        assert inline in text


@pytest.mark.django_db
def test_search_finds_indicators_by_title(performance_client: Client) -> None:
    factories.indicator(title="Increase footfall across the town centres")
    factories.indicator(title="Reduce missed bin collections")

    html = performance_client.get("/admin/scorecard/indicator/", {"q": "footfall"}).content
    text = html.decode()

    assert "footfall" in text
    assert "missed bin" not in text


@pytest.mark.django_db
def test_editing_an_indicator_keeps_its_earlier_definition(performance_client: Client) -> None:
    indicator = factories.indicator(title="Old wording")
    indicator.title = "New wording"
    indicator.save()

    titles = [h.title for h in Indicator.history.filter(id=indicator.pk).order_by("history_date")]

    assert titles == ["Old wording", "New wording"]


@pytest.mark.django_db
def test_outsiders_cannot_reach_the_admin(client: Client) -> None:
    client.force_login(factories.user("outsider"))

    response = client.get("/admin/scorecard/indicator/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_admin_cannot_revert_a_published_value_through_its_history(
    performance_client: Client,
) -> None:
    from django.utils import timezone

    from outturn.scorecard.models import OutturnState

    indicator = factories.indicator(code="REV1")
    outturn = factories.outturn(indicator, "2025/26 Q1", "10")
    first = outturn.history.earliest()  # type: ignore[attr-defined]
    outturn.state = OutturnState.PUBLISHED
    outturn.published_at = timezone.now()
    outturn.save()

    url = f"/admin/scorecard/outturn/{outturn.pk}/history/{first.history_id}/"
    performance_client.post(url, {"value": "10", "state": "draft"})

    outturn.refresh_from_db()
    assert outturn.state == OutturnState.PUBLISHED
