"""The data round's pages: a value goes from entry to the public scorecard, roles enforced."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.rounds.models import Round
from outturn.scorecard.models import Outturn, OutturnState, Target
from tests import factories

PERIOD = "2025/26 Q2"
URL_PERIOD = "2025-26_q2"


@pytest.fixture
def council() -> dict[str, object]:
    owner = factories.user("owner", first_name="Tom", last_name="Ashby")
    head = factories.user("head", first_name="Daniel", last_name="Reyes")
    outsider = factories.user("outsider")
    team = factories.user("team")
    team.groups.add(Group.objects.get_or_create(name="Performance team")[0])
    unit = factories.service_unit(head=head)
    indicator = factories.indicator(
        code="EV1",
        title="Increase public EV charge points",
        unit="number",
        service_unit=unit,
        data_owner=owner,
        is_public=True,
    )
    Target.objects.create(indicator=indicator, period=parse_period("2025/26"), value=Decimal(240))
    for number, value in enumerate(["200", "210", "220", "231"], start=1):
        quarter = parse_period(f"2024/25 Q{number}")
        factories.outturn(
            indicator,
            str(quarter),
            value,
            state=OutturnState.PUBLISHED,
            published_at=timezone.now(),
        )
    Round.objects.create(
        period=parse_period(PERIOD), deadline=date(2099, 10, 24), opened_at=timezone.now()
    )
    return {"owner": owner, "head": head, "outsider": outsider, "team": team, "ev": indicator}


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.mark.django_db
def test_value_goes_from_entry_to_the_public_scorecard(council: dict[str, object]) -> None:
    owner = _client(council["owner"])
    page = owner.get("/my-data/")
    assert page.status_code == 200
    assert "EV1 Increase public EV charge points" in page.content.decode()

    entry_url = f"/my-data/EV1/{URL_PERIOD}/"
    assert owner.get(entry_url).status_code == 200
    response = owner.post(
        entry_url,
        {"value": "265", "note": "New rapid chargers opened in two car parks.", "action": "submit"},
    )
    assert response.status_code == 302
    outturn = Outturn.objects.get(indicator=council["ev"], period=parse_period(PERIOD))
    assert outturn.state == OutturnState.SUBMITTED
    assert outturn.value == Decimal(265)

    head = _client(council["head"])
    waiting = head.get("/approvals/").content.decode()
    assert "New rapid chargers opened in two car parks." in waiting
    assert head.post(f"/approvals/{outturn.pk}/", {"action": "approve"}).status_code == 302
    outturn.refresh_from_db()
    assert outturn.state == OutturnState.APPROVED
    assert outturn.approved_by == council["head"]

    team = _client(council["team"])
    round_page = team.get(f"/rounds/{URL_PERIOD}/").content.decode()
    assert "Publish 1 approved value" in round_page
    team.post(f"/rounds/{URL_PERIOD}/action/", {"action": "publish"})
    outturn.refresh_from_db()
    assert outturn.state == OutturnState.PUBLISHED

    public = Client().get(f"/?period={PERIOD}").content.decode()
    assert "265" in public


@pytest.mark.django_db
def test_an_outlier_needs_an_explanation_before_it_is_submitted(
    council: dict[str, object],
) -> None:
    owner = _client(council["owner"])
    entry_url = f"/my-data/EV1/{URL_PERIOD}/"

    response = owner.post(entry_url, {"value": "900", "action": "submit"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "above the previous period" in html
    assert not Outturn.objects.filter(period=parse_period(PERIOD)).exists()

    response = owner.post(
        entry_url,
        {"value": "900", "action": "submit", "explanation": "A new depot added 600 points."},
    )
    assert response.status_code == 302
    stored = Outturn.objects.get(period=parse_period(PERIOD))
    assert stored.explanation == "A new depot added 600 points."


@pytest.mark.django_db
def test_bad_values_are_refused_with_the_field_named(council: dict[str, object]) -> None:
    owner = _client(council["owner"])
    response = owner.post(f"/my-data/EV1/{URL_PERIOD}/", {"value": "lots", "action": "save"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_value"' in html
    response = owner.post(f"/my-data/EV1/{URL_PERIOD}/", {"value": "-4", "action": "save"})
    assert "cannot be below zero" in response.content.decode()
    assert not Outturn.objects.filter(period=parse_period(PERIOD)).exists()


@pytest.mark.django_db
def test_return_sends_the_value_back_with_a_comment(
    council: dict[str, object], django_capture_on_commit_callbacks: object
) -> None:
    _client(council["owner"]).post(
        f"/my-data/EV1/{URL_PERIOD}/", {"value": "250", "action": "submit"}
    )
    outturn = Outturn.objects.get(period=parse_period(PERIOD))
    head = _client(council["head"])
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        head.post(
            f"/approvals/{outturn.pk}/",
            {"action": "return", f"o{outturn.pk}-comment": "Please add commentary."},
        )
    outturn.refresh_from_db()
    assert outturn.state == OutturnState.RETURNED
    assert outturn.review_comment == "Please add commentary."
    assert "Please add commentary." in mail.outbox[0].body
    my_data = _client(council["owner"]).get("/my-data/").content.decode()
    assert "Please add commentary." in my_data


@pytest.mark.django_db
def test_people_outside_the_service_are_refused(council: dict[str, object]) -> None:
    outsider = _client(council["outsider"])
    assert outsider.get(f"/my-data/EV1/{URL_PERIOD}/").status_code == 403
    _client(council["owner"]).post(
        f"/my-data/EV1/{URL_PERIOD}/", {"value": "250", "action": "submit"}
    )
    outturn = Outturn.objects.get(period=parse_period(PERIOD))
    assert outsider.post(f"/approvals/{outturn.pk}/", {"action": "approve"}).status_code == 403
    assert outsider.post(f"/rounds/{URL_PERIOD}/action/", {"action": "publish"}).status_code == 403
    # The data owner cannot approve their own value either.
    owner = _client(council["owner"])
    assert owner.post(f"/approvals/{outturn.pk}/", {"action": "approve"}).status_code == 403
    outturn.refresh_from_db()
    assert outturn.state == OutturnState.SUBMITTED
    assert Client().get("/my-data/").status_code == 302


@pytest.mark.django_db
def test_round_page_shows_progress_and_the_team_opens_rounds(council: dict[str, object]) -> None:
    team = _client(council["team"])
    html = team.get(f"/rounds/{URL_PERIOD}/").content.decode()
    assert "0 of 1 values due are approved or published" in html

    response = team.post(
        "/rounds/",
        {
            "period": "2025/26 Q3",
            "deadline_day": "23",
            "deadline_month": "1",
            "deadline_year": "2026",
        },
    )
    assert response.status_code == 302
    assert Round.objects.filter(period=parse_period("2025/26 Q3")).exists()

    response = team.post(
        "/rounds/",
        {"period": "2025/26", "deadline_day": "31", "deadline_month": "2", "deadline_year": "2026"},
    )
    html = response.content.decode()
    assert "is not a quarter" in html
    assert "real date" in html
    # Only the performance team may open one.
    refused = _client(council["owner"]).post(
        "/rounds/",
        {
            "period": "2025/26 Q4",
            "deadline_day": "1",
            "deadline_month": "5",
            "deadline_year": "2026",
        },
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_a_bracketed_second_figure_is_kept_and_a_zero_numerator_survives_a_resave(
    council: dict[str, object],
) -> None:
    unit = council["ev"].service_unit  # type: ignore[attr-defined]
    compound = factories.indicator(
        code="CPP1",
        unit="number",
        service_unit=unit,
        data_owner=council["owner"],
        secondary_label="Rate per 10,000",
    )
    share = factories.indicator(
        code="REF1",
        unit="percentage",
        service_unit=unit,
        data_owner=council["owner"],
        numerator_label="Re-referrals",
        denominator_label="Referrals",
    )
    owner = _client(council["owner"])

    owner.post(f"/my-data/CPP1/{URL_PERIOD}/", {"value": "31 (11.8)", "action": "save"})
    stored = Outturn.objects.get(indicator=compound)
    assert (stored.value, stored.secondary_value) == (Decimal(31), Decimal("11.8"))

    owner.post(
        f"/my-data/REF1/{URL_PERIOD}/",
        {"numerator": "0", "denominator": "25", "action": "save"},
    )
    form = owner.get(f"/my-data/REF1/{URL_PERIOD}/").content.decode()
    assert 'name="numerator" type="text" value="0"' in form
    owner.post(
        f"/my-data/REF1/{URL_PERIOD}/",
        {"numerator": "0", "denominator": "25", "note": "None this quarter.", "action": "save"},
    )
    stored = Outturn.objects.get(indicator=share)
    assert (stored.value, stored.numerator) == (Decimal(0), Decimal(0))

    refused = owner.post(f"/my-data/EV1/{URL_PERIOD}/", {"value": "31 (11.8)", "action": "save"})
    assert "has no second figure" in refused.content.decode()


@pytest.mark.django_db
def test_nobody_approves_a_value_they_entered(council: dict[str, object]) -> None:
    """A head who is also the data owner needs the deputy (or another head) to sign off."""
    indicator = council["ev"]
    indicator.data_owner = council["head"]  # type: ignore[attr-defined]
    indicator.save(update_fields=["data_owner"])  # type: ignore[attr-defined]
    head = _client(council["head"])
    head.post(f"/my-data/EV1/{URL_PERIOD}/", {"value": "250", "action": "submit"})
    outturn = Outturn.objects.get(period=parse_period(PERIOD))

    response = head.post(f"/approvals/{outturn.pk}/", {"action": "approve"})

    assert response.status_code == 403
    outturn.refresh_from_db()
    assert outturn.state == OutturnState.SUBMITTED
