"""The indicator page: chart, history, exception reports, and what each visitor may reach."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.exception_reports.models import ExceptionReport, ReportKind, ReportState
from outturn.scorecard.models import OutturnState, Target
from tests import factories
from tests.web.test_dashboard import Council, build_council


@pytest.fixture
def council() -> Council:
    return build_council()


def _page(client: Client, code: str, who: str | None = None, council: Council | None = None) -> Any:
    if who and council:
        client.force_login(council.people[who])
    return client.get(f"/indicators/{code}/")


@pytest.mark.django_db
def test_nothing_non_public_or_unpublished_reaches_the_public(
    client: Client, council: Council
) -> None:
    assert _page(client, "PRIV1").status_code == 404
    assert _page(client, "NOPE").status_code == 404

    waiting = _page(client, "APPR1")
    html = waiting.content.decode()
    assert waiting.status_code == 200
    assert "41" in html
    for hidden in ("99", "98", "Not yet published", "2025/26 Q2", "Change history"):
        assert hidden not in html
    draft = _page(client, "DRAFT1").content.decode()
    assert "777" not in draft


@pytest.mark.django_db
def test_signed_in_users_reach_non_public_indicators(client: Client, council: Council) -> None:
    response = _page(client, "PRIV1", "councillor", council)

    assert response.status_code == 200
    assert "Not on the public scorecard" in response.content.decode()


@pytest.mark.django_db
def test_approved_values_show_to_those_answerable_labelled(
    client: Client, council: Council
) -> None:
    html = _page(client, "APPR1", "owner", council).content.decode()
    history = html[html.index('id="history"') :]

    assert "99" in history and "Not yet published" in history

    client.logout()
    councillor = _page(client, "APPR1", "councillor", council).content.decode()
    assert "99" not in councillor and "Not yet published" not in councillor


@pytest.mark.django_db
def test_the_chart_is_an_image_with_words_and_the_table_as_alternative(
    client: Client, council: Council
) -> None:
    html = _page(client, "GREEN1").content.decode()

    svg = re.search(r"<svg class=\"app-chart\"[^>]*>", html)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    assert 'aria-labelledby="chart-title chart-desc"' in svg.group(0)
    assert '<title id="chart-title">GREEN1 Indicator GREEN1: outturns, target' in html
    assert '<desc id="chart-desc">2 values from 2025/26 Q1 to 2025/26 Q2' in html
    assert "Latest 120 in 2025/26 Q2 against a target of 100." in html
    assert 'href="#history"' in html
    assert "style=" not in html[html.index('<svg class="app-chart"') : html.index("</svg>")]


@pytest.mark.django_db
def test_the_chart_marks_special_causes_and_process_limits(client: Client) -> None:
    indicator = factories.indicator(code="SPC1", is_public=True, unit="number")
    Target.objects.create(indicator=indicator, period=parse_period("2024/25"), value=Decimal(50))
    values = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 95]
    periods = ["2023/24 Q1", "2023/24 Q2", "2023/24 Q3", "2023/24 Q4"]
    periods += ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3", "2024/25 Q4"]
    periods += ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4"]
    for period, value in zip(periods, values, strict=True):
        factories.outturn(
            indicator,
            period,
            str(value),
            state=OutturnState.PUBLISHED,
            published_at=timezone.now(),
        )

    html = client.get("/indicators/SPC1/").content.decode()

    assert html.count("app-chart__point--improvement") == 1  # 95 is above the limit
    assert html.count('class="app-chart__limit"') == 2
    assert html.count('class="app-chart__mean"') == 1
    description = re.search(r"<desc[^>]*>([^<]*)<", html)
    assert description is not None
    # The jump lifts the mean, so the steady run before it reads as a run below the line.
    assert "Special-cause points: " in description.group(1)
    assert description.group(1).count("(improvement)") == 1
    assert "2025/26 Q4 (improvement)" in description.group(1)
    assert "Special cause: improvement" in html  # the key


@pytest.mark.django_db
def test_a_single_value_has_no_chart(client: Client) -> None:
    indicator = factories.indicator(code="ONE1", is_public=True)
    factories.outturn(
        indicator, "2025/26 Q2", "5", state=OutturnState.PUBLISHED, published_at=timezone.now()
    )

    html = client.get("/indicators/ONE1/").content.decode()

    assert "There are not enough values to draw a chart yet." in html
    assert '<svg class="app-chart"' not in html


def _report(indicator: Any, period: str, state: str, **fields: Any) -> ExceptionReport:
    signed = {"completed_on": date(2025, 11, 1), "approved_on": date(2025, 11, 5)}
    return ExceptionReport.objects.create(
        indicator=indicator,
        period=parse_period(period),
        kind=fields.pop("kind", ReportKind.NEGATIVE),
        state=state,
        service_unit=indicator.service_unit,
        due_date=date(2025, 11, 14),
        **(signed if state == ReportState.APPROVED else {}),
        **fields,
    )


@pytest.mark.django_db
def test_approved_exception_reports_are_listed(client: Client, council: Council) -> None:
    red = council.indicators["RED1"]
    _report(red, "2025/26 Q2", ReportState.APPROVED)
    _report(red, "2025/26 Q1", ReportState.APPROVED, kind=ReportKind.POSITIVE)
    _report(council.indicators["GREEN1"], "2025/26 Q2", ReportState.DRAFT)
    waiting = council.indicators["APPR1"]
    _report(waiting, "2025/26 Q2", ReportState.APPROVED)

    html = _page(client, "RED1").content.decode()
    section = html[html.index('id="exception-reports"') :]
    assert section.index("Exception report for 2025/26 Q2") < section.index(
        "Positive exception report for 2025/26 Q1"
    )
    assert "approved 5 November 2025" in section

    green = _page(client, "GREEN1").content.decode()
    assert "There are no approved exception reports for this indicator." in green
    # A report on a period the public cannot see yet stays out of the public page.
    assert "Exception report for 2025/26 Q2" not in _page(client, "APPR1").content.decode()
    assert "Exception report for 2025/26 Q2" in (
        _page(client, "APPR1", "owner", council).content.decode()
    )


@pytest.mark.django_db
def test_exception_report_links_once_their_pages_exist(
    client: Client, council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outturn.web import views

    report = _report(council.indicators["RED1"], "2025/26 Q2", ReportState.APPROVED)
    monkeypatch.setattr(views, "_exception_link", lambda pk: f"/exception-reports/{pk}/")

    team = _page(client, "RED1", "performance", council).content.decode()
    assert f'href="/exception-reports/{report.pk}/"' in team
    client.logout()
    # Councillors read the scorecard but not the reports' pages; nor do the public.
    councillor = _page(client, "RED1", "councillor", council).content.decode()
    link = f'href="/exception-reports/{report.pk}/"'
    assert "Exception report for 2025/26 Q2" in councillor
    assert link not in councillor
    client.logout()
    assert link not in _page(client, "RED1").content.decode()


@pytest.mark.django_db
def test_change_history_for_signed_in_users(client: Client, council: Council) -> None:
    green = council.indicators["GREEN1"]
    target = Target.objects.get(indicator=green)
    target.value = Decimal(105)
    target._change_reason = "Raised at the mid-year review"  # type: ignore[attr-defined]
    target._history_user = council.people["performance"]  # type: ignore[attr-defined]
    target.save(update_fields=["value"])
    green.title = "Indicator GREEN1, renamed"
    green._history_user = council.people["performance"]  # type: ignore[attr-defined]
    green.save(update_fields=["title"])

    assert "Change history" not in _page(client, "GREEN1").content.decode()

    html = _page(client, "GREEN1", "councillor", council).content.decode()
    changes = html[html.index('id="changes"') :]
    assert "Target for 2025/26" in changes
    assert "Changed: Raised at the mid-year review" in changes
    assert "Value: 100 to 105" in changes
    assert "Title: Indicator GREEN1 to Indicator GREEN1, renamed" in changes
    assert "Performance Tester" in changes
    # Outturn records carry drafts, so a councillor does not see them.
    assert "Outturn for" not in changes


@pytest.mark.django_db
def test_outturn_history_for_those_who_see_unpublished_values(
    client: Client, council: Council
) -> None:
    waiting = council.indicators["APPR1"]
    outturn = waiting.outturns.get(period=parse_period("2025/26 Q2"))
    outturn.value = Decimal(97)
    outturn.save(update_fields=["value"])

    html = _page(client, "APPR1", "performance", council).content.decode()
    changes = html[html.index('id="changes"') :]

    assert "Outturn for 2025/26 Q2" in changes
    assert "Value: 99 to 97" in changes
    assert "State: Approved" in changes  # the record's creation, with its headline fields


@pytest.mark.django_db
def test_change_history_queries_do_not_grow_with_its_length(
    client: Client, council: Council
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(council.people["performance"])
    target = Target.objects.get(indicator=council.indicators["GREEN1"])
    with CaptureQueriesContext(connection) as short:
        client.get("/indicators/GREEN1/")
    for value in range(101, 111):
        target.value = Decimal(value)
        target.save(update_fields=["value"])
    with CaptureQueriesContext(connection) as long:
        response = client.get("/indicators/GREEN1/")

    assert "Value: 109 to 110" in response.content.decode()
    assert len(long.captured_queries) == len(short.captured_queries)


@pytest.mark.django_db
def test_breadcrumbs_lead_back_up_the_drill_down(client: Client, council: Council) -> None:
    html = _page(client, "GREEN1").content.decode()

    assert 'href="/?priority=ONE&amp;directorate=DA&amp;service=CARE">Care</a>' in html
    assert '<span aria-current="page">GREEN1</span>' in html


@pytest.mark.django_db
def test_an_exception_report_stays_unlisted_until_its_value_is_published() -> None:
    """A report tells that an indicator is off target: a councillor learns it with the figure."""
    from django.contrib.auth.models import Group

    from outturn.exception_reports.models import ReportState
    from tests.exception_reports.conftest import history, make_council, report_for

    council = make_council()
    history(council.indicator, ["200", "210", "300"])  # the last value approved, unpublished
    report_for(
        council,
        state=ReportState.APPROVED,
        approved_on=date(2025, 11, 1),
        completed_on=date(2025, 10, 20),
    )
    councillor = factories.user("cllr")
    councillor.groups.add(Group.objects.get_or_create(name="Councillor")[0])

    for user, listed in ((councillor, False), (council.head, True)):
        client = Client()
        client.force_login(user)
        html = client.get(f"/indicators/{council.indicator.code}/").content.decode()
        assert ("no approved exception reports" not in html) is listed, user.username
