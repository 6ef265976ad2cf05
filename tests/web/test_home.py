"""The public scorecard at / lists published public indicators, rated by the engine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.scorecard.models import OutturnState, Target, Tolerance
from tests import factories


def _published(indicator: object, period: str, value: str) -> None:
    factories.outturn(
        indicator, period, value, state=OutturnState.PUBLISHED, published_at=timezone.now()
    )


@pytest.fixture
def scorecard() -> dict[str, object]:
    ev = factories.indicator(
        code="EV1",
        title="Increase the number of public EV charge points",
        unit="number",
        is_public=True,
    )
    Target.objects.create(indicator=ev, period=parse_period("2025/26"), value=Decimal(240))
    _published(ev, "2025/26 Q1", "231")
    _published(ev, "2025/26 Q2", "265")
    returns = factories.indicator(
        code="EH1",
        title="Decrease early help returns within 12 months",
        polarity="down",
        is_public=True,
    )
    Target.objects.create(indicator=returns, period=parse_period("2025/26"), value=Decimal(15))
    Tolerance.objects.create(
        indicator=returns, applies_from=parse_period("2019/20"), kind="absolute", value=Decimal(1)
    )
    _published(returns, "2025/26 Q2", "15.5")
    hidden = factories.indicator(code="HID1", title="An internal measure", is_public=False)
    _published(hidden, "2025/26 Q2", "50")
    draft = factories.indicator(code="DRF1", title="Measure with a draft only", is_public=True)
    factories.outturn(draft, "2025/26 Q3", "77")
    return {"ev": ev, "returns": returns}


@pytest.mark.django_db
def test_anonymous_visitor_sees_published_public_indicators_rated(
    client: Client, scorecard: dict[str, object]
) -> None:
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Performance scorecard: 2025/26 Q2" in html
    assert "Increase the number of public EV charge points" in html
    assert "265" in html and "240" in html
    assert "On target" in html
    assert "Within tolerance" in html  # 15.5 against 15 (lower is better), tolerance 1
    assert "Improving" in html  # 231 to 265


@pytest.mark.django_db
def test_non_public_and_unpublished_values_never_appear(
    client: Client, scorecard: dict[str, object]
) -> None:
    html = client.get("/").content.decode()

    assert "An internal measure" not in html
    assert "77" not in html
    assert "2025/26 Q3" not in html


@pytest.mark.django_db
def test_an_earlier_quarter_can_be_chosen(client: Client, scorecard: dict[str, object]) -> None:
    html = client.get("/", {"period": "Q1 2025-26"}).content.decode()

    assert "Performance scorecard: 2025/26 Q1" in html
    assert "231" in html
    assert "265" not in html


@pytest.mark.django_db
def test_a_bad_period_is_explained(client: Client, scorecard: dict[str, object]) -> None:
    html = client.get("/", {"period": "2025 Q9"}).content.decode()

    assert "There is a problem" in html
    assert "2025 Q9" in html


@pytest.mark.django_db
def test_empty_council_says_nothing_is_published(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "No outturns have been published yet." in response.content.decode()


@pytest.mark.django_db
def test_the_council_name_comes_from_the_register_and_demo_data_is_marked(
    client: Client, settings: object
) -> None:
    from outturn.scorecard.models import Organisation

    settings.COUNCIL_NAME = ""  # type: ignore[attr-defined]
    Organisation.objects.create(
        code="WCC", name="Wessex Coast Council", kind="council", is_demo=True
    )

    html = client.get("/").content.decode()

    assert "Wessex Coast Council" in html
    assert "This is a demonstration council" in html


def _council_of(size: int, owner: object = None) -> None:
    for _ in range(size):
        indicator = factories.indicator(
            is_public=True, unit="number", data_owner=owner, portfolio=None
        )
        Target.objects.create(indicator=indicator, period=parse_period("2025/26"), value=Decimal(9))
        _published(indicator, "2025/26 Q1", "8")
        _published(indicator, "2025/26 Q2", "10")
        factories.outturn(indicator, "2025/26 Q3", "11", state=OutturnState.APPROVED)


@pytest.mark.parametrize(
    ("who", "params"),
    [
        (None, {}),
        (None, {"rag": "green", "direction": "improving", "sort": "-outturn"}),
        ("team", {}),
        ("team", {"public": "yes", "sort": "rag", "period": "2025/26 Q3"}),
        ("owner", {}),
    ],
)
@pytest.mark.django_db
def test_scorecard_queries_do_not_grow_with_the_number_of_indicators(
    client: Client, who: str | None, params: dict[str, str]
) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from outturn.accounts.roles import Role

    people = {"team": factories.user("team"), "owner": factories.user("owner")}
    people["team"].groups.add(Group.objects.get_or_create(name=Role.PERFORMANCE_TEAM)[0])
    if who:
        client.force_login(people[who])
    _council_of(3, people["owner"])
    with CaptureQueriesContext(connection) as small:
        client.get("/", params)
    _council_of(30, people["owner"])
    with CaptureQueriesContext(connection) as large:
        response = client.get("/", params)

    assert response.content.decode().count("On target") >= 33
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_indicator_page_shows_definition_and_rated_history(
    client: Client, scorecard: dict[str, object]
) -> None:
    home = client.get("/").content.decode()
    assert 'href="/indicators/EV1/"' in home

    html = client.get("/indicators/EV1/").content.decode()

    assert "Increase the number of public EV charge points" in html
    assert "Higher is better" in html
    history = html[html.index('id="history"') :]
    assert history.index("2025/26 Q2") < history.index("2025/26 Q1")  # latest first
    assert "265" in html and "231" in html and "On target" in html


@pytest.mark.django_db
def test_non_public_indicators_have_no_public_page(
    client: Client, scorecard: dict[str, object]
) -> None:
    assert client.get("/indicators/HID1/").status_code == 404
    assert client.get("/indicators/NOPE/").status_code == 404
    draft_page = client.get("/indicators/DRF1/").content.decode()
    assert "77" not in draft_page
