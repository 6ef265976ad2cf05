"""The scorecard dashboard at /: counts, drill-down, filters, sorting and who sees what."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from outturn.accounts.roles import Role
from outturn.engine.periods import parse_period
from outturn.scorecard.models import (
    Committee,
    Indicator,
    OutturnState,
    Portfolio,
    Target,
    Tolerance,
)
from tests import factories

Q1, Q2 = "2025/26 Q1", "2025/26 Q2"


@dataclass
class Council:
    """A small register with one indicator in each interesting state."""

    people: dict[str, Any]
    indicators: dict[str, Indicator]


def _published(indicator: Indicator, period: str, value: str) -> None:
    factories.outturn(
        indicator, period, value, state=OutturnState.PUBLISHED, published_at=timezone.now()
    )


def _target(indicator: Indicator, value: int) -> None:
    Target.objects.create(indicator=indicator, period=parse_period("2025/26"), value=Decimal(value))


def build_council() -> Council:
    people = {
        name: factories.user(name, first_name=name.capitalize(), last_name="Tester")
        for name in ("performance", "owner", "head", "director", "councillor", "author")
    }
    people["performance"].groups.add(Group.objects.get_or_create(name=Role.PERFORMANCE_TEAM)[0])
    people["councillor"].groups.add(Group.objects.get_or_create(name=Role.COUNCILLOR)[0])
    one = factories.priority(code="ONE", name="Priority one", order=1)
    two = factories.priority(code="TWO", name="Priority two", order=2)
    adults = factories.directorate(code="DA", name="Adults", director=people["director"])
    place = factories.directorate(code="DB", name="Place")
    care = factories.service_unit(code="CARE", name="Care", directorate=adults, head=people["head"])
    homes = factories.service_unit(code="HOMES", name="Homes", directorate=adults)
    roads = factories.service_unit(code="ROADS", name="Roads", directorate=place)
    cabinet = Committee.objects.create(code="CAB", name="Cabinet")
    money = Portfolio.objects.create(code="MONEY", name="Finance")

    def make(code: str, **fields: Any) -> Indicator:
        return factories.indicator(code=code, title=f"Indicator {code}", unit="number", **fields)

    green = make("GREEN1", priority=one, service_unit=care, is_public=True, portfolio=money)
    green.committees.add(cabinet)
    _target(green, 100)
    _published(green, Q1, "110")
    _published(green, Q2, "120")
    red = make("RED1", priority=one, service_unit=homes, is_public=True)
    _target(red, 100)
    _published(red, Q1, "80")
    _published(red, Q2, "50")
    amber = make("AMBER1", priority=two, service_unit=roads, is_public=True, polarity="down")
    _target(amber, 15)
    Tolerance.objects.create(
        indicator=amber, applies_from=parse_period("2019/20"), kind="absolute", value=1
    )
    _published(amber, Q2, "15.5")
    private = make("PRIV1", priority=two, service_unit=care, is_public=False)
    _target(private, 60)
    _published(private, Q2, "70")
    waiting = make(
        "APPR1",
        priority=one,
        service_unit=care,
        is_public=True,
        data_owner=people["owner"],
        responsible_officer=people["author"],
    )
    _target(waiting, 40)
    _published(waiting, Q1, "41")
    factories.outturn(waiting, Q2, "99", state=OutturnState.APPROVED, approved_at=timezone.now())
    factories.outturn(waiting, "2025/26 Q3", "98", state=OutturnState.APPROVED)
    draft = make("DRAFT1", priority=two, service_unit=roads, is_public=True)
    _published(draft, Q1, "5")
    factories.outturn(draft, Q2, "777")
    return Council(
        people,
        {i.code: i for i in (green, red, amber, private, waiting, draft)},
    )


@pytest.fixture
def council() -> Council:
    return build_council()


def _get(client: Client, who: str | None, council: Council, **params: Any) -> Any:
    if who:
        client.force_login(council.people[who])
    response = client.get("/", params)
    assert response.status_code == 200
    return response


def _codes(response: Any) -> list[str]:
    """Indicator codes in the table, in the order shown."""
    return [row.indicator.code for row, _ in response.context["rows"]]


def _tallies(response: Any) -> dict[str, dict[str, Any]]:
    return {
        grouping.id: {t.name: t for t in grouping.tallies}
        for grouping in response.context["groupings"]
    }


@pytest.mark.django_db
def test_public_see_published_public_indicators_with_counts(
    client: Client, council: Council
) -> None:
    response = _get(client, None, council)
    html = response.content.decode()

    assert sorted(_codes(response)) == ["AMBER1", "APPR1", "DRAFT1", "GREEN1", "RED1"]
    by_priority = _tallies(response)["by-priority"]
    assert by_priority["Priority one"].rag == {"red": 1, "amber": 0, "green": 1, "not_rated": 1}
    assert by_priority["Priority two"].rag == {"red": 0, "amber": 1, "green": 0, "not_rated": 1}
    by_directorate = _tallies(response)["by-directorate"]
    assert by_directorate["Adults"].total == 3 and by_directorate["Place"].total == 2
    assert "Counts of the 5 indicators" in html
    # SPC is counted too: every indicator lands in exactly one variation column.
    assert sum(by_priority["Priority one"].variation.values()) == 3
    for hidden in ("PRIV1", "99", "777", "Not yet published"):
        assert hidden not in html


@pytest.mark.django_db
def test_performance_team_see_private_indicators_and_approved_values(
    client: Client, council: Council
) -> None:
    response = _get(client, "performance", council)
    html = response.content.decode()

    assert "PRIV1" in _codes(response)
    waiting = next(row for row, _ in response.context["rows"] if row.indicator.code == "APPR1")
    assert waiting.value_text == "99" and waiting.unpublished
    assert "Not yet published" in html
    assert "777" not in html  # a draft is nobody's business on the scorecard
    assert "Approved values for 2025/26 Q3 are waiting to be published" in html


@pytest.mark.django_db
def test_councillor_sees_private_published_values_but_not_approved_ones(
    client: Client, council: Council
) -> None:
    response = _get(client, "councillor", council)
    html = response.content.decode()

    assert "PRIV1" in _codes(response)
    assert "Not yet published" not in html and "99" not in html


@pytest.mark.parametrize("who", ["owner", "head", "director", "author"])
@pytest.mark.django_db
def test_those_answerable_see_approved_values_of_their_indicators(
    client: Client, council: Council, who: str
) -> None:
    response = _get(client, who, council)

    waiting = next(row for row, _ in response.context["rows"] if row.indicator.code == "APPR1")
    assert waiting.value_text == "99"
    assert "Not yet published" in response.content.decode()


@pytest.mark.django_db
def test_drill_down_priority_then_directorate_then_service(
    client: Client, council: Council
) -> None:
    top = _get(client, None, council)
    assert 'href="/?priority=ONE"' in top.content.decode()
    assert 'href="/?directorate=DA"' in top.content.decode()

    priority = _get(client, None, council, priority="ONE")
    html = priority.content.decode()
    assert sorted(_codes(priority)) == ["APPR1", "GREEN1", "RED1"]
    assert list(_tallies(priority)) == ["by-directorate"]
    assert 'href="/?priority=ONE&amp;directorate=DA"' in html
    assert '<span aria-current="page">Priority one</span>' in html
    assert priority.context["page"].title == "Performance scorecard 2025/26 Q2: Priority one"

    directorate = _get(client, None, council, priority="ONE", directorate="DA")
    assert list(_tallies(directorate)) == ["by-service"]
    assert set(_tallies(directorate)["by-service"]) == {"Care", "Homes"}
    html = directorate.content.decode()
    assert 'href="/?priority=ONE&amp;directorate=DA&amp;service=CARE"' in html
    crumbs = re.findall(r'class="govuk-breadcrumbs__link" href="([^"]+)">([^<]+)<', html)
    assert crumbs == [("/", "Scorecard"), ("/?priority=ONE", "Priority one")]

    service = _get(client, None, council, priority="ONE", directorate="DA", service="CARE")
    assert sorted(_codes(service)) == ["APPR1", "GREEN1"]
    assert service.context["groupings"] == []
    assert 'href="/indicators/GREEN1/"' in service.content.decode()


@pytest.mark.django_db
def test_a_directorate_is_reached_from_the_top_without_a_priority(
    client: Client, council: Council
) -> None:
    response = _get(client, None, council, directorate="DB")

    assert sorted(_codes(response)) == ["AMBER1", "DRAFT1"]
    assert set(_tallies(response)["by-service"]) == {"Roads"}


@pytest.mark.django_db
def test_an_unknown_code_is_explained_and_the_whole_scorecard_shown(
    client: Client, council: Council
) -> None:
    response = _get(client, None, council, priority="NOPE")
    html = response.content.decode()

    assert "There is a problem" in html
    assert "There is no corporate priority with the code in the address" in html
    assert response.context["page"].title.startswith("Error: ")
    assert len(_codes(response)) == 5


@pytest.mark.django_db
def test_filters_by_rag_direction_committee_and_portfolio(client: Client, council: Council) -> None:
    assert _codes(_get(client, None, council, rag="red")) == ["RED1"]
    assert sorted(_codes(_get(client, None, council, rag=["red", "green"]))) == [
        "GREEN1",
        "RED1",
    ]
    assert _codes(_get(client, None, council, direction="improving")) == ["GREEN1"]
    assert _codes(_get(client, None, council, committee="CAB")) == ["GREEN1"]
    assert _codes(_get(client, None, council, portfolio="MONEY")) == ["GREEN1"]
    filtered = _get(client, None, council, rag="red")
    html = filtered.content.decode()
    assert "1 of 5 indicators match the filters." in html
    assert 'id="filter-rag-red" name="rag" type="checkbox" value="red" checked' in html
    # Counts follow the filters.
    assert _tallies(filtered)["by-priority"]["Priority one"].total == 1


@pytest.mark.django_db
def test_filters_combine_with_drill_down_and_keep_the_path(
    client: Client, council: Council
) -> None:
    response = _get(client, None, council, priority="ONE", rag="green")

    assert _codes(response) == ["GREEN1"]
    html = response.content.decode()
    assert '<input type="hidden" name="priority" value="ONE">' in html


@pytest.mark.django_db
def test_public_filter_is_for_signed_in_users_only(client: Client, council: Council) -> None:
    anonymous = _get(client, None, council, public="no")
    assert len(_codes(anonymous)) == 5
    assert 'id="filter-public"' not in anonymous.content.decode()

    signed_in = _get(client, "councillor", council, public="no")
    assert _codes(signed_in) == ["PRIV1"]
    assert 'id="filter-public"' in signed_in.content.decode()
    assert "PRIV1" not in _codes(_get(client, "councillor", council, public="yes"))


@pytest.mark.django_db
def test_bad_filter_values_are_explained(client: Client, council: Council) -> None:
    html = _get(client, None, council, rag="purple", committee="NOPE").content.decode()

    assert "Select statuses from the list" in html
    assert "Select a committee from the list" in html
    assert '<a href="#filter-committee">' in html


@pytest.mark.django_db
def test_sorting_by_a_column_without_javascript(client: Client, council: Council) -> None:
    ascending = _get(client, None, council, sort="outturn")
    # 15.5, 50, 120, then indicators with no value for the quarter, last.
    assert _codes(ascending)[:3] == ["AMBER1", "RED1", "GREEN1"]
    assert set(_codes(ascending)[3:]) == {"APPR1", "DRAFT1"}
    html = ascending.content.decode()
    assert re.search(r'aria-sort="ascending"><a [^>]*href="/\?sort=-outturn#indicators"', html)
    assert html.count("aria-sort=") == 1

    descending = _get(client, None, council, sort="-outturn")
    assert _codes(descending)[:3] == ["GREEN1", "RED1", "AMBER1"]
    assert set(_codes(descending)[3:]) == {"APPR1", "DRAFT1"}
    assert 'aria-sort="descending"' in descending.content.decode()

    by_status = _get(client, None, council, sort="rag")
    assert _codes(by_status)[:3] == ["RED1", "AMBER1", "GREEN1"]


@pytest.mark.django_db
def test_sort_links_keep_the_drill_down_and_filters(client: Client, council: Council) -> None:
    html = _get(client, None, council, priority="ONE", rag="red").content.decode()

    assert 'href="/?priority=ONE&amp;rag=red&amp;sort=outturn#indicators"' in html


@pytest.mark.django_db
def test_default_order_is_the_councils_by_priority(client: Client, council: Council) -> None:
    codes = _codes(_get(client, None, council))

    assert codes.index("GREEN1") < codes.index("AMBER1")  # priority one before two
    assert "aria-sort" not in _get(client, None, council).content.decode()


@pytest.mark.django_db
def test_table_cells_show_spc_labels_and_sparklines(client: Client, council: Council) -> None:
    html = _get(client, None, council).content.decode()

    assert html.count('class="app-sparkline"') >= 2  # GREEN1 and RED1 have two values
    assert 'aria-label="Trend over 2 periods: 110 in 2025/26 Q1, 120 in 2025/26 Q2"' in html
    assert "Too few values" in html  # two points are not enough for process control
    assert "What variation and assurance mean" in html


@pytest.mark.django_db
def test_another_quarter_keeps_the_drill_down(client: Client, council: Council) -> None:
    response = _get(client, None, council, period=Q1, priority="ONE")

    assert response.context["quarter"] == parse_period(Q1)
    rows = {row.indicator.code: row for row, _ in response.context["rows"]}
    assert rows["GREEN1"].value_text == "110"
    assert rows["APPR1"].value_text == "41"
    html = response.content.decode()
    assert '<input type="hidden" name="priority" value="ONE">' in html


@pytest.mark.django_db
def test_an_empty_quarter_for_a_signed_in_user_with_only_approved_values(
    client: Client,
) -> None:
    """No published quarter yet: those who may see approved values see them."""
    owner = factories.user("solo")
    indicator = factories.indicator(code="ONLY1", data_owner=owner, is_public=True)
    factories.outturn(indicator, Q2, "12", state=OutturnState.APPROVED)

    anonymous = client.get("/").content.decode()
    assert "No outturns have been published yet." in anonymous

    client.force_login(owner)
    signed_in = client.get("/")
    assert signed_in.context["quarter"] == parse_period(Q2)
    assert "Not yet published" in signed_in.content.decode()
